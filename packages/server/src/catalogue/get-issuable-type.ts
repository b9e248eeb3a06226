import { type LicenceType, parseUscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { within } from '../organisations/strict-input.js';
import { documentOf, readTypeCode, retiredError, typeRow, versionRow } from './licence-type-record.js';

/**
 * The licence type a department may issue now, at its version in force — or a typed refusal:
 * `ERR_CATALOGUE_TYPE_NOT_FOUND` (not in the catalogue), `ERR_CATALOGUE_TYPE_NOT_PUBLISHED`
 * (only a draft), `ERR_CATALOGUE_TYPE_RETIRED` (no new issuance), and
 * `ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE` (the department is not on the type's responsibility
 * list). Malformed codes are core's errors, fields `certificateTypeCode` and
 * `certificateIssuingAuthorityCode`. Reads the store every call: a publication or retirement
 * by any process takes effect at once.
 *
 * @example const type = await getIssuableType(ctx, '11100000000013338W032', '116500000100000122');
 */
export async function getIssuableType(
  ctx: Pick<AppContext, 'store'>,
  typeCode: unknown,
  issuerCode: unknown,
): Promise<LicenceType> {
  const code = readTypeCode(typeCode);
  const issuer = within('certificateIssuingAuthorityCode', () => parseUscc(issuerCode));
  const db = ctx.store.db;
  const [row, responsibility] = await Promise.all([
    typeRow(db, code),
    db
      .selectFrom('catalogue_responsibilities')
      .select('department_code')
      .where('type_code', '=', code)
      .where('department_code', '=', issuer)
      .executeTakeFirst(),
  ]);
  if (row.status === 'retired') throw retiredError(code);
  if (row.published_version === null) {
    throw new ServerError('ERR_CATALOGUE_TYPE_NOT_PUBLISHED', {
      field: 'certificateTypeCode',
      params: { typeCode: code },
    });
  }
  if (responsibility === undefined) {
    throw new ServerError('ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE', {
      field: 'certificateIssuingAuthorityCode',
      params: { typeCode: code, issuerCode: issuer },
    });
  }
  return documentOf(await versionRow(db, code, row.published_version));
}
