/**
 * The shape of the route-permission table (server-conventions.md): each route states who may
 * call it, and the auth plugin refuses everyone else before the handler runs.
 */
import type { Principal, Scope, StaffRole } from './principal.js';

/**
 * One way to be allowed. A client rule needs ALL its scopes (an alternative is a second rule);
 * a staff rule needs ANY of its roles; `anonymous` lets everyone in.
 */
export type AllowRule =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'client'; readonly scopes: readonly Scope[] }
  | { readonly kind: 'staff'; readonly roles: readonly StaffRole[] }
  | { readonly kind: 'holder' };

export interface RoutePermission {
  readonly allow: readonly AllowRule[];
  /** What the route does, for the OpenAPI document and the matrix test's messages. */
  readonly summary: string;
}

/** `"METHOD /api/v1/path/:param"`: the method and the route's URL pattern exactly as registered. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export type PermissionTable = Readonly<Record<RouteKey, RoutePermission>>;

/**
 * The key of a route. HEAD routes (Fastify adds one per GET) share their GET's permission.
 *
 * @example routeKey('GET', '/api/v1/licences/:id') // 'GET /api/v1/licences/:id'
 */
export function routeKey(method: string, url: string): string {
  const upper = method.toUpperCase();
  return `${upper === 'HEAD' ? 'GET' : upper} ${url}`;
}

/** True when `principal` satisfies `rule`. */
export function ruleAdmits(rule: AllowRule, principal: Principal): boolean {
  switch (rule.kind) {
    case 'anonymous':
      return true;
    case 'client':
      return principal.kind === 'client' && rule.scopes.every((scope) => principal.scopes.includes(scope));
    case 'staff':
      return principal.kind === 'staff' && rule.roles.some((role) => principal.roles.includes(role));
    case 'holder':
      return principal.kind === 'holder';
  }
}

/** True when any rule of the permission admits the principal. */
export function permits(permission: RoutePermission, principal: Principal): boolean {
  return permission.allow.some((rule) => ruleAdmits(rule, principal));
}

/**
 * Merges the domains' tables into one; a route listed twice is a programming error caught at
 * start-up (two domains disagreeing on who may call a route must not resolve silently).
 *
 * @example const table = mergePermissions(authPermissions, auditPermissions);
 */
export function mergePermissions(...tables: readonly PermissionTable[]): PermissionTable {
  const merged: Record<string, RoutePermission> = {};
  for (const table of tables) {
    for (const [key, permission] of Object.entries(table)) {
      if (Object.hasOwn(merged, key)) throw new Error(`route-permission table: ${key} is listed twice`);
      if (!/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/.test(key)) throw new Error(`route-permission table: bad key ${key}`);
      merged[key] = permission as RoutePermission;
    }
  }
  return Object.freeze(merged) as PermissionTable;
}
