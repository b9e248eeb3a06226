/**
 * `docs/openapi.json` is generated from the routes' schemas and committed (changes show in
 * review, the immich model). This test fails when the committed file drifts from what the
 * code generates; `npm run openapi -w @hutong/server` rewrites it (this same test with
 * HUTONG_WRITE_OPENAPI=1).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { buildApp } from './build-app.js';
import { openApiJson } from './openapi.js';

const DOCUMENT = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

let database: TestDatabase;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestSqliteDatabase();
  // Some domains read their keys while registering (the log's note key), so the store is migrated.
  store = await openStore(database.location);
  await migrateToLatest(store.db);
  app = await buildApp({ store, nodeId: 'openapi', webRoot: '/nonexistent' });
  await app.ready();
  // Migrating and building every domain takes longer than Vitest's 10 s hook default on a loaded machine.
}, 120_000);

afterAll(async () => {
  await app.close();
  await store.close();
  await database.drop();
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every API route, each saying who may call it', () => {
    const document = JSON.parse(openApiJson(app)) as {
      openapi: string;
      paths: Record<string, Record<string, { description?: string; security?: unknown[] }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/oauth/token']?.post?.description).toContain('Who may call: anyone');
    expect(document.paths['/api/v1/audit']?.get?.description).toContain('staff (auditor)');
    expect(document.paths['/api/v1/audit']?.get?.security).toEqual([
      { staffSession: [] },
      { clientCredentials: ['audit:read'] },
    ]);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/api/docs'))).toBe(false);
  });

  it('is committed as docs/openapi.json, unchanged', () => {
    const generated = openApiJson(app);
    if (process.env.HUTONG_WRITE_OPENAPI === '1') writeFileSync(DOCUMENT, generated);
    expect(existsSync(DOCUMENT), 'run `npm run openapi -w @hutong/server`').toBe(true);
    expect(readFileSync(DOCUMENT, 'utf8'), 'docs/openapi.json drifted: run `npm run openapi -w @hutong/server`').toBe(
      generated,
    );
  });

  it('serves Swagger UI at /api/docs and the document at /api/docs/json, to anyone', async () => {
    const ui = await app.inject({ url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const json = await app.inject({ url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toBe('3.1.0');
  });
});
