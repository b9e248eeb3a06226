import {
  type FieldSource,
  FORM_FIELD_TYPES,
  type FormField as FormFieldInput,
  type FormFieldType,
  type FormValue,
  HOLDER_ATTRIBUTES,
  type HolderAttribute,
  type Language,
  type LicencePath,
  type Material as MaterialInput,
  type MatterContent,
  type MatterOutput,
} from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';

/**
 * Service matters (政务服务事项) as `GET/POST/PUT /api/v1/matters` carry them (the server's
 * matters.schema.ts; docs/design/matters.md). Shared by the kiosk (which lists them) and the
 * administration's matters editor (which writes them).
 */
// The document's types are core's, as the node checks them (one definition for both).
export type { FieldSource, FormFieldInput, FormFieldType, FormValue, HolderAttribute, LicencePath, MaterialInput };
export type OutputFace = MatterOutput['face'];

export interface MatterInput extends MatterContent {
  readonly code: string;
}

export interface Matter extends MatterInput {
  readonly version: number;
  readonly updatedAt: string;
}

export interface MatterPage {
  readonly items: readonly Matter[];
  readonly nextCursor?: string;
}

function isMaterial(value: unknown): value is MaterialInput {
  if (!isObject(value) || !isString(value.key) || !isLabel(value.name)) return false;
  if (value.kind === 'licence') return Array.isArray(value.anyOf) && value.anyOf.every(isString);
  return value.kind === 'other';
}

function isSource(value: unknown): value is FieldSource {
  if (!isObject(value)) return false;
  if (value.kind === 'input') return true;
  if (value.kind === 'holder') return (HOLDER_ATTRIBUTES as readonly unknown[]).includes(value.attribute);
  return (
    value.kind === 'licence' &&
    Array.isArray(value.from) &&
    value.from.every((p) => isObject(p) && isString(p.typeCode) && isString(p.path))
  );
}

function isFormField(value: unknown): value is FormFieldInput {
  return (
    isObject(value) &&
    isString(value.key) &&
    isLabel(value.label) &&
    (FORM_FIELD_TYPES as readonly unknown[]).includes(value.type) &&
    typeof value.required === 'boolean' &&
    isSource(value.source)
  );
}

export function isMatter(value: unknown): value is Matter {
  return (
    isObject(value) &&
    isString(value.code) &&
    typeof value.version === 'number' &&
    isLabel(value.name) &&
    isString(value.departmentCode) &&
    (value.holderCategory === 'person' || value.holderCategory === 'organisation') &&
    Array.isArray(value.materials) &&
    value.materials.every(isMaterial) &&
    Array.isArray(value.fields) &&
    value.fields.every(isFormField) &&
    (value.output === undefined || (isObject(value.output) && isString(value.output.typeCode)))
  );
}

const isMatterPage = (value: unknown): value is MatterPage =>
  isObject(value) && Array.isArray(value.items) && value.items.every(isMatter);

/** Every matter of the catalogue, each at its version in force (public), in code order. */
export async function fetchAllMatters(language: Language, signal?: AbortSignal): Promise<Matter[]> {
  const all: Matter[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiRequest('/api/v1/matters', {
      language,
      query: { limit: '200', cursor },
      signal,
      accept: isMatterPage,
    });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** `POST /api/v1/matters`: version 1 of a new matter (catalogue administrators). */
export function createMatter(language: Language, csrfToken: string, input: MatterInput): Promise<Matter> {
  return apiRequest('/api/v1/matters', { language, method: 'POST', csrfToken, body: input, accept: isMatter });
}

/**
 * `PUT /api/v1/matters/{code}`: the next version. `version` is the one the change was made from;
 * the server refuses the write (`ERR_MATTERS_VERSION_CONFLICT`) if someone saved in between.
 */
export function updateMatter(
  language: Language,
  csrfToken: string,
  version: number,
  input: MatterInput,
): Promise<Matter> {
  const { code, ...members } = input;
  return apiRequest(`/api/v1/matters/${encodeURIComponent(code)}`, {
    language,
    method: 'PUT',
    csrfToken,
    body: { ...members, version },
    accept: isMatter,
  });
}

/**
 * True when the kiosk can complete the matter alone: every material is a licence or one whose
 * department accepts the holder's commitment in its place (no photo taken on site, no form
 * signed in person). A licence the holder turns out not to have is then named on the form.
 */
export function kioskCanComplete(matter: Pick<Matter, 'materials'>): boolean {
  return matter.materials.every((material) => material.kind === 'licence' || material.commitment === true);
}

/** A value of a matter's form field. */

export interface FilledField {
  readonly key: string;
  readonly label: Label;
  readonly type: 'string' | 'date' | 'integer' | 'decimal' | 'boolean';
  readonly required: boolean;
  readonly value?: FormValue;
  readonly source?: {
    readonly kind: 'licence' | 'holder';
    readonly identifier: string;
    readonly typeCode?: string;
    readonly path: string;
  };
}

/**
 * The answer of a prefill (`POST /api/v1/matters/{code}/prefill`, and a kiosk session's `form`):
 * every field of the matter, those filled with their source, the licences attached to the
 * materials and what is still missing (the server's fill-form.ts).
 */
export interface PrefilledForm {
  readonly fields: readonly FilledField[];
  readonly attached: ReadonlyArray<{
    readonly material: string;
    readonly identifier: string;
    readonly typeCode: string;
    readonly typeName?: string;
    /** The type's name in both languages (the catalogue's). */
    readonly typeLabel?: Label;
  }>;
  readonly missing: {
    readonly materials: ReadonlyArray<{
      readonly key: string;
      readonly name: Label;
      readonly reason: string;
      /** The department accepts the holder's commitment in its place (告知承诺制). */
      readonly commitment?: true;
    }>;
    readonly fields: ReadonlyArray<{
      readonly key: string;
      readonly label: Label;
      readonly required: boolean;
      readonly reason: string;
    }>;
  };
  readonly complete: boolean;
}

/** The answer of `POST /api/v1/matters/{code}/prefill`: the form, how the licences came, the usage records made. */
export interface PrefillAnswer extends PrefilledForm {
  readonly via: 'grant' | 'show-code';
  readonly usageRecords: readonly string[];
}

function isPrefillAnswer(value: unknown): value is PrefillAnswer {
  return (
    isObject(value) &&
    Array.isArray(value.fields) &&
    Array.isArray(value.attached) &&
    isObject(value.missing) &&
    Array.isArray(value.missing.materials) &&
    Array.isArray(value.missing.fields) &&
    isString(value.via) &&
    Array.isArray(value.usageRecords)
  );
}

/**
 * `POST /api/v1/matters/{code}/prefill` with a grant, as a counter clerk (staff role
 * `counter-clerk`, docs/design/counter-prefill.md): the server acts through the relying-party
 * client of the clerk's organisation the grant was given to, and records the use.
 */
export function prefillWithGrant(
  language: Language,
  csrfToken: string,
  matterCode: string,
  request: { readonly grantId: string; readonly useCause: string },
): Promise<PrefillAnswer> {
  return apiRequest(`/api/v1/matters/${encodeURIComponent(matterCode)}/prefill`, {
    language,
    method: 'POST',
    csrfToken,
    body: request,
    accept: isPrefillAnswer,
  });
}
