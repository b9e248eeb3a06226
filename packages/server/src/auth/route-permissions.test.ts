/**
 * The generated refusal matrix: every route registered in the app (by any domain, now or
 * later) is called as every kind of principal the route-permission table does NOT admit —
 * anonymous, a client with no scopes, a client with every scope except the ones the route
 * needs, staff with each role not allowed — and must answer 401/403, never 2xx, never 500.
 * A registered route missing from the table fails here.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { AppContext } from '../app-context.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import {
  createTestClient,
  createTestContext,
  createTestStaff,
  signInHolder,
  type TestHolder,
  type TestStaff,
} from '../test-support/principals.js';
import { registeredRoutes } from './auth-plugin.js';
import { type ClientPrincipal, type Principal, SCOPES, type Scope, STAFF_ROLES, type StaffRole } from './principal.js';
import { type PermissionTable, permits, type RoutePermission, routeKey } from './route-permission.js';
import { ROUTE_PERMISSIONS } from './route-permissions.js';

let database: TestDatabase;
let store: Store;
let ctx: AppContext;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestSqliteDatabase();
  store = await openStore(database.location);
  await migrateToLatest(store.db);
  ctx = createTestContext(store);
  app = await buildApp({
    store,
    nodeId: ctx.nodeId,
    context: ctx,
    webRoot: '/nonexistent',
    auth: { rateLimit: false },
    holders: { devProvider: true },
  });
  await app.ready();
  // Migrating and building every domain takes longer than Vitest's 10 s hook default on a loaded machine.
}, 120_000);

afterAll(async () => {
  await app.close();
  await store.close();
  await database.drop();
});

function permissionOf(method: string, url: string): RoutePermission | undefined {
  const key = routeKey(method, url);
  return Object.hasOwn(ROUTE_PERMISSIONS, key) ? ROUTE_PERMISSIONS[key as keyof PermissionTable] : undefined;
}

/** A concrete path for a pattern: every parameter and wildcard becomes a harmless value. */
function concrete(url: string): string {
  return url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
}

function apiRoutes(): Array<{ method: string; url: string }> {
  const seen = new Set<string>();
  return registeredRoutes(app).filter(({ method, url }) => {
    // HEAD mirrors GET (same permission); OPTIONS is not routed.
    if (method === 'HEAD' || method === 'OPTIONS') return false;
    const key = `${method} ${url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function clientPrincipal(scopes: readonly Scope[]): ClientPrincipal {
  return { kind: 'client', clientId: 'x', organisationCode: 'x', scopes, licenceTypes: '*' };
}

function staffPrincipal(role: StaffRole): Principal {
  return { kind: 'staff', userId: 'x', username: 'x', organisationCode: null, roles: [role] };
}

describe('the route-permission table', () => {
  it('lists every registered route', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes
      .filter(({ method, url }) => permissionOf(method, url) === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing, 'add these routes to a *.permissions.ts merged in auth/route-permissions.ts').toEqual([]);
  });

  it('refuses a route that is not listed, for everyone', async () => {
    const unlisted = await buildApp({
      store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      auth: {
        rateLimit: false,
        permissions: {
          'GET /api/health': ROUTE_PERMISSIONS['GET /api/health' as keyof PermissionTable] as RoutePermission,
        },
      },
    });
    const response = await unlisted.inject({ url: '/api/v1/audit' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('ERR_AUTH_ROUTE_NOT_LISTED');
    await unlisted.close();
  });
});

describe('the refusal matrix', () => {
  const clients = new Map<string, string>();
  const staff = new Map<StaffRole, TestStaff>();

  async function clientAuthorization(scopes: readonly Scope[]): Promise<string> {
    const key = [...scopes].sort().join(' ');
    let authorization = clients.get(key);
    if (authorization === undefined) {
      authorization = (await createTestClient(ctx, { scopes })).authorization;
      clients.set(key, authorization);
    }
    return authorization;
  }

  async function staffHeaders(role: StaffRole): Promise<TestStaff['headers']> {
    let member = staff.get(role);
    if (member === undefined) {
      member = await createTestStaff(ctx, { roles: [role] });
      staff.set(role, member);
    }
    return member.headers;
  }

  let holder: TestHolder | undefined;
  async function holderHeaders(): Promise<TestHolder['headers']> {
    holder ??= await signInHolder(app, { holderCodeType: '111', holderCode: '11010519491231002X' });
    return holder.headers;
  }

  it('lets nobody through whom the table does not admit', async () => {
    const failures: string[] = [];
    let refusals = 0;
    for (const { method, url } of apiRoutes()) {
      const permission = permissionOf(method, url);
      if (permission === undefined) continue; // reported by the test above
      const callers: Array<{
        who: string;
        principal: Principal;
        headers: () => Promise<Record<string, string>>;
        expected: number;
      }> = [
        { who: 'anonymous', principal: { kind: 'anonymous' }, headers: async () => ({}), expected: 401 },
        {
          who: 'a client with no scopes',
          principal: clientPrincipal([]),
          headers: async () => ({ authorization: await clientAuthorization([]) }),
          expected: 403,
        },
      ];
      const needed = new Set(permission.allow.flatMap((rule) => (rule.kind === 'client' ? rule.scopes : [])));
      const allBut = SCOPES.filter((scope) => !needed.has(scope));
      callers.push({
        who: `a client with every scope but ${[...needed].join(' ') || '(none needed)'}`,
        principal: clientPrincipal(allBut),
        headers: async () => ({ authorization: await clientAuthorization(allBut) }),
        expected: 403,
      });
      callers.push({
        who: 'a signed-in holder',
        principal: { kind: 'holder', holderCodeType: '111', holderCode: '11010519491231002X' },
        headers: () => holderHeaders(),
        expected: 403,
      });
      for (const role of STAFF_ROLES) {
        callers.push({
          who: `staff (${role})`,
          principal: staffPrincipal(role),
          headers: () => staffHeaders(role),
          expected: 403,
        });
      }
      for (const caller of callers) {
        if (permits(permission, caller.principal)) continue;
        const response = await app.inject({
          method: method as 'GET',
          url: concrete(url),
          headers: { ...(await caller.headers()), 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
        });
        refusals += 1;
        if (response.statusCode !== caller.expected) {
          failures.push(`${method} ${url} as ${caller.who}: ${response.statusCode} ${response.body.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(refusals).toBeGreaterThan(20);
    // Hundreds of real requests (every route × every kind of caller): minutes on a loaded 2-core machine.
  }, 300_000);
});
