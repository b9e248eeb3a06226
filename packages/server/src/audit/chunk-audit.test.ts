import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/domain-event.js';
import { recordChunkEvents, recordEvent } from '../events/record-event.js';
import { registerLogSink } from '../log/log-sink.js';
import { migrateToLatest } from '../store/migrate.js';
import { packJson, unpackJsonText } from '../store/packed-json.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { activityStatistics } from './activity-statistics.js';
import { auditDetailsOf, chainHash, GENESIS_HASH } from './append-audit.js';
import { chunkAuditDetails, chunkAuditMembers } from './append-chunk-audit.js';
import { listAuditRecords } from './list-audit-records.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const AT = '2026-11-29T12:00:00.000Z';

/** An issue event as issuance makes it (issuance/issued-event.ts): shared and per-licence details. */
function issued(n: number, overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    type: 'licence.issued',
    actor: 'client:dept',
    requestId: 'req-1',
    target: `T.I.${n}.1`,
    details: {
      typeCode: 'T',
      issuerCode: 'I',
      series: `T.I.${n}`,
      version: 1,
      origin: 'issued',
      keyId: 'k1',
      status: 'valid',
      statusList: { listId: 1, index: n },
      holder: `holder-hash-${n}`,
    },
    at: AT,
    ...overrides,
  };
}

describe('chunkAuditDetails / chunkAuditMembers', () => {
  it('factors the details into shared values and one value per licence, and gives each licence’s details back', () => {
    const events = [issued(1), issued(2), issued(3)];
    const members = events.map((e) => ({ identifier: e.target ?? '', details: e.details as Record<string, unknown> }));
    const details = chunkAuditDetails(members);
    expect(details).toEqual({
      licences: ['T.I.1.1', 'T.I.2.1', 'T.I.3.1'],
      shared: { typeCode: 'T', issuerCode: 'I', version: 1, origin: 'issued', keyId: 'k1', status: 'valid' },
      each: {
        series: ['T.I.1', 'T.I.2', 'T.I.3'],
        statusList: [
          { listId: 1, index: 1 },
          { listId: 1, index: 2 },
          { listId: 1, index: 3 },
        ],
        holder: ['holder-hash-1', 'holder-hash-2', 'holder-hash-3'],
      },
    });
    // Through JSON (as stored) and back: each licence's own details, exactly.
    expect(chunkAuditMembers(JSON.parse(JSON.stringify(details)))).toEqual(members);
  });

  it('makes no chunk record of one licence, a licence listed twice, or details with other members', () => {
    const member = (identifier: string, details: Record<string, unknown>) => ({ identifier, details });
    expect(chunkAuditDetails([member('a', { x: 1 })])).toBeUndefined();
    expect(chunkAuditDetails([member('a', { x: 1 }), member('a', { x: 2 })])).toBeUndefined();
    expect(chunkAuditDetails([member('a', { x: 1 }), member('b', { y: 1 })])).toBeUndefined();
    expect(chunkAuditDetails([member('a', { x: 1 }), member('b', { x: 1, y: 2 })])).toBeUndefined();
  });

  it('reads no chunk out of other details', () => {
    for (const details of [
      {},
      { licences: ['a', 'b'] },
      { licences: ['a'], shared: {}, each: {} },
      { licences: ['a', 'b'], shared: {}, each: { x: [1] } },
      { licences: ['a', 'b'], shared: { x: 1 }, each: { x: [1, 2] } },
      { licences: ['a', 2], shared: {}, each: {} },
      { licences: ['a', 'b'], shared: {}, each: {}, extra: 1 },
      ['a', 'b'],
      null,
    ]) {
      expect(chunkAuditMembers(details), JSON.stringify(details)).toBeUndefined();
    }
  });
});

