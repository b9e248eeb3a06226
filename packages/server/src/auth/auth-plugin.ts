/**
 * The auth plugin: an `onRequest` hook that, before any handler runs,
 * 1. authenticates — `Authorization: Bearer <access token>` → client principal; the session
 *    cookie → staff principal; the holder session cookie → holder principal (with both
 *    cookies, the one the route admits, the holder's first); nothing → anonymous;
 * 2. applies the caller's rate limit;
 * 3. authorises against the ONE route-permission table — 401 when the caller gave no (valid)
 *    credentials, 403 when they are not enough (RFC 9110 §15.5.2 / §15.5.4);
 * 4. for a staff or holder session, checks the CSRF token on every state-changing method.
 * Finer checks (issuer, licence type) are the use case's, through `assertMayActFor`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../api/problem.js';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import {
  DEFAULT_HOLDER_SESSION_POLICY,
  type HolderSessionPolicy,
  resolveHolderSession,
} from '../holders/holder-session.js';
import { resolveAccessToken } from './access-token.js';
import { holderSessionCookieValue, isLoopbackHost, sessionCookieValue } from './cookies.js';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { ANONYMOUS, describePrincipal, describePrincipalZh, type Principal } from './principal.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { type PermissionTable, permits, type RoutePermission, routeKey } from './route-permission.js';
import { ROUTE_PERMISSIONS } from './route-permissions.js';
import { csrfTokenMatches, DEFAULT_SESSION_POLICY, resolveSession, type SessionPolicy } from './staff-session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the auth plugin before any handler runs. */
    principal: Principal;
    /** The session id when the principal came from a session cookie (for sign-out). */
    sessionId: string | undefined;
    /** Which session cookie the principal came from. */
    sessionKind: 'staff' | 'holder' | undefined;
  }
}

export interface AuthOptions {
  /** The permission table (default: `ROUTE_PERMISSIONS`). */
  readonly permissions?: PermissionTable | undefined;
  /** Access token lifetime in seconds (default 600). */
  readonly accessTokenLifetimeSeconds?: number | undefined;
  /**
   * Accepted `aud` of client assertions, besides `urn:hutong:node:<nodeId>` (always accepted):
   * e.g. `https://licences.example.gov.cn/api/v1/oauth/token` behind the TLS terminator.
   */
  readonly tokenAudiences?: readonly string[] | undefined;
  readonly session?: Partial<SessionPolicy> | undefined;
  /** Holder sessions' lifetimes (`holders/holder-session.ts`). */
  readonly holderSession?: Partial<HolderSessionPolicy> | undefined;
  /** `auto` (default): Secure cookies except for plain-http requests to a loopback host. */
  readonly cookieSecure?: 'auto' | boolean | undefined;
  /** Rate limits, or false to turn them off (benchmarks). */
  readonly rateLimit?: RateLimitOptions | false | undefined;
  readonly loginThrottle?: LoginThrottleOptions | undefined;
}

/** What the auth routes need from the plugin's configuration. */
export interface ResolvedAuth {
  readonly permissions: PermissionTable;
  readonly audiences: readonly string[];
  readonly accessTokenLifetimeSeconds: number | undefined;
  readonly session: SessionPolicy;
  readonly holderSession: HolderSessionPolicy;
  readonly throttle: LoginThrottle;
  /** Whether the session cookies of this request carry Secure (and the __Host- prefix). */
  secureCookies(request: FastifyRequest): boolean;
}

/** A route as registered (method and URL pattern). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Every route registered on an app after `registerAuth` (including other domains' and
 * plugins'): what the generated permission-matrix test walks.
 *
 * @example for (const { method, url } of registeredRoutes(app)) …
 */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return [...(registered.get(app) ?? [])];
}

