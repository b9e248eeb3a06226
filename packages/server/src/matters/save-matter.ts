import type { MatterContent } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { checkMatter } from './check-matter.js';
import type { Matter } from './matter.js';
import type { MatterCreate, MatterUpdate } from './matters.schema.js';

function contentOf(input: MatterCreate | MatterUpdate): MatterContent {
  // Only the members of the schema, in a fixed order: the stored text is the same for the same matter.
  return {
    name: { zh: input.name.zh, en: input.name.en },
    departmentCode: input.departmentCode,
    holderCategory: input.holderCategory,
    materials: input.materials,
    fields: input.fields,
    ...(input.output === undefined ? {} : { output: input.output }),
  };
}

/**
 * Adds a service matter (version 1) after checking it against the catalogue
 * (`checkMatter`); records `matter.changed` (action `matter.created`) in the same transaction.
 * A second matter with the same code is refused (`ERR_MATTERS_EXISTS`).
 *
 * @example const matter = await createMatter(ctx, { code: '000113001000', name, departmentCode, holderCategory: 'person', materials, fields }, by);
 */
export async function createMatter(ctx: AppContext, input: MatterCreate, by: ActingAs): Promise<Matter> {
  // `/api/v1/matters/figures` is the figures route: a matter of that code could not be read.
  if (input.code === 'figures') {
    throw new ServerError('ERR_MATTERS_INPUT', {
      field: 'code',
      params: { field: 'code', rule: 'figures is reserved' },
    });
  }
  const content = contentOf(input);
  await checkMatter(ctx, content);
  const at = ctx.now().toISOString();
  const document = JSON.stringify(content);
  await ctx.store.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('matters').select('code').where('code', '=', input.code).executeTakeFirst();
    if (existing !== undefined) {
      throw new ServerError('ERR_MATTERS_EXISTS', { field: 'code', params: { code: input.code } });
    }
    await trx
      .insertInto('matters')
      .values({
        code: input.code,
        version: 1,
        name_zh: content.name.zh,
        name_en: content.name.en,
        department_code: content.departmentCode,
        holder_category: content.holderCategory,
        document,
        created_at: at,
        updated_at: at,
        updated_by: by.actor,
      })
      .execute();
    await trx
      .insertInto('matter_versions')
      .values({ code: input.code, version: 1, document, created_by: by.actor, created_at: at })
      .execute();
    await recordEvent(trx, {
      type: 'matter.changed',
      actor: by.actor,
      requestId: by.requestId,
      target: input.code,
      details: { action: 'matter.created', version: 1, departmentCode: content.departmentCode },
      at,
    });
  });
  return { code: input.code, version: 1, ...content, updatedAt: at };
}

/**
 * Writes the next version of a matter (every version is kept in `matter_versions`); with
 * `version` in the body, refuses when the matter moved on since it was read
 * (`ERR_MATTERS_VERSION_CONFLICT`). The update takes the row's lock first, so two
 * administrators changing one matter queue up instead of numbering the same version.
 *
 * @example await updateMatter(ctx, '000113001000', { ...matter, version: 1 }, by);
 */
export async function updateMatter(ctx: AppContext, code: string, input: MatterUpdate, by: ActingAs): Promise<Matter> {
  if (input.code !== undefined && input.code !== code) {
    throw new ServerError('ERR_MATTERS_CODE_MISMATCH', { field: 'code', params: { code, found: input.code } });
  }
  const content = contentOf(input);
  await checkMatter(ctx, content);
  const at = ctx.now().toISOString();
  const document = JSON.stringify(content);
  const version = await ctx.store.db.transaction().execute(async (trx) => {
    // An UPDATE first: it takes the row lock (PostgreSQL) / write lock (SQLite) before the read.
    await trx.updateTable('matters').set({ updated_at: at }).where('code', '=', code).execute();
    const row = await trx.selectFrom('matters').select(['version']).where('code', '=', code).executeTakeFirst();
    if (row === undefined) throw new ServerError('ERR_MATTERS_NOT_FOUND', { field: 'code', params: { code } });
    if (input.version !== undefined && input.version !== row.version) {
      throw new ServerError('ERR_MATTERS_VERSION_CONFLICT', {
        field: 'version',
        params: { code, current: row.version, expected: input.version },
      });
    }
    const next = row.version + 1;
    await trx
      .updateTable('matters')
      .set({
        version: next,
        name_zh: content.name.zh,
        name_en: content.name.en,
        department_code: content.departmentCode,
        holder_category: content.holderCategory,
        document,
        updated_at: at,
        updated_by: by.actor,
      })
      .where('code', '=', code)
      .execute();
    await trx
      .insertInto('matter_versions')
      .values({ code, version: next, document, created_by: by.actor, created_at: at })
      .execute();
    await recordEvent(trx, {
      type: 'matter.changed',
      actor: by.actor,
      requestId: by.requestId,
      target: code,
      details: { action: 'matter.updated', version: next, departmentCode: content.departmentCode },
      at,
    });
    return next;
  });
  return { code, version, ...content, updatedAt: at };
}
