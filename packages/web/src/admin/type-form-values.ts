import type { LicenceTypeInput } from '../api/catalogue-admin-api.js';
import type { FaceField, Label, LicenceType, Period, ValidityRule } from '../api/catalogue-api.js';

/** What the type editor's form holds: the document, with optional members possibly blank. */
export interface TypeFormValues {
  certificateTypeCode?: string;
  name?: Partial<Label>;
  definingAuthority?: { name?: string; code?: string; level?: string };
  relatedMatter?: { name?: string; code?: string };
  holderCategory?: string;
  validity?: {
    kind?: string;
    years?: number | null;
    months?: number | null;
    days?: number | null;
    min?: PeriodValues;
    max?: PeriodValues;
  };
  issuingAuthorityLevel?: string[];
  templateId?: string;
  suites?: string[];
  faceFields?: FaceFieldValues[];
}

interface PeriodValues {
  years?: number | null;
  months?: number | null;
  days?: number | null;
}

interface FaceFieldValues {
  key?: string;
  label?: Partial<Label>;
  type?: string;
  format?: string | null;
  required?: boolean;
  maxLength?: number | null;
  sensitivity?: number;
  enum?: Array<{ value?: string; label?: Partial<Label> }>;
}

const text = (value: string | undefined | null): string => (value ?? '').trim();
const label = (value: Partial<Label> | undefined): Label => ({ zh: text(value?.zh), en: text(value?.en) });

function period(values: PeriodValues | undefined): Period {
  const out: { years?: number; months?: number; days?: number } = {};
  if (typeof values?.years === 'number') out.years = values.years;
  if (typeof values?.months === 'number') out.months = values.months;
  if (typeof values?.days === 'number') out.days = values.days;
  return out;
}

function validity(values: TypeFormValues['validity']): ValidityRule {
  if (values?.kind === 'period') return { kind: 'period', ...period(values) };
  if (values?.kind === 'range') return { kind: 'range', min: period(values.min), max: period(values.max) };
  return { kind: 'long-term' };
}

function faceField(values: FaceFieldValues): FaceField {
  const type = values.type ?? 'string';
  const field: {
    key: string;
    label: Label;
    type: string;
    required: boolean;
    sensitivity: number;
    format?: string;
    maxLength?: number;
    enum?: Array<{ value: string; label: Label }>;
  } = {
    key: text(values.key),
    label: label(values.label),
    type,
    required: values.required === true,
    sensitivity: values.sensitivity ?? 1,
  };
  // Core refuses a format or length on anything but text, and options on anything but a choice.
  if (type === 'string' && typeof values.format === 'string' && values.format !== '') field.format = values.format;
  if (type === 'string' && typeof values.maxLength === 'number') field.maxLength = values.maxLength;
  if (type === 'enum') {
    field.enum = (values.enum ?? []).map((option) => ({ value: text(option.value), label: label(option.label) }));
  }
  return field;
}

/**
 * The document the server expects from the editor's values: text trimmed, blank optional
 * members left out (a related matter only with both name and code), members that do not
 * apply to a field's type dropped. The server (and core) still judge the content.
 */
export function toTypeInput(values: TypeFormValues): LicenceTypeInput {
  const matterName = text(values.relatedMatter?.name);
  const matterCode = text(values.relatedMatter?.code);
  return {
    certificateTypeCode: text(values.certificateTypeCode),
    name: label(values.name),
    definingAuthority: {
      name: text(values.definingAuthority?.name),
      code: text(values.definingAuthority?.code),
      level: values.definingAuthority?.level ?? 'national',
    },
    ...(matterName !== '' || matterCode !== '' ? { relatedMatter: { name: matterName, code: matterCode } } : {}),
    holderCategory: values.holderCategory ?? 'person',
    validity: validity(values.validity),
    issuingAuthorityLevel: [...(values.issuingAuthorityLevel ?? [])],
    faceFields: (values.faceFields ?? []).map(faceField),
    templateId: text(values.templateId),
    ...(values.suites !== undefined && values.suites.length > 0 ? { suites: [...values.suites] } : {}),
  };
}

/** The editor's starting values for an existing type (or a blank one). */
export function toFormValues(type: LicenceType | undefined): TypeFormValues {
  if (type === undefined) {
    return {
      validity: { kind: 'long-term' },
      holderCategory: 'person',
      definingAuthority: { level: 'national' },
      issuingAuthorityLevel: [],
      faceFields: [],
    };
  }
  const rule = type.validity;
  return {
    certificateTypeCode: type.certificateTypeCode,
    name: { ...type.name },
    definingAuthority: { ...type.definingAuthority },
    ...(type.relatedMatter === undefined ? {} : { relatedMatter: { ...type.relatedMatter } }),
    holderCategory: type.holderCategory,
    validity:
      rule.kind === 'range'
        ? { kind: 'range', min: { ...rule.min }, max: { ...rule.max } }
        : rule.kind === 'period'
          ? { kind: 'period', years: rule.years ?? null, months: rule.months ?? null, days: rule.days ?? null }
          : { kind: 'long-term' },
    issuingAuthorityLevel: [...type.issuingAuthorityLevel],
    templateId: type.templateId,
    ...(type.suites === undefined ? {} : { suites: [...type.suites] }),
    faceFields: type.faceFields.map((field) => ({
      key: field.key,
      label: { ...field.label },
      type: field.type,
      format: field.format ?? null,
      required: field.required,
      maxLength: field.maxLength ?? null,
      sensitivity: field.sensitivity,
      ...(field.enum === undefined
        ? {}
        : { enum: field.enum.map((option) => ({ value: option.value, label: { ...option.label } })) }),
    })),
  };
}
