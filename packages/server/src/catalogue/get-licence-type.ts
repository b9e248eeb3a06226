import type { LicenceType } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { currentVersion, documentOf, readTypeCode, typeRow, versionRow } from './licence-type-record.js';

export interface GetLicenceTypeOptions {
  /** A version number (a URL query value is fine); default: the version in force. */
  readonly version?: unknown;
  /** Catalogue administrators see drafts; everyone else sees published and retired versions only. */
  readonly includeDrafts?: boolean;
}

function readVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 999_999) {
    throw new ServerError('ERR_CATALOGUE_QUERY', {
      field: 'version',
      params: { field: 'version', rule: 'an integer from 1 to 999999' },
    });
  }
  return n;
}

/**
 * A licence type as core's `LicenceType`: by default the version in force (for a type never
 * published, its draft — administrators only); with `version`, that version. A draft asked for
 * without `includeDrafts` answers not found, exactly as a type that does not exist: drafts
 * are not public.
 *
 * @example const type = await getLicenceType(ctx, '11100000000013338W032'); type.faceFields
 */
export async function getLicenceType(
  ctx: Pick<AppContext, 'store'>,
  typeCode: unknown,
  options: GetLicenceTypeOptions = {},
): Promise<LicenceType> {
  const code = readTypeCode(typeCode);
  const asked = readVersion(options.version);
  const row = await typeRow(ctx.store.db, code);
  if (row.status === 'draft' && options.includeDrafts !== true) {
    throw new ServerError('ERR_CATALOGUE_TYPE_NOT_FOUND', { field: 'certificateTypeCode', params: { typeCode: code } });
  }
  const version = await versionRow(ctx.store.db, code, asked ?? currentVersion(row));
  if (version.status === 'draft' && options.includeDrafts !== true) {
    throw new ServerError('ERR_CATALOGUE_VERSION_NOT_FOUND', {
      field: 'version',
      params: { typeCode: code, version: version.version },
    });
  }
  return documentOf(version);
}

/**
 * Every version of a type, oldest first (drafts only with `includeDrafts`).
 *
 * @example (await listLicenceTypeVersions(ctx, code)).map((t) => [t.version, t.status]) // [[1,'retired'],[2,'published']]
 */
export async function listLicenceTypeVersions(
  ctx: Pick<AppContext, 'store'>,
  typeCode: unknown,
  options: { readonly includeDrafts?: boolean } = {},
): Promise<LicenceType[]> {
  const code = readTypeCode(typeCode);
  const row = await typeRow(ctx.store.db, code);
  if (row.status === 'draft' && options.includeDrafts !== true) {
    throw new ServerError('ERR_CATALOGUE_TYPE_NOT_FOUND', { field: 'certificateTypeCode', params: { typeCode: code } });
  }
  let select = ctx.store.db
    .selectFrom('licence_type_versions')
    .selectAll()
    .where('type_code', '=', code)
    .orderBy('version');
  if (options.includeDrafts !== true) select = select.where('status', '!=', 'draft');
  return (await select.execute()).map(documentOf);
}
