import type { Language } from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';
import type { FormValue, PrefilledForm } from './matters-api.js';
import { type ClientSession, signInClient, signOutClient } from './verify-api.js';

/**
 * The self-service kiosk's calls (`/api/v1/kiosk/sessions…`, docs/design/matters.md "Self-service").
 * A kiosk is a registered API client of kind `kiosk` (scope `kiosk`): the terminal holds its
 * client id and a device key (kiosk-device-key.ts, docs/design/kiosk-device-key.md), takes an
 * OAuth 2 access token with a client assertion signed by it (RFC 6749 §4.4 client credentials,
 * RFC 7523 `private_key_jwt`) and sends it as a bearer token. It never uses a staff or holder session.
 */
export interface KioskCredentials {
  readonly clientId: string;
  /** A fresh client assertion for each token request (each is accepted once). */
  readonly assertion: (language: Language) => Promise<string>;
}

export interface OfferedLicence {
  readonly identifier: string;
  readonly version: string;
  readonly typeCode: string;
  readonly typeName: string;
  /** The type's name in both languages (the catalogue's). */
  readonly typeLabel: Label;
  readonly issuerCode: string;
  readonly issuerName: string;
  readonly issuerLabel: Label;
}

export interface KioskSession {
  readonly id: string;
  readonly matter: { readonly code: string; readonly version: number; readonly name: Label };
  readonly state: 'started' | 'identified' | 'consented' | 'submitted';
  readonly expiresAt: string;
  readonly offered?: readonly OfferedLicence[];
  readonly form?: PrefilledForm;
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
      (Array.isArray(value.offered) &&
        value.offered.every(
          (o) => isObject(o) && isString(o.identifier) && isLabel(o.typeLabel) && isLabel(o.issuerLabel),
        ))) &&
    (value.form === undefined ||
      (isObject(value.form) && Array.isArray(value.form.fields) && isObject(value.form.missing))) &&
    (value.result === undefined || (isObject(value.result) && isString(value.result.identifier)))
  );
}

/**
 * The terminal's connection to the node: it takes a token when it has none or when the one it
 * has is within a minute of lapsing, and sends it with every kiosk call.
 */
export class KioskTerminal {
  private token: ClientSession | undefined;

  constructor(private readonly credentials: KioskCredentials) {}

  /** Takes a token now: the setup screen's check that the credentials work. */
  async connect(language: Language): Promise<void> {
    // The same client sign-in as a venue's or an inspector's device (verify-api.ts).
    this.token = await signInClient(
      this.credentials.clientId,
      { assertion: await this.credentials.assertion(language) },
      language,
    );
  }

  /** The terminal is taken out of service: its token is revoked on the server (device sign-out). */
  async disconnect(language: Language): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (token !== undefined && token.expiresAt > Date.now()) await signOutClient(token, language);
  }

  private async authorization(language: Language): Promise<string> {
    if (this.token === undefined || this.token.expiresAt - Date.now() < 60_000) await this.connect(language);
    return `Bearer ${(this.token as ClientSession).accessToken}`;
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

  /** `committed`: the keys of the materials the holder committed to on the form (告知承诺). */
  submit(
    language: Language,
    id: string,
    values: Readonly<Record<string, FormValue>>,
    committed: readonly string[] = [],
  ): Promise<KioskSession> {
    const materials = Object.fromEntries(committed.map((key) => [key, { kind: 'commitment' as const }]));
    return this.call(language, `/api/v1/kiosk/sessions/${encodeURIComponent(id)}/submit`, {
      values,
      ...(committed.length === 0 ? {} : { materials }),
    });
  }
}
