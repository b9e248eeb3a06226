import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { type Matter, matterOf } from './matter.js';

/** A matter at its version in force, or `ERR_MATTERS_NOT_FOUND` (field `code`). */
export async function readMatter(db: Kysely<Database>, code: string): Promise<Matter> {
  const row = await db
    .selectFrom('matters')
    .select(['code', 'version', 'document', 'updated_at'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (row === undefined) throw new ServerError('ERR_MATTERS_NOT_FOUND', { field: 'code', params: { code } });
  return matterOf(row);
}

/** A matter at a given version (kiosk sessions keep the version they started under). */
export async function readMatterVersion(db: Kysely<Database>, code: string, version: number): Promise<Matter> {
  const row = await db
    .selectFrom('matter_versions')
    .select(['code', 'version', 'document', 'created_at as updated_at'])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row === undefined) throw new ServerError('ERR_MATTERS_NOT_FOUND', { field: 'code', params: { code } });
  return matterOf(row);
}

/**
 * One matter (public: the catalogue of matters tells applicants what to bring).
 *
 * @example const matter = await getMatter(ctx, '000113001000');
 */
export async function getMatter(ctx: Pick<AppContext, 'store'>, code: string): Promise<Matter> {
  return readMatter(ctx.store.db, code);
}

/**
 * Matters in code order, a page at a time (keyset on the code), optionally one department's.
 *
 * @example const { items, nextCursor } = await listMatters(ctx, { departmentCode, limit: 50 });
 */
export async function listMatters(
  ctx: Pick<AppContext, 'store'>,
  query: {
    readonly departmentCode?: string | undefined;
    readonly limit?: number | undefined;
    readonly cursor?: string | undefined;
  },
): Promise<{ items: Matter[]; nextCursor?: string }> {
  const limit = query.limit ?? 50;
  let select = ctx.store.db
    .selectFrom('matters')
    .select(['code', 'version', 'document', 'updated_at'])
    .orderBy('code')
    .limit(limit + 1);
  if (query.departmentCode !== undefined) select = select.where('department_code', '=', query.departmentCode);
  if (query.cursor !== undefined) select = select.where('code', '>', query.cursor);
  const rows = await select.execute();
  const items = rows.slice(0, limit).map(matterOf);
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, nextCursor: last.code } : { items };
}
