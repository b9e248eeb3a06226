/**
 * Masking by data grade (分级分类 / 脱敏): a caller whose clearance is below a field's
 * sensitivity grade sees a masked form that still lets a person recognise their own
 * licence (the shapes people know from Chinese government apps: 110105********002X,
 * 张*, 138****1234) but not reconstruct the value. The technique is masking (屏蔽) in
 * the sense of GB/T 37964-2019 (personal information de-identification).
 */
import { HutongError } from '../errors.js';
import { type FaceField, isSensitivityGrade, type SensitivityGrade } from './face-field.js';
import type { LicenceType } from './licence-type.js';
import type { FaceValue, ValidatedFace } from './validate-face.js';

/** What a value with no safe partial form (a number, a choice, a photo) shows when masked. */
export const FULL_MASK = '***';

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

/** Keeps `head` leading and `tail` trailing code points and stars the rest (one star each). */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

const MOBILE = /^1[3-9][0-9]{9}$/;

function maskText(field: FaceField, value: string): string {
  switch (field.format) {
    // 18-character codes: the 6-character prefix (area code, or registration department +
    // type + area) and the last four stay, as on ID displays in government apps:
    // 11010519491231002X → 110105********002X.
    case 'citizen-id':
    case 'uscc':
      return keepEnds(value, 6, 4);
    case 'phone':
      // 13812341234 → 138****1234; a fixed line keeps its trunk code and last two digits.
      if (MOBILE.test(value)) return keepEnds(value, 3, 4);
      return value.includes('-')
        ? `${value.slice(0, value.indexOf('-') + 1)}${keepEnds(value.slice(value.indexOf('-') + 1), 0, 2)}`
        : keepEnds(value, 4, 2);
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return keepEnds(value, 1, 0);
      return `${Array.from(value.slice(0, at))[0] ?? ''}***${value.slice(at)}`;
    }
    case 'licence-id': {
      // The type and issuer segments are public catalogue facts; the serial identifies
      // the holder's licence, so it and the check character (derived from it) are hidden.
      const parts = value.split('.');
      if (parts.length !== 10) return keepEnds(value, 0, 0);
      return [...parts.slice(0, 7), stars((parts[7] ?? '').length), parts[8] ?? '', '*'].join('.');
    }
    case 'area-code':
      // The province (first two digits) stays: 650102 → 65****.
      return keepEnds(value, 2, 0);
    case 'postal-code':
      return keepEnds(value, 3, 0);
    case 'address':
      // Province and city stay readable (roughly the first six characters).
      return keepEnds(value, 6, 0);
    default:
      // Names and free text: the first character stays (张三 → 张*, 买买提·艾力 → 买*****).
      return keepEnds(value, 1, 0);
  }
}

/**
 * A face value as a caller with `clearance` may see it. Clearance at or above the field's
 * sensitivity grade shows the value unchanged; below it, text is partly masked by format,
 * dates keep the year (`1949****`), and numbers, booleans, choices and images become
 * {@link FULL_MASK} (any partial form of those would reveal the value).
 * A value is masked exactly when `clearance < field.sensitivity`.
 *
 * @example
 * // idField: format 'citizen-id', sensitivity 3; nameField: format 'person-name', sensitivity 2
 * maskFaceValue(idField, '11010519491231002X', 2) // '110105********002X'
 * maskFaceValue(nameField, '张三', 1) // '张*'
 * maskFaceValue(nameField, '张三', 2) // '张三'
 */
export function maskFaceValue(field: FaceField, value: FaceValue, clearance: SensitivityGrade): FaceValue {
  if (!isSensitivityGrade(clearance)) {
    throw new HutongError('ERR_CATALOGUE_CLEARANCE', { field: 'clearance', params: { value: String(clearance) } });
  }
  if (clearance >= field.sensitivity) return value;
  if (typeof value !== 'string') return FULL_MASK;
  switch (field.type) {
    case 'string':
      return maskText(field, value);
    case 'date':
      return /^[0-9]{8}$/.test(value) ? `${value.slice(0, 4)}****` : FULL_MASK;
    default:
      return FULL_MASK;
  }
}

/**
 * A whole validated face as a caller with `clearance` may see it (fields in the type's order).
 *
 * @example maskFace(type, face, 1) // { holderName: '张*', idNumber: '110105********002X', … }
 */
export function maskFace(
  type: LicenceType,
  face: ValidatedFace,
  clearance: SensitivityGrade,
): Record<string, FaceValue> {
  const out: Record<string, FaceValue> = {};
  for (const field of type.faceFields) {
    if (Object.hasOwn(face, field.key)) {
      const value = face[field.key];
      if (value !== undefined) out[field.key] = maskFaceValue(field, value, clearance);
    }
  }
  return out;
}
