/**
 * Validation of a licence's face (照面信息) against its type's face-field schema. Every
 * field is checked and every problem reported (a clerk fixing a form, or a department
 * fixing a spreadsheet row of legacy stock, needs all of them at once).
 */
import { hasLoneSurrogate } from '../canonical/index.js';
import { type CompactDate, toCompactDate } from '../dates.js';
import { type HutongErrorCode, isHutongError } from '../errors.js';
import {
  checkUscc,
  parseAreaCode,
  parseCitizenId,
  parseHolderCodeType,
  parseLicenceId,
  parseTypeCode,
} from '../identifiers/index.js';
import { type FaceField, type FaceFieldFormat, MAX_FACE_TEXT_LENGTH } from './face-field.js';
import { type FaceIssue, FaceValidationError, faceIssue } from './face-validation-error.js';
import type { LicenceType } from './licence-type.js';
import { asPlainObject, codePointLength, hasControlCharacter } from './read-members.js';

/**
 * A face value after validation: text, a `yyyyMMdd` date, an integer, a decimal string, a
 * boolean. The same JSON scalars as `licence/`'s `FaceValue` (exported there, not here).
 */
export type FaceValue = string | number | boolean;

/**
 * A face that passed validation, created only by {@link validateFace} / {@link checkFace}:
 * only the type's keys, required ones present, values normalised (dates `yyyyMMdd`, text
 * trimmed, CRLF as LF, decimals as strings, integers as numbers).
 */
export type ValidatedFace = Readonly<Record<string, FaceValue>> & { readonly __brand: 'ValidatedFace' };

/** A defect tolerated in legacy mode, flagged against the face field (never dropped, never fixed). */
export interface FaceWarning {
  /** The face field key. */
  readonly field: string;
  /** e.g. `WARN_USCC_CHECK`. */
  readonly code: string;
  readonly message: string;
  /** The segment of the value at fault, e.g. `check`. */
  readonly segment: string;
}

export interface ValidateFaceOptions {
  /** The clock for "not in the future" checks (citizen ID birth dates); default now. */
  readonly now?: Date;
  /**
   * Legacy stock (存量证照转化): USCCs from early pilots whose check characters fail are
   * accepted and reported as warnings (standards.md §5). Only {@link checkFace} returns them.
   */
  readonly legacy?: boolean;
}

// A face photo is tens of kilobytes; 2 MiB of image (base64: 4 characters per 3 bytes)
// is generous and keeps a hostile face from filling the library.
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_IMAGE_CHARS = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
const MAX_DECIMAL_CHARS = 40;

