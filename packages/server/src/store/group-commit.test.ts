import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { GroupCommit, type GroupCommitWriter } from './group-commit.js';
import { openStore, type Store } from './store.js';
import { STORE_DIALECTS } from './store-dialect.js';

describe.each(STORE_DIALECTS)('group commit (%s)', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = dialect === 'sqlite' ? await createTestSqliteDatabase() : await createTestPostgresDatabase();
    store = await openStore(database.location);
    await sql`create table group_commit_test (k integer primary key, v text not null)`.execute(store.db);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function count(): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from group_commit_test`.execute(store.db);
    return Number(rows[0]?.n);
  }

  it('writes concurrent jobs in one transaction and answers each only after the commit', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 20, maxBatch: 100 });
    const before = await count();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        committer.run(async (trx) => {
          await sql`insert into group_commit_test (k, v) values (${i}, ${`row ${i}`})`.execute(trx);
          return i * 2;
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => i * 2));
    // Every answered job is visible to a reader outside the batch: it committed.
    expect(await count()).toBe(before + 12);
    expect(committer.stats).toEqual({ commits: 1, jobs: 12, splits: 0 });
  });

  it('starts a batch at once when it is full, and takes what queued during a commit in the next', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 60_000, maxBatch: 4 });
    const jobs = Array.from({ length: 9 }, (_, i) =>
      committer.run((trx) => sql`insert into group_commit_test (k, v) values (${100 + i}, 'x')`.execute(trx)),
    );
    // With a one-minute window, only full batches and the follow-on of a running flush can write these.
    await Promise.all(jobs.slice(0, 8));
    expect(committer.stats.jobs).toBeGreaterThanOrEqual(8);
    await committer.drain();
    await jobs[8];
    expect(committer.stats.jobs).toBe(9);
    expect(committer.stats.commits).toBeLessThanOrEqual(3);
  });

  it('gives each job its own outcome: a failing job fails alone, the others commit', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 20 });
    const outcomes = await Promise.allSettled([
      committer.run((trx) => sql`insert into group_commit_test (k, v) values (200, 'a')`.execute(trx)),
      // Duplicate key: this job throws inside the batch, rolling the batch back.
      committer.run((trx) => sql`insert into group_commit_test (k, v) values (0, 'duplicate')`.execute(trx)),
      committer.run((trx) => sql`insert into group_commit_test (k, v) values (201, 'b')`.execute(trx)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { rows } = await sql<{
      k: number;
    }>`select k from group_commit_test where k in (200, 201, 0) order by k`.execute(store.db);
    expect(rows.map((r) => Number(r.k))).toEqual([0, 200, 201]);
    const { rows: zero } = await sql<{ v: string }>`select v from group_commit_test where k = 0`.execute(store.db);
    expect(zero[0]?.v).toBe('row 0');
    expect(committer.stats.splits).toBe(1);
  });

  it('writes the batched inputs of one writer with one call, after the plain jobs, each caller getting its own output', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 20 });
    const calls: number[][] = [];
    const writer: GroupCommitWriter<number, string> = {
      write: async (trx, inputs) => {
        calls.push([...inputs]);
        const values = inputs.map((k) => sql`(${k}, ${`batched ${k}`})`);
        await sql`insert into group_commit_test (k, v) values ${sql.join(values)}`.execute(trx);
        return inputs.map((k) => `wrote ${k}`);
      },
    };
    const [a, plain, b, c] = await Promise.all([
      committer.runBatched(writer, 300),
      committer.run(async (trx) => {
        await sql`insert into group_commit_test (k, v) values (310, 'plain')`.execute(trx);
        return 'plain';
      }),
      committer.runBatched(writer, 301),
      committer.runBatched(writer, 302),
    ]);
    expect([a, plain, b, c]).toEqual(['wrote 300', 'plain', 'wrote 301', 'wrote 302']);
    expect(calls).toEqual([[300, 301, 302]]);
    expect(committer.stats).toEqual({ commits: 1, jobs: 4, splits: 0 });

    // A bad input fails the batch's write: each input is then written alone, and only it fails.
    calls.length = 0;
    const outcomes = await Promise.allSettled([
      committer.runBatched(writer, 320),
      committer.runBatched(writer, 300), // duplicate key
      committer.runBatched(writer, 321),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[320, 300, 321], [320], [300], [321]]);
    const { rows } = await sql<{ k: number }>`select k from group_commit_test where k in (320, 321) order by k`.execute(
      store.db,
    );
    expect(rows.map((r) => Number(r.k))).toEqual([320, 321]);
  });

  it('refuses a transaction as its store', async () => {
    await store.db.transaction().execute(async (trx) => {
      expect(() => new GroupCommit(trx)).toThrow(TypeError);
    });
  });
});
