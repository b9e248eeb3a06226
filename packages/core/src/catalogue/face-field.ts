/**
 * Face fields (照面信息): the type-specific items printed on a licence, as its licence
 * type's schema declares them (GB/T 36903 "extension items"; Hutong adds types, labels
 * and a sensitivity grade per field, standards.md §2).
 */
import { jsonPathIndex, jsonPathMember } from '../canonical/index.js';
import { HutongError } from '../errors.js';
import {
  type Label,
  optionalMember,
  readArray,
  readBoolean,
  readInteger,
  readLabel,
  readMembers,
  readOneOf,
  readPattern,
  refuseDuplicates,
  typeError,
} from './read-members.js';

/** Value types a face field can hold. */
export const FACE_FIELD_TYPES = ['string', 'date', 'integer', 'decimal', 'boolean', 'enum', 'image'] as const;
export type FaceFieldType = (typeof FACE_FIELD_TYPES)[number];

/**
 * Shapes a `string` face field can be held to. Identity codes are checked by
 * `identifiers/` (check characters and all); the others by the rules in `validate-face.ts`.
 * `person-name` and `address` add no check beyond text but choose how the value is masked.
 */
export const FACE_FIELD_FORMATS = [
  'citizen-id',
  'uscc',
  'area-code',
  'type-code',
  'licence-id',
  'holder-code-type',
  'phone',
  'email',
  'postal-code',
  'person-name',
  'address',
] as const;
export type FaceFieldFormat = (typeof FACE_FIELD_FORMATS)[number];

/**
 * Data grading (分级分类, GB/T 43697-2024): who may see a field unmasked.
 * 1 public (公开) · 2 internal (内部) · 3 sensitive (敏感, e.g. ID numbers, phone numbers)
 * · 4 most sensitive (高敏感, e.g. biometric photos, health data; PIPL art. 28).
 * A caller with clearance ≥ grade sees the value; below it, a masked form.
 */
export const SENSITIVITY_GRADES = [1, 2, 3, 4] as const;
export type SensitivityGrade = (typeof SENSITIVITY_GRADES)[number];

/** @example isSensitivityGrade(3) // true */
export function isSensitivityGrade(value: unknown): value is SensitivityGrade {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** One allowed value of an `enum` face field, e.g. `{ value: '1', label: { zh: '男', en: 'Male' } }`. */
export interface FaceFieldOption {
  readonly value: string;
  readonly label: Label;
}

export interface FaceField {
  /** lowerCamelCase ASCII, 1–48 characters; the member name in a licence's face. */
  readonly key: string;
  readonly label: Label;
  readonly type: FaceFieldType;
  /** Only for `string` fields. */
  readonly format?: FaceFieldFormat;
  /** Only for, and required by, `enum` fields. */
  readonly enum?: readonly FaceFieldOption[];
  readonly required: boolean;
  /** Only for `string` fields: the most Unicode code points a value may have. */
  readonly maxLength?: number;
  readonly sensitivity: SensitivityGrade;
}

/** Most face fields a type may declare: a hostile catalogue must not make every validation slow. */
export const MAX_FACE_FIELDS = 200;
const MAX_ENUM_OPTIONS = 500;
/**
 * Longest `maxLength` a string field may declare. `licence/` refuses face text longer than
 * 4096 UTF-16 code units, so a schema allowing more would accept faces no licence can carry.
 */
export const MAX_FACE_TEXT_LENGTH = 4096;

const KEY = /^[a-z][A-Za-z0-9]{0,47}$/;
/**
 * lowerCamelCase names that are members of every JavaScript object: a face with a field
 * called `constructor` breaks every consumer that reads `face[key]` off a plain object.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype).filter((name) => KEY.test(name)),
);

/**
 * True when `key` is a usable face field key.
 *
 * @example isFaceFieldKey('holderName') // true
 * @example isFaceFieldKey('constructor') // false (a member of every JavaScript object)
 */
export function isFaceFieldKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key) && !RESERVED_KEYS.has(key);
}

const ENUM_VALUE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

function readOption(input: unknown, path: string): FaceFieldOption {
  const object = readMembers(input, path, ['value', 'label']);
  return {
    value: readPattern(object.value, jsonPathMember(path, 'value'), ENUM_VALUE, '[0-9A-Za-z][0-9A-Za-z._-]{0,63}'),
    label: readLabel(object.label, jsonPathMember(path, 'label')),
  };
}

/**
 * Parses one face field declaration. Members that do not apply to the field's type
 * (`format` on a date, `maxLength` on an image, `enum` on a string) are errors rather
 * than ignored: they mean the author expected a check that would never run.
 *
 * @example parseFaceField({ key: 'holderName', label: { zh: '姓名', en: 'Name' }, type: 'string',
 *   format: 'person-name', required: true, maxLength: 50, sensitivity: 2 })
 */
export function parseFaceField(input: unknown, path = '$'): FaceField {
  const object = readMembers(
    input,
    path,
    ['key', 'label', 'type', 'required', 'sensitivity'],
    ['format', 'enum', 'maxLength'],
  );
  const keyPath = jsonPathMember(path, 'key');
  if (typeof object.key !== 'string') throw typeError(keyPath, 'string');
  if (!isFaceFieldKey(object.key)) {
    throw new HutongError('ERR_CATALOGUE_FIELD_KEY', {
      field: keyPath,
      params: { path: keyPath, key: JSON.stringify(object.key) },
    });
  }
  const key = object.key;
  const label = readLabel(object.label, jsonPathMember(path, 'label'));
  const type = readOneOf(object.type, jsonPathMember(path, 'type'), FACE_FIELD_TYPES);
  const required = readBoolean(object.required, jsonPathMember(path, 'required'));
  const sensitivityPath = jsonPathMember(path, 'sensitivity');
  const sensitivity = readInteger(object.sensitivity, sensitivityPath, 1, 4) as SensitivityGrade;

  const notApplicable = (member: string): HutongError => {
    const at = jsonPathMember(path, member);
    return new HutongError('ERR_CATALOGUE_FIELD_MEMBER_NOT_APPLICABLE', {
      field: at,
      params: { path: at, member, type },
    });
  };
  const field: {
    key: string;
    label: Label;
    type: FaceFieldType;
    format?: FaceFieldFormat;
    enum?: readonly FaceFieldOption[];
    required: boolean;
    maxLength?: number;
    sensitivity: SensitivityGrade;
  } = { key, label, type, required, sensitivity };

  const format = optionalMember(object, 'format');
  if (format !== undefined) {
    if (type !== 'string') throw notApplicable('format');
    field.format = readOneOf(format, jsonPathMember(path, 'format'), FACE_FIELD_FORMATS);
  }
  const maxLength = optionalMember(object, 'maxLength');
  if (maxLength !== undefined) {
    if (type !== 'string') throw notApplicable('maxLength');
    field.maxLength = readInteger(maxLength, jsonPathMember(path, 'maxLength'), 1, MAX_FACE_TEXT_LENGTH);
  }
  const options = optionalMember(object, 'enum');
  if (options !== undefined) {
    if (type !== 'enum') throw notApplicable('enum');
    const enumPath = jsonPathMember(path, 'enum');
    const list = readArray(options, enumPath, 1, MAX_ENUM_OPTIONS, readOption);
    refuseDuplicates(
      list.map((o) => o.value),
      list.map((_, i) => jsonPathMember(jsonPathIndex(enumPath, i), 'value')),
    );
    field.enum = list;
  } else if (type === 'enum') {
    throw new HutongError('ERR_CATALOGUE_ENUM_REQUIRED', { field: path, params: { path } });
  }
  return field;
}
