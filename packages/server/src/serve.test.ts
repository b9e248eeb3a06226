import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecrets, type Secrets } from './secrets/secrets.js';
import { type RunningServer, startServer } from './serve.js';
import { createTestSqliteDatabase, TEST_DATABASES, type TestDatabase } from './test-support/databases.js';

/** The master key of the PostgreSQL runs, which have no data directory to keep one in. */
const POSTGRES_SECRETS = createSecrets(new Uint8Array(randomBytes(32)));

/** startServer's options for a test database: a data directory, or a PostgreSQL URL (and a master key). */
function placeOf(database: TestDatabase): { dataDir: string; databaseUrl?: string; secrets?: Secrets } {
  if (database.location.dialect === 'postgres')
    return { dataDir: '/nonexistent-unused', databaseUrl: database.location.url, secrets: POSTGRES_SECRETS };
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
