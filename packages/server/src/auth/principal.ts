/**
 * Who is calling (docs/design/server-conventions.md, "Principals and authorisation"). The auth
 * plugin puts one on every request (`request.principal`) before any handler runs.
 */

/** OAuth 2 scopes a registered client may hold (RFC 6749 §3.3). One list: nothing else enumerates them. */
export const SCOPES = [
  'licence:issue',
  'licence:status',
  'licence:read',
  'verify',
  'catalogue:admin',
  'audit:read',
  'log:witness',
  'kiosk',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Roles of staff users who sign in to the web UI. `counter-clerk` (窗口人员) serves applicants
 * at a relying party's service counter: it prefills matters with grants given to its
 * organisation's relying-party clients (docs/design/counter-prefill.md).
 */
export const STAFF_ROLES = [
  'catalogue-admin',
  'department-operator',
  'auditor',
  'platform-admin',
  'counter-clerk',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The kinds of registered API clients. */
export const CLIENT_KINDS = ['department', 'relying-party', 'venue', 'inspector', 'kiosk'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export interface ClientPrincipal {
  readonly kind: 'client';
  readonly clientId: string;
  /** The client's organisation (USCC): the issuer it may act for. */
  readonly organisationCode: string;
  /** The scopes of the access token (a subset of the client's). */
  readonly scopes: readonly Scope[];
  /** Licence type codes it may act on, or every type. */
  readonly licenceTypes: readonly string[] | '*';
}

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly userId: string;
  readonly username: string;
  /** The staff member's organisation (USCC), or null for platform staff. */
  readonly organisationCode: string | null;
  readonly roles: readonly StaffRole[];
}

/**
 * A holder signed in through an identity provider (issue 5): a person (citizen ID …), or an
 * organisation (USCC, type `001`) when a person signed in and switched to act for it as its
 * legal representative — then `representative` names that person. Either way the holder
 * code is whose licences, grants and records the request concerns.
 */
export interface HolderPrincipal {
  readonly kind: 'holder';
  readonly holderCodeType: string;
  readonly holderCode: string;
  /** The person acting for the organisation; absent when a person acts as themself. */
  readonly representative?: { readonly holderCodeType: string; readonly holderCode: string } | undefined;
}

export type Principal = AnonymousPrincipal | ClientPrincipal | StaffPrincipal | HolderPrincipal;

export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export function isClientKind(value: unknown): value is ClientKind {
  return typeof value === 'string' && (CLIENT_KINDS as readonly string[]).includes(value);
}

/**
 * The `actor` of a domain event or audit record: `client:<id>`, `staff:<id>`, `anonymous`.
 * A holder appears only as `holder` (never the holder code in clear; the audit details carry
 * its keyed hash when needed).
 *
 * @example actorOf(request.principal) // 'client:cl_8f2a…'
 */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'client':
      return `client:${principal.clientId}`;
    case 'staff':
      return `staff:${principal.userId}`;
    case 'holder':
      return 'holder';
    case 'anonymous':
      return 'anonymous';
  }
}

/** How a principal is named in a refusal message (no secrets, no personal data). */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'client':
      return `client ${principal.clientId} (scopes: ${principal.scopes.join(' ') || 'none'})`;
    case 'staff':
      return `staff user ${principal.username} (roles: ${principal.roles.join(', ') || 'none'})`;
    case 'holder':
      return 'a holder';
    case 'anonymous':
      return 'an anonymous caller';
  }
}

/**
 * {@link describePrincipal} in Chinese, for the Chinese refusal (ERR_AUTH_FORBIDDEN): the
 * English one put "client … (scopes: …)" inside a Chinese sentence. Scopes and roles stay codes:
 * they are what the administrator grants (Administration → Clients, staff accounts).
 *
 * @example describePrincipalZh({ kind: 'client', clientId: 'c1', scopes: ['verify'], … }) // '客户端 c1（权限范围：verify）'
 */
export function describePrincipalZh(principal: Principal): string {
  switch (principal.kind) {
    case 'client':
      return `客户端 ${principal.clientId}（权限范围：${principal.scopes.join(' ') || '无'}）`;
    case 'staff':
      return `工作人员 ${principal.username}（角色：${principal.roles.join('、') || '无'}）`;
    case 'holder':
      return '持证主体';
    case 'anonymous':
      return '匿名调用方';
  }
}
