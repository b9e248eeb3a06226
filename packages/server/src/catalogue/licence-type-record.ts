/**
 * How catalogue entries are stored: one `licence_types` row per type (its lifecycle and the
 * version in force) and one `licence_type_versions` row per version (the document as
 * written). Shared by the catalogue's use cases.
 */
import { isHutongError, type LicenceType, parseLicenceType, parseTypeCode, type TypeCode } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import { within } from '../organisations/strict-input.js';
import type { Database } from '../store/database.js';
import type { LicenceTypesTable, LicenceTypeVersionsTable } from './catalogue.tables.js';

/** Members of a licence type the catalogue manages itself: clients never send them. */
const MANAGED_MEMBERS = ['version', 'status'] as const;

/**
 * Parses a licence type document sent by a client for `version` as a draft: core's strict
 * `parseLicenceType` (every fault a typed error with its JSON path), after refusing the
 * members the catalogue sets itself (`ERR_CATALOGUE_MANAGED_MEMBER`).
 *
 * @example const draft = parseDraftDocument(body, 1); draft.status // 'draft'
 */
export function parseDraftDocument(input: unknown, version: number): LicenceType {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return parseLicenceType(input);
  for (const member of MANAGED_MEMBERS) {
    if (Object.hasOwn(input, member)) {
      throw new ServerError('ERR_CATALOGUE_MANAGED_MEMBER', { field: `$.${member}`, params: { field: `$.${member}` } });
    }
  }
  const proto: unknown = Object.getPrototypeOf(input);
  // Core refuses objects that are not plain data; spreading one here would hide that.
  if (proto !== Object.prototype && proto !== null) return parseLicenceType(input);
  return parseLicenceType({ ...(input as Record<string, unknown>), version, status: 'draft' });
}

/** The stored document of a version, with the version's own status. */
export function documentOf(row: Pick<LicenceTypeVersionsTable, 'document' | 'version' | 'status'>): LicenceType {
  try {
    const stored = JSON.parse(row.document) as Record<string, unknown>;
    return parseLicenceType({ ...stored, version: row.version, status: row.status });
  } catch (cause) {
    // Written by this server after the same parse: a failure here means the row was altered.
    if (isHutongError(cause) || cause instanceof SyntaxError) {
      throw new Error(`licence type version row ${row.version} no longer parses`, { cause });
    }
    throw cause;
  }
}

/** The JSON text a version row keeps (the parsed document, without the members the row holds). */
export function documentText(type: LicenceType): string {
  const { version: _version, status: _status, ...rest } = type;
  return JSON.stringify(rest);
}

/**
 * Reads a type code from a path or a query (core's precise code, field `certificateTypeCode`).
 *
 * @example readTypeCode('11100000000013338W032')
 */
export function readTypeCode(value: unknown, field = 'certificateTypeCode'): TypeCode {
  return within(field, () => parseTypeCode(value));
}

/** The type row, or `ERR_CATALOGUE_TYPE_NOT_FOUND`. */
export async function typeRow(db: Kysely<Database>, typeCode: TypeCode): Promise<LicenceTypesTable> {
  const row = await db.selectFrom('licence_types').selectAll().where('type_code', '=', typeCode).executeTakeFirst();
  if (row === undefined) {
    throw new ServerError('ERR_CATALOGUE_TYPE_NOT_FOUND', { field: 'certificateTypeCode', params: { typeCode } });
  }
  return row;
}

/**
 * The type row, locked for the rest of the caller's transaction: an UPDATE takes the row's
 * lock on PostgreSQL (and the write lock on SQLite), so two administrators changing one type
 * at once queue up, and the second reads what the first committed (READ COMMITTED re-reads
 * after the wait) instead of both numbering the same new version.
 */
export async function lockTypeRow(db: Kysely<Database>, typeCode: TypeCode, at: string): Promise<LicenceTypesTable> {
  const result = await db
    .updateTable('licence_types')
    .set({ updated_at: at })
    .where('type_code', '=', typeCode)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new ServerError('ERR_CATALOGUE_TYPE_NOT_FOUND', { field: 'certificateTypeCode', params: { typeCode } });
  }
  return typeRow(db, typeCode);
}

/** One version row, or `ERR_CATALOGUE_VERSION_NOT_FOUND`. */
export async function versionRow(
  db: Kysely<Database>,
  typeCode: TypeCode,
  version: number,
): Promise<LicenceTypeVersionsTable> {
  const row = await db
    .selectFrom('licence_type_versions')
    .selectAll()
    .where('type_code', '=', typeCode)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ServerError('ERR_CATALOGUE_VERSION_NOT_FOUND', { field: 'version', params: { typeCode, version } });
  }
  return row;
}

/** The version a type is read at by default: the one in force, or for a never-published type its draft. */
export function currentVersion(row: LicenceTypesTable): number {
  return row.published_version ?? row.latest_version;
}

export function retiredError(typeCode: string): ServerError {
  return new ServerError('ERR_CATALOGUE_TYPE_RETIRED', { field: 'certificateTypeCode', params: { typeCode } });
}
