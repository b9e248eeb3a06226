import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecrets, type Secrets } from './secrets/secrets.js';
import { type RunningServer, startServer } from './serve.js';
import { META_KEYS, readMeta } from './store/meta.js';
import { createTestSqliteDatabase, TEST_DATABASES, type TestDatabase } from './test-support/databases.js';
import { scratchDirs } from './test-support/scratch-dirs.js';

/** This file's data directories and import folders, removed after its last test. */
const scratch = scratchDirs();

/** The master key of the PostgreSQL runs, which have no data directory to keep one in. */
const POSTGRES_SECRETS = createSecrets(new Uint8Array(randomBytes(32)));

/** The data directory of the PostgreSQL runs: the store is elsewhere, the import folder is in it. */
const POSTGRES_DATA_DIR = scratch('hutong-serve-pg-');

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
    const shared = scratch('hutong-serve-shared-');
    server = await startServer({ ...place, port: 0, host: '127.0.0.1', env: { HUTONG_IMPORT_DIR: shared } });
    const own = join(scratch('hutong-serve-own-'), 'imports');
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

  it('after its import folder was deleted, starts again on the embedded default (SQLite, <data-dir>/imports) with the mark written back; PostgreSQL and a folder HUTONG_IMPORT_DIR named stay strict', async () => {
    database = await create();
    // A data directory of this test's own: the PostgreSQL runs otherwise share one.
    const place = { ...placeOf(database), dataDir: scratch('hutong-serve-deleted-imports-') };
    const imports = join(place.dataDir, 'imports');
    const start = (env: Record<string, string> = {}) => startServer({ ...place, port: 0, host: '127.0.0.1', env });
    server = await start();
    const mark = await readMeta(server.store.db, META_KEYS.importDirMark);
    // A store marked before the mark's scope was recorded: its next start finds the mark in
    // the data directory's folder and records it there.
    await server.store.db.deleteFrom('meta').where('key', '=', META_KEYS.importDirMarkScope).execute();
    await server.close();
    server = await start();
    expect(await readMeta(server.store.db, META_KEYS.importDirMarkScope)).toBe(
      dialect === 'sqlite' ? 'data-dir' : undefined,
    );
    await server.close();
    server = undefined;

    rmSync(imports, { recursive: true });
    if (dialect === 'sqlite') {
      server = await start();
      expect(readdirSync(imports)).toEqual([`.hutong-store-${mark}`]);
      expect(await readMeta(server.store.db, META_KEYS.importDirMark)).toBe(mark);
      await server.close();
      server = undefined;
    } else {
      await expect(start()).rejects.toMatchObject({ code: 'ERR_IMPORT_DIR_NOT_SHARED', field: 'HUTONG_IMPORT_DIR' });
    }
    // Another folder named by HUTONG_IMPORT_DIR is refused on both engines: it may be a
    // process's own folder while the others use the data directory's.
    const named = scratch('hutong-serve-named-imports-');
    await expect(start({ HUTONG_IMPORT_DIR: named })).rejects.toMatchObject({ code: 'ERR_IMPORT_DIR_NOT_SHARED' });
    expect(readdirSync(named)).toEqual([]);
  }, 120_000);

  it('records the public URL it serves under when it changes, so an offline trust-list export names it; restarts under the same URL keep the list version', async () => {
    database = await create();
    const place = { ...placeOf(database), dataDir: scratch('hutong-serve-public-url-') };
    const start = (publicUrl?: string) =>
      startServer({ ...place, port: 0, host: '127.0.0.1', ...(publicUrl === undefined ? {} : { publicUrl }) });
    const served = async (running: RunningServer) =>
      (await (await fetch(new URL('api/v1/trust-list', running.url))).json()) as {
        version: number;
        node: { url?: string };
      };

    server = await start('https://licences.xj.gov.cn');
    expect(await readMeta(server.store.db, META_KEYS.publicUrl)).toBe('https://licences.xj.gov.cn');
    const first = await served(server);
    expect(first.node.url).toBe('https://licences.xj.gov.cn');
    await server.close();

    server = await start('https://licences.xj.gov.cn');
    expect((await served(server)).version).toBe(first.version);
    await server.close();

    server = await start('https://zwfw.xinjiang.gov.cn');
    expect(await readMeta(server.store.db, META_KEYS.publicUrl)).toBe('https://zwfw.xinjiang.gov.cn');
    expect(await served(server)).toMatchObject({
      version: first.version + 1,
      node: { url: 'https://zwfw.xinjiang.gov.cn' },
    });
    await server.close();

    // No URL given: the node serves under the default one, and that is what is recorded.
    server = await start();
    expect(await readMeta(server.store.db, META_KEYS.publicUrl)).toBe((await served(server)).node.url);
  }, 120_000);

  it('keeps the strict check for a store marked in a folder HUTONG_IMPORT_DIR named, even when that folder was deleted', async () => {
    database = await create();
    const place = { ...placeOf(database), dataDir: scratch('hutong-serve-named-store-') };
    const named = join(scratch('hutong-serve-named-'), 'imports');
    const start = (env: Record<string, string> = {}) => startServer({ ...place, port: 0, host: '127.0.0.1', env });
    server = await start({ HUTONG_IMPORT_DIR: named });
    expect(await readMeta(server.store.db, META_KEYS.importDirMarkScope)).toBeUndefined();
    await server.close();
    server = undefined;
    rmSync(named, { recursive: true });
    await expect(start({ HUTONG_IMPORT_DIR: named })).rejects.toMatchObject({ code: 'ERR_IMPORT_DIR_NOT_SHARED' });
    // Nor does the data directory's default folder take over the store's mark.
    await expect(start()).rejects.toMatchObject({ code: 'ERR_IMPORT_DIR_NOT_SHARED' });
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
