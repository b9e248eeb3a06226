import { readdirSync, readlinkSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSqliteDatabase, type TestSqliteDatabase } from '../../test-support/databases.js';
import { openStore, type Store, sqliteCommittedReadsFor, sqliteWriterFor, walSyncFor } from '../store.js';
import { cachingDatabase, WAL_AUTOCHECKPOINT_PAGES } from './sqlite.js';

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

  it('checkpoints the WAL at 4,000 pages, not SQLite’s default 1,000 (fewer stalls of the event loop)', async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
    expect(rows[0]?.wal_autocheckpoint).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(WAL_AUTOCHECKPOINT_PAGES).toBe(4000);
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

  it('lets the event loop run while another process holds the write lock for a synchronous batch (no sleep in SQLite)', async () => {
    // `serve --workers`: each worker's group commit takes the write lock in turn. SQLite's
    // busy handler would sleep this thread (the event loop) until the other lets go; here the
    // other connection lets go on a timer of this very loop, so a sleeping BEGIN could never
    // see it and would fail with SQLITE_BUSY after the busy timeout.
    const location = database.location;
    if (location.dialect !== 'sqlite') throw new Error('a SQLite test database');
    const writer = sqliteWriterFor(store.db);
    if (writer === undefined) throw new Error('a SQLite store has a synchronous writer');
    await sql`create table if not exists yield_test (k integer primary key)`.execute(store.db);
    const other = new Sqlite(location.file);
    try {
      other.exec('begin immediate');
      other.exec('insert into yield_test (k) values (1)');
      let ticks = 0;
      const ticking = setInterval(() => ticks++, 1);
      const released = new Promise<number>((resolve) =>
        setTimeout(() => {
          other.exec('commit');
          resolve(ticks);
        }, 40),
      );
      const inserted = await writer.transact((s) => s.prepare('insert into yield_test (k) values (2)').run().changes, {
        relaxed: true,
      });
      clearInterval(ticking);
      expect(inserted).toBe(1);
      expect(await released).toBeGreaterThan(0); // the loop turned while the batch waited
      const { rows } = await sql<{ k: number }>`select k from yield_test order by k`.execute(store.db);
      expect(rows.map((r) => r.k)).toEqual([1, 2]);
      expect(() => other.exec('begin immediate')).not.toThrow(); // nothing left holding the lock
      other.exec('rollback');
      // The connection's own timeout is back for every other statement.
      expect(await pragma('busy_timeout')).toBe(5_000);
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
    }
  });

  it('reads committed rows only: on the writer connection while it is free, on a read-only one while a transaction is open on it', async () => {
    const own = await openStore(database.location);
    try {
      await sql`create table reader_test (k text primary key, v text not null)`.execute(own.db);
      const reads = sqliteCommittedReadsFor(own.db);
      if (reads === undefined) throw new Error('a SQLite store has committed reads');
      const value = (k: string) =>
        reads.statement<[string], { v: string }>('select v from reader_test where k = ?').get(k);
      await sql`insert into reader_test (k, v) values ('a', 'committed')`.execute(own.db);
      expect(value('a')).toEqual({ v: 'committed' });
      expect(reads.served).toEqual({ writer: 1, reader: 0 });
      // A Kysely transaction holds the writer from BEGIN to COMMIT: its uncommitted row must not show.
      await own.db.transaction().execute(async (trx) => {
        await sql`insert into reader_test (k, v) values ('b', 'uncommitted')`.execute(trx);
        await sql`update reader_test set v = 'changed' where k = 'a'`.execute(trx);
        expect(value('b')).toBeUndefined();
        expect(value('a')).toEqual({ v: 'committed' });
      });
      expect(reads.served.reader).toBe(2);
      expect(value('b')).toEqual({ v: 'uncommitted' });
      expect(value('a')).toEqual({ v: 'changed' });
      // A transaction begun by a plain statement outlives the statement's hold on the connection.
      await sql`begin`.execute(own.db);
      await sql`insert into reader_test (k, v) values ('c', 'uncommitted')`.execute(own.db);
      expect(value('c')).toBeUndefined();
      await sql`rollback`.execute(own.db);
      expect(value('c')).toBeUndefined();
      expect(reads.served).toEqual({ writer: 4, reader: 3 });
    } finally {
      await own.close();
    }
    expect(sqliteCommittedReadsFor(own.db)).toBeUndefined();
  });

  it('reads on the writer beside a streamed select iterating on it (better-sqlite3 refuses only writes then)', async () => {
    const own = await openStore(database.location);
    try {
      await sql`create table if not exists stream_test (k integer primary key)`.execute(own.db);
      await sql`insert into stream_test (k) values (1), (2), (3)`.execute(own.db);
      const reads = sqliteCommittedReadsFor(own.db);
      if (reads === undefined) throw new Error('a SQLite store has committed reads');
      const seen: unknown[] = [];
      // The committed reads rely on this (dialects/sqlite.ts `CommittedReads`): a dependency
      // upgrade that refused reads beside an iterator too would fail here.
      const db = own.db as unknown as Kysely<{ stream_test: { k: number } }>;
      for await (const row of db.selectFrom('stream_test').select('k').stream()) {
        seen.push([row, reads.statement<[], { n: number }>('select count(*) as n from stream_test').get()]);
      }
      expect(seen).toEqual([1, 2, 3].map((k) => [{ k }, { n: 3 }]));
      expect(reads.served).toEqual({ writer: 3, reader: 0 });
    } finally {
      await own.close();
    }
  });
});
