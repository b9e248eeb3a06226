import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString, isStringArray } from './api-request.js';
import { isOrganisation, type Organisation } from './organisations-api.js';

/** The scopes and kinds the node knows (server `auth/principal.ts`). */
export const CLIENT_SCOPES = [
  'licence:issue',
  'licence:status',
  'licence:read',
  'verify',
  'catalogue:admin',
  'audit:read',
  'log:witness',
  'kiosk',
] as const;
/**
 * `kiosk`: a self-service terminal (自助终端) is registered here by the administrator with the
 * device public key its set-up screen shows (kiosk-setup.tsx, docs/design/kiosk-device-key.md),
 * so the form must offer that kind and its scope (clients-api.test.ts holds both lists to the API).
 */
export const CLIENT_KINDS = ['department', 'relying-party', 'venue', 'inspector', 'kiosk'] as const;

/** A registered API client as platform administrators see it (no secret, ever). */
export interface ApiClient {
  readonly clientId: string;
  readonly name: string;
  readonly organisationCode: string;
  readonly kind: string;
  readonly scopes: readonly string[];
  readonly licenceTypes: '*' | readonly string[];
  readonly publicKeys: ReadonlyArray<{ readonly keyId: string; readonly suite: string; readonly pem: string }>;
  readonly hasSecret: boolean;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function isApiClient(value: unknown): value is ApiClient {
  return (
    isObject(value) &&
    isString(value.clientId) &&
    isString(value.name) &&
    isString(value.organisationCode) &&
    isString(value.kind) &&
    isStringArray(value.scopes) &&
    (value.licenceTypes === '*' || isStringArray(value.licenceTypes)) &&
    Array.isArray(value.publicKeys) &&
    typeof value.hasSecret === 'boolean' &&
    (value.status === 'active' || value.status === 'disabled') &&
    isString(value.createdAt)
  );
}

const isClientPage = (value: unknown): value is { items: ApiClient[]; next: string | null } =>
  isObject(value) &&
  Array.isArray(value.items) &&
  value.items.every(isApiClient) &&
  (value.next === null || isString(value.next));

/** Every registered client, following the pages. */
export async function fetchClients(language: Language, signal?: AbortSignal): Promise<ApiClient[]> {
  const all: ApiClient[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest('/api/v1/clients', {
      language,
      query: { after, limit: '200' },
      signal,
      accept: isClientPage,
    });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return all;
}

export interface ClientRegistration {
  readonly name: string;
  readonly organisationCode: string;
  readonly kind: string;
  readonly scopes: readonly string[];
  readonly licenceTypes: '*' | readonly string[];
  readonly publicKeys?: readonly string[];
  readonly withSecret?: boolean;
}

/** The registered client, and its secret when one was asked for (shown once, stored hashed). */
export interface RegisteredClient {
  readonly client: ApiClient;
  readonly clientSecret?: string;
}

const isRegistered = (value: unknown): value is RegisteredClient =>
  isObject(value) && isApiClient(value.client) && (value.clientSecret === undefined || isString(value.clientSecret));

export function registerClient(
  language: Language,
  csrfToken: string,
  input: ClientRegistration,
): Promise<RegisteredClient> {
  return apiRequest('/api/v1/clients', { language, method: 'POST', csrfToken, body: input, accept: isRegistered });
}

export function disableClient(language: Language, csrfToken: string, clientId: string): Promise<ApiClient> {
  return apiRequest(`/api/v1/clients/${encodeURIComponent(clientId)}/disable`, {
    language,
    method: 'POST',
    csrfToken,
    body: {},
    accept: isApiClient,
  });
}

const isReplacedSecret = (value: unknown): value is { client: ApiClient; clientSecret: string } =>
  isObject(value) && isApiClient(value.client) && isString(value.clientSecret);

/** A new secret for the client (the old one stops working at once); shown once. */
export function replaceClientSecret(
  language: Language,
  csrfToken: string,
  clientId: string,
): Promise<{ client: ApiClient; clientSecret: string }> {
  return apiRequest(`/api/v1/clients/${encodeURIComponent(clientId)}/secret`, {
    language,
    method: 'POST',
    csrfToken,
    body: {},
    accept: isReplacedSecret,
  });
}

const isOrganisationPage = (value: unknown): value is { items: Organisation[]; next?: string | null } =>
  isObject(value) &&
  Array.isArray(value.items) &&
  value.items.every(isOrganisation) &&
  (value.next === undefined || value.next === null || isString(value.next));

/** Every registered organisation, departments and relying parties alike (a client acts for one). */
export async function fetchOrganisations(language: Language, signal?: AbortSignal): Promise<Organisation[]> {
  const all: Organisation[] = [];
  let after: string | undefined;
  do {
    const page = await apiRequest('/api/v1/organisations', {
      language,
      query: { after, limit: '500' },
      signal,
      accept: isOrganisationPage,
    });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return all;
}
