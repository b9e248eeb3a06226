import type { Language } from '@hutong/core';
import { ApiError, apiRequest, isLabel, isObject, isProblem, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';

/**
 * The self-service kiosk's calls (`/api/v1/kiosk/sessions…`, docs/design/matters.md "Self-service").
 * A kiosk is a registered API client of kind `kiosk` (scope `kiosk`): the terminal holds its
 * client id and secret, takes an OAuth 2 access token with them (RFC 6749 §4.4, client
 * credentials) and sends it as a bearer token. It never uses a staff or holder session.
 */
export interface KioskCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface OfferedLicence {
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  readonly typeName: string;
  readonly issuerCode: string;
  readonly issuerName: string;
}

export type FormValue = string | number | boolean;

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

export interface KioskForm {
  readonly fields: readonly FilledField[];
  readonly attached: ReadonlyArray<{
    readonly material: string;
    readonly identifier: string;
    readonly typeCode: string;
    readonly typeName?: string;
  }>;
  readonly missing: {
    readonly materials: ReadonlyArray<{ readonly key: string; readonly name: Label; readonly reason: string }>;
    readonly fields: ReadonlyArray<{
      readonly key: string;
      readonly label: Label;
      readonly required: boolean;
      readonly reason: string;
    }>;
  };
  readonly complete: boolean;
}

export interface KioskSession {
  readonly id: string;
  readonly matter: { readonly code: string; readonly version: number; readonly name: Label };
  readonly state: 'started' | 'identified' | 'consented' | 'submitted';
  readonly expiresAt: string;
  readonly offered?: readonly OfferedLicence[];
  readonly form?: KioskForm;
  readonly result?: {
    readonly identifier: string;
    readonly licence?: { readonly metadata: Readonly<Record<string, unknown>> };
  };
}

function isKioskSession(value: unknown): value is KioskSession {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.state) &&
    isString(value.expiresAt) &&
    isObject(value.matter) &&
    isString(value.matter.code) &&
    isLabel(value.matter.name) &&
    (value.offered === undefined ||
      (Array.isArray(value.offered) && value.offered.every((o) => isObject(o) && isString(o.identifier)))) &&
    (value.form === undefined ||
      (isObject(value.form) && Array.isArray(value.form.fields) && isObject(value.form.missing))) &&
    (value.result === undefined || (isObject(value.result) && isString(value.result.identifier)))
  );
}

/** `POST /api/v1/oauth/token` (client_secret_post): the kiosk's access token and when it lapses (ms since epoch). */
export async function requestKioskToken(
  language: Language,
  credentials: KioskCredentials,
): Promise<{ readonly token: string; readonly expiresAt: number }> {
  let response: Response;
  try {
    response = await fetch('/api/v1/oauth/token', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'accept-language': language,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: 'kiosk',
      }).toString(),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError({ kind: 'network' });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && isObject(body) && isString(body.access_token) && typeof body.expires_in === 'number') {
    return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
  }
  if (isProblem(body)) {
    const field = (body as { field?: unknown }).field;
    throw new ApiError({
      kind: 'problem',
      status: response.status,
      detail: body.detail,
      code: body.code,
      ...(typeof field === 'string' ? { field } : {}),
    });
  }
  throw new ApiError({ kind: 'unexpected', status: response.status });
}

/**
 * The terminal's connection to the node: it takes a token when it has none or when the one it
 * has is within a minute of lapsing, and sends it with every kiosk call.
 */
export class KioskTerminal {
  private token: { readonly token: string; readonly expiresAt: number } | undefined;

  constructor(private readonly credentials: KioskCredentials) {}

  /** Takes a token now: the setup screen's check that the credentials work. */
  async connect(language: Language): Promise<void> {
    this.token = await requestKioskToken(language, this.credentials);
  }

  private async authorization(language: Language): Promise<string> {
    if (this.token === undefined || this.token.expiresAt - Date.now() < 60_000) await this.connect(language);
    return `Bearer ${(this.token as { token: string }).token}`;
  }

  private async call(language: Language, path: string, body?: unknown): Promise<KioskSession> {
    return apiRequest(path, {
      language,
      ...(body === undefined ? {} : { method: 'POST' as const, body }),
      headers: { authorization: await this.authorization(language) },
      accept: isKioskSession,
    });
  }

  start(language: Language, matterCode: string): Promise<KioskSession> {
    return this.call(language, '/api/v1/kiosk/sessions', { matterCode });
  }

  read(language: Language, id: string): Promise<KioskSession> {
    return this.call(language, `/api/v1/kiosk/sessions/${encodeURIComponent(id)}`);
  }

  identify(language: Language, id: string, showCode: string): Promise<KioskSession> {
    return this.call(language, `/api/v1/kiosk/sessions/${encodeURIComponent(id)}/identify`, { showCode });
  }

  consent(language: Language, id: string, licences: readonly string[]): Promise<KioskSession> {
    return this.call(language, `/api/v1/kiosk/sessions/${encodeURIComponent(id)}/consent`, { consent: true, licences });
  }

  submit(language: Language, id: string, values: Readonly<Record<string, FormValue>>): Promise<KioskSession> {
    return this.call(language, `/api/v1/kiosk/sessions/${encodeURIComponent(id)}/submit`, { values });
  }
}
