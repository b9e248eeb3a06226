import type { LicenceType } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { documentText, parseDraftDocument } from './licence-type-record.js';

/**
 * Adds a licence type to the catalogue as the draft of its version 1. The body is core's
 * licence type document (GB/T 36902 fields, face-field schema, template) without `version`
 * and `status`, which the catalogue manages; it is parsed strictly by core. A type code
 * already in the catalogue is `ERR_CATALOGUE_TYPE_EXISTS` (change it by saving a draft).
 *
 * @example const draft = await createLicenceType(ctx, document, { actor: 'staff:u1' }); draft.status // 'draft'
 */
export async function createLicenceType(ctx: AppContext, input: unknown, by: ActingAs): Promise<LicenceType> {
  const type = parseDraftDocument(input, 1);
  const at = ctx.now().toISOString();
  const code = type.certificateTypeCode;
  const exists = () =>
    new ServerError('ERR_CATALOGUE_TYPE_EXISTS', { field: '$.certificateTypeCode', params: { typeCode: code } });
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('licence_types')
        .select('type_code')
        .where('type_code', '=', code)
        .executeTakeFirst();
      if (found !== undefined) throw exists();
      await trx
        .insertInto('licence_types')
        .values({
          type_code: code,
          status: 'draft',
          latest_version: 1,
          published_version: null,
          name_zh: type.name.zh,
          name_en: type.name.en,
          created_at: at,
          updated_at: at,
          published_at: null,
          retired_at: null,
        })
        .execute();
      await trx
        .insertInto('licence_type_versions')
        .values({
          type_code: code,
          version: 1,
          status: 'draft',
          document: documentText(type),
          created_by: by.actor,
          created_at: at,
          updated_at: at,
          published_at: null,
          retired_at: null,
        })
        .execute();
      await recordCatalogueEvent(trx, 'type.created', code, by, at, { version: 1 });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists();
    throw error;
  }
  return type;
}
