import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** The signed licence document (`hutong-licence/1`) as the library presents it. */
export interface LicenceDocument {
  readonly format: string;
  /** GB/T 36903 metadata; dates `yyyyMMdd`. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly face: Readonly<Record<string, string | number | boolean>>;
  readonly proof: { readonly suite: string; readonly created: string };
}

export interface LicenceHit {
  readonly licence: LicenceDocument;
  readonly status: string;
}

export interface LicencePage {
  readonly items: readonly LicenceHit[];
  /** Keyset paging: pass back as `cursor` for the next page; absent on the last. */
  readonly nextCursor?: string;
}

export interface Encumbrance {
  readonly id: string;
  readonly kind: 'mortgage' | 'pledge';
  readonly creditor?: string;
  readonly start: string;
  readonly end?: string;
  readonly releasedAt?: string;
}

export interface LicenceVersionSummary {
  readonly identifier: string;
  readonly version: string;
  readonly status: string;
  readonly issuedAt: string;
}

/** `GET /api/v1/licences/{identifier}`. */
export interface LicenceView {
  readonly licence: LicenceDocument;
  readonly status: {
    readonly status: string;
    readonly expiringDate?: string;
    readonly suspendedBy?: readonly string[];
    readonly updatedAt: string;
  };
  readonly encumbrances: readonly Encumbrance[];
  readonly versions: readonly LicenceVersionSummary[];
}

export interface StatusHistoryEvent {
  readonly identifier: string;
  readonly seq: number;
  readonly type: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

/** `GET /api/v1/licences/{identifier}/history`. */
export interface LicenceHistory {
  readonly versions: readonly LicenceVersionSummary[];
  readonly events: readonly StatusHistoryEvent[];
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every(isString);

export function isLicenceDocument(value: unknown): value is LicenceDocument {
  return (
    isObject(value) &&
    isString(value.format) &&
    isStringRecord(value.metadata) &&
    isObject(value.face) &&
    isObject(value.proof) &&
    isString(value.proof.suite)
  );
}

const isVersionSummary = (value: unknown): value is LicenceVersionSummary =>
  isObject(value) &&
  isString(value.identifier) &&
  isString(value.version) &&
  isString(value.status) &&
  isString(value.issuedAt);

export function isLicencePage(value: unknown): value is LicencePage {
  return (
    isObject(value) &&
    Array.isArray(value.items) &&
    value.items.every((item) => isObject(item) && isLicenceDocument(item.licence) && isString(item.status)) &&
    (value.nextCursor === undefined || isString(value.nextCursor))
  );
}

export function isLicenceView(value: unknown): value is LicenceView {
  return (
    isObject(value) &&
    isLicenceDocument(value.licence) &&
    isObject(value.status) &&
    isString(value.status.status) &&
    Array.isArray(value.encumbrances) &&
    value.encumbrances.every((e) => isObject(e) && isString(e.id) && isString(e.kind) && isString(e.start)) &&
    Array.isArray(value.versions) &&
    value.versions.every(isVersionSummary)
  );
}

export function isLicenceHistory(value: unknown): value is LicenceHistory {
  return (
    isObject(value) &&
    Array.isArray(value.versions) &&
    value.versions.every(isVersionSummary) &&
    Array.isArray(value.events) &&
    value.events.every(
      (e) =>
        isObject(e) &&
        isString(e.type) &&
        typeof e.seq === 'number' &&
        isString(e.from) &&
        isString(e.to) &&
        isString(e.at) &&
        isObject(e.event),
    )
  );
}

/** What to look for: by holder (code + code type, optionally one type), by type, or by issuer. */
export interface LicenceSearch {
  readonly holderCode?: string | undefined;
  readonly holderCodeType?: string | undefined;
  readonly typeCode?: string | undefined;
  readonly issuerCode?: string | undefined;
}

/** Page size of the library scene. */
export const LIBRARY_PAGE_SIZE = 20;

/**
 * One page of licences. Every read states its use cause (用证事由, GB/T 36906 sharing
 * interface: ≤ 200 characters, recorded in the usage record).
 */
export function findLicences(
  language: Language,
  search: LicenceSearch,
  useCause: string,
  options: { readonly cursor?: string | undefined; readonly signal?: AbortSignal | undefined } = {},
): Promise<LicencePage> {
  return apiRequest('/api/v1/licences', {
    language,
    query: { ...search, useCause, cursor: options.cursor, limit: String(LIBRARY_PAGE_SIZE) },
    signal: options.signal,
    accept: isLicencePage,
  });
}

/** A licence with its status, encumbrances and versions. */
export function fetchLicence(
  language: Language,
  identifier: string,
  useCause: string,
  signal?: AbortSignal,
): Promise<LicenceView> {
  return apiRequest(`/api/v1/licences/${encodeURIComponent(identifier)}`, {
    language,
    query: { useCause },
    signal,
    accept: isLicenceView,
  });
}

/** The versions and status history of a licence. */
export function fetchLicenceHistory(
  language: Language,
  identifier: string,
  useCause: string,
  signal?: AbortSignal,
): Promise<LicenceHistory> {
  return apiRequest(`/api/v1/licences/${encodeURIComponent(identifier)}/history`, {
    language,
    query: { useCause },
    signal,
    accept: isLicenceHistory,
  });
}
