import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { createTestSqliteDatabase, TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { ensureNodeId, META_KEYS, readMeta, writeMeta } from './meta.js';
import { MIGRATION_TABLE, migrateToLatest, SCHEMA_VERSION } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openStore, type Store, storeLocation } from './store.js';

/** The error code of a rejected promise (tests assert on codes, not messages). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe.each(TEST_DATABASES)('store on $dialect', ({ dialect, create }) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    // Empty: these tests run the migrations themselves.
    database = await create({ empty: true });
    store = await openStore(database.location);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('opens on the right engine and answers a ping', async () => {
    expect(store.dialect).toBe(dialect);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('migrates a fresh store, then finds nothing left to do', async () => {
    const first = await migrateToLatest(store.db);
    expect(first).toEqual({ schemaVersion: SCHEMA_VERSION, applied: Object.keys(MIGRATIONS) });
    const second = await migrateToLatest(store.db);
    expect(second).toEqual({ schemaVersion: SCHEMA_VERSION, applied: [] });
    expect(await readMeta(store.db, META_KEYS.schemaVersion)).toBe(String(SCHEMA_VERSION));
    const tables = (await store.db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(['meta', MIGRATION_TABLE]));
  });

  it('round-trips meta values and replaces them on a second write', async () => {
    await migrateToLatest(store.db);
    expect(await readMeta(store.db, META_KEYS.nodeId)).toBeUndefined();
    await writeMeta(store.db, META_KEYS.nodeId, 'first');
    await writeMeta(store.db, META_KEYS.nodeId, '第二 second');
    expect(await readMeta(store.db, META_KEYS.nodeId)).toBe('第二 second');
    const rows = await store.db.selectFrom('meta').selectAll().where('key', '=', META_KEYS.nodeId).execute();
    expect(rows).toHaveLength(1);
  });

  it('creates the node id at the first start and keeps it across restarts', async () => {
    await migrateToLatest(store.db);
    const nodeId = await ensureNodeId(store.db);
    expect(nodeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await ensureNodeId(store.db, () => 'must-not-be-used')).toBe(nodeId);

    await store.close();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    expect(await ensureNodeId(store.db, () => 'must-not-be-used')).toBe(nodeId);
  });

  it('gives every concurrent starter the same node id', async () => {
    await migrateToLatest(store.db);
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((id) => ensureNodeId(store.db, () => id)));
    expect(new Set(ids).size).toBe(1);
  });

  it('refuses a store that a newer server has migrated', async () => {
    await migrateToLatest(store.db);
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values (${'0099-from-the-future'}, ${new Date().toISOString()})`.execute(
      store.db,
    );
    expect(await codeOf(migrateToLatest(store.db))).toBe('ERR_STORE_SCHEMA_TOO_NEW');
  });

  it('reports a closed store as unavailable', async () => {
    await store.close();
    expect(await codeOf(store.ping())).toBe('ERR_STORE_UNAVAILABLE');
    store = await openStore(database.location);
  });
});

describe('migrations', () => {
  it('are named NNNN-what, listed in increasing order, the last one giving the schema version', () => {
    const names = Object.keys(MIGRATIONS);
    const numbers = names.map((name) => Number(name.slice(0, 4)));
    for (const name of names) expect(name).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$/);
    // Kysely applies migrations in name order and refuses one that sorts before an applied one.
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(SCHEMA_VERSION).toBe(numbers.at(-1));
  });
});

describe('storeLocation', () => {
  it('uses the data directory’s SQLite file unless a database URL is given', () => {
    expect(storeLocation({ dataDir: '/srv/hutong' })).toEqual({ dialect: 'sqlite', file: '/srv/hutong/hutong.db' });
    expect(storeLocation({ dataDir: '/srv/hutong', databaseUrl: '' })).toEqual({
      dialect: 'sqlite',
      file: '/srv/hutong/hutong.db',
    });
    expect(storeLocation({ dataDir: '/srv/hutong', databaseUrl: 'postgres://db/hutong' })).toEqual({
      dialect: 'postgres',
      url: 'postgres://db/hutong',
    });
  });
});

describe('openStore refusals', () => {
  it('refuses a database URL that is not postgres://', async () => {
    expect(await codeOf(openStore({ dialect: 'postgres', url: 'mysql://db/hutong' }))).toBe('ERR_STORE_URL_INVALID');
  });

  it('reports a PostgreSQL server that does not answer, without the password', async () => {
    try {
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      await openStore({ dialect: 'postgres', url: 'postgres://hutong:s3cret@127.0.0.1:1/hutong' });
      expect.unreachable();
    } catch (error) {
      expect(isServerError(error) && error.code).toBe('ERR_STORE_UNAVAILABLE');
      expect(isServerError(error) && error.params.target).toBe('127.0.0.1:1/hutong');
      expect(JSON.stringify(error)).not.toContain('s3cret');
      expect((error as Error).message).not.toContain('127.0.0.1');
    }
  });

  it('reports a SQLite data directory that cannot be created', async () => {
    const database = await createTestSqliteDatabase();
    // A data directory below a plain file: mkdir fails with ENOTDIR, even for root.
    const blocker = join(database.dataDir, 'a-file');
    writeFileSync(blocker, '');
    const file = join(blocker, 'data', 'hutong.db');
    expect(await codeOf(openStore({ dialect: 'sqlite', file }))).toBe('ERR_STORE_UNAVAILABLE');
    await database.drop();
  });
});
