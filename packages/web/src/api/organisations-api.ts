import type { Language } from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';

/** A department or relying party (`GET /api/v1/organisations`): public registry facts. */
export interface Organisation {
  readonly code: string;
  readonly name: Label;
  readonly kind: string;
  readonly level: string;
  readonly areaCode: string;
}

export function isOrganisation(value: unknown): value is Organisation {
  return (
    isObject(value) &&
    isString(value.code) &&
    isLabel(value.name) &&
    isString(value.kind) &&
    isString(value.level) &&
    isString(value.areaCode)
  );
}

const isOrganisationPage = (value: unknown): value is { items: Organisation[]; next?: string } =>
  isObject(value) &&
  Array.isArray(value.items) &&
  value.items.every(isOrganisation) &&
  (value.next === undefined || value.next === null || isString(value.next));

/** Every department (issuers), following the pages to the end. */
export async function fetchDepartments(language: Language, signal?: AbortSignal): Promise<Organisation[]> {
  const all: Organisation[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest('/api/v1/organisations', {
      language,
      query: { kind: 'department', after, limit: '500' },
      signal,
      accept: isOrganisationPage,
    });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return all;
}
