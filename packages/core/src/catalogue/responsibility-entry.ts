/**
 * The responsibility list (电子证照责任清单): which department must issue which licence
 * type electronically, by when — the list each region draws up from the national
 * catalogue so that every licence is "made and aggregated as it should be" (应制尽制、应归尽归).
 */
import { jsonPathMember } from '../canonical/index.js';
import { type CompactDate, toCompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { parseTypeCode, parseUscc, type TypeCode, type Uscc } from '../identifiers/index.js';
import { atPath, optionalMember, readInteger, readMembers } from './read-members.js';

export interface ResponsibilityEntry {
  /** The responsible department's unified social credit code. */
  readonly departmentCode: Uscc;
  readonly certificateTypeCode: TypeCode;
  /** The date by which the department must issue (and aggregate) this type electronically. */
  readonly deadline: CompactDate;
  /** Paper licences of this type in stock, to be converted (存量证照转化); absent when unknown. */
  readonly paperCount?: number;
}

/**
 * Parses one responsibility-list entry from untrusted input (a JSON document or a
 * spreadsheet row already mapped to these member names). Dates may be `yyyyMMdd` or
 * `yyyy-MM-dd` and come back as `yyyyMMdd`.
 *
 * @example
 * parseResponsibilityEntry({ departmentCode: '11100000000013338W', certificateTypeCode: '11100000000013338W032',
 *   deadline: '2025-12-31', paperCount: 12000 })
 * // { …, deadline: '20251231', paperCount: 12000 }
 */
export function parseResponsibilityEntry(input: unknown, path = '$'): ResponsibilityEntry {
  const object = readMembers(input, path, ['departmentCode', 'certificateTypeCode', 'deadline'], ['paperCount']);
  const at = (name: string) => jsonPathMember(path, name);
  const departmentCode = atPath(at('departmentCode'), () => parseUscc(object.departmentCode));
  const certificateTypeCode = atPath(at('certificateTypeCode'), () => parseTypeCode(object.certificateTypeCode));
  const deadline = toCompactDate(object.deadline);
  if (deadline === undefined) {
    throw new HutongError('ERR_CATALOGUE_DATE_INVALID', { field: at('deadline'), params: { path: at('deadline') } });
  }
  const entry: { -readonly [K in keyof ResponsibilityEntry]: ResponsibilityEntry[K] } = {
    departmentCode,
    certificateTypeCode,
    deadline,
  };
  const paperCount = optionalMember(object, 'paperCount');
  if (paperCount !== undefined)
    entry.paperCount = readInteger(paperCount, at('paperCount'), 0, Number.MAX_SAFE_INTEGER);
  return entry;
}
