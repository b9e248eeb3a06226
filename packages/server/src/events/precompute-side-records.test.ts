import { canonicalize } from '@hutong/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditDetailsOf } from '../audit/append-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { buildLogEntry, buildLogEntryParts, joinLogEntry } from '../log/log-entry.js';
import { registerLogSink } from '../log/log-sink.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { migrateToLatest } from '../store/migrate.js';
import { packJson, unpackJson } from '../store/packed-json.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import type { DomainEvent } from './domain-event.js';
import { logSalts, precomputeSideRecords } from './precompute-side-records.js';
import { recordEvents } from './record-event.js';

/** A reproducible variety of events: logged and not, with and without target, request id, use cause; text in many scripts. */
function events(count: number): DomainEvent[] {
  let seed = 11;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const words = ['建筑电工', 'Ürümqi', 'ئۈرۈمچی', 'a"b\\c', 'line\nbreak', '😀', '', '001', 'valid'];
  const pick = () => words[Math.floor(random() * words.length)] as string;
  const types = [
    'licence.issued',
    'licence.status',
    'grant.created',
    'client.registered',
    'catalogue.changed',
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const details: Record<string, unknown> = {
      typeCode: `1110000000001333${i % 10}W032`,
      issuerCode: '116500000100000122',
      series: `11100000000013338W032.116500000100000122.${String(i).padStart(12, '0')}`,
      version: '001',
      origin: random() < 0.5 ? 'imported' : 'issued',
      keyId: `k${i}`,
      status: 'valid',
      statusList: { listId: 1 + (i % 3), index: i },
      holder: pick().repeat(1 + (i % 4)),
    };
    if (random() < 0.3) details.note = { nested: [pick(), i, random() < 0.5, null, 1.5] };
    if (random() < 0.2) details.extra = pick();
    return {
      type: types[i % types.length] as DomainEvent['type'],
      actor: random() < 0.5 ? 'cli' : `client:${pick()}x`,
      ...(random() < 0.7 ? { requestId: `import-${i}` } : {}),
      ...(random() < 0.8 ? { target: `1.2.156.3005.2.x.${i}` } : {}),
      ...(random() < 0.3 ? { useCause: `${pick()}办理` } : {}),
      details,
      at: `2026-11-30T0${i % 10}:00:00.${String(i % 1000).padStart(3, '0')}Z`,
    };
  });
}

describe('side records made ahead (an import’s signing threads)', () => {
  it('give exactly the log entry and audit details the main thread makes from the same event and salt', () => {
    const list = events(400);
    const salts = logSalts(list.length);
    list.forEach((event, i) => {
      const salt = salts[i] as Uint8Array;
      const made = precomputeSideRecords(event, salt);
      const text = canonicalize(event.details);
      expect(made.auditDetails.text).toBe(text);
      expect(Buffer.from(made.auditDetails.packed).equals(Buffer.from(packJson('audit-details', text)))).toBe(true);
      if (!event.type.startsWith('licence.') && !event.type.startsWith('grant.')) {
        expect(made.logEntry).toBeUndefined();
        return;
      }
      for (const seq of [undefined, 1, 1_000_000 + i]) {
        const joined = joinLogEntry(
          made.logEntry?.parts ?? buildLogEntryParts(event, salt, nodeHashProvider),
          seq,
          nodeHashProvider,
        );
        const direct = buildLogEntry(event, seq, salt, nodeHashProvider);
        expect(Buffer.from(joined.entry).equals(Buffer.from(direct.entry))).toBe(true);
        expect(Buffer.from(joined.leafHash).equals(Buffer.from(direct.leafHash))).toBe(true);
        // RFC 8785: the joined text is canonical (canonicalising its parse changes nothing) and says what the event says.
        const parsed = JSON.parse(Buffer.from(joined.entry).toString('utf8')) as Record<string, unknown>;
        expect(canonicalize(parsed)).toBe(Buffer.from(joined.entry).toString('utf8'));
        expect(parsed.audit).toBe(seq);
        expect(parsed.at).toBe(event.at);
        expect(parsed.event).toBe(event.type);
        expect(parsed.target).toBe(event.target);
      }
    });
  });

  it('refuses a salt of another length (the commitments need 32 random bytes)', () => {
    const [event] = events(1);
    expect(() => precomputeSideRecords(event as DomainEvent, new Uint8Array(16))).toThrow(/32 bytes/);
  });
});

describe.each(TEST_DATABASES)('events recorded with side records made ahead, on $dialect', ({ create }) => {
  let database: TestDatabase;
  let store: Store;
  let unregister: () => void;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    unregister = registerLogSink();
  });

  afterEach(async () => {
    unregister();
    await store.close();
    await database.drop();
  });

  it('store the records the main thread would store (same entry for the stored salt, same details), the chain intact', async () => {
    const list = events(120);
    const salts = logSalts(list.length);
    // Half made ahead, half not, interleaved in one write: both paths share one chain and one log.
    const mixed = list.map((event, i) =>
      i % 2 === 0 ? { ...event, precomputed: precomputeSideRecords(event, salts[i] as Uint8Array) } : event,
    );
    const audits = await store.db.transaction().execute((trx) => recordEvents(trx, mixed));
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, count: list.length });

    const records = await store.db
      .selectFrom('audit_records')
      .select(['seq', 'packed_details'])
      .orderBy('seq')
      .execute();
    records.forEach((row, i) => {
      const details = list[i]?.details;
      expect(
        Buffer.from(row.packed_details).equals(Buffer.from(packJson('audit-details', canonicalize(details)))),
      ).toBe(true);
      expect(auditDetailsOf(row.packed_details)).toEqual(JSON.parse(canonicalize(details)));
    });

    const logged = list.flatMap((event, i) =>
      event.type.startsWith('licence.') || event.type.startsWith('grant.') ? [{ event, i }] : [],
    );
    const entries = await store.db
      .selectFrom('log_entries')
      .innerJoin('log_entry_salts', 'log_entry_salts.idx', 'log_entries.idx')
      .select(['log_entries.idx', 'log_entries.entry', 'log_entries.leaf_hash', 'log_entry_salts.salt'])
      .orderBy('log_entries.idx')
      .execute();
    expect(entries).toHaveLength(logged.length);
    entries.forEach((row, k) => {
      const { event, i } = logged[k] as { event: DomainEvent; i: number };
      if (i % 2 === 0) expect(Buffer.from(row.salt).equals(Buffer.from(salts[i] as Uint8Array))).toBe(true);
      const expected = buildLogEntry(event, audits[i]?.seq, row.salt, nodeHashProvider);
      expect(Buffer.from(unpackJson(row.entry)).equals(Buffer.from(expected.entry))).toBe(true);
      expect(Buffer.from(row.leaf_hash).equals(Buffer.from(expected.leafHash))).toBe(true);
    });
  });
});
