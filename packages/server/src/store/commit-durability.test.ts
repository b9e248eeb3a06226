import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPostgresDatabase, createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { ACCESS_RECORDS_DURABILITIES, accessRecordsDurabilityFromEnv } from './commit-durability.js';
import { PROCESS_KILL_SYNC_DELAY_MS } from './dialects/sqlite.js';
import { GroupCommit } from './group-commit.js';
import { openStore, type Store, walSyncFor } from './store.js';
import { STORE_DIALECTS } from './store-dialect.js';

/**
 * The two commit contracts (store/commit-durability.ts, docs/design/durability.md): group
 * commits (access records, nonces) answer once committed — visible to another connection —
 * and, by default, without waiting for the disk; every other write, and group commits under
 * `HUTONG_ACCESS_RECORDS_DURABILITY=full`, answer once on disk.
 */
describe.each(
  STORE_DIALECTS.flatMap((dialect) => ACCESS_RECORDS_DURABILITIES.map((durability) => ({ dialect, durability }))),
)('access records committed with $durability durability ($dialect)', ({ dialect, durability }) => {
  let database: TestDatabase;
  let store: Store;
  let other: Store;

  beforeAll(async () => {
    database = dialect === 'sqlite' ? await createTestSqliteDatabase() : await createTestPostgresDatabase();
    store = await openStore(database.location, { accessRecordsDurability: durability });
    // A second connection (SQLite: another better-sqlite3 handle on the file; PostgreSQL: another pool).
    other = await openStore(database.location);
    await sql`create table durability_test (k integer primary key)`.execute(store.db);
  });

  afterAll(async () => {
    await other.close();
    await store.close();
    await database.drop();
  });

  async function seenByOther(k: number): Promise<boolean> {
    const { rows } = await sql<{
      n: number | string;
    }>`select count(*) as n from durability_test where k = ${k}`.execute(other.db);
    return Number(rows[0]?.n) === 1;
  }

  it('answers a job once its batch committed: another connection sees the record at once', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 5 });
    await Promise.all(
      [1, 2, 3].map((k) => committer.run((trx) => sql`insert into durability_test (k) values (${k})`.execute(trx))),
    );
    for (const k of [1, 2, 3]) expect(await seenByOther(k)).toBe(true);
  });

  if (dialect === 'sqlite') {
    it(
      durability === 'full'
        ? 'waits for the WAL fsync before answering'
        : 'answers before the WAL fsync, which follows within the delay or with the next full commit',
      async () => {
        const sync = walSyncFor(store.db);
        if (sync === undefined) throw new Error('a SQLite store has a WAL sync');
        const committer = new GroupCommit(store.db, { maxWaitMs: 0 });
        // A full write first: nothing earlier is left unsynced.
        await sql`insert into durability_test (k) values (10)`.execute(store.db);
        expect(sync.unsynced).toBe(0);
        const rounds = sync.rounds;
        await committer.run((trx) => sql`insert into durability_test (k) values (11)`.execute(trx));
        if (durability === 'full') {
          expect(sync.rounds).toBeGreaterThan(rounds);
          expect(sync.unsynced).toBe(0);
          return;
        }
        // Committed to the WAL (the other connection reads it) but on disk only after a later round.
        expect(sync.unsynced).toBe(1);
        expect(sync.rounds).toBe(rounds);
        expect(await seenByOther(11)).toBe(true);
        // Nobody else writes: the deferred round makes it durable by itself.
        await vi.waitFor(() => expect(sync.unsynced).toBe(0), {
          timeout: PROCESS_KILL_SYNC_DELAY_MS * 50,
          interval: 10,
        });
        expect(sync.rounds).toBe(rounds + 1);
        // A full commit's own fsync covers the process-kill commits before it (the WAL is sequential).
        await committer.run((trx) => sql`insert into durability_test (k) values (12)`.execute(trx));
        expect(sync.unsynced).toBe(1);
        await store.db.transaction().execute((trx) => sql`insert into durability_test (k) values (13)`.execute(trx));
        expect(sync.unsynced).toBe(0);
      },
    );
  } else {
    it(`commits ${durability === 'full' ? 'synchronously' : 'asynchronously (synchronous_commit off)'} in the batch's transaction only`, async () => {
      const committer = new GroupCommit(store.db, { maxWaitMs: 0 });
      const inBatch = await committer.run(async (trx) => {
        const { rows } = await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(trx);
        return rows[0]?.s;
      });
      expect(inBatch).toBe(durability === 'full' ? 'on' : 'off');
      // SET LOCAL ends with its transaction: the next write on the same pool commits synchronously.
      const after = await store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(trx);
        return rows[0]?.s;
      });
      expect(after).toBe('on');
    });
  }

  it('keeps failing jobs apart: a lone retry is committed with the same rule', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 5 });
    const results = await Promise.allSettled([
      committer.run((trx) => sql`insert into durability_test (k) values (20)`.execute(trx)),
      committer.run((trx) => sql`insert into durability_test (k) values (1)`.execute(trx)), // duplicate key
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await seenByOther(20)).toBe(true);
  });
});

describe('HUTONG_ACCESS_RECORDS_DURABILITY', () => {
  it('defaults to process-kill and accepts full', () => {
    expect(accessRecordsDurabilityFromEnv({})).toBe('process-kill');
    expect(accessRecordsDurabilityFromEnv({ HUTONG_ACCESS_RECORDS_DURABILITY: '' })).toBe('process-kill');
    expect(accessRecordsDurabilityFromEnv({ HUTONG_ACCESS_RECORDS_DURABILITY: 'full' })).toBe('full');
    expect(accessRecordsDurabilityFromEnv({ HUTONG_ACCESS_RECORDS_DURABILITY: 'process-kill' })).toBe('process-kill');
  });

  it('refuses any other value, naming the setting', () => {
    expect(() => accessRecordsDurabilityFromEnv({ HUTONG_ACCESS_RECORDS_DURABILITY: 'FULL ' })).toThrow(
      expect.objectContaining({ code: 'ERR_STORE_SETTING_INVALID', field: 'HUTONG_ACCESS_RECORDS_DURABILITY' }),
    );
  });
});
