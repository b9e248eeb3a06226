import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecrets, type Secrets } from './secrets/secrets.js';
import { type RunningServer, startServer } from './serve.js';
import { createTestSqliteDatabase, TEST_DATABASES, type TestDatabase } from './test-support/databases.js';

/** The master key of the PostgreSQL runs, which have no data directory to keep one in. */
const POSTGRES_SECRETS = createSecrets(new Uint8Array(randomBytes(32)));

/** The data directory of the PostgreSQL runs: the store is elsewhere, the import folder is in it. */
const POSTGRES_DATA_DIR = mkdtempSync(join(tmpdir(), 'hutong-serve-pg-'));

/** startServer's options for a test database: a data directory, or a PostgreSQL URL (and a master key). */
function placeOf(database: TestDatabase): { dataDir: string; databaseUrl?: string; secrets?: Secrets } {
  if (database.location.dialect === 'postgres')
    return { dataDir: POSTGRES_DATA_DIR, databaseUrl: database.location.url, secrets: POSTGRES_SECRETS };
  return { dataDir: dirname(database.location.file) };
}

describe.each(TEST_DATABASES)('startServer on $dialect', ({ dialect, create }) => {
  let database: TestDatabase | undefined;
  let server: RunningServer | undefined;

  afterEach(async () => {
    await server?.close();
    await database?.drop();
    server = undefined;
    database = undefined;
  });

  it('migrates, listens on a free port, answers over real HTTP, and keeps its node id across restarts', async () => {
    database = await create();
    server = await startServer({ ...placeOf(database), port: 0, host: '127.0.0.1' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);

    const response = await fetch(new URL('api/health', server.url));
    expect(response.status).toBe(200);
    const health = (await response.json()) as { store: string; nodeId: string };
    expect(health).toMatchObject({ status: 'ok', store: dialect, nodeId: server.nodeId });

    const firstNodeId = server.nodeId;
    await server.close();
    // Closed means closed: the port no longer answers.
    await expect(fetch(new URL('api/health', server.url))).rejects.toThrow();

    server = await startServer({ ...placeOf(database), port: 0, host: '127.0.0.1', demo: true });
    expect(server.nodeId).toBe(firstNodeId);
    // The demo start seeded the demo library (a few hundred licences) before listening.
    expect(server.demo?.added.licences).toBeGreaterThan(300);
  }, 120_000);

  it('refuses a second process of the store whose import folder (HUTONG_IMPORT_DIR) is not the shared one, and starts it on the shared one', async () => {
    database = await create();
    const place = placeOf(database);
    const shared = mkdtempSync(join(tmpdir(), 'hutong-serve-shared-'));
    server = await startServer({ ...place, port: 0, host: '127.0.0.1', env: { HUTONG_IMPORT_DIR: shared } });
    const own = join(mkdtempSync(join(tmpdir(), 'hutong-serve-own-')), 'imports');
    await expect(
      startServer({ ...place, port: 0, host: '127.0.0.1', env: { HUTONG_IMPORT_DIR: own } }),
    ).rejects.toMatchObject({ code: 'ERR_IMPORT_DIR_NOT_SHARED', field: 'HUTONG_IMPORT_DIR' });
    // Not even the default folder of the data directory will do: only the shared one.
    await expect(startServer({ ...place, port: 0, host: '127.0.0.1' })).rejects.toMatchObject({
      code: 'ERR_IMPORT_DIR_NOT_SHARED',
    });
    const another = await startServer({ ...place, port: 0, host: '127.0.0.1', env: { HUTONG_IMPORT_DIR: shared } });
    try {
      expect(another.nodeId).toBe(server.nodeId);
      expect(existsSync(own)).toBe(true);
    } finally {
      await another.close();
    }
  }, 120_000);
});

describe('startServer refusals', () => {
  it('gives the port back and closes the store when the port is taken', async () => {
    const first = await createTestSqliteDatabase();
    const second = await createTestSqliteDatabase();
    const running = await startServer({ dataDir: first.dataDir, port: 0, host: '127.0.0.1' });
    try {
      await expect(
        startServer({ dataDir: second.dataDir, port: running.port, host: '127.0.0.1' }),
      ).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await running.close();
      await first.drop();
      await second.drop();
    }
  });
});
