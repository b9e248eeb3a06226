/**
 * The issuance form's rules, shared by the page and its tests: which face fields a type has,
 * how each value is checked as the operator types (core's own validators: the holder code by
 * its type with check characters, the face by the type's schema), and the request it becomes.
 */
import {
  checkFace,
  FaceValidationError,
  HutongError,
  type Language,
  type LicenceType,
  validateHolderCode,
} from '@hutong/core';

/** What the operator typed: metadata and face values as text, booleans as booleans. */
export interface LicenceFormValues {
  readonly certificateNumber?: string;
  readonly certificateHolderName?: string;
  readonly certificateHolderTypeCode?: string;
  readonly certificateHolderCode?: string;
  /** `yyyy-MM-dd`. */
  readonly certificateIssuedDate?: string;
  readonly certificateEffectiveDate?: string;
  readonly certificateExpiringDate?: string;
  readonly face?: Readonly<Record<string, string | boolean | undefined>>;
}

/** The body of `POST /api/v1/licences`. */
export interface IssueRequest {
  readonly certificateTypeCode: string;
  readonly certificateNumber: string;
  readonly certificateHolderName: string;
  readonly certificateHolderCode: string;
  readonly certificateHolderTypeCode: string;
  readonly certificateIssuedDate?: string;
  readonly certificateEffectiveDate: string;
  readonly certificateExpiringDate?: string;
  readonly face: Readonly<Record<string, string | number | boolean>>;
}

/** A form field's name: a metadata element, or `face.<key>`. */
export type FormFieldName = string;

const trimmed = (value: string | undefined): string => (value ?? '').trim();

/** True for a real calendar date written `yyyy-MM-dd` (what a date input gives). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/** Face values as the API takes them: empty text left out, integers as numbers. */
export function faceOf(
  type: LicenceType,
  values: LicenceFormValues['face'],
): Record<string, string | number | boolean> {
  const face: Record<string, string | number | boolean> = {};
  for (const field of type.faceFields) {
    const value = values?.[field.key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      face[field.key] = value;
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    face[field.key] = field.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return face;
}

/**
 * Every problem of the form, by field, in `language` (empty when the form may be sent).
 * The server checks again; this is so the operator sees each mistake beside its input at once.
 *
 * @example licenceFormErrors(type, { certificateHolderTypeCode: '111', certificateHolderCode: '110105194912310021' }, 'zh-CN')
 */
export function licenceFormErrors(
  type: LicenceType,
  values: LicenceFormValues,
  language: Language,
  messages: { readonly required: string; readonly date: string },
): Record<FormFieldName, string> {
  const errors: Record<FormFieldName, string> = {};
  for (const name of [
    'certificateNumber',
    'certificateHolderName',
    'certificateHolderTypeCode',
    'certificateHolderCode',
    'certificateEffectiveDate',
  ] as const) {
    if (trimmed(values[name]) === '') errors[name] = messages.required;
  }
  const holderCode = holderCodeError(values.certificateHolderTypeCode, values.certificateHolderCode, language);
  if (holderCode !== undefined) errors.certificateHolderCode = holderCode;
  for (const name of ['certificateIssuedDate', 'certificateEffectiveDate', 'certificateExpiringDate'] as const) {
    const text = trimmed(values[name]);
    if (text !== '' && !isIsoDate(text)) errors[name] = messages.date;
  }
  try {
    checkFace(type, faceOf(type, values.face));
  } catch (error) {
    if (error instanceof FaceValidationError) {
      for (const issue of error.issues) {
        const name = issue.field === '$' ? 'face' : `face.${issue.field}`;
        errors[name] ??= issue.localize(language);
      }
    } else if (error instanceof HutongError) {
      errors.face = error.localize(language);
    } else {
      throw error;
    }
  }
  return errors;
}

/** The holder code's problem for its code type (citizen ID, USCC … with their check characters), or none. */
export function holderCodeError(
  typeCode: string | undefined,
  code: string | undefined,
  language: Language,
): string | undefined {
  if (trimmed(typeCode) === '' || trimmed(code) === '') return undefined;
  try {
    validateHolderCode(trimmed(typeCode), trimmed(code));
    return undefined;
  } catch (error) {
    if (error instanceof HutongError) return error.localize(language);
    throw error;
  }
}

/** The request for a checked form. */
export function issueRequestOf(type: LicenceType, values: LicenceFormValues): IssueRequest {
  const optional = (name: 'certificateIssuedDate' | 'certificateExpiringDate') =>
    trimmed(values[name]) === '' ? {} : { [name]: trimmed(values[name]) };
  return {
    certificateTypeCode: type.certificateTypeCode,
    certificateNumber: trimmed(values.certificateNumber),
    certificateHolderName: trimmed(values.certificateHolderName),
    certificateHolderCode: trimmed(values.certificateHolderCode),
    certificateHolderTypeCode: trimmed(values.certificateHolderTypeCode),
    certificateEffectiveDate: trimmed(values.certificateEffectiveDate),
    ...optional('certificateIssuedDate'),
    ...optional('certificateExpiringDate'),
    face: faceOf(type, values.face),
  };
}
