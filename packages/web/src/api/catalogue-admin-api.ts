import type { Language } from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import { isLicenceType, isLicenceTypePage, type Label, type LicenceType } from './catalogue-api.js';

/** What an administrator sends for a type (the catalogue numbers versions and sets the status). */
export type LicenceTypeInput = Omit<LicenceType, 'version' | 'status'>;

export type TypeStatus = 'draft' | 'published' | 'retired';

/** Every type of one status, each at its version in force (a never-published type at its draft). */
export async function fetchTypesByStatus(
  language: Language,
  status: TypeStatus,
  signal?: AbortSignal,
): Promise<LicenceType[]> {
  const all: LicenceType[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest('/api/v1/catalogue/types', {
      language,
      query: { status, after, limit: '100' },
      signal,
      accept: isLicenceTypePage,
    });
    all.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return all;
}

const isTypeList = (value: unknown): value is LicenceType[] => Array.isArray(value) && value.every(isLicenceType);

/** Every version of a type, oldest first (the last may be a draft). */
export function fetchTypeVersions(language: Language, code: string, signal?: AbortSignal): Promise<LicenceType[]> {
  return apiRequest(`/api/v1/catalogue/types/${encodeURIComponent(code)}/versions`, {
    language,
    signal,
    accept: isTypeList,
  });
}

/** A new type: the draft of version 1. */
export function createType(language: Language, csrfToken: string, input: LicenceTypeInput): Promise<LicenceType> {
  return apiRequest('/api/v1/catalogue/types', {
    language,
    method: 'POST',
    csrfToken,
    body: input,
    accept: isLicenceType,
  });
}

/** Saves the draft of a type's next version (creates it, or replaces the open draft). */
export function saveTypeDraft(language: Language, csrfToken: string, input: LicenceTypeInput): Promise<LicenceType> {
  return apiRequest(`/api/v1/catalogue/types/${encodeURIComponent(input.certificateTypeCode)}`, {
    language,
    method: 'PUT',
    csrfToken,
    body: input,
    accept: isLicenceType,
  });
}

/** Publishes the draft reviewed (`version`): refused by the server if the draft changed since. */
export function publishType(
  language: Language,
  csrfToken: string,
  code: string,
  version: number,
): Promise<LicenceType> {
  return apiRequest(`/api/v1/catalogue/types/${encodeURIComponent(code)}/publish`, {
    language,
    method: 'POST',
    csrfToken,
    body: { version },
    accept: isLicenceType,
  });
}

export function retireType(language: Language, csrfToken: string, code: string): Promise<LicenceType> {
  return apiRequest(`/api/v1/catalogue/types/${encodeURIComponent(code)}/retire`, {
    language,
    method: 'POST',
    csrfToken,
    body: {},
    accept: isLicenceType,
  });
}

/** A department's progress on one type of the responsibility list (应制尽制). */
export interface Responsibility {
  readonly departmentCode: string;
  readonly departmentName: Label;
  readonly certificateTypeCode: string;
  readonly typeName: Label;
  /** yyyyMMdd */
  readonly deadline: string;
  readonly paperCount?: number;
  readonly progress: {
    readonly electronic: number;
    readonly issued: number;
    readonly aggregated: number;
    readonly imported: number;
    readonly ratio?: number;
  };
  readonly updatedAt: string;
}

function isResponsibility(value: unknown): value is Responsibility {
  return (
    isObject(value) &&
    isString(value.departmentCode) &&
    isLabel(value.departmentName) &&
    isString(value.certificateTypeCode) &&
    isLabel(value.typeName) &&
    isString(value.deadline) &&
    (value.paperCount === undefined || typeof value.paperCount === 'number') &&
    isObject(value.progress) &&
    typeof value.progress.electronic === 'number' &&
    typeof value.progress.issued === 'number' &&
    typeof value.progress.aggregated === 'number' &&
    typeof value.progress.imported === 'number'
  );
}

const isPageOf =
  <T>(item: (value: unknown) => value is T) =>
  (value: unknown): value is { items: T[]; next?: string } =>
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every(item) &&
    (value.next === undefined || value.next === null || isString(value.next));

async function allPages<T>(
  path: string,
  language: Language,
  item: (value: unknown) => value is T,
  signal?: AbortSignal,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest(path, {
      language,
      query: { after, limit: '500' },
      signal,
      accept: isPageOf(item),
    });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return all;
}

export function fetchResponsibilities(language: Language, signal?: AbortSignal): Promise<Responsibility[]> {
  return allPages('/api/v1/catalogue/responsibilities', language, isResponsibility, signal);
}

export interface ResponsibilityInput {
  readonly departmentCode: string;
  readonly certificateTypeCode: string;
  readonly deadline: string;
  readonly paperCount?: number;
}

export function setResponsibility(
  language: Language,
  csrfToken: string,
  input: ResponsibilityInput,
): Promise<Responsibility> {
  return apiRequest('/api/v1/catalogue/responsibilities', {
    language,
    method: 'POST',
    csrfToken,
    body: input,
    accept: isResponsibility,
  });
}

export function removeResponsibility(
  language: Language,
  csrfToken: string,
  typeCode: string,
  departmentCode: string,
): Promise<void> {
  return apiRequest(
    `/api/v1/catalogue/responsibilities/${encodeURIComponent(typeCode)}/${encodeURIComponent(departmentCode)}`,
    { language, method: 'DELETE', csrfToken, empty: true, accept: (_: unknown): _ is undefined => true },
  );
}

/** Where a type is accepted (用证场景): a matter, a venue, or both. */
export interface Scenario {
  readonly id: string;
  readonly certificateTypeCode: string;
  readonly matterCode?: string;
  readonly venue?: string;
  readonly description: string;
  readonly createdAt: string;
}

function isScenario(value: unknown): value is Scenario {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.certificateTypeCode) &&
    (value.matterCode === undefined || isString(value.matterCode)) &&
    (value.venue === undefined || isString(value.venue)) &&
    isString(value.description) &&
    isString(value.createdAt)
  );
}

export function fetchScenarios(language: Language, signal?: AbortSignal): Promise<Scenario[]> {
  return allPages('/api/v1/catalogue/scenarios', language, isScenario, signal);
}

export interface ScenarioInput {
  readonly certificateTypeCode: string;
  readonly matterCode?: string;
  readonly venue?: string;
  readonly description: string;
}

export function addScenario(language: Language, csrfToken: string, input: ScenarioInput): Promise<Scenario> {
  return apiRequest('/api/v1/catalogue/scenarios', {
    language,
    method: 'POST',
    csrfToken,
    body: input,
    accept: isScenario,
  });
}

export function removeScenario(language: Language, csrfToken: string, id: string): Promise<void> {
  return apiRequest(`/api/v1/catalogue/scenarios/${encodeURIComponent(id)}`, {
    language,
    method: 'DELETE',
    csrfToken,
    empty: true,
    accept: (_: unknown): _ is undefined => true,
  });
}
