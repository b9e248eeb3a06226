import type { Language } from '@hutong/core';
import { apiRequest, isLabel, isObject, isString } from './api-request.js';
import type { Label } from './catalogue-api.js';
import { type Encumbrance, isLicenceView, type LicenceView, type StatusHistoryEvent } from './library-api.js';

/** The signed-in holder (`GET /api/v1/holder/me`). */
export interface HolderMe {
  readonly holderCodeType: string;
  readonly holderCode: string;
  readonly holderKind: 'person' | 'organisation';
  readonly person: { readonly holderCodeType: string; readonly holderCode: string; readonly name: string | null };
  readonly csrfToken: string;
  readonly expiresAt: string;
}

function isHolderMe(value: unknown): value is HolderMe {
  return (
    isObject(value) &&
    isString(value.holderCodeType) &&
    isString(value.holderCode) &&
    (value.holderKind === 'person' || value.holderKind === 'organisation') &&
    isObject(value.person) &&
    isString(value.csrfToken) &&
    isString(value.expiresAt)
  );
}

export interface SignInChallenge {
  readonly challengeId: string;
  readonly expiresAt: string;
}

/** Starts a sign-in: the node sends a one-time code (on a demo node, to its development mailbox). */
export function startHolderSignIn(
  language: Language,
  holderCodeType: string,
  holderCode: string,
): Promise<SignInChallenge> {
  return apiRequest('/api/v1/holder/sign-in/start', {
    language,
    method: 'POST',
    body: { holderCodeType, holderCode },
    accept: (value): value is SignInChallenge =>
      isObject(value) && isString(value.challengeId) && isString(value.expiresAt),
  });
}

export interface MailboxMessage {
  readonly to: string;
  readonly code: string;
  readonly text: Label;
  readonly expiresAt: string;
}

/** The development mailbox's messages for a challenge (demo nodes only; elsewhere a 404 `ApiError`). */
export function readDevMailbox(
  language: Language,
  challengeId: string,
  signal?: AbortSignal,
): Promise<MailboxMessage[]> {
  return apiRequest('/api/v1/dev/mailbox', {
    language,
    query: { challengeId },
    signal,
    accept: (value): value is { messages: MailboxMessage[] } =>
      isObject(value) &&
      Array.isArray(value.messages) &&
      value.messages.every((m) => isObject(m) && isString(m.code) && isLabel(m.text) && isString(m.to)),
  }).then((body) => body.messages);
}

/** Finishes the sign-in with the one-time code; the node sets the holder session cookie. */
export function verifyHolderSignIn(language: Language, challengeId: string, code: string): Promise<HolderMe> {
  return apiRequest('/api/v1/holder/sign-in/verify', {
    language,
    method: 'POST',
    body: { challengeId, code },
    accept: isHolderMe,
  });
}

export function fetchHolderMe(language: Language, signal?: AbortSignal): Promise<HolderMe> {
  return apiRequest('/api/v1/holder/me', { language, signal, accept: isHolderMe });
}

export function holderSignOut(language: Language, csrfToken: string): Promise<void> {
  return apiRequest('/api/v1/holder/session', {
    language,
    method: 'DELETE',
    csrfToken,
    accept: (_body): _body is undefined => true,
    empty: true,
  });
}

/** One of the holder's licences, as the card shows it. */
export interface MyLicenceSummary {
  readonly identifier: string;
  readonly typeCode: string;
  readonly typeName: Label;
  readonly category: { readonly code: string; readonly name: string };
  readonly certificateName: string;
  readonly certificateNumber: string;
  readonly issuerName: string;
  readonly holderName: string;
  readonly expiringDate?: string;
  readonly status: string;
}

export interface MyLicencePage {
  readonly items: readonly MyLicenceSummary[];
  readonly nextCursor?: string;
}

function isSummary(value: unknown): value is MyLicenceSummary {
  return (
    isObject(value) &&
    isString(value.identifier) &&
    isString(value.typeCode) &&
    isLabel(value.typeName) &&
    isObject(value.category) &&
    isString(value.category.code) &&
    isString(value.category.name) &&
    isString(value.certificateName) &&
    isString(value.certificateNumber) &&
    isString(value.issuerName) &&
    isString(value.status)
  );
}

export function fetchMyLicences(
  language: Language,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<MyLicencePage> {
  return apiRequest('/api/v1/me/licences', {
    language,
    query: { cursor, limit: '50' },
    signal,
    accept: (value): value is MyLicencePage =>
      isObject(value) &&
      Array.isArray(value.items) &&
      value.items.every(isSummary) &&
      (value.nextCursor === undefined || isString(value.nextCursor)),
  });
}

export interface LabelledFaceField {
  readonly key: string;
  readonly label: Label;
  readonly type: string;
  readonly sensitivity: number;
  readonly value: string | number | boolean | null;
}

export interface LogReceiptView {
  readonly index: number;
  readonly treeSize: number;
  readonly checkpoint: string;
}

/** `GET /api/v1/me/licences/{id}`. */
export interface MyLicenceDetail extends LicenceView {
  readonly typeName: Label;
  readonly category: { readonly code: string; readonly name: string };
  readonly faceFields: readonly LabelledFaceField[];
  readonly history: readonly StatusHistoryEvent[];
  readonly encumbrances: readonly Encumbrance[];
  readonly receipt: LogReceiptView | null;
}

function isDetail(value: unknown): value is MyLicenceDetail {
  return (
    isLicenceView(value) &&
    isObject(value) &&
    isLabel(value.typeName) &&
    Array.isArray(value.faceFields) &&
    value.faceFields.every((f) => isObject(f) && isString(f.key) && isLabel(f.label) && isString(f.type)) &&
    Array.isArray(value.history) &&
    (value.receipt === null || (isObject(value.receipt) && typeof value.receipt.index === 'number'))
  );
}

export function fetchMyLicence(language: Language, identifier: string, signal?: AbortSignal): Promise<MyLicenceDetail> {
  return apiRequest(`/api/v1/me/licences/${encodeURIComponent(identifier)}`, { language, signal, accept: isDetail });
}

/** Where the signed licence (and its printable PDF) downloads from. */
export function myLicenceDownload(identifier: string, format: 'json' | 'pdf'): string {
  return `/api/v1/me/licences/${encodeURIComponent(identifier)}/licence.${format}`;
}

export type Disclosure = string | { readonly key: string; readonly masked: boolean };

export interface ShowCode {
  readonly identifier: string;
  readonly code: string;
  readonly status: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** `POST /api/v1/show-codes`: a fresh show code with the chosen fields. */
export function createShowCode(
  language: Language,
  csrfToken: string,
  request: { readonly identifier: string; readonly purpose: string; readonly disclose: readonly Disclosure[] },
): Promise<ShowCode> {
  return apiRequest('/api/v1/show-codes', {
    language,
    method: 'POST',
    csrfToken,
    body: request,
    accept: (value): value is ShowCode =>
      isObject(value) &&
      isString(value.code) &&
      isString(value.status) &&
      isString(value.issuedAt) &&
      isString(value.expiresAt) &&
      // The screen counts the code's life from these two; a code without a life would be refreshed in a loop.
      Date.parse(value.expiresAt) > Date.parse(value.issuedAt),
  });
}
