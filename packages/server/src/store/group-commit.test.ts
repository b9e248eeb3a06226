import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { recordAccess } from '../events/record-access.js';
import { createTestPostgresDatabase, createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { GroupCommit, type GroupCommitWriter } from './group-commit.js';
import { migrateToLatest } from './migrate.js';
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

  it('runs a batch whose writers all have a synchronous form as one synchronous SQLite transaction; PostgreSQL and lone retries use write', async () => {
    const committer = new GroupCommit(store.db, { maxWaitMs: 20 });
    const calls: string[] = [];
    const writer: GroupCommitWriter<number, string> = {
      write: async (trx, inputs) => {
        calls.push(`write ${inputs.join(',')}`);
        const values = inputs.map((k) => sql`(${k}, ${`async ${k}`})`);
        await sql`insert into group_commit_test (k, v) values ${sql.join(values)}`.execute(trx);
        return inputs.map((k) => `async ${k}`);
      },
      writeSqlite: (statements, _db, inputs) => {
        calls.push(`writeSqlite ${inputs.join(',')}`);
        const insert = statements.prepare('insert into group_commit_test (k, v) values (?, ?)');
        for (const k of inputs) insert.run(k, `sync ${k}`);
        return inputs.map((k) => `sync ${k}`);
      },
    };
    const kind = dialect === 'sqlite' ? 'sync' : 'async';
    const answers = await Promise.all([400, 401, 402].map((k) => committer.runBatched(writer, k)));
    expect(answers).toEqual([400, 401, 402].map((k) => `${kind} ${k}`));
    expect(calls).toEqual([dialect === 'sqlite' ? 'writeSqlite 400,401,402' : 'write 400,401,402']);
    // Answered means committed: another connection sees the rows.
    const other = await openStore(database.location);
    try {
      const { rows } = await sql<{
        v: string;
      }>`select v from group_commit_test where k in (400, 401, 402) order by k`.execute(other.db);
      expect(rows.map((r) => r.v)).toEqual([400, 401, 402].map((k) => `${kind} ${k}`));
    } finally {
      await other.close();
    }

    // A duplicate key throws inside the synchronous transaction: it rolls back whole (no row of
    // 410 or 411 stays), then each input is written alone and only the bad one fails.
    calls.length = 0;
    const outcomes = await Promise.allSettled([410, 400, 411].map((k) => committer.runBatched(writer, k)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([
      dialect === 'sqlite' ? 'writeSqlite 410,400,411' : 'write 410,400,411',
      'write 410',
      'write 400',
      'write 411',
    ]);
    const { rows } = await sql<{ v: string }>`select v from group_commit_test where k in (410, 411) order by k`.execute(
      store.db,
    );
    expect(rows.map((r) => r.v)).toEqual(['async 410', 'async 411']);

    // A plain job in the batch: the whole batch goes through Kysely.
    calls.length = 0;
    await Promise.all([
      committer.runBatched(writer, 420),
      committer.run((trx) => sql`insert into group_commit_test (k, v) values (421, 'plain')`.execute(trx)),
    ]);
    expect(calls).toEqual(['write 420']);
  });

  it('chains access records written in synchronous batches exactly as through Kysely (the chain verifies)', async () => {
    const audited = dialect === 'sqlite' ? await createTestSqliteDatabase() : await createTestPostgresDatabase();
    const auditStore = await openStore(audited.location);
    try {
      await migrateToLatest(auditStore.db);
      const at = new Date().toISOString();
      const access = (i: number) =>
        recordAccess(auditStore.db, {
          actor: 'client:c1',
          action: 'licence.verify',
          target: `licence ${i % 3}`,
          useCause: '办理业务核验',
          requestId: `r${i}`,
          details: { valid: i % 2 === 0, failed: [] },
          at,
        });
      const first = await Promise.all(Array.from({ length: 20 }, (_, i) => access(i)));
      // Lone appends in callers' transactions (the Kysely path) interleave with batches.
      await auditStore.db
        .transaction()
        .execute((trx) => appendAudit(trx, { at, actor: 'system', action: 'test.lone', target: 'x' }));
      const second = await Promise.all(Array.from({ length: 20 }, (_, i) => access(20 + i)));
      const base = (first[0]?.seq ?? 0) - 1;
      expect([...first, ...second].map((a) => a.seq)).toEqual([
        ...Array.from({ length: 20 }, (_, i) => base + i + 1),
        ...Array.from({ length: 20 }, (_, i) => base + i + 22),
      ]);
      expect(await verifyAuditChain(auditStore.db)).toMatchObject({ ok: true, count: base + 41 });
    } finally {
      await auditStore.close();
      await audited.drop();
    }
  });

  it('refuses a transaction as its store', async () => {
    await store.db.transaction().execute(async (trx) => {
      expect(() => new GroupCommit(trx)).toThrow(TypeError);
    });
  });
});
