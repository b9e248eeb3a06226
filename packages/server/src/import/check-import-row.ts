/**
 * One row of an import file against the rules of issuance. The verdict is issuance's own
 * (`prepareLicence`: holder code standards, holder category, dates, the type's validity
 * rule, the face schema); it names every problem it finds at once (`everyProblemOf`), so that
 * a department fixing its spreadsheet sees every reason for a row rather than one per attempt.
 */
import type { Language, LicenceType } from '@hutong/core';
import { isServerError, type LocalizedError, ServerError } from '../errors.js';
import {
  type IssueLicenceInput,
  type IssuerProfile,
  type PreparedLicence,
  prepareLicence,
} from '../issuance/prepare-licence.js';
import { requestHash } from '../issuance/request-hash.js';
import { everyProblemOf } from '../request-problems.js';
import { type ImportColumns, type MetadataColumn, REQUIRED_METADATA_COLUMNS } from './import-columns.js';
import type { Cell, CellProblem, TableRow } from './read-table.js';

/** One reason a row was refused, or one defect `--legacy` tolerated, in both languages. */
export interface RowReason {
  readonly code: string;
  /** The column (metadata name or face key) at fault. */
  readonly field?: string;
  readonly en: string;
  readonly zh: string;
}

export type CheckedRow =
  | {
      readonly kind: 'valid';
      readonly rowNumber: number;
      readonly sourceKey: string | undefined;
      readonly input: IssueLicenceInput;
      readonly prepared: PreparedLicence;
      /** SHA-256 of the canonical input: a re-import of the same row is recognised by it. */
      readonly requestHash: string;
      readonly warnings: readonly RowReason[];
    }
  | {
      readonly kind: 'invalid';
      readonly rowNumber: number;
      readonly sourceKey: string | undefined;
      readonly reasons: readonly RowReason[];
    };

export interface RowCheckContext {
  readonly type: LicenceType;
  readonly issuer: IssuerProfile;
  readonly columns: ImportColumns;
  /** CSV rows must have the header's width (a missing separator shifts every later cell). */
  readonly strictWidth: boolean;
  readonly legacy: boolean;
  readonly now: Date;
}

/** GB/T 36906 practice for record keys, and issuance's Idempotency-Key rule: at most 128 characters. */
export const MAX_SOURCE_KEY_LENGTH = 128;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function localized(error: LocalizedError): RowReason {
  return {
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    en: error.localize('en'),
    zh: error.localize('zh-CN'),
  };
}

/** Every reason an error carries: each field's problem of a refused licence request (`everyProblemOf`). */
export function reasonsOf(error: unknown): RowReason[] {
  const every = everyProblemOf(error);
  if (every !== undefined) return every.map((problem) => localized(problem));
  if (
    isServerError(error) ||
    (error instanceof Error && typeof (error as { localize?: unknown }).localize === 'function')
  ) {
    return [localized(error as unknown as LocalizedError)];
  }
  // Not a verdict on the row (a bug, a lost connection): the import stops and says so.
  throw error;
}

/** The text of a reason list for a report cell, in one language. */
export function formatReasons(reasons: readonly RowReason[], language: Language): string {
  return reasons
    .map((r) => `${r.code}${r.field === undefined ? '' : ` [${r.field}]`}: ${language === 'en' ? r.en : r.zh}`)
    .join(' | ');
}

function cellReason(field: string, cell: CellProblem): RowReason {
  if (cell.problem === 'precision') {
    return localized(new ServerError('ERR_IMPORT_CELL_PRECISION', { field, params: { field, value: cell.shown } }));
  }
  const kind =
    cell.problem === 'formula' ? `a formula without a value (${cell.shown})` : `an error value (${cell.shown})`;
  const kindZh = cell.problem === 'formula' ? `无计算结果的公式（${cell.shown}）` : `错误值（${cell.shown}）`;
  return localized(new ServerError('ERR_IMPORT_CELL_VALUE', { field, params: { field, kind, kindZh } }));
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 'TRUE', 'True', '1', '是']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'FALSE', 'False', '0', '否']);

/**
 * What a row check needs of its context beyond the row, worked out once per import rather
 * than per row (a million rows share one type and one header).
 */
interface RowPlan {
  readonly metadata: ReadonlyArray<readonly [MetadataColumn, number]>;
  readonly required: ReadonlyArray<readonly [MetadataColumn, number | undefined]>;
  readonly face: ReadonlyArray<readonly [string, number]>;
  /** The face keys of boolean fields: their cells are read as booleans. */
  readonly booleans: ReadonlySet<string>;
}

const plans = new WeakMap<RowCheckContext, RowPlan>();

function planOf(context: RowCheckContext): RowPlan {
  let plan = plans.get(context);
  if (plan === undefined) {
    const { columns, type } = context;
    plan = {
      metadata: Object.entries(columns.metadata) as Array<[MetadataColumn, number]>,
      required: REQUIRED_METADATA_COLUMNS.map((name) => [name, columns.metadata[name]] as const),
      face: [...columns.face],
      booleans: new Set(type.faceFields.filter((f) => f.type === 'boolean').map((f) => f.key)),
    };
    plans.set(context, plan);
  }
  return plan;
}

/** A spreadsheet's text as the face field's JSON type; anything else stays text for core to refuse precisely. */
function faceValue(plan: RowPlan, key: string, text: string): string | boolean {
  if (plan.booleans.has(key)) {
    if (TRUE_WORDS.has(text)) return true;
    if (FALSE_WORDS.has(text)) return false;
  }
  return text;
}

