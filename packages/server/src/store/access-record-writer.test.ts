/**
 * The access-record writer thread (store/access-record-writer.ts): records committed on its
 * own connection before their callers resume, one audit chain with the main connection's
 * appends, typed errors for bad records, and a thread that dies failing its records with
 * `ERR_STORE_WRITER_FAILED` while the next record starts a new one.
 */
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { recordAccess } from '../events/record-access.js';
import { createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { migrateToLatest } from './migrate.js';
import { accessRecordWriterFor, openStore, type Store } from './store.js';

describe('access-record writer thread (sqlite)', () => {
  let database: TestDatabase;
  let store: Store;
  let other: Store;
  const at = '2026-11-30T10:00:00.000Z';
  const access = (i: number) =>
    recordAccess(store.db, {
      actor: 'client:c1',
      action: 'licence.verify',
      target: `licence ${i}`,
      useCause: '办理业务核验',
      requestId: `r${i}`,
      details: { kind: 'licence', valid: i % 2 === 0, failed: [] },
      at,
    });

  beforeAll(async () => {
    database = await createTestSqliteDatabase();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    // What another process sees: a second store on the same file.
    other = await openStore(database.location);
  });

  afterAll(async () => {
    await other.close();
    await store.close();
    await database.drop();
  });

  async function countOf(target: string): Promise<number> {
    const rows = await other.db.selectFrom('audit_records').select('seq').where('target', '=', target).execute();
    return rows.length;
  }

  it('answers a record once committed: another connection sees it, and it came from the thread', async () => {
    const writer = accessRecordWriterFor(store.db);
    expect(writer).toBeDefined();
    const before = writer?.stats.appended ?? 0;
    const appended = await access(1);
    expect(await countOf('licence 1')).toBe(1);
    expect(writer?.stats.appended).toBe(before + 1);
    expect(writer?.thread).toBeDefined();
    const row = await other.db
      .selectFrom('audit_records')
      .select(['seq', 'use_cause', 'outcome'])
      .where('target', '=', 'licence 1')
      .executeTakeFirstOrThrow();
    expect({ seq: Number(row.seq), useCause: row.use_cause, outcome: row.outcome }).toEqual({
      seq: appended.seq,
      useCause: '办理业务核验',
      outcome: 'success',
    });
  });

  it('keeps one chain with the main connection appending at the same time', async () => {
    // Appends in the main connection's own transactions (issuance, events …) interleave with the thread's batches.
    const lone = (i: number) =>
      store.db
        .transaction()
        .execute((trx) => appendAudit(trx, { at, actor: 'system', action: 'test.lone', target: `lone ${i}` }));
    const settled = await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => access(100 + i)),
      ...Array.from({ length: 20 }, (_, i) => lone(i)),
    ]);
    const seqs = settled.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(80);
    const verdict = await verifyAuditChain(other.db);
    expect(verdict).toMatchObject({ ok: true });
    expect(Math.max(...seqs)).toBeLessThanOrEqual((verdict as { count: number }).count);
  });

  it('refuses a bad record with its typed error and writes nothing', async () => {
    const count = await other.db.selectFrom('audit_records').select(other.db.fn.countAll().as('n')).executeTakeFirst();
    await expect(
      recordAccess(store.db, { actor: 'client:c1', target: 'bad', useCause: '办理业务核验', at: 'yesterday' }),
    ).rejects.toMatchObject({ code: 'ERR_AUDIT_RECORD_INVALID', field: 'at' });
    await expect(
      recordAccess(store.db, {
        actor: 'client:c1',
        target: 'bad',
        useCause: '办理业务核验',
        details: { n: Number.NaN },
        at,
      }),
    ).rejects.toMatchObject({ code: 'ERR_AUDIT_RECORD_INVALID' });
    const after = await other.db.selectFrom('audit_records').select(other.db.fn.countAll().as('n')).executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(count?.n));
  });

  it('fails the records of a thread that dies with ERR_STORE_WRITER_FAILED, and the next record starts a new thread', {
    timeout: 30_000,
  }, async () => {
    const writer = accessRecordWriterFor(store.db);
    await access(200);
    const threads = writer?.stats.threads ?? 0;
    // Another connection holds the write lock: the thread waits in SQLite's busy handler with the record in flight.
    const locker = new Sqlite(database.location.dialect === 'sqlite' ? database.location.file : '');
    locker.prepare('begin immediate').run();
    const inFlight = access(201);
    const outcome = inFlight.then(
      () => 'committed',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Ended while it waits, the thread stops at its next JavaScript call once BEGIN returns
    // (the lock is released just after), before its COMMIT. (Ended with the lock still held,
    // better-sqlite3 would throw SQLITE_BUSY into a terminating thread, which aborts the process.)
    const ended = writer?.thread?.terminate();
    locker.prepare('rollback').run();
    locker.close();
    await ended;
    expect(await outcome).toBe('ERR_STORE_WRITER_FAILED');
    expect(writer?.stats.failed).toBeGreaterThanOrEqual(1);
    const next = await access(202);
    expect(writer?.stats.threads).toBe(threads + 1);
    expect(await countOf('licence 202')).toBe(1);
    expect(next.seq).toBeGreaterThan(0);
    // Whether the dead thread's record was committed is unknown to its caller; the chain is whole either way.
    expect(await verifyAuditChain(other.db)).toMatchObject({ ok: true });
  });

  it('writes what is queued before the store closes, then refuses', async () => {
    const extra = await createTestSqliteDatabase();
    const closing = await openStore(extra.location);
    try {
      await migrateToLatest(closing.db);
      const record = recordAccess(closing.db, { actor: 'client:c1', target: 'last', useCause: '办理业务核验', at });
      const writer = accessRecordWriterFor(closing.db);
      await closing.close();
      await expect(record).resolves.toMatchObject({ seq: expect.any(Number) });
      await expect(writer?.append({ at, actor: 'client:c1', action: 'licence.read' })).rejects.toMatchObject({
        code: 'ERR_STORE_WRITER_FAILED',
      });
      const reopened = await openStore(extra.location);
      try {
        expect(
          await reopened.db.selectFrom('audit_records').select('seq').where('target', '=', 'last').execute(),
        ).toHaveLength(1);
      } finally {
        await reopened.close();
      }
    } finally {
      await extra.drop();
    }
  });

  it('is not started for a store opened without it (a cluster worker): the group commit writes the records', async () => {
    const extra = await createTestSqliteDatabase();
    const plain = await openStore(extra.location, { accessRecordWriterThread: false });
    try {
      await migrateToLatest(plain.db);
      expect(accessRecordWriterFor(plain.db)).toBeUndefined();
      const appended = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          recordAccess(plain.db, { actor: 'client:c1', target: `plain ${i}`, useCause: '办理业务核验', at }),
        ),
      );
      expect(appended.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await verifyAuditChain(plain.db)).toMatchObject({ ok: true, count: 5 });
    } finally {
      await plain.close();
      await extra.drop();
    }
  });
});
