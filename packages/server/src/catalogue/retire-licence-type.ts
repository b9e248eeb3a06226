import type { LicenceType } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { documentOf, lockTypeRow, readTypeCode, retiredError, versionRow } from './licence-type-record.js';

/**
 * Retires a published type: no new licences of it and no new versions; licences already
 * issued stay verifiable (core's verifier accepts a retired type, refuses a draft one).
 * A type never published is `ERR_CATALOGUE_TYPE_NOT_PUBLISHED`; retirement is final.
 *
 * @example const retired = await retireLicenceType(ctx, typeCode, by); retired.status // 'retired'
 */
export async function retireLicenceType(ctx: AppContext, typeCode: unknown, by: ActingAs): Promise<LicenceType> {
  const code = readTypeCode(typeCode);
  const at = ctx.now().toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await lockTypeRow(trx, code, at);
    if (row.status === 'retired') throw retiredError(code);
    if (row.published_version === null) {
      throw new ServerError('ERR_CATALOGUE_TYPE_NOT_PUBLISHED', {
        field: 'certificateTypeCode',
        params: { typeCode: code },
      });
    }
    const version = await versionRow(trx, code, row.published_version);
    await trx
      .updateTable('licence_type_versions')
      .set({ status: 'retired', retired_at: at, updated_at: at })
      .where('type_code', '=', code)
      .where('version', '=', row.published_version)
      .execute();
    await trx
      .updateTable('licence_types')
      .set({ status: 'retired', retired_at: at, updated_at: at })
      .where('type_code', '=', code)
      .execute();
    await recordCatalogueEvent(trx, 'type.retired', code, by, at, { version: row.published_version });
    return documentOf({ ...version, status: 'retired' });
  });
}
