import { canonicalize } from '@hutong/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { registerEventSink } from '../events/event-sink.js';
import { recordAccess } from '../events/record-access.js';
import { recordEvent, recordEvents } from '../events/record-event.js';
import { targetOfEntry } from '../log/log-entry.js';
import { registerLogSink } from '../log/log-sink.js';
import { createSecrets } from '../secrets/secrets.js';
import { migrateToLatest } from '../store/migrate.js';
import { packJson, unpackJson, unpackJsonText } from '../store/packed-json.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { appendAudit, appendAuditRecords, chainHash, GENESIS_HASH, packedDetails } from './append-audit.js';
import { hashPersonalData } from './hash-personal-data.js';
import { listAuditRecords } from './list-audit-records.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const AT = '2026-11-29T12:00:00.000Z';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe.each(TEST_DATABASES)('the audit chain on $dialect', ({ create }) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  async function appendMany(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await store.db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, { at: AT, actor: `client:c${i}`, action: 'licence.read', target: `t${i}`, details: { i } }),
        );
    }
  }

  it('starts empty and intact', async () => {
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('chains records: seq 1, 2, 3, each hashed from the previous hash (32 bytes stored)', async () => {
    await appendMany(3);
    const rows = await store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
    const hex = rows.map((row) => Buffer.from(row.hash).toString('hex'));
    expect(rows.map((row) => row.hash.length)).toEqual([32, 32, 32]);
    expect(hex[0]).toBe(
      chainHash(GENESIS_HASH, {
        seq: 1,
        at: AT,
        actor: 'client:c0',
        action: 'licence.read',
        target: 't0',
        useCause: null,
        outcome: 'success',
        requestId: null,
        details: { i: 0 },
      }),
    );
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 3, headHash: hex[2] });
  });

  it('detects an edited record', async () => {
    await appendMany(4);
    await store.db.updateTable('audit_records').set({ actor: 'client:someone-else' }).where('seq', '=', 2).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });
  });

  it('detects edited details even when the JSON means the same to a lenient reader', async () => {
    await appendMany(2);
    await store.db
      .updateTable('audit_records')
      .set({ packed_details: packJson('audit-details', '{"i":1,"x":null}') })
      .where('seq', '=', 2)
      .execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 2, reason: 'hash-mismatch' });
  });

  it('detects a deleted record in the middle', async () => {
    await appendMany(4);
    await store.db.deleteFrom('audit_records').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'sequence-gap' });
  });

  it('detects a deleted record renumbered to hide the gap', async () => {
    await appendMany(4);
    await store.db.deleteFrom('audit_records').where('seq', '=', 2).execute();
    await store.db.updateTable('audit_records').set({ seq: 2 }).where('seq', '=', 3).execute();
    await store.db.updateTable('audit_records').set({ seq: 3 }).where('seq', '=', 4).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });
  });

  it('detects the last record deleted (the head row disagrees)', async () => {
    await appendMany(3);
    await store.db.deleteFrom('audit_records').where('seq', '=', 3).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 3, reason: 'head-mismatch' });
  });

  it('detects two records swapped', async () => {
    await appendMany(4);
    await store.db.updateTable('audit_records').set({ seq: 99 }).where('seq', '=', 2).execute();
    await store.db.updateTable('audit_records').set({ seq: 2 }).where('seq', '=', 3).execute();
    await store.db.updateTable('audit_records').set({ seq: 3 }).where('seq', '=', 99).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });
  });

  it('detects a missing head row', async () => {
    await appendMany(1);
    await store.db.deleteFrom('audit_chain_head').execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 0, reason: 'head-missing' });
    expect(await codeOf(appendMany(1))).toBe('ERR_AUDIT_CHAIN_HEAD_MISSING');
  });

  it('rolls the record back with the caller’s transaction, leaving no gap', async () => {
    await appendMany(1);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { at: AT, actor: 'system', action: 'licence.issued' });
        throw new Error('the write failed after its audit record');
      }),
    ).rejects.toThrow('the write failed');
    await appendMany(1);
    const seqs = (await store.db.selectFrom('audit_records').select('seq').orderBy('seq').execute()).map((r) =>
      Number(r.seq),
    );
    expect(seqs).toEqual([1, 2]);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 2 });
  });

  it('stays gap-free and chained under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.db.transaction().execute(async (trx) => {
          await appendAuditRecords(trx, [
            { at: AT, actor: `client:${i}`, action: 'licence.issued', target: `a${i}` },
            { at: AT, actor: `client:${i}`, action: 'licence.status', target: `b${i}` },
          ]);
        }),
      ),
    );
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 60 });
  });

  it('refuses to run outside a transaction, and refuses bad records before writing', async () => {
    const db = store.db as unknown as Parameters<typeof appendAudit>[0];
    expect(await codeOf(appendAudit(db, { at: AT, actor: 'system', action: 'x.y' }))).toBe('ERR_AUDIT_RECORD_INVALID');
    const attempt = (input: Parameters<typeof appendAudit>[1]) =>
      codeOf(store.db.transaction().execute((trx) => appendAudit(trx, input)));
    expect(await attempt({ at: 'yesterday', actor: 'system', action: 'x.y' })).toBe('ERR_AUDIT_RECORD_INVALID');
    expect(await attempt({ at: AT, actor: '', action: 'x.y' })).toBe('ERR_AUDIT_RECORD_INVALID');
    expect(await attempt({ at: AT, actor: 'system', action: 'x.y', useCause: '因'.repeat(201) })).toBe(
      'ERR_AUDIT_RECORD_INVALID',
    );
    // Code points, not UTF-16 units: 201 astral characters (402 units) are refused, as 201 plain ones.
    expect(await attempt({ at: AT, actor: 'system', action: 'x.y', useCause: '𠀀'.repeat(201) })).toBe(
      'ERR_AUDIT_RECORD_INVALID',
    );
    expect(await attempt({ at: AT, actor: 'system', action: 'x.y', details: { n: Number.NaN } })).toBe(
      'ERR_AUDIT_RECORD_INVALID',
    );
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('counts a text’s length in code points: 200 astral characters (400 UTF-16 units) are a valid use cause', async () => {
    await store.db.transaction().execute((trx) =>
      appendAudit(trx, {
        at: AT,
        actor: 'system',
        action: 'x.y',
        useCause: '𠀀'.repeat(200),
        target: 'a'.repeat(500),
      }),
    );
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 1 });
  });

  it('recordEvent writes the audit record and calls each sink in the same transaction', async () => {
    const seen: string[] = [];
    const unregister = registerEventSink({
      name: 'test-sink',
      async write(trx, events) {
        for (const { event, audit } of events) {
          seen.push(`${event.type}#${audit.seq}`);
          await trx
            .insertInto('meta')
            .values({ key: `sink-${audit.seq}`, value: event.type })
            .execute();
          if (event.target === 'boom') throw new Error('sink failed');
        }
      },
    });
    try {
      await store.db
        .transaction()
        .execute((trx) =>
          recordEvent(trx, { type: 'licence.issued', actor: 'system', target: 'ok', details: {}, at: AT }),
        );
      await expect(
        store.db
          .transaction()
          .execute((trx) =>
            recordEvent(trx, { type: 'licence.issued', actor: 'system', target: 'boom', details: {}, at: AT }),
          ),
      ).rejects.toThrow('sink failed');
    } finally {
      unregister();
    }
    expect(seen).toEqual(['licence.issued#1', 'licence.issued#2']);
    // The failing sink rolled its audit record back with it.
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 1 });
    const sinkRows = await store.db.selectFrom('meta').select('key').where('key', 'like', 'sink-%').execute();
    expect(sinkRows.map((row) => row.key)).toEqual(['sink-1']);
  });

  it('recordEvents records a batch like one event after another: one chain, one sink call, gap-free leaves', async () => {
    const calls: Array<Array<[string, number]>> = [];
    const unregister = registerEventSink({
      name: 'test-batch-sink',
      async write(_trx, events) {
        calls.push(events.map(({ event, audit }) => [event.target ?? '', audit.seq]));
      },
    });
    const unregisterLog = registerLogSink();
    const event = (target: string) => ({
      type: 'licence.issued' as const,
      actor: 'system',
      target,
      details: { typeCode: 'T', issuerCode: 'I', series: `T.I.${target}` },
      at: AT,
    });
    try {
      await store.db.transaction().execute((trx) => recordEvent(trx, event('a')));
      const audits = await store.db
        .transaction()
        .execute((trx) => recordEvents(trx, [event('b'), event('c'), event('d')]));
      expect(audits.map((a) => a.seq)).toEqual([2, 3, 4]);
      // A bad event anywhere in the batch rolls the whole batch back.
      await expect(
        store.db.transaction().execute((trx) => recordEvents(trx, [event('e'), { ...event('f'), at: 'yesterday' }])),
      ).rejects.toThrow();
    } finally {
      unregister();
      unregisterLog();
    }
    expect(calls).toEqual([
      [['a', 1]],
      [
        ['b', 2],
        ['c', 3],
        ['d', 4],
      ],
    ]);
    const records = await store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(records.map((r) => r.target)).toEqual(['a', 'b', 'c', 'd']);
    // The API gives each record's previous hash: the hash of the record before it.
    const listed = await listAuditRecords(store.db, { limit: 10 });
    listed.items.forEach((item, i) => {
      const before = listed.items[i + 1];
      expect(item.prevHash).toBe(before === undefined ? GENESIS_HASH : before.hash);
      expect(item.hash).toBe(Buffer.from(records.find((r) => Number(r.seq) === item.seq)?.hash ?? []).toString('hex'));
    });
    // Also when the record before is not on the page (a filtered list).
    const filtered = await listAuditRecords(store.db, { target: 'c', limit: 10 });
    expect(filtered.items.map((item) => item.prevHash)).toEqual([
      listed.items.find((item) => item.target === 'b')?.hash,
    ]);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 4 });
    const leaves = await store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    expect(leaves.map((leaf) => [Number(leaf.idx), targetOfEntry(unpackJson(leaf.entry))])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
  });

  it('recordAccess records the use cause, and refuses a missing or overlong one', async () => {
    await recordAccess(store.db, { actor: 'client:rp', target: 'L1', useCause: ' 办理不动产登记 ', at: AT });
    const row = await store.db.selectFrom('audit_records').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action: 'licence.read',
      use_cause: '办理不动产登记',
      target: 'L1',
      outcome: 'success',
    });
    expect(await codeOf(recordAccess(store.db, { actor: 'client:rp', useCause: '  ', at: AT }))).toBe(
      'ERR_AUDIT_USE_CAUSE_REQUIRED',
    );
    expect(await codeOf(recordAccess(store.db, { actor: 'client:rp', useCause: '因'.repeat(201), at: AT }))).toBe(
      'ERR_AUDIT_USE_CAUSE_TOO_LONG',
    );
    // Inside a caller's transaction it joins that transaction.
    await store.db
      .transaction()
      .execute((trx) => recordAccess(trx, { actor: 'staff:1', useCause: undefined, action: 'audit.read', at: AT }));
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 2 });
  });

  it('stores repeated details as packJson packs them, the kept form as a fresh one', async () => {
    const repeated = { failed: [], kind: 'licence', mode: 'verify', trustListVersion: 1, valid: true };
    const long = { note: 'x'.repeat(2000) };
    // Two batches with the same details (the second takes the kept form), a long text (never kept).
    await store.db.transaction().execute((trx) =>
      appendAuditRecords(trx, [
        { at: AT, actor: 'client:a', action: 'licence.verify', target: 't1', details: repeated },
        { at: AT, actor: 'client:a', action: 'licence.verify', target: 't2', details: long },
      ]),
    );
    await store.db.transaction().execute((trx) =>
      appendAuditRecords(trx, [
        { at: AT, actor: 'client:a', action: 'licence.verify', target: 't3', details: repeated },
        { at: AT, actor: 'client:a', action: 'licence.verify', target: 't4', details: { ...repeated, valid: false } },
      ]),
    );
    const rows = await store.db
      .selectFrom('audit_records')
      .select(['target', 'packed_details'])
      .orderBy('seq')
      .execute();
    const texts = [repeated, long, repeated, { ...repeated, valid: false }].map((d) => canonicalize(d));
    expect(rows.map((r) => r.target)).toEqual(['t1', 't2', 't3', 't4']);
    for (const [i, row] of rows.entries()) {
      expect(Buffer.from(row.packed_details).equals(Buffer.from(packJson('audit-details', texts[i] as string)))).toBe(
        true,
      );
      expect(unpackJsonText(row.packed_details)).toBe(texts[i]);
    }
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('keeps personal data out of the clear', async () => {
    const secrets = createSecrets(new Uint8Array(32).fill(7));
    const hashed = hashPersonalData(secrets, '11010519491231002X');
    await store.db
      .transaction()
      .execute((trx) =>
        recordEvent(trx, { type: 'licence.issued', actor: 'system', details: { holderCode: hashed }, at: AT }),
      );
    const { rows } = await sql<{ packed_details: Uint8Array }>`select packed_details from audit_records`.execute(
      store.db,
    );
    const details = unpackJsonText(rows[0]?.packed_details ?? new Uint8Array());
    expect(details).not.toContain('11010519491231002X');
    expect(details).toContain(hashed);
  });
});

describe('packedDetails', () => {
  it('gives packJson’s bytes for every text, kept or not, also after the kept set was emptied', () => {
    // 600 distinct texts, twice: more than the 256 kept, so the set is emptied along the way.
    const texts = Array.from({ length: 600 }, (_, i) => canonicalize({ failed: [], i, kind: 'licence' }));
    for (const round of [0, 1]) {
      for (const text of texts) {
        const packed = packedDetails(text);
        expect(Buffer.from(packed).equals(Buffer.from(packJson('audit-details', text))), `round ${round}`).toBe(true);
        expect(unpackJsonText(packed)).toBe(text);
      }
    }
  });
});

describe('hashPersonalData', () => {
  it('is keyed: stable per node, different across master keys, NFC-normalised', () => {
    const a = createSecrets(new Uint8Array(32).fill(1));
    const b = createSecrets(new Uint8Array(32).fill(2));
    expect(hashPersonalData(a, '张三')).toBe(hashPersonalData(a, '张三'));
    expect(hashPersonalData(a, '张三')).not.toBe(hashPersonalData(b, '张三'));
    expect(hashPersonalData(a, 'e\u0301')).toBe(hashPersonalData(a, '\u00e9'));
    expect(hashPersonalData(a, '张三')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
