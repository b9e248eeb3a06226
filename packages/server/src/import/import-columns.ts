/**
 * The columns of an import file (the CLI contract): the GB/T 36903 metadata element names,
 * an optional `sourceKey`, and one column per face field of the licence type. The header is
 * checked before any row is read, so a misspelt column name costs one error message, not a
 * million rejected rows.
 */
import type { LicenceType } from '@hutong/core';
import { ServerError } from '../errors.js';
import type { Cell } from './read-table.js';

/** Metadata columns every file must have (GB/T 36903 element names). */
export const REQUIRED_METADATA_COLUMNS = [
  'certificateHolderName',
  'certificateHolderCode',
  'certificateHolderTypeCode',
  'certificateNumber',
  'certificateIssuedDate',
  'certificateEffectiveDate',
] as const;

/**
 * Optional columns: the expiring date (absent for long-term types, computed from the
 * type's period when the cell is empty) and the department's own record key.
 */
export const OPTIONAL_COLUMNS = ['certificateExpiringDate', 'sourceKey'] as const;

export type MetadataColumn = (typeof REQUIRED_METADATA_COLUMNS)[number] | 'certificateExpiringDate';

/** Where each known column sits in a row (0-based cell index). */
export interface ImportColumns {
  readonly width: number;
  readonly metadata: Readonly<Partial<Record<MetadataColumn, number>>>;
  readonly sourceKey: number | undefined;
  /** Face field key → cell index, for the type's fields that have a column. */
  readonly face: ReadonlyMap<string, number>;
}

function headerText(cell: Cell | undefined): string {
  return typeof cell === 'string' ? cell : '';
}

/**
 * Maps a header row to the columns of `type` (trailing blank cells are not columns). Refuses, naming every offender at once: an
 * unknown or blank column name (`ERR_IMPORT_COLUMN_UNKNOWN`), a repeated one
 * (`ERR_IMPORT_COLUMN_DUPLICATE`), and missing required metadata columns or columns of
 * required face fields (`ERR_IMPORT_COLUMN_MISSING`).
 *
 * @example
 * const columns = mapImportColumns(['certificateHolderName', …, 'operationCategory'], type);
 * columns.face.get('operationCategory') // 7
 */
export function mapImportColumns(row: readonly Cell[], type: LicenceType): ImportColumns {
  // Spreadsheets often export trailing empty columns ("a,b,c,,"): those are not columns.
  let end = row.length;
  while (end > 0 && headerText(row[end - 1]) === '') end -= 1;
  const header = row.slice(0, end);
  const faceKeys = new Set(type.faceFields.map((field) => field.key));
  const known = new Set<string>([...REQUIRED_METADATA_COLUMNS, ...OPTIONAL_COLUMNS]);
  const seen = new Map<string, number>();
  const unknown: string[] = [];
  header.forEach((cell, index) => {
    // A UTF-8 BOM that survived an editor's re-save sits in front of the first name.
    const name = headerText(cell).replace(/^\uFEFF/, '');
    if (seen.has(name) && name !== '') {
      throw new ServerError('ERR_IMPORT_COLUMN_DUPLICATE', { field: name, params: { column: name } });
    }
    if (!known.has(name) && !faceKeys.has(name)) unknown.push(name === '' ? `(column ${index + 1}: blank)` : name);
    seen.set(name, index);
  });
  if (unknown.length > 0) {
    throw new ServerError('ERR_IMPORT_COLUMN_UNKNOWN', {
      field: unknown[0] ?? 'header',
      params: { columns: unknown.join(', '), typeCode: type.certificateTypeCode, faceKeys: [...faceKeys].join(', ') },
    });
  }
  const missing = [
    ...REQUIRED_METADATA_COLUMNS.filter((name) => !seen.has(name)),
    ...type.faceFields.filter((field) => field.required && !seen.has(field.key)).map((field) => field.key),
  ];
  if (missing.length > 0) {
    throw new ServerError('ERR_IMPORT_COLUMN_MISSING', {
      field: missing[0] ?? 'header',
      params: { columns: missing.join(', ') },
    });
  }
  const metadata: Partial<Record<MetadataColumn, number>> = {};
  for (const name of [...REQUIRED_METADATA_COLUMNS, 'certificateExpiringDate'] as const) {
    const index = seen.get(name);
    if (index !== undefined) metadata[name] = index;
  }
  const face = new Map<string, number>();
  for (const field of type.faceFields) {
    const index = seen.get(field.key);
    if (index !== undefined) face.set(field.key, index);
  }
  return { width: header.length, metadata, sourceKey: seen.get('sourceKey'), face };
}
