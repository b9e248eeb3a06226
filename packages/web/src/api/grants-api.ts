import type { CounterGrant, Language } from '@hutong/core';
import { apiRequest, isObject, isString, isStringArray, withQuery } from './api-request.js';
import type { Label } from './catalogue-api.js';

/**
 * A holder's grants (用证授权) and usage records (用证记录), as `/api/v1/me/grants…`,
 * `/api/v1/relying-parties` and `/api/v1/me/usage-records` carry them (the server's
 * grants/grant.ts and list-usage-records.ts). Every call rides the holder's session cookie;
 * changes send its CSRF token.
 */
export interface Grant {
  readonly id: string;
  readonly relyingParty: { readonly clientId: string; readonly organisationCode: string };
  readonly licences: { readonly typeCodes: readonly string[]; readonly identifiers: readonly string[] };
  readonly matterCode: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly status: 'active' | 'revoked' | 'expired';
  readonly revokedAt?: string;
  readonly createdAt: string;
  /** Where the signed consent receipt downloads from. */
  readonly receiptUrl: string;
}

export interface GrantInput {
  readonly clientId: string;
  readonly typeCodes?: readonly string[];
  readonly identifiers?: readonly string[];
  readonly matterCode: string;
  readonly purpose: string;
  /** RFC 3339. */
  readonly validUntil: string;
}

export interface RelyingParty {
  readonly clientId: string;
  readonly name: string;
  readonly organisationCode: string;
  readonly organisationName?: Label;
}

export interface UsageRecord {
  readonly id: string;
  readonly at: string;
  readonly relyingParty: { readonly clientId: string; readonly organisationCode: string; readonly name?: string };
  readonly identifier: string;
  readonly typeCode: string;
  readonly via: 'grant' | 'show-code';
  readonly grantId?: string;
  readonly useCause: string;
  readonly fields: readonly string[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

export function isGrant(value: unknown): value is Grant {
  return (
    isObject(value) &&
    isString(value.id) &&
    isObject(value.relyingParty) &&
    isString(value.relyingParty.clientId) &&
    isObject(value.licences) &&
    isStringArray(value.licences.typeCodes) &&
    isStringArray(value.licences.identifiers) &&
    isString(value.matterCode) &&
    isString(value.purpose) &&
    isString(value.validUntil) &&
    isString(value.status) &&
    isString(value.receiptUrl)
  );
}

function isUsageRecord(value: unknown): value is UsageRecord {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.at) &&
    isObject(value.relyingParty) &&
    isString(value.relyingParty.clientId) &&
    isString(value.identifier) &&
    isString(value.typeCode) &&
    isString(value.via) &&
    isString(value.useCause) &&
    isStringArray(value.fields)
  );
}

function pageOf<T>(item: (value: unknown) => value is T) {
  return (value: unknown): value is Page<T> =>
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every(item) &&
    (value.nextCursor === undefined || isString(value.nextCursor));
}

export function fetchMyGrants(language: Language, cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest(withQuery('/api/v1/me/grants', { limit: '50', cursor }), {
    language,
    signal,
    accept: pageOf(isGrant),
  });
}

export async function fetchRelyingParties(language: Language, signal?: AbortSignal): Promise<readonly RelyingParty[]> {
  const answer = await apiRequest('/api/v1/relying-parties', {
    language,
    signal,
    accept: (value): value is { items: RelyingParty[] } =>
      isObject(value) &&
      Array.isArray(value.items) &&
      value.items.every((r) => isObject(r) && isString(r.clientId) && isString(r.name)),
  });
  return answer.items;
}

/** `POST /api/v1/me/grants`; the key makes a retried click answer the first grant, never a second one. */
export function createGrant(
  language: Language,
  csrfToken: string,
  input: GrantInput,
  idempotencyKey: string,
): Promise<Grant> {
  return apiRequest('/api/v1/me/grants', {
    language,
    method: 'POST',
    csrfToken,
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
    accept: isGrant,
  });
}

/** `POST /api/v1/me/grants/{id}/revoke`: immediate, and idempotent on the server. */
export function revokeGrant(language: Language, csrfToken: string, id: string): Promise<Grant> {
  return apiRequest(`/api/v1/me/grants/${encodeURIComponent(id)}/revoke`, {
    language,
    method: 'POST',
    csrfToken,
    body: {},
    accept: isGrant,
  });
}

export function fetchMyUsageRecords(language: Language, cursor: string | undefined, signal?: AbortSignal) {
  return apiRequest(withQuery('/api/v1/me/usage-records', { limit: '50', cursor }), {
    language,
    signal,
    accept: pageOf(isUsageRecord),
  });
}

/**
 * A grant given to the counter clerk's organisation (`GET /api/v1/counter/grants`, the server's
 * grants/list-counter-grants.ts): live ones only, the holder as the consent receipt shows them
 * (a person's code masked). The shape is core's `CounterGrant`, shared with the server.
 */
const isCounterGrant = (value: unknown): value is CounterGrant =>
  isObject(value) &&
  isString(value.id) &&
  isObject(value.relyingParty) &&
  isString(value.relyingParty.name) &&
  isObject(value.holder) &&
  isString(value.holder.maskedCode) &&
  isString(value.matterCode) &&
  isString(value.purpose) &&
  isStringArray(value.typeCodes) &&
  isString(value.validUntil);

/** What the counter picker asks for: a matter, optionally one holder (their full code), a page. */
export interface CounterGrantQuery {
  readonly matterCode: string;
  /** The applicant's full holder code (check character included): the server matches its keyed index. */
  readonly holder?: { readonly holderCodeType: string; readonly holderCode: string };
  /** `nextCursor` of the page before. */
  readonly cursor?: string;
}

/** A page of the live grants of the clerk's organisation for one matter, newest first (100 a page). */
export function fetchCounterGrantPage(
  language: Language,
  query: CounterGrantQuery,
  signal?: AbortSignal,
): Promise<Page<CounterGrant>> {
  return apiRequest(
    withQuery('/api/v1/counter/grants', {
      matterCode: query.matterCode,
      limit: '100',
      cursor: query.cursor,
      holderCodeType: query.holder?.holderCodeType,
      holderCode: query.holder?.holderCode,
    }),
    { language, signal, accept: pageOf(isCounterGrant) },
  );
}
