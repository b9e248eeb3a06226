import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHutongError, parseLicenceId } from '@hutong/core';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTE_PERMISSIONS } from '../auth/route-permissions.js';
import { ensureNodeId } from '../store/meta.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { createTestSqliteDatabase, TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { SERVER_VERSION } from '../version.js';
import { buildApp } from './build-app.js';
import { PROBLEM_MEDIA_TYPE } from './problem.js';

interface Opened {
  readonly database: TestDatabase;
  readonly store: Store;
  readonly nodeId: string;
}

async function openMigrated(create: () => Promise<TestDatabase>): Promise<Opened> {
  const database = await create();
  const store = await openStore(database.location);
  await migrateToLatest(store.db);
  return { database, store, nodeId: await ensureNodeId(store.db) };
}

/** A built web shell on disk: index.html and one hashed asset, as Vite writes them. */
function makeWebRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'hutong-t-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>互通</title><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-3f2a1b.js'), 'console.log("hutong")');
  return root;
}

describe.each(TEST_DATABASES)('GET /api/health on $dialect', ({ dialect, create }) => {
  let opened: Opened;
  let app: FastifyInstance;
  let webRoot: string;

  beforeEach(async () => {
    opened = await openMigrated(create);
    webRoot = makeWebRoot();
    // These tests build many apps on one store, each with an ephemeral master key; the log's
    // sealed note key belongs to the first, so the log stays out (it has its own tests).
    app = await buildApp({ store: opened.store, nodeId: opened.nodeId, webRoot, log: false });
  });

  afterEach(async () => {
    await app.close();
    rmSync(webRoot, { recursive: true, force: true });
    await opened.store.close().catch(() => {});
    await opened.database.drop();
  });

  it('answers ok with the version, the engine, the node id and the time', async () => {
    const before = Date.now();
    const response = await app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body).toEqual({
      status: 'ok',
      version: SERVER_VERSION,
      store: dialect,
      nodeId: opened.nodeId,
      time: expect.any(String),
    });
    const time = Date.parse(body.time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('answers 503 problem details when the store stops answering', async () => {
    await opened.store.close();
    const response = await app.inject({ url: '/api/health', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe(PROBLEM_MEDIA_TYPE);
    expect(response.json()).toMatchObject({ status: 503, code: 'ERR_STORE_UNAVAILABLE', title: 'Service Unavailable' });
    // Where the store lives (a file path, a database host) is not the caller's business.
    expect(response.body).not.toContain(opened.store.target);
  });
});

describe('buildApp', () => {
  let opened: Opened;
  let webRoot: string;

  beforeAll(async () => {
    opened = await openMigrated(createTestSqliteDatabase);
    webRoot = makeWebRoot();
  });

  afterAll(async () => {
    await opened.store.close();
    await opened.database.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  async function app(options: { bodyLimit?: number; webRoot?: string } = {}): Promise<FastifyInstance> {
    const built = await buildApp({
      store: opened.store,
      nodeId: opened.nodeId,
      log: false,
      // The routes these tests add to probe the error handler are listed like any other
      // route: the auth plugin refuses a route missing from the table.
      auth: {
        permissions: {
          ...ROUTE_PERMISSIONS,
          'POST /api/echo': { allow: [{ kind: 'anonymous' }], summary: 'test: echo the body' },
          'GET /api/broken': { allow: [{ kind: 'anonymous' }], summary: 'test: throw an unexpected error' },
          'GET /api/identifiers/:id': { allow: [{ kind: 'anonymous' }], summary: 'test: parse a licence identifier' },
        },
      },
      webRoot: options.webRoot ?? webRoot,
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    });
    return built;
  }

  describe('problem details (RFC 9457)', () => {
    it('answers an unknown API path with 404 in Chinese by default', async () => {
      const response = await (await app()).inject({ url: '/api/no-such-thing?x=1' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe(PROBLEM_MEDIA_TYPE);
      expect(response.headers['content-language']).toBe('zh-CN');
      expect(response.headers.vary).toContain('Accept-Language');
      const problem = response.json();
      expect(problem).toEqual({
        type: 'urn:hutong:problem:ERR_API_NOT_FOUND',
        title: '未找到',
        status: 404,
        detail: '路径 /api/no-such-thing 不存在。',
        instance: '/api/no-such-thing',
        code: 'ERR_API_NOT_FOUND',
        requestId: response.headers['x-request-id'],
      });
    });

    it('answers in English when the caller prefers it', async () => {
      const response = await (await app()).inject({
        url: '/api/no-such-thing',
        headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-language']).toBe('en');
      expect(response.json()).toMatchObject({
        title: 'Not Found',
        detail: 'Nothing exists at /api/no-such-thing.',
        code: 'ERR_API_NOT_FOUND',
      });
    });

    it('refuses a wrong method on a known path with 405 and Allow', async () => {
      const response = await (await app()).inject({ method: 'DELETE', url: '/api/health' });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.json()).toMatchObject({ code: 'ERR_API_METHOD_NOT_ALLOWED', status: 405 });
    });

    it('refuses a body over the limit with 413, before any handler runs', async () => {
      const built = await app({ bodyLimit: 64 });
      let handled = false;
      built.post('/api/echo', async (request) => {
        handled = true;
        return request.body;
      });
      const response = await built.inject({
        method: 'POST',
        url: '/api/echo',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        payload: JSON.stringify({ filler: 'x'.repeat(200) }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({
        code: 'ERR_API_BODY_TOO_LARGE',
        detail: 'The request body is larger than the limit of 64 bytes.',
      });
      expect(handled).toBe(false);
    });

    it('refuses an unsupported media type with 415 and malformed JSON with 400', async () => {
      const built = await app();
      built.post('/api/echo', async (request) => request.body);
      const xml = await built.inject({
        method: 'POST',
        url: '/api/echo',
        headers: { 'content-type': 'application/xml' },
        payload: '<licence/>',
      });
      expect(xml.statusCode).toBe(415);
      expect(xml.json()).toMatchObject({ code: 'ERR_API_UNSUPPORTED_MEDIA_TYPE' });
      const broken = await built.inject({
        method: 'POST',
        url: '/api/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"licence":',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toMatchObject({ code: 'ERR_API_BAD_REQUEST' });
    });

    it("says a schema refusal in the caller's language, naming the field (Ajv writes English only)", async () => {
      const built = await app();
      built.post(
        '/api/echo',
        {
          schema: {
            body: Type.Object(
              { useCause: Type.String({ maxLength: 5 }), kind: Type.Union([Type.Literal('a'), Type.Literal('b')]) },
              { additionalProperties: false },
            ),
          },
        },
        async (request) => request.body,
      );
      const refusal = async (payload: string, language: string) => {
        const response = await built.inject({
          method: 'POST',
          url: '/api/echo',
          headers: { 'content-type': 'application/json', 'accept-language': language },
          payload,
        });
        expect(response.statusCode).toBe(400);
        return response.json() as { code: string; detail: string; field?: string };
      };
      const cases: ReadonlyArray<readonly [string, string | undefined, RegExp]> = [
        ['{"kind":"a"}', '/useCause', /body 缺少必填字段 useCause/],
        ['{"useCause":"核验","kind":"a","colour":"red"}', '/colour', /body 不接受字段 colour/],
        ['{"useCause":"一二三四五六","kind":"a"}', '/useCause', /body\/useCause 不得多于 5 个字符/],
        // An object: Fastify's Ajv coerces scalars (coerceTypes), so a number would pass as a string.
        ['{"useCause":{"x":1},"kind":"a"}', '/useCause', /body\/useCause 应为字符串/],
        ['{"useCause":"核验","kind":"c"}', '/kind', /body\/kind 不符合任何一种允许的形式/],
        ['{"useCause":', undefined, /请求体不是有效的 JSON/],
      ];
      for (const [payload, field, zhReason] of cases) {
        const [zh, en] = [await refusal(payload, 'zh-CN'), await refusal(payload, 'en')];
        expect(zh.code, payload).toBe('ERR_API_BAD_REQUEST');
        expect(en.code, payload).toBe('ERR_API_BAD_REQUEST');
        expect(zh.field, payload).toBe(field);
        expect(en.field, payload).toBe(field);
        expect(zh.detail, payload).toMatch(zhReason);
        // No English sentence inside the Chinese problem (field names and JSON are not sentences).
        expect(zh.detail, payload).not.toMatch(/\b(must|have|property|characters|valid|body is)\b/i);
        expect(en.detail, payload).toMatch(/^The request is malformed: /);
        expect(en.detail, payload).not.toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it("presents core's errors through HutongError.localize, in both languages, with the field", async () => {
      const built = await app();
      built.get<{ Params: { id: string } }>('/api/identifiers/:id', async (request) =>
        parseLicenceId(request.params.id),
      );
      const zh = await built.inject({ url: '/api/identifiers/1.2.156.3003.2.x' });
      const en = await built.inject({ url: '/api/identifiers/1.2.156.3003.2.x', headers: { 'accept-language': 'en' } });
      expect(zh.statusCode).toBe(422);
      expect(en.statusCode).toBe(422);
      const [zhProblem, enProblem] = [zh.json(), en.json()];
      let thrown: unknown;
      try {
        parseLicenceId('1.2.156.3003.2.x');
      } catch (error) {
        thrown = error;
      }
      if (!isHutongError(thrown)) throw new Error('parseLicenceId should refuse the wrong root');
      expect(zhProblem).toMatchObject({ code: thrown.code, detail: thrown.localize('zh-CN') });
      expect(enProblem).toMatchObject({ code: thrown.code, detail: thrown.localize('en') });
      expect(enProblem.field).toBe(thrown.field);
      expect(zhProblem.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(zhProblem.title).toBe('内容无法处理');
      expect(enProblem.title).toBe('Unprocessable Content');
    });

    it('hides the details of an unexpected error and names the request instead', async () => {
      const built = await app();
      built.get('/api/broken', async () => {
        throw new Error('select * from secrets where password = hunter2');
      });
      const response = await built.inject({ url: '/api/broken', headers: { 'x-request-id': 'trace-42' } });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('hunter2');
      expect(response.json()).toMatchObject({ code: 'ERR_API_INTERNAL', requestId: 'trace-42' });
      expect(response.json().detail).toContain('trace-42');
    });
  });

  describe('request ids and headers', () => {
    it("keeps a caller's plain request id and replaces a hostile one", async () => {
      const built = await app();
      const kept = await built.inject({ url: '/api/health', headers: { 'x-request-id': 'gateway-7f3a.1' } });
      expect(kept.headers['x-request-id']).toBe('gateway-7f3a.1');
      const replaced = await built.inject({ url: '/api/health', headers: { 'x-request-id': 'a b\tinjected=1' } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const generated = await built.inject({ url: '/api/health' });
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sends the security headers on API answers and pages, and never lets API answers be cached', async () => {
      const built = await app();
      for (const url of ['/api/health', '/', '/api/missing']) {
        const response = await built.inject({ url });
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
      }
      expect((await built.inject({ url: '/api/health' })).headers['cache-control']).toBe('no-store');
      // A page may run this origin's scripts; a JSON answer (data or problem) may run nothing.
      expect((await built.inject({ url: '/' })).headers['content-security-policy']).toContain("script-src 'self'");
      for (const url of ['/api/health', '/api/missing']) {
        const json = await built.inject({ url });
        expect(json.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
        expect(json.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(json.headers['permissions-policy']).toBeUndefined();
      }
    });
  });

  describe('the web shell', () => {
    it('serves index.html at / and for every page path (single-page app fallback)', async () => {
      const built = await app();
      for (const url of ['/', '/licences/1.2.156.3005.2.x/history', '/verify?code=abc']) {
        const response = await built.inject({ url });
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(response.body).toContain('<div id="root">');
      }
    });

    it('serves hashed assets as immutable', async () => {
      const response = await (await app()).inject({ url: '/assets/index-3f2a1b.js' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('answers a missing file with 404, not with the page', async () => {
      const built = await app();
      for (const url of ['/assets/index-000000.js', '/favicon.ico', '/assets/']) {
        const response = await built.inject({ url });
        expect(response.statusCode, url).toBe(404);
        expect(response.json()).toMatchObject({ code: 'ERR_API_NOT_FOUND' });
      }
    });

    it('never answers an API path with the page, whatever the method', async () => {
      const built = await app();
      const get = await built.inject({ url: '/api/licences' });
      const post = await built.inject({ method: 'POST', url: '/some/page' });
      expect(get.headers['content-type']).toBe(PROBLEM_MEDIA_TYPE);
      expect(post.statusCode).toBe(404);
      expect(post.headers['content-type']).toBe(PROBLEM_MEDIA_TYPE);
    });

    it('says so when the web shell is not built, while the API keeps working', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'hutong-t-noweb-'));
      const built = await app({ webRoot: empty });
      const page = await built.inject({ url: '/', headers: { 'accept-language': 'en' } });
      expect(page.statusCode).toBe(503);
      expect(page.json()).toMatchObject({ code: 'ERR_API_WEB_NOT_BUILT' });
      expect((await built.inject({ url: '/api/health' })).statusCode).toBe(200);
      rmSync(empty, { recursive: true, force: true });
    });
  });
});

describe('the request log', () => {
  it('writes request paths without their query strings: queries carry holder codes, never logged in clear', async () => {
    const opened = await openMigrated(createTestSqliteDatabase);
    const lines: string[] = [];
    const app = await buildApp({
      store: opened.store,
      nodeId: opened.nodeId,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    });
    try {
      const citizenId = '11010519491231002X';
      await app.inject({ url: `/api/v1/counter/grants?holderCode=${citizenId}&matterCode=T-1` });
      await app.inject({ url: `/api/v1/licences?holderCode=${citizenId}&useCause=x` });
      const logged = lines.join('');
      expect(logged).toContain('/api/v1/counter/grants');
      expect(logged).toContain('"method":"GET"');
      expect(logged).not.toContain(citizenId);
      expect(logged).not.toContain('holderCode');
    } finally {
      await app.close();
      await opened.store.close();
      await opened.database.drop();
    }
  });
});