describe.each(TEST_DATABASES)('one audit record per chunk on $dialect', ({ create }) => {
  let database: TestDatabase;
  let store: Store;
  let unregisterLog: () => void;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    unregisterLog = registerLogSink();
  });

  afterEach(async () => {
    unregisterLog();
    await store.close();
    await database.drop();
  });

  /** seq 1: a per-licence record; seq 2: a chunk of licences 1–4; seq 3: a status event of licence 2. */
  async function writeChunk(): Promise<void> {
    await store.db.transaction().execute((trx) => recordEvent(trx, issued(9)));
    const audits = await store.db
      .transaction()
      .execute((trx) => recordChunkEvents(trx, [issued(1), issued(2), issued(3), issued(4)]));
    expect(audits.map((a) => a.seq)).toEqual([2, 2, 2, 2]);
    await store.db.transaction().execute((trx) =>
      recordEvent(trx, {
        type: 'licence.status',
        actor: 'client:dept',
        target: 'T.I.2.1',
        details: { typeCode: 'T', issuerCode: 'I', series: 'T.I.2', from: 'valid', to: 'suspended' },
        at: AT,
      }),
    );
  }

  const narrowRows = async () =>
    (await store.db.selectFrom('audit_licences').selectAll().execute())
      .map((row) => [row.identifier, Number(row.seq)] as const)
      .sort((a, b) => a[0].localeCompare(b[0]));

  it('writes one record listing the chunk’s licences, its narrow rows, and log entries that all point at it', async () => {
    await writeChunk();
    const records = await store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(records.map((r) => [Number(r.seq), r.action, r.target])).toEqual([
      [1, 'licence.issued', 'T.I.9.1'],
      [2, 'licence.issued', null],
      [3, 'licence.status', 'T.I.2.1'],
    ]);
    const chunk = records[1];
    if (chunk === undefined) throw new Error('no chunk record');
    expect(chunk).toMatchObject({ actor: 'client:dept', request_id: 'req-1', outcome: 'success', at: AT });
    // Each licence's details are the ones its own record would have had.
    expect(chunkAuditMembers(auditDetailsOf(chunk.packed_details))).toEqual(
      [1, 2, 3, 4].map((n) => ({ identifier: `T.I.${n}.1`, details: issued(n).details })),
    );
    expect(await narrowRows()).toEqual([
      ['T.I.1.1', 2],
      ['T.I.2.1', 2],
      ['T.I.3.1', 2],
      ['T.I.4.1', 2],
    ]);
    const entries = await store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    expect(entries.map((e) => (JSON.parse(unpackJsonText(e.entry)) as { audit?: number }).audit)).toEqual([
      1, 2, 2, 2, 2, 3,
    ]);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 3 });
  });

  it('answers a licence’s audit history with its chunk record and its own records, newest first, paged', async () => {
    await writeChunk();
    const page = await listAuditRecords(store.db, { target: 'T.I.2.1', limit: 10 });
    expect(page.items.map((item) => [item.seq, item.action, item.target])).toEqual([
      [3, 'licence.status', 'T.I.2.1'],
      [2, 'licence.issued', null],
    ]);
    // The record as the API gives it re-hashes to its hash (the web's check does the same).
    const chunk = page.items[1];
    if (chunk === undefined) throw new Error('no chunk record');
    expect(chainHash(chunk.prevHash, { ...chunk, outcome: 'success' })).toBe(chunk.hash);
    const first = await listAuditRecords(store.db, { target: 'T.I.2.1', limit: 1 });
    expect(first.items.map((item) => item.seq)).toEqual([3]);
    const second = await listAuditRecords(store.db, { target: 'T.I.2.1', limit: 1, cursor: first.next ?? '' });
    expect(second.items.map((item) => item.seq)).toEqual([2]);
    expect(second.next).toBeNull();
    // Other filters still apply to chunk records.
    expect(
      (await listAuditRecords(store.db, { target: 'T.I.3.1', action: 'licence.issued', limit: 10 })).items.map(
        (item) => item.seq,
      ),
    ).toEqual([2]);
    expect(
      (await listAuditRecords(store.db, { target: 'T.I.3.1', action: 'licence.status', limit: 10 })).items,
    ).toEqual([]);
    expect((await listAuditRecords(store.db, { target: 'T.I.9.1', limit: 10 })).items.map((item) => item.seq)).toEqual([
      1,
    ]);
  });

  it('counts a chunk record as the licences it lists in the activity statistics', async () => {
    await writeChunk();
    const stats = await activityStatistics(store.db, { days: 1, now: new Date(AT) });
    expect(stats.totals).toMatchObject({ 'licence.issued': 5, 'licence.status': 1 });
  });

  it('records a single event, or events that are not one chunk’s issuance, one record each', async () => {
    await store.db.transaction().execute((trx) => recordChunkEvents(trx, [issued(1)]));
    await store.db
      .transaction()
      .execute((trx) => recordChunkEvents(trx, [issued(2), issued(3, { requestId: 'req-2' })]));
    const records = await store.db.selectFrom('audit_records').select(['seq', 'target']).orderBy('seq').execute();
    expect(records.map((r) => r.target)).toEqual(['T.I.1.1', 'T.I.2.1', 'T.I.3.1']);
    expect(await narrowRows()).toEqual([]);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: 3 });
  });

  it('rolls the chunk record and its narrow rows back with the chunk’s transaction', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await recordChunkEvents(trx, [issued(1), issued(2)]);
        throw new Error('the chunk failed');
      }),
    ).rejects.toThrow('the chunk failed');
    expect(await store.db.selectFrom('audit_records').select('seq').execute()).toEqual([]);
    expect(await narrowRows()).toEqual([]);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  describe('hutong audit verify detects any change to the narrow table', () => {
    it('a row deleted', async () => {
      await writeChunk();
      await store.db.deleteFrom('audit_licences').where('identifier', '=', 'T.I.3.1').execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
    });

    it('a row’s identifier edited (another licence made to look issued by this chunk)', async () => {
      await writeChunk();
      await store.db
        .updateTable('audit_licences')
        .set({ identifier: 'T.I.7.1' })
        .where('identifier', '=', 'T.I.3.1')
        .execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
    });

    it('a row added to a chunk record', async () => {
      await writeChunk();
      await store.db.insertInto('audit_licences').values({ identifier: 'T.I.7.1', seq: 2 }).execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
    });

    it('a row moved to a record that is not a chunk record', async () => {
      await writeChunk();
      await store.db.updateTable('audit_licences').set({ seq: 3 }).where('identifier', '=', 'T.I.2.1').execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
      await store.db.insertInto('audit_licences').values({ identifier: 'T.I.2.1', seq: 2 }).execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 3, reason: 'licence-index-mismatch' });
    });

    it('a row naming no record (before the first, after the last)', async () => {
      await writeChunk();
      await store.db.insertInto('audit_licences').values({ identifier: 'T.I.7.1', seq: 40 }).execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 40, reason: 'licence-index-mismatch' });
      await store.db.deleteFrom('audit_licences').where('seq', '=', 40).execute();
      await store.db.insertInto('audit_licences').values({ identifier: 'T.I.7.1', seq: 0 }).execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 0, reason: 'licence-index-mismatch' });
    });

    it('the chunk record’s list edited to match a deleted row (the chain hash breaks)', async () => {
      await writeChunk();
      await store.db.deleteFrom('audit_licences').where('identifier', '=', 'T.I.4.1').execute();
      const row = await store.db
        .selectFrom('audit_records')
        .select('packed_details')
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const details = auditDetailsOf(row.packed_details) as { licences: string[]; each: Record<string, unknown[]> };
      details.licences.pop();
      for (const values of Object.values(details.each)) values.pop();
      await store.db
        .updateTable('audit_records')
        .set({ packed_details: packJson('audit-details', JSON.stringify(details)) })
        .where('seq', '=', 2)
        .execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });
    });

    it('the narrow table dropped', async () => {
      await writeChunk();
      await store.db.schema.dropTable('audit_licences').execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
    });

    it('the first break is the one named: a narrow row before an edited record', async () => {
      await writeChunk();
      await store.db.deleteFrom('audit_licences').where('identifier', '=', 'T.I.1.1').execute();
      await store.db.updateTable('audit_records').set({ actor: 'client:else' }).where('seq', '=', 3).execute();
      expect(await verifyAuditChain(store.db)).toEqual({ ok: false, seq: 2, reason: 'licence-index-mismatch' });
    });
  });
});
