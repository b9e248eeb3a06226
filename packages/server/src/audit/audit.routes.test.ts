import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { AppContext } from '../app-context.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { createTestClient, createTestContext, createTestStaff, type TestStaff } from '../test-support/principals.js';
import { appendAuditRecords } from './append-audit.js';

describe.each(TEST_DATABASES)('GET /api/v1/audit on $dialect', ({ create }) => {
  let database: TestDatabase;
  let store: Store;
  let ctx: AppContext;
  let app: FastifyInstance;
  let auditor: TestStaff;

  beforeAll(async () => {
    database = await create();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    ctx = createTestContext(store);
    app = await buildApp({
      store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      auth: { rateLimit: { client: { burst: 3, perSecond: 0.001 } } },
    });
    auditor = await createTestStaff(ctx, { roles: ['auditor'] });
    await store.db.transaction().execute((trx) =>
      appendAuditRecords(
        trx,
        Array.from({ length: 7 }, (_, i) => ({
          at: `2026-11-2${i}T08:00:00.000Z`,
          actor: i % 2 === 0 ? 'client:even' : 'client:odd',
          action: 'licence.read',
          target: `L${i}`,
          useCause: '核验',
        })),
      ),
    );
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await database.drop();
  });

  const get = (query: string) => app.inject({ url: `/api/v1/audit${query}`, headers: { cookie: auditor.cookie } });

  it('filters by actor and time, newest first, and pages by cursor', async () => {
    const first = await get('?actor=client:even&limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((item: { target: string }) => item.target)).toEqual(['L6', 'L4']);
    const second = await get(`?actor=client:even&limit=2&cursor=${first.json().next}`);
    expect(second.json().items.map((item: { target: string }) => item.target)).toEqual(['L2', 'L0']);
    expect(second.json().next).toBeNull();
    const window = await get('?from=2026-11-22T00:00:00Z&to=2026-11-24T00:00:00Z&action=licence.read');
    expect(window.json().items.map((item: { target: string }) => item.target)).toEqual(['L3', 'L2']);
    expect(window.json().items[0]).toMatchObject({
      useCause: '核验',
      outcome: 'success',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('records that the trail was read', async () => {
    await get('?limit=1');
    const reads = await store.db.selectFrom('audit_records').selectAll().where('action', '=', 'audit.read').execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]?.actor).toBe(`staff:${auditor.userId}`);
  });

  it('refuses a forged cursor, an unknown filter and an unknown outcome', async () => {
    expect((await get('?cursor=abc')).json().code).toBe('ERR_AUDIT_CURSOR_INVALID');
    const unknown = await get('?holderCode=11010519491231002X');
    expect(unknown.statusCode).toBe(400);
    expect((await get('?outcome=maybe')).statusCode).toBe(400);
  });

  it('refuses staff without the auditor role, and rate-limits a client with 429 and Retry-After', async () => {
    const operator = await createTestStaff(ctx, { roles: ['department-operator'] });
    const refused = await app.inject({ url: '/api/v1/audit', headers: { cookie: operator.cookie } });
    expect(refused.statusCode).toBe(403);
    const client = await createTestClient(ctx, { scopes: ['audit:read'] });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        (await app.inject({ url: '/api/v1/audit?limit=1', headers: { authorization: client.authorization } }))
          .statusCode,
      );
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({
      url: '/api/v1/audit?limit=1',
      headers: { authorization: client.authorization },
    });
    expect(limited.json().code).toBe('ERR_AUTH_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate-limits anonymous API calls by address, but never the web shell’s files', async () => {
    const strict = await buildApp({
      store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      auth: { rateLimit: { anonymous: { burst: 2, perSecond: 0.001 } } },
    });
    try {
      // A page load (or the service worker's precache) fetches many files: none spends the API budget.
      for (let i = 0; i < 5; i++) {
        expect((await strict.inject({ url: `/assets/chunk-${i}.js` })).statusCode).not.toBe(429);
        expect((await strict.inject({ url: '/v/some-code' })).statusCode).not.toBe(429);
      }
      const api = [];
      for (let i = 0; i < 3; i++) api.push((await strict.inject({ url: '/api/v1/catalogue/types' })).statusCode);
      expect(api).toEqual([200, 200, 429]);
    } finally {
      await strict.close();
    }
  });
});
