/**
 * The node's verification routes as the verifier uses them: the public check of the
 * verification page (anonymous), and, for a venue's or an inspector's device signed in with
 * its API client credentials (OAuth 2 client credentials, RFC 6749 §4.4), entry registration
 * and on-site inspection (packages/server/src/venues/README.md).
 */
import type { Language } from '@hutong/core';
import type { NamedCheck, OnlineStatus } from '../verifier/describe-verdict.js';
import { apiDownload, apiRequest, type DownloadedFile, isObject, isString } from './api-request.js';

const isCheck = (value: unknown): value is NamedCheck =>
  isObject(value) && isString(value.name) && typeof value.ok === 'boolean' && isString(value.reason);

const isOnlineStatus = (value: unknown): value is OnlineStatus =>
  isObject(value) &&
  typeof value.valid === 'boolean' &&
  Array.isArray(value.checks) &&
  value.checks.every(isCheck) &&
  (value.currentStatus === undefined || (isObject(value.currentStatus) && isString(value.currentStatus.status)));

/** `POST /api/v1/verify/public`: the current status of the licence of a genuine, current code. */
export function checkPublicly(code: string, language: Language): Promise<OnlineStatus> {
  return apiRequest('/api/v1/verify/public', {
    language,
    method: 'POST',
    body: { code },
    accept: isOnlineStatus,
  });
}

/** A device's sign-in: the access token of an API client, and when it runs out. */
export interface ClientSession {
  readonly clientId: string;
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const isToken = (value: unknown): value is { access_token: string; expires_in: number } =>
  isObject(value) && isString(value.access_token) && typeof value.expires_in === 'number';

/**
 * `POST /api/v1/oauth/token` with the client's id and secret, or with a client assertion signed
 * by its registered key (RFC 7523 §2.2, `private_key_jwt`: a kiosk's device key).
 */
export async function signInClient(
  clientId: string,
  credential: string | { readonly assertion: string },
  language: Language,
  now = Date.now(),
): Promise<ClientSession> {
  const token = await apiRequest('/api/v1/oauth/token', {
    language,
    method: 'POST',
    form: {
      grant_type: 'client_credentials',
      client_id: clientId,
      ...(typeof credential === 'string'
        ? { client_secret: credential }
        : {
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: credential.assertion,
          }),
    },
    accept: isToken,
  });
  return { clientId, accessToken: token.access_token, expiresAt: now + token.expires_in * 1000 };
}

const bearer = (session: ClientSession) => ({ authorization: `Bearer ${session.accessToken}` });

/**
 * `DELETE /api/v1/oauth/token`: the device signs out by revoking its token on the server, so a
 * copy of it (a shared terminal, a lost phone) stops working at once rather than at expiry.
 */
export function signOutClient(session: ClientSession, language: Language): Promise<void> {
  return apiRequest('/api/v1/oauth/token', {
    language,
    method: 'DELETE',
    headers: bearer(session),
    accept: (_body): _body is undefined => true,
    empty: true,
  });
}

export interface RegisterField {
  readonly key: string;
  readonly label: string;
  readonly value: string | number | boolean;
  readonly masked: boolean;
}

export interface VenueEntry {
  readonly id: string;
  readonly enteredAt: string;
  readonly identifier: string;
  readonly typeCode: string;
  readonly fields: readonly RegisterField[];
  readonly useCause: string;
}

const isEntry = (value: unknown): value is VenueEntry =>
  isObject(value) &&
  isString(value.id) &&
  isString(value.enteredAt) &&
  isString(value.identifier) &&
  isString(value.typeCode) &&
  Array.isArray(value.fields) &&
  isString(value.useCause);

/**
 * `POST /api/v1/venue/entries`: the code verified online and the entry recorded once. The
 * idempotency key makes a retry after a lost answer return the same entry.
 */
export function registerEntry(
  session: ClientSession,
  code: string,
  idempotencyKey: string,
  language: Language,
): Promise<{ entry: VenueEntry }> {
  return apiRequest('/api/v1/venue/entries', {
    language,
    method: 'POST',
    body: { code },
    headers: { ...bearer(session), 'idempotency-key': idempotencyKey },
    accept: (value): value is { entry: VenueEntry } => isObject(value) && isEntry(value.entry),
  });
}

export interface VenueRegister {
  readonly date: string;
  readonly venue: string;
  readonly entries: readonly VenueEntry[];
}

/** `GET /api/v1/venue/entries`: today's register of the venue (China Standard Time). */
export function fetchVenueRegister(session: ClientSession, language: Language): Promise<VenueRegister> {
  return apiRequest('/api/v1/venue/entries', {
    language,
    headers: bearer(session),
    accept: (value): value is VenueRegister =>
      isObject(value) &&
      isString(value.date) &&
      isString(value.venue) &&
      Array.isArray(value.entries) &&
      value.entries.every(isEntry),
  });
}

/** `GET /api/v1/venue/entries.csv`: today's register as a CSV file (the node names it `entries-<venue>-<date>.csv`). */
export function downloadVenueRegisterCsv(session: ClientSession, language: Language): Promise<DownloadedFile> {
  return apiDownload('/api/v1/venue/entries.csv', {
    language,
    headers: bearer(session),
    mediaType: 'text/csv',
    fallbackName: 'entries.csv',
  });
}

export const INSPECTION_RESULTS = ['pass', 'issues-found', 'closed'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export interface Inspection {
  readonly id: string;
  readonly identifier: string;
  readonly result: string;
  readonly place: string;
  readonly inspectedAt: string;
  readonly codeValid: boolean;
  readonly failedChecks: readonly string[];
  readonly licenceStatus?: string;
}

/** `POST /api/v1/inspections`: the result recorded against the licence with the verdict it rests on. */
export function recordInspection(
  session: ClientSession,
  input: { readonly code: string; readonly result: InspectionResult; readonly place: string; readonly notes?: string },
  idempotencyKey: string,
  language: Language,
): Promise<{ inspection: Inspection }> {
  return apiRequest('/api/v1/inspections', {
    language,
    method: 'POST',
    body: input,
    headers: { ...bearer(session), 'idempotency-key': idempotencyKey },
    accept: (value): value is { inspection: Inspection } =>
      isObject(value) &&
      isObject(value.inspection) &&
      isString(value.inspection.id) &&
      isString(value.inspection.result) &&
      typeof value.inspection.codeValid === 'boolean',
  });
}
