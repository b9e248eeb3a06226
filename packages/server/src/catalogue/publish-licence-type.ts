import type { LicenceType } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { optional, readObject } from '../organisations/strict-input.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { documentOf, lockTypeRow, readTypeCode, retiredError, versionRow } from './licence-type-record.js';

/**
 * Publishes a type's pending draft: it becomes the version new licences are issued under
 * (the type is issuable from now on), and the version it replaces is retired — licences
 * issued under it stay verifiable. Input `{ version? }`: when given, it must be the draft's
 * version, so that an administrator never publishes an edit made after they reviewed it.
 *
 * @example const published = await publishLicenceType(ctx, typeCode, { version: 2 }, by);
 */
export async function publishLicenceType(
  ctx: AppContext,
  typeCode: unknown,
  input: unknown,
  by: ActingAs,
): Promise<LicenceType> {
  const code = readTypeCode(typeCode);
  const object = readObject('ERR_CATALOGUE_QUERY', input ?? {}, [], ['version']);
  const expected = optional(object, 'version');
  if (expected !== undefined && (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 1)) {
    throw new ServerError('ERR_CATALOGUE_QUERY', {
      field: 'version',
      params: { field: 'version', rule: 'a positive integer' },
    });
  }
  const at = ctx.now().toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await lockTypeRow(trx, code, at);
    if (row.status === 'retired') throw retiredError(code);
    const draft = await versionRow(trx, code, row.latest_version);
    if (draft.status !== 'draft') {
      throw new ServerError('ERR_CATALOGUE_NO_DRAFT', { field: 'certificateTypeCode', params: { typeCode: code } });
    }
    if (expected !== undefined && expected !== draft.version) {
      throw new ServerError('ERR_CATALOGUE_DRAFT_VERSION', {
        field: 'version',
        params: { typeCode: code, draft: draft.version, version: expected },
      });
    }
    const type = documentOf({ ...draft, status: 'published' });
    if (row.published_version !== null) {
      await trx
        .updateTable('licence_type_versions')
        .set({ status: 'retired', retired_at: at, updated_at: at })
        .where('type_code', '=', code)
        .where('version', '=', row.published_version)
        .execute();
    }
    await trx
      .updateTable('licence_type_versions')
      .set({ status: 'published', published_at: at, updated_at: at })
      .where('type_code', '=', code)
      .where('version', '=', draft.version)
      .execute();
    await trx
      .updateTable('licence_types')
      .set({
        status: 'published',
        published_version: draft.version,
        published_at: at,
        updated_at: at,
        name_zh: type.name.zh,
        name_en: type.name.en,
      })
      .where('type_code', '=', code)
      .execute();
    await recordCatalogueEvent(trx, 'type.published', code, by, at, {
      version: draft.version,
      replaces: row.published_version,
    });
    return type;
  });
}
