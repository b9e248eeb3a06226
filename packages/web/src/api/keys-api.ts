import { type Language, SUITE_NAMES } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** An issuer's signing key as the node publishes it (`GET /api/v1/issuers/{uscc}/keys`). */
export interface IssuerKey {
  readonly keyId: string;
  readonly suite: string;
  readonly publicKeyPem: string;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly status: 'active' | 'retired' | 'revoked';
  readonly revokedAt?: string;
  /** Only in administrators' answers (generate, rotate, retire, revoke). */
  readonly custody?: string;
  readonly revocationReason?: string;
}

/** The signature suites a node-held key may use (SM2 with SM3 first: the national standard). */
export const SUITES = SUITE_NAMES;

export function isIssuerKey(value: unknown): value is IssuerKey {
  return (
    isObject(value) &&
    isString(value.keyId) &&
    isString(value.suite) &&
    isString(value.publicKeyPem) &&
    isString(value.validFrom) &&
    (value.status === 'active' || value.status === 'retired' || value.status === 'revoked')
  );
}

const isKeyList = (value: unknown): value is IssuerKey[] => Array.isArray(value) && value.every(isIssuerKey);

const keysPath = (uscc: string) => `/api/v1/issuers/${encodeURIComponent(uscc)}/keys`;

/**
 * Every key of an issuer, whatever its status (public: verifiers need them). The node lets
 * caches keep the list five minutes; administrators, who have just changed it, revalidate.
 */
export function fetchIssuerKeys(language: Language, uscc: string, signal?: AbortSignal): Promise<IssuerKey[]> {
  return apiRequest(keysPath(uscc), { language, signal, cache: 'no-cache', accept: isKeyList });
}

/** Generates a signing key held by the node (its private key sealed at rest). */
export function generateIssuerKey(
  language: Language,
  csrfToken: string,
  uscc: string,
  suite: string,
): Promise<IssuerKey> {
  return apiRequest(keysPath(uscc), {
    language,
    method: 'POST',
    csrfToken,
    body: { custody: 'node', suite },
    accept: isIssuerKey,
  });
}

const isRotation = (value: unknown): value is { key: IssuerKey; retired?: IssuerKey } =>
  isObject(value) && isIssuerKey(value.key) && (value.retired === undefined || isIssuerKey(value.retired));

/** A new node-held key; the active one is retired (it still verifies what it signed). */
export function rotateIssuerKey(
  language: Language,
  csrfToken: string,
  uscc: string,
  suite: string,
): Promise<{ key: IssuerKey; retired?: IssuerKey }> {
  return apiRequest(`${keysPath(uscc)}/rotate`, {
    language,
    method: 'POST',
    csrfToken,
    body: { suite },
    accept: isRotation,
  });
}

export function retireIssuerKey(
  language: Language,
  csrfToken: string,
  uscc: string,
  keyId: string,
): Promise<IssuerKey> {
  return apiRequest(`${keysPath(uscc)}/${encodeURIComponent(keyId)}/retire`, {
    language,
    method: 'POST',
    csrfToken,
    accept: isIssuerKey,
  });
}

/** Revokes a compromised key: what it signed no longer verifies from that moment. */
export function revokeIssuerKey(
  language: Language,
  csrfToken: string,
  uscc: string,
  keyId: string,
  reason: string,
): Promise<IssuerKey> {
  return apiRequest(`${keysPath(uscc)}/${encodeURIComponent(keyId)}/revoke`, {
    language,
    method: 'POST',
    csrfToken,
    body: { reason },
    accept: isIssuerKey,
  });
}
