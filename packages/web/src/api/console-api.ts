import { type Language, type LicenceType, parseLicenceType } from '@hutong/core';
import type { IssueRequest } from '../console/licence-form.js';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';
import type { LicenceDocument } from './library-api.js';

/** A type a department is responsible for issuing (`GET /api/v1/catalogue/responsibilities`). */
export interface Responsibility {
  readonly certificateTypeCode: string;
  readonly typeName: Label;
  readonly departmentName: Label;
}

function isResponsibilityPage(value: unknown): value is { items: Responsibility[]; next?: string } {
  return (
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every(
      (item) =>
        isObject(item) && isString(item.certificateTypeCode) && isLabel(item.typeName) && isLabel(item.departmentName),
    ) &&
    (value.next === undefined || isString(value.next))
  );
}

/** Every type on the responsibility list of `departmentCode`. */
export async function fetchResponsibilities(
  language: Language,
  departmentCode: string,
  signal?: AbortSignal,
): Promise<Responsibility[]> {
  const all: Responsibility[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest('/api/v1/catalogue/responsibilities', {
      language,
      query: { departmentCode, after, limit: '100' },
      signal,
      accept: isResponsibilityPage,
    });
    all.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return all;
}

/** A licence type in force, parsed by core (so the form checks values exactly as issuance will). */
export async function fetchParsedType(language: Language, code: string, signal?: AbortSignal): Promise<LicenceType> {
  const document = await apiRequest(`/api/v1/catalogue/types/${encodeURIComponent(code)}`, {
    language,
    signal,
    accept: isObject,
  });
  return parseLicenceType(document);
}

export interface IssuedLicence {
  readonly identifier: string;
  readonly outcome: 'issued' | 'existing';
  readonly licence: LicenceDocument;
}

function isIssued(value: unknown): value is IssuedLicence {
  return (
    isObject(value) &&
    isString(value.identifier) &&
    (value.outcome === 'issued' || value.outcome === 'existing') &&
    isObject(value.licence)
  );
}

/** `POST /api/v1/licences` as the signed-in operator; a retry with the same key returns the first answer. */
export function issueLicence(
  language: Language,
  csrfToken: string,
  request: IssueRequest,
  idempotencyKey: string,
): Promise<IssuedLicence> {
  return apiRequest('/api/v1/licences', {
    language,
    method: 'POST',
    csrfToken,
    body: request,
    headers: { 'idempotency-key': idempotencyKey },
    accept: isIssued,
  });
}

export interface RecordedEvent {
  readonly identifier: string;
  readonly previousStatus: string;
  readonly status: string;
}

function isRecorded(value: unknown): value is RecordedEvent {
  return isObject(value) && isString(value.identifier) && isString(value.previousStatus) && isString(value.status);
}

/** `POST /api/v1/licences/{id}/events`: a lifecycle event with its reason. */
export function recordLicenceEvent(
  language: Language,
  csrfToken: string,
  identifier: string,
  event: Readonly<Record<string, string>>,
): Promise<RecordedEvent> {
  return apiRequest(`/api/v1/licences/${encodeURIComponent(identifier)}/events`, {
    language,
    method: 'POST',
    csrfToken,
    body: event,
    accept: isRecorded,
  });
}
