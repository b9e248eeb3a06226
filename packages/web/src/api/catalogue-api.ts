import type { Language } from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';

export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** A face (照面) field of a licence type: what the licence prints, and its data grade. */
export interface FaceField {
  readonly key: string;
  readonly label: Label;
  readonly type: string;
  readonly format?: string;
  readonly required: boolean;
  readonly maxLength?: number;
  /** GB/T 43697 grade: 1 public … 4 most sensitive. */
  readonly sensitivity: number;
  readonly enum?: ReadonlyArray<{ readonly value: string; readonly label: Label }>;
}

export interface Period {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

export type ValidityRule =
  | { readonly kind: 'long-term' }
  | ({ readonly kind: 'period' } & Period)
  | { readonly kind: 'range'; readonly min: Period; readonly max: Period };

/** One version of a catalogue entry (GB/T 36902), as `GET /api/v1/catalogue/types` lists it. */
export interface LicenceType {
  readonly certificateTypeCode: string;
  readonly name: Label;
  readonly definingAuthority: { readonly name: string; readonly code: string; readonly level: string };
  readonly relatedMatter?: { readonly name: string; readonly code: string };
  readonly holderCategory: string;
  readonly validity: ValidityRule;
  readonly issuingAuthorityLevel: readonly string[];
  readonly faceFields: readonly FaceField[];
  readonly templateId: string;
  /** The signature suites a licence of the type may be signed with (default: all). */
  readonly suites?: readonly string[];
  readonly version: number;
  readonly status: string;
}

export interface LicenceTypePage {
  readonly items: readonly LicenceType[];
  readonly next?: string;
}

function isFaceField(value: unknown): value is FaceField {
  return (
    isObject(value) &&
    isString(value.key) &&
    isLabel(value.label) &&
    isString(value.type) &&
    typeof value.required === 'boolean' &&
    typeof value.sensitivity === 'number'
  );
}

export function isLicenceType(value: unknown): value is LicenceType {
  return (
    isObject(value) &&
    isString(value.certificateTypeCode) &&
    isLabel(value.name) &&
    isObject(value.definingAuthority) &&
    isString(value.definingAuthority.name) &&
    isString(value.holderCategory) &&
    isObject(value.validity) &&
    isString(value.validity.kind) &&
    Array.isArray(value.issuingAuthorityLevel) &&
    Array.isArray(value.faceFields) &&
    value.faceFields.every(isFaceField) &&
    typeof value.version === 'number' &&
    isString(value.status)
  );
}

export function isLicenceTypePage(value: unknown): value is LicenceTypePage {
  return (
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every(isLicenceType) &&
    (value.next === undefined || isString(value.next))
  );
}

/** One page of published licence types, in type-code order (`after` = the previous page's `next`). */
export function fetchLicenceTypes(
  language: Language,
  options: { readonly after?: string | undefined; readonly signal?: AbortSignal } = {},
): Promise<LicenceTypePage> {
  return apiRequest('/api/v1/catalogue/types', {
    language,
    query: { after: options.after, limit: '100' },
    signal: options.signal,
    accept: isLicenceTypePage,
  });
}

/** Every published type (the catalogue is short; pages are followed to the end). */
export async function fetchAllLicenceTypes(language: Language, signal?: AbortSignal): Promise<LicenceType[]> {
  const all: LicenceType[] = [];
  let after: string | undefined;
  do {
    const page = await fetchLicenceTypes(language, { after, ...(signal === undefined ? {} : { signal }) });
    all.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return all;
}
