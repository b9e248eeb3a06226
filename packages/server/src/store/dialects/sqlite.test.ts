import { readdirSync, readlinkSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSqliteDatabase, type TestSqliteDatabase } from '../../test-support/databases.js';
import { openStore, type Store, sqliteReaderFor, walSyncFor } from '../store.js';
import { cachingDatabase } from './sqlite.js';

describe('the SQLite dialect', () => {
  let database: TestSqliteDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestSqliteDatabase();
    store = await openStore(database.location);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function pragma(name: string): Promise<unknown> {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
    return Object.values(rows[0] ?? {})[0];
  }

  it('journals to a write-ahead log, so readers never wait for the writer', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
  });

  it('syncs the WAL after every commit before the writer goes on (FULL durability, fsync off the event loop)', async () => {
    // NORMAL (1) + WalSync's per-commit WAL fsync = SQLite's FULL in WAL mode.
    expect(await pragma('synchronous')).toBe(1);
    const sync = walSyncFor(store.db);
    if (sync === undefined) throw new Error('a SQLite store has a WAL sync');
    await sql`create table if not exists sync_test (k integer primary key)`.execute(store.db);
    let rounds = sync.rounds;
    await store.db.transaction().execute(async (trx) => {
      await sql`insert into sync_test (k) values (1)`.execute(trx);
      expect(sync.rounds).toBe(rounds); // nothing synced before the commit
    });
    expect(sync.rounds).toBeGreaterThan(rounds);
    rounds = sync.rounds;
    await sql`insert into sync_test (k) values (2)`.execute(store.db); // autocommit write
    expect(sync.rounds).toBeGreaterThan(rounds);
    rounds = sync.rounds;
    await sql`select count(*) from sync_test`.execute(store.db);
    await store.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into sync_test (k) values (3)`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(sync.rounds).toBe(rounds); // reads and rollbacks write nothing to sync
    // Concurrent commits share fsyncs: ten writers, each answered only after a sync.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.db.transaction().execute((trx) => sql`insert into sync_test (k) values (${10 + i})`.execute(trx)),
      ),
    );
    expect(sync.rounds).toBeGreaterThan(rounds);
    expect(sync.rounds).toBeLessThanOrEqual(rounds + 10);
  });

  it('makes no fsync round for a transaction that only read', async () => {
    const sync = walSyncFor(store.db);
    if (sync === undefined) throw new Error('a SQLite store has a WAL sync');
    await sql`create table if not exists read_only_test (k integer primary key)`.execute(store.db);
    const rounds = sync.rounds;
    const read = await store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from read_only_test`.execute(trx);
      return rows[0]?.n;
    });
    expect(read).toBe(0);
    expect(sync.rounds).toBe(rounds);
    expect(sync.unsynced).toBe(0);
    // A transaction that reads, then writes, still waits for its round.
    await store.db.transaction().execute(async (trx) => {
      await sql`select count(*) from read_only_test`.execute(trx);
      await sql`insert into read_only_test (k) values (1)`.execute(trx);
    });
    expect(sync.rounds).toBeGreaterThan(rounds);
    expect(sync.unsynced).toBe(0);
  });

  it('keeps one descriptor of the WAL file across fsync rounds and closes it with the store', async () => {
    // Linux's /proc/self/fd names every open file: SQLite holds the WAL open itself, WalSync one more.
    const walDescriptors = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === `${own.file}-wal`;
        } catch {
          return false; // the directory's own descriptor, gone by now
        }
      }).length;
    const own = await createTestSqliteDatabase();
    const other = await openStore(own.location);
    try {
      await sql`create table wal_fd_test (k integer primary key)`.execute(other.db);
      const kept = walDescriptors();
      for (let k = 1; k <= 5; k++) await sql`insert into wal_fd_test (k) values (${k})`.execute(other.db);
      expect(walDescriptors()).toBe(kept);
      expect(kept).toBeGreaterThanOrEqual(2);
    } finally {
      await other.close();
    }
    expect(walDescriptors()).toBe(0);
    await own.drop();
  });

  it('waits for a busy lock instead of failing at once', async () => {
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('enforces foreign keys', async () => {
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('prepares a statement text once and hands out a fresh one while the cached one is busy', () => {
    const raw = new Sqlite(':memory:');
    const cached = cachingDatabase(raw, 2);
    try {
      const first = cached.prepare('select 1 as one');
      expect(cached.prepare('select 1 as one')).toBe(first);
      // A streamed select keeps its statement busy: a second use of the text must not reuse it.
      const busy = raw.prepare('select value from json_each(?)');
      const kept = cached.prepare('select value from json_each(?)') as unknown as Sqlite.Statement;
      const iterator = kept.iterate('[1,2,3]');
      iterator.next();
      const other = cached.prepare('select value from json_each(?)');
      expect(other).not.toBe(kept);
      expect((other as unknown as Sqlite.Statement).all('[4]')).toEqual([{ value: 4 }]);
      iterator.return?.();
      expect(cached.prepare('select value from json_each(?)')).toBe(kept);
      expect(busy.all('[5]')).toEqual([{ value: 5 }]);
      // Past its capacity the oldest text is dropped, never a wrong statement returned.
      cached.prepare('select 2 as two');
      cached.prepare('select 3 as three');
      expect((cached.prepare('select 1 as one') as unknown as Sqlite.Statement).get()).toEqual({ one: 1 });
    } finally {
      cached.close();
    }
  });

  it('starts transactions with BEGIN IMMEDIATE: the write lock is held from the start', async () => {
    const location = database.location;
    if (location.dialect !== 'sqlite') throw new Error('a SQLite test database');
    const other = new Sqlite(location.file);
    other.pragma('busy_timeout = 0');
    try {
      await store.db.transaction().execute(async (trx) => {
        // Only a read so far; a deferred BEGIN would not hold the write lock yet.
        await sql`select count(*) from sqlite_master`.execute(trx);
        expect(() => other.exec('begin immediate')).toThrow(/locked|busy/i);
      });
      other.exec('begin immediate');
      other.exec('rollback');
    } finally {
      other.close();
    }
  });

  it('gives a read-only connection that sees committed rows only, and closes it with the store', async () => {
    const own = await openStore(database.location);
    await sql`create table reader_test (k text primary key, v text not null)`.execute(own.db);
    const reader = sqliteReaderFor(own.db);
    expect(reader?.readonly).toBe(true);
    expect(() => reader?.exec("insert into reader_test (k, v) values ('x', 'y')")).toThrow(/readonly/i);
    await own.db.transaction().execute(async (trx) => {
      await sql`insert into reader_test (k, v) values ('a', 'written')`.execute(trx);
      expect(reader?.prepare("select v from reader_test where k = 'a'").get()).toBeUndefined();
    });
    expect(reader?.prepare("select v from reader_test where k = 'a'").get()).toEqual({ v: 'written' });
    await own.close();
    expect(reader?.open).toBe(false);
    expect(sqliteReaderFor(own.db)).toBeUndefined();
  });
});