/** The cell at `index` (a column the row lacks reads as empty). */
function cellAt(row: TableRow, index: number | undefined): Cell {
  return index === undefined ? '' : (row.cells[index] ?? '');
}

/** A cell's text, undefined when empty; a cell without a usable value adds its reason and is undefined too. */
function textOf(row: TableRow, reasons: RowReason[], field: string, index: number | undefined): string | undefined {
  const cell = cellAt(row, index);
  if (typeof cell !== 'string') {
    reasons.push(cellReason(field, cell));
    return undefined;
  }
  return cell === '' ? undefined : cell;
}

/** Whether a sourceKey is too long (code points, as the rule counts) or holds control characters. */
function badSourceKey(text: string): boolean {
  // Never fewer UTF-16 units than code points: the count is needed only past the limit.
  return (text.length > MAX_SOURCE_KEY_LENGTH && [...text].length > MAX_SOURCE_KEY_LENGTH) || CONTROL.test(text);
}

/** Whether the row has a non-empty cell past the header's width. */
function hasExtraCells(row: TableRow, width: number): boolean {
  for (let i = width; i < row.cells.length; i++) if (row.cells[i] !== '') return true;
  return false;
}

/** One reason per field and code, the first found kept; an empty cell silences later reasons about it. */
function dedupe(reasons: readonly RowReason[]): RowReason[] {
  const empty = new Set(reasons.filter((r) => r.code === 'ERR_IMPORT_CELL_EMPTY').map((r) => r.field));
  const seen = new Set<string>();
  return reasons.filter((r) => {
    if (r.code !== 'ERR_IMPORT_CELL_EMPTY' && empty.has(r.field)) return false;
    const key = `${r.code}\u0000${r.field ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks one data row: width, cells, `sourceKey`, then issuance's `prepareLicence` with
 * `legacy` as asked. Returns the prepared licence and its request hash, or every reason.
 * Never throws for a bad row; throws only for what is not the row's fault.
 *
 * @example
 * const checked = checkImportRow({ rowNumber: 2, cells }, { type, issuer, columns, strictWidth: true, legacy: false, now });
 * if (checked.kind === 'invalid') console.log(formatReasons(checked.reasons, 'en'));
 */
export function checkImportRow(row: TableRow, context: RowCheckContext): CheckedRow {
  const { columns, type } = context;
  const plan = planOf(context);
  const reasons: RowReason[] = [];

  const sourceKeyText = textOf(row, reasons, 'sourceKey', columns.sourceKey);
  let sourceKey: string | undefined;
  if (sourceKeyText !== undefined) {
    if (badSourceKey(sourceKeyText)) {
      reasons.push(localized(new ServerError('ERR_IMPORT_SOURCE_KEY', { field: 'sourceKey' })));
    } else {
      sourceKey = sourceKeyText;
    }
  }
  if (hasExtraCells(row, columns.width) || (context.strictWidth && row.cells.length < columns.width)) {
    // A shifted row: every later cell is in the wrong column, so nothing else is meaningful.
    reasons.push(
      localized(
        new ServerError('ERR_IMPORT_ROW_WIDTH', {
          field: 'row',
          params: { found: row.cells.length, expected: columns.width },
        }),
      ),
    );
    return { kind: 'invalid', rowNumber: row.rowNumber, sourceKey, reasons };
  }

  const metadata: Partial<Record<MetadataColumn, string>> = {};
  for (const [name, index] of plan.metadata) {
    const text = textOf(row, reasons, name, index);
    if (text !== undefined) metadata[name] = text;
  }
  for (const [name, index] of plan.required) {
    if (cellAt(row, index) === '') {
      reasons.push(localized(new ServerError('ERR_IMPORT_CELL_EMPTY', { field: name, params: { field: name } })));
    }
  }
  const face: Record<string, string | boolean> = {};
  for (const [key, index] of plan.face) {
    const text = textOf(row, reasons, key, index);
    if (text !== undefined) face[key] = faceValue(plan, key, text);
  }

  const input: IssueLicenceInput = {
    certificateTypeCode: type.certificateTypeCode,
    certificateIssuingAuthorityCode: context.issuer.code,
    certificateNumber: metadata.certificateNumber ?? '',
    certificateHolderName: metadata.certificateHolderName ?? '',
    certificateHolderCode: metadata.certificateHolderCode ?? '',
    certificateHolderTypeCode: metadata.certificateHolderTypeCode ?? '',
    ...(metadata.certificateIssuedDate === undefined ? {} : { certificateIssuedDate: metadata.certificateIssuedDate }),
    certificateEffectiveDate: metadata.certificateEffectiveDate ?? '',
    ...(metadata.certificateExpiringDate === undefined
      ? {}
      : { certificateExpiringDate: metadata.certificateExpiringDate }),
    face,
    ...(sourceKey === undefined ? {} : { sourceKey }),
  };

  let prepared: PreparedLicence | undefined;
  try {
    prepared = prepareLicence(input, type, context.issuer, { now: context.now, legacy: context.legacy });
  } catch (error) {
    reasons.push(...reasonsOf(error));
  }
  if (prepared === undefined || reasons.length > 0) {
    return { kind: 'invalid', rowNumber: row.rowNumber, sourceKey, reasons: dedupe(reasons) };
  }
  return {
    kind: 'valid',
    rowNumber: row.rowNumber,
    sourceKey,
    input,
    prepared,
    requestHash: requestHash(input),
    warnings: prepared.warnings.map((w) => ({
      code: w.code,
      ...(w.field === undefined ? {} : { field: w.field }),
      en: w.message,
      zh: w.message,
    })),
  };
}