// Raster images only, identified by their magic numbers as base64 prefixes: PNG's
// signature 89 50 4E 47 0D 0A 1A 0A (PNG §5.2) encodes to "iVBORw0KGgo", JPEG's SOI +
// marker FF D8 FF to "/9j/". SVG is refused: it can carry scripts into every viewer.
const IMAGE = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]*={0,2})$/;
const IMAGE_MAGIC = { png: 'iVBORw0KGgo', jpeg: '/9j/' } as const;
// Or a reference to an image stored beside the licence, by its SHA-256 digest in W3C
// Subresource Integrity form (`sha256-` + base64 of 32 bytes): the signature then covers
// the photo's digest and the signed document stays small.
const IMAGE_DIGEST = /^sha256-[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
// Numbering plan of the PRC (电信网编码计划): mobile numbers are 11 digits from 13x–19x;
// fixed lines are a 3–4 digit trunk code starting with 0, then 7–8 digits.
const MOBILE = /^1[3-9][0-9]{9}$/;
const FIXED_LINE = /^0[0-9]{2,3}-?[0-9]{7,8}$/;
// WHATWG HTML "valid e-mail address" (the form-validation rule browsers apply).
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets.
const MAX_EMAIL = 254;
// China Post: 6-digit postal codes.
const POSTAL_CODE = /^[0-9]{6}$/;

const EXPECTED = {
  string: { expected: 'text', expectedZh: '文本' },
  integer: { expected: 'an integer', expectedZh: '整数' },
  decimal: { expected: 'a decimal number such as 12.50', expectedZh: '十进制数（如 12.50）' },
  boolean: { expected: 'true or false', expectedZh: '布尔值（true 或 false）' },
} as const;

const FORMAT_NAMES = {
  phone: { format: 'phone number', formatZh: '电话号码' },
  email: { format: 'email address', formatZh: '电子邮箱地址' },
  'postal-code': { format: 'postal code', formatZh: '邮政编码' },
} as const;

/** What one field's check produced: a value, or the reason it has none. */
type Outcome = { readonly value: FaceValue } | { readonly issue: FaceIssue };

function labels(field: FaceField): { labelEn: string; labelZh: string } {
  return { labelEn: field.label.en, labelZh: field.label.zh };
}

/** Absent for the purpose of `required`: missing, null, or text that is only whitespace. */
function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function checkFormat(
  field: FaceField,
  format: FaceFieldFormat,
  text: string,
  options: ValidateFaceOptions,
  warnings: FaceWarning[],
): Outcome {
  const issue = (code: HutongErrorCode, params: Record<string, string | number> = {}): Outcome => ({
    issue: faceIssue(code, field.key, { ...labels(field), ...params }),
  });
  // Identity codes: the identifiers module's error keeps its precise code (a wrong check
  // character, an impossible birth date); its segment moves to params, the key becomes field.
  const viaIdentifiers = (parse: () => string): Outcome => {
    try {
      return { value: parse() };
    } catch (error) {
      if (!isHutongError(error)) throw error;
      return {
        issue: faceIssue(
          error.code,
          field.key,
          { ...error.params, ...labels(field), segment: error.field ?? '' },
          error,
        ),
      };
    }
  };
  switch (format) {
    case 'citizen-id':
      return viaIdentifiers(() => parseCitizenId(text, options.now === undefined ? undefined : { now: options.now }));
    case 'uscc':
      return viaIdentifiers(() => {
        const { value, warnings: found } = checkUscc(text, { legacy: options.legacy === true });
        for (const w of found) warnings.push({ field: field.key, code: w.code, message: w.message, segment: w.field });
        return value;
      });
    case 'area-code':
      return viaIdentifiers(() => parseAreaCode(text));
    case 'type-code':
      return viaIdentifiers(() => parseTypeCode(text));
    case 'licence-id':
      return viaIdentifiers(() => parseLicenceId(text));
    case 'holder-code-type':
      return viaIdentifiers(() => parseHolderCodeType(text));
    case 'phone':
      return MOBILE.test(text) || FIXED_LINE.test(text)
        ? { value: text }
        : issue('ERR_CATALOGUE_FACE_FORMAT', FORMAT_NAMES.phone);
    case 'email':
      return text.length <= MAX_EMAIL && EMAIL.test(text)
        ? { value: text }
        : issue('ERR_CATALOGUE_FACE_FORMAT', FORMAT_NAMES.email);
    case 'postal-code':
      return POSTAL_CODE.test(text) ? { value: text } : issue('ERR_CATALOGUE_FACE_FORMAT', FORMAT_NAMES['postal-code']);
    case 'person-name':
    case 'address':
      return { value: text };
  }
}

function checkValue(field: FaceField, raw: unknown, options: ValidateFaceOptions, warnings: FaceWarning[]): Outcome {
  const issue = (code: HutongErrorCode, params: Record<string, string | number> = {}): Outcome => ({
    issue: faceIssue(code, field.key, { ...labels(field), ...params }),
  });
  switch (field.type) {
    case 'string': {
      if (typeof raw !== 'string') return issue('ERR_CATALOGUE_FACE_TYPE', EXPECTED.string);
      // Trimmed (String.prototype.trim includes U+3000 IDEOGRAPHIC SPACE): spreadsheet
      // cells and Chinese input methods leave edge spaces that would otherwise be signed.
      // CRLF becomes LF; free text may span lines (a business scope), formatted text not.
      const text = raw.trim().replace(/\r\n/g, '\n');
      if (hasControlCharacter(text, field.format === undefined) || hasLoneSurrogate(text)) {
        return issue('ERR_CATALOGUE_FACE_TEXT');
      }
      if (text.length > MAX_FACE_TEXT_LENGTH) {
        return issue('ERR_CATALOGUE_FACE_TOO_LONG', { max: MAX_FACE_TEXT_LENGTH, length: text.length });
      }
      const length = codePointLength(text);
      if (field.maxLength !== undefined && length > field.maxLength) {
        return issue('ERR_CATALOGUE_FACE_TOO_LONG', { max: field.maxLength, length });
      }
      return field.format === undefined ? { value: text } : checkFormat(field, field.format, text, options, warnings);
    }
    case 'date': {
      const date: CompactDate | undefined = toCompactDate(typeof raw === 'string' ? raw.trim() : raw);
      return date === undefined ? issue('ERR_CATALOGUE_FACE_DATE') : { value: date };
    }
    case 'integer': {
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { value: raw === 0 ? 0 : raw }; // -0 → 0
      if (typeof raw === 'string' && INTEGER.test(raw.trim())) {
        const n = Number(raw.trim());
        if (Number.isSafeInteger(n)) return { value: n === 0 ? 0 : n };
      }
      return issue('ERR_CATALOGUE_FACE_TYPE', EXPECTED.integer);
    }
    case 'decimal': {
      // Kept as a decimal string: RFC 8785 §3.2.2.3 serialises numbers as IEEE 754 doubles,
      // which cannot hold 0.1 or a registered capital of 12345678901234567.89 exactly.
      const text =
        typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (text.length > 0 && text.length <= MAX_DECIMAL_CHARS && DECIMAL.test(text)) {
        return { value: text === '-0' ? '0' : text };
      }
      return issue('ERR_CATALOGUE_FACE_TYPE', EXPECTED.decimal);
    }
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : issue('ERR_CATALOGUE_FACE_TYPE', EXPECTED.boolean);
    case 'enum': {
      const options = field.enum ?? [];
      if (typeof raw === 'string' && options.some((o) => o.value === raw)) return { value: raw };
      return issue('ERR_CATALOGUE_FACE_ENUM', { allowed: options.map((o) => o.value).join(', ') });
    }
    case 'image': {
      if (typeof raw === 'string' && IMAGE_DIGEST.test(raw)) return { value: raw };
      const m = typeof raw === 'string' && raw.length <= MAX_IMAGE_CHARS ? IMAGE.exec(raw) : null;
      const kind = m?.[1] as keyof typeof IMAGE_MAGIC | undefined;
      const data = m?.[2] ?? '';
      if (kind === undefined || data.length % 4 !== 0 || !data.startsWith(IMAGE_MAGIC[kind])) {
        return issue('ERR_CATALOGUE_FACE_IMAGE', { maxBytes: MAX_IMAGE_BYTES });
      }
      return { value: raw as string };
    }
  }
}

/**
 * Validates a face and returns it normalised together with the warnings legacy mode
 * tolerated. Throws {@link FaceValidationError} (`ERR_CATALOGUE_FACE_INVALID`) listing
 * every problem: unknown keys, missing required fields, wrong types, formats.
 *
 * @example
 * const { face, warnings } = checkFace(type, row, { legacy: true });
 * warnings.map((w) => `${w.field}: ${w.code}`); // ['ownerCode: WARN_USCC_CHECK']
 */
export function checkFace(
  type: LicenceType,
  face: unknown,
  options: ValidateFaceOptions = {},
): { face: ValidatedFace; warnings: FaceWarning[] } {
  const object = asPlainObject(face);
  if (object === undefined) throw new FaceValidationError([faceIssue('ERR_CATALOGUE_FACE_NOT_OBJECT', '$')]);

  const issues: FaceIssue[] = [];
  const warnings: FaceWarning[] = [];
  const known = new Set(type.faceFields.map((f) => f.key));
  for (const key of Object.keys(object)) {
    if (!known.has(key)) issues.push(faceIssue('ERR_CATALOGUE_FACE_UNKNOWN_FIELD', key, { key: JSON.stringify(key) }));
  }
  const out: Record<string, FaceValue> = {};
  for (const field of type.faceFields) {
    const raw = Object.hasOwn(object, field.key) ? object[field.key] : undefined;
    if (isAbsent(raw)) {
      if (field.required) issues.push(faceIssue('ERR_CATALOGUE_FACE_REQUIRED', field.key, labels(field)));
      continue;
    }
    const outcome = checkValue(field, raw, options, warnings);
    if ('issue' in outcome) issues.push(outcome.issue);
    else out[field.key] = outcome.value;
  }
  if (issues.length > 0) throw new FaceValidationError(issues);
  return { face: out as ValidatedFace, warnings };
}

/**
 * Validates a licence's face against its type. Unknown fields are rejected, required
 * ones must be present (missing, `null` and blank text all count as absent), formats are
 * checked with the identifiers module, dates are normalised to `yyyyMMdd`. On failure,
 * ONE {@link FaceValidationError} (`ERR_CATALOGUE_FACE_INVALID`) lists every field error in
 * `issues` (`{ field, code, message }`, localisable per issue).
 *
 * @example
 * validateFace(type, { holderName: ' 张三 ', birthDate: '1949-12-31' });
 * // { holderName: '张三', birthDate: '19491231' }
 */
export function validateFace(
  type: LicenceType,
  face: unknown,
  options: Omit<ValidateFaceOptions, 'legacy'> = {},
): ValidatedFace {
  return checkFace(type, face, options).face;
}
