import type { LicenceType } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordCatalogueEvent } from './catalogue-event.js';
import { documentText, lockTypeRow, parseDraftDocument, readTypeCode, retiredError } from './licence-type-record.js';

/**
 * Saves the draft of a type's next version: replaces the pending draft, or starts one
 * (latest version + 1) when the latest version is published. Published versions are never
 * edited — a change is a new version, published in its turn. The document's type code must
 * be the one in the path; a retired type takes no new versions.
 *
 * @example const draft = await saveLicenceTypeDraft(ctx, typeCode, document, by); draft.version // 2
 */
export async function saveLicenceTypeDraft(
  ctx: AppContext,
  typeCode: unknown,
  input: unknown,
  by: ActingAs,
): Promise<LicenceType> {
  const code = readTypeCode(typeCode);
  const at = ctx.now().toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await lockTypeRow(trx, code, at);
    if (row.status === 'retired') throw retiredError(code);
    const latest = await trx
      .selectFrom('licence_type_versions')
      .select(['version', 'status'])
      .where('type_code', '=', code)
      .where('version', '=', row.latest_version)
      .executeTakeFirstOrThrow();
    const version = latest.status === 'draft' ? latest.version : latest.version + 1;
    const type = parseDraftDocument(input, version);
    if (type.certificateTypeCode !== code) {
      throw new ServerError('ERR_CATALOGUE_CODE_MISMATCH', {
        field: '$.certificateTypeCode',
        params: { typeCode: code, found: type.certificateTypeCode },
      });
    }
    if (latest.status === 'draft') {
      await trx
        .updateTable('licence_type_versions')
        .set({ document: documentText(type), updated_at: at, created_by: by.actor })
        .where('type_code', '=', code)
        .where('version', '=', version)
        .execute();
    } else {
      await trx
        .insertInto('licence_type_versions')
        .values({
          type_code: code,
          version,
          status: 'draft',
          document: documentText(type),
          created_by: by.actor,
          created_at: at,
          updated_at: at,
          published_at: null,
          retired_at: null,
        })
        .execute();
    }
    const names = row.published_version === null ? { name_zh: type.name.zh, name_en: type.name.en } : {};
    await trx
      .updateTable('licence_types')
      .set({ latest_version: version, updated_at: at, ...names })
      .where('type_code', '=', code)
      .execute();
    await recordCatalogueEvent(trx, 'type.draft-saved', code, by, at, { version });
    return type;
  });
}
