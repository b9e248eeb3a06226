import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { decodeCursor, encodeCursor, type Grant, grantOf, holderIndexOf, readLimit, requireHolder } from './grant.js';

export interface GrantPage {
  readonly items: readonly Grant[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * The signed-in holder's grants, newest first (keyset pagination on `(createdAt, id)`).
 *
 * @example const { items, nextCursor } = await listGrants(ctx, holder, { limit: '20' });
 */
export async function listGrants(
  ctx: AppContext,
  principal: Principal,
  query: { readonly limit?: unknown; readonly cursor?: unknown } = {},
): Promise<GrantPage> {
  const index = holderIndexOf(ctx, requireHolder(principal));
  const limit = readLimit(query.limit);
  const after = decodeCursor(query.cursor);
  let select = ctx.store.db.selectFrom('grants').selectAll().where('holder_index', '=', index);
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const now = ctx.now();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => grantOf(row, now)),
    ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(last.created_at, last.id) } : {}),
  };
}

/** One grant row of the signed-in holder; another holder's grant answers exactly as a missing one. */
export async function holderGrantRow(ctx: AppContext, principal: Principal, grantId: unknown) {
  const index = holderIndexOf(ctx, requireHolder(principal));
  const id = typeof grantId === 'string' && grantId.length <= 64 ? grantId : '';
  const row = await ctx.store.db
    .selectFrom('grants')
    .selectAll()
    .where('id', '=', id)
    .where('holder_index', '=', index)
    .executeTakeFirst();
  if (row === undefined)
    throw new ServerError('ERR_GRANTS_NOT_FOUND', { field: 'id', params: { grantId: id.slice(0, 64) } });
  return row;
}

/**
 * One grant of the signed-in holder.
 *
 * @example const grant = await getGrant(ctx, holder, id);
 */
export async function getGrant(ctx: AppContext, principal: Principal, grantId: unknown): Promise<Grant> {
  return grantOf(await holderGrantRow(ctx, principal, grantId), ctx.now());
}

/**
 * The signed consent receipt of a grant of the signed-in holder, exactly as signed.
 *
 * @example const text = await getConsentReceipt(ctx, holder, id); // '{"format":"hutong-consent-receipt/1",…}'
 */
export async function getConsentReceipt(ctx: AppContext, principal: Principal, grantId: unknown): Promise<string> {
  return (await holderGrantRow(ctx, principal, grantId)).receipt;
}