/** The assertion audience that always names this node (RFC 7523 §3 item 3). */
export function nodeAudience(nodeId: string): string {
  return `urn:hutong:node:${nodeId}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(
  request: FastifyRequest,
  reply: FastifyReply,
  error: ServerError,
  bearerError?: string,
): FastifyReply {
  // RFC 7235 §3.1: a 401 carries a challenge; RFC 6750 §3 names the bearer error.
  reply.header('www-authenticate', `Bearer realm="hutong"${bearerError ? `, error="${bearerError}"` : ''}`);
  return sendProblem(request, reply, error);
}

/**
 * Registers the auth hook on `app` (before any route). Returns the resolved configuration the
 * auth routes use.
 *
 * @example const auth = registerAuth(app, ctx, { tokenAudiences: ['https://node.example/api/v1/oauth/token'] });
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext, options: AuthOptions = {}): ResolvedAuth {
  const permissions = options.permissions ?? ROUTE_PERMISSIONS;
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit?.maxKeys);
  const limits = { ...DEFAULT_RATE_LIMITS, ...(options.rateLimit || {}) };
  const session: SessionPolicy = { ...DEFAULT_SESSION_POLICY, ...(options.session ?? {}) };
  const holderSession: HolderSessionPolicy = { ...DEFAULT_HOLDER_SESSION_POLICY, ...(options.holderSession ?? {}) };
  const resolved: ResolvedAuth = {
    permissions,
    audiences: [nodeAudience(ctx.nodeId), ...(options.tokenAudiences ?? [])],
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
    session,
    holderSession,
    throttle: new LoginThrottle(options.loginThrottle),
    secureCookies(request) {
      const setting = options.cookieSecure ?? 'auto';
      if (setting !== 'auto') return setting;
      return !(request.protocol === 'http' && isLoopbackHost(request.headers.host));
    },
  };

  // Fastify 5 refuses reference values as decorators (they would be shared); the hook sets each request's own.
  app.decorateRequest('principal', null as never);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('sessionKind', undefined);

  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({ method: String(method).toUpperCase(), url: route.url });
    }
  });

  // Each route's entry of the table, looked up once per route and method and kept by its URL
  // pattern (the same few strings on every request): building the "METHOD /url" key and finding
  // it among the table's few hundred members was ~0.1 µs of every request (issue 5). The table
  // is fixed once registered, so the kept answer is the table's; only requests that matched a
  // route get here, so the map holds at most the routes' methods. `null`: not listed.
  const permissionsByRoute = new Map<string, Map<string, RoutePermission | null>>();
  function permissionOf(method: string, url: string): RoutePermission | undefined {
    let byMethod = permissionsByRoute.get(url);
    if (byMethod === undefined) {
      byMethod = new Map();
      permissionsByRoute.set(url, byMethod);
    }
    let permission = byMethod.get(method);
    if (permission === undefined) {
      const key = routeKey(method, url);
      permission = Object.hasOwn(permissions, key) ? (permissions[key as keyof PermissionTable] ?? null) : null;
      byMethod.set(method, permission);
    }
    return permission ?? undefined;
  }

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    request.sessionId = undefined;
    request.sessionKind = undefined;
    const url = request.routeOptions.url;
    // No route matched: the not-found handler answers 404/405 (nothing to protect).
    if (url === undefined) return;
    const permission = permissionOf(request.method, url);

    // 1. Authenticate. A bad credential makes the caller anonymous, remembered for the 401.
    let credentialProblem: { error: ServerError; bearerError?: string } | undefined;
    const authorization = request.headers.authorization;
    const bearer = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization) : null;
    if (bearer !== null) {
      const client = await resolveAccessToken(ctx.store.db, bearer[1] ?? '', ctx.now());
      if (client === undefined)
        credentialProblem = { error: new ServerError('ERR_AUTH_TOKEN_INVALID'), bearerError: 'invalid_token' };
      else request.principal = client;
    } else {
      const staffId = sessionCookieValue(request.headers.cookie);
      const holderId = holderSessionCookieValue(request.headers.cookie);
      const staff = staffId === undefined || staffId === '' ? undefined : await resolveSession(ctx, staffId, session);
      const holder =
        holderId === undefined || holderId === ''
          ? undefined
          : await resolveHolderSession(ctx, holderId, holderSession);
      if (
        holder !== undefined &&
        (staff === undefined || (permission !== undefined && permits(permission, holder.principal)))
      ) {
        request.principal = holder.principal;
        request.sessionId = holderId;
        request.sessionKind = 'holder';
      } else if (staff !== undefined) {
        request.principal = staff;
        request.sessionId = staffId;
        request.sessionKind = 'staff';
      } else if ((staffId !== undefined && staffId !== '') || (holderId !== undefined && holderId !== '')) {
        credentialProblem = { error: new ServerError('ERR_AUTH_SESSION_INVALID') };
      }
    }
    const principal = request.principal;

    // 2. Rate limit, by who the caller is (an anonymous caller by address). Only the API: the web
    // shell's files are static and cached (one page load, or the service worker's precache,
    // fetches dozens of them), and must not spend the caller's API budget.
    if (limiter !== undefined && url.startsWith('/api/')) {
      const bucket =
        principal.kind === 'client'
          ? `client:${principal.clientId}`
          : principal.kind === 'staff'
            ? `staff:${principal.userId}`
            : principal.kind === 'holder'
              ? `holder:${principal.holderCodeType}:${principal.holderCode}`
              : `ip:${request.ip}`;
      const settings =
        principal.kind === 'client'
          ? limits.client
          : principal.kind === 'staff' || principal.kind === 'holder'
            ? limits.staff
            : limits.anonymous;
      const wait = limiter.take(bucket, settings, ctx.now().getTime());
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return sendProblem(request, reply, new ServerError('ERR_AUTH_RATE_LIMITED', { params: { retryAfter: wait } }));
      }
    }

    // 3. Authorise against the one table.
    if (permission === undefined) {
      const key = routeKey(request.method, url);
      request.log.error({ route: key }, 'route missing from the route-permission table');
      return sendProblem(request, reply, new ServerError('ERR_AUTH_ROUTE_NOT_LISTED', { params: { route: key } }));
    }
    if (!permits(permission, principal)) {
      if (credentialProblem !== undefined)
        return unauthorized(request, reply, credentialProblem.error, credentialProblem.bearerError);
      if (principal.kind === 'anonymous') return unauthorized(request, reply, new ServerError('ERR_AUTH_REQUIRED'));
      return sendProblem(
        request,
        reply,
        new ServerError('ERR_AUTH_FORBIDDEN', {
          params: { principal: describePrincipal(principal), route: routeKey(request.method, url) },
          zhParams: { principal: describePrincipalZh(principal) },
        }),
      );
    }

    // 4. CSRF: a cookie is sent by the browser whoever made the page; the header proves the
    //    request came from a page that could read this session's CSRF cookie.
    if (request.sessionId !== undefined && !SAFE_METHODS.has(request.method)) {
      if (!csrfTokenMatches(ctx.secrets, request.sessionId, request.headers['x-csrf-token'])) {
        return sendProblem(request, reply, new ServerError('ERR_AUTH_CSRF', { field: 'x-csrf-token' }));
      }
    }
  });

  return resolved;
}
