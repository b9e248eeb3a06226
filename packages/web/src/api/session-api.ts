import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString, isStringArray } from './api-request.js';

/** A signed-in staff member (`GET`/`POST /api/v1/session`). */
export interface StaffSession {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly organisationCode: string | null;
  /** Echoed in `X-CSRF-Token` on every change. */
  readonly csrfToken: string;
}

export function isStaffSession(value: unknown): value is StaffSession {
  return (
    isObject(value) &&
    isString(value.userId) &&
    isString(value.username) &&
    isStringArray(value.roles) &&
    (value.organisationCode === null || isString(value.organisationCode)) &&
    isString(value.csrfToken)
  );
}

export interface SignInInput {
  readonly username: string;
  readonly password: string;
  /** The current RFC 6238 code from the authenticator app: six digits. */
  readonly totp: string;
}

/** Signs in; the server sets the HttpOnly session cookie and returns the CSRF token. */
export function signIn(language: Language, input: SignInInput): Promise<StaffSession> {
  return apiRequest('/api/v1/session', { language, method: 'POST', body: input, accept: isStaffSession });
}

/** The session of this browser, or an `ApiError` (`ERR_AUTH_SESSION_INVALID`) when there is none. */
export function fetchSession(language: Language, signal?: AbortSignal): Promise<StaffSession> {
  return apiRequest('/api/v1/session', { language, signal, accept: isStaffSession });
}

/** Ends the session (the server clears both cookies). */
export function signOut(language: Language, csrfToken: string): Promise<void> {
  return apiRequest('/api/v1/session', {
    language,
    method: 'DELETE',
    csrfToken,
    empty: true,
    accept: (_body): _body is undefined => true,
  });
}
