import { type Kysely, Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditDetailsOf, chainHash, GENESIS_HASH } from '../audit/append-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrateToLatest } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import {
  packJson,
  packJsonFresh,
  packsWithReusedContext,
  unpackJson,
  unpackJsonFresh,
  unpackJsonText,
  unpacksWithReusedContext,
} from './packed-json.js';
import { openStore, type Store } from './store.js';

const DOCUMENT = JSON.stringify({
  format: 'hutong-licence/1',
  metadata: {
    certificateIdentifier: '1.2.156.3005.2.11100000000013338W032.116500000100000122.202600000101.001.8',
    certificateName: '建筑施工特种作业人员操作资格证书',
    certificateHolderName: '持证人101',
    certificateHolderCode: '650102196004110001',
  },
  face: { holderName: '持证人101', idNumber: '650102196004110001', operationCategory: '建筑电工' },
  proof: { suite: 'ed25519', signatureValue: 'n6KC8Yyc1s8fzbHoLJGKiMj4r2wMxE2n714XdMJXpq0j6bJttRez18rhckKXvF1nnFdA' },
});
const ENTRY = new TextEncoder().encode(
  '{"at":"2026-11-29T19:41:21.523Z","audit":109,"event":"licence.issued","public":{"status":"valid"},"v":1}',
);

describe('packed JSON', () => {
  it('gives back the exact bytes, smaller, for both kinds', () => {
    const packed = packJson('licence-document', DOCUMENT);
    expect(packed[0]).toBe(0x01);
    expect(packed.length).toBeLessThan(new TextEncoder().encode(DOCUMENT).length);
    expect(unpackJsonText(packed)).toBe(DOCUMENT);
    const entry = packJson('log-entry', ENTRY);
    expect(entry[0]).toBe(0x02);
    expect(Buffer.from(unpackJson(entry)).equals(Buffer.from(ENTRY))).toBe(true);
  });

  it('gives back the exact bytes of values of every size (zlib window and memory sized to the value)', () => {
    // Lengths around each window size the packer picks (2^9 … 2^15 with dictionary and look-ahead), and beyond.
    for (const length of [2, 100, 249, 250, 251, 700, 1_800, 3_900, 8_000, 16_100, 32_500, 33_000, 100_000]) {
      const text = JSON.stringify({
        v: Array.from({ length }, (_, i) => String.fromCharCode(48 + ((i * 7) % 75))).join(''),
      });
      for (const kind of ['licence-document', 'log-entry', 'audit-details'] as const) {
        expect(unpackJsonText(packJson(kind, text))).toBe(text);
      }
    }
  });

  it('packs exactly the bytes deflateRawSync makes with the same dictionary and memory, value after value (the reused zlib context is reset)', () => {
    const codecs = { 'licence-document': 0x01, 'log-entry': 0x02, 'audit-details': 0x03 } as const;
    // Values of every size class the packer keys its contexts by, interleaved across kinds and sizes,
    // with multi-byte UTF-8 (the kept input buffer) and values past the reused range (deflateRawSync).
    const values = [2, 40, 250, 251, 600, 1_200, 3_900, 8_000, 16_000, 16_384, 16_385, 20_000].flatMap((length) =>
      [0, 1, 2].map((salt) =>
        JSON.stringify({
          v: Array.from({ length: Math.max(0, length - 8) }, (_, i) =>
            String.fromCharCode(i % 13 === salt ? 0x4e00 + ((i * 31) % 400) : 48 + ((i * 7 + salt) % 75)),
          ).join(''),
        }),
      ),
    );
    for (const value of values) {
      for (const kind of ['licence-document', 'log-entry', 'audit-details'] as const) {
        const packed = packJson(kind, value);
        const bytes = Buffer.from(value, 'utf8');
        expect(packJson(kind, bytes)).toEqual(packed);
        expect(packed[0]).toBe(codecs[kind]);
        expect(Buffer.from(packed).equals(Buffer.from(packJsonFresh(kind, bytes)))).toBe(true);
        expect(unpackJsonText(packed)).toBe(value);
      }
    }
  });

  it("packs a value again and again on a reused context to streams that inflate to exactly it (their bytes may differ from deflateRawSync's after the first: zlib keeps the window past the old value)", () => {
    const document = JSON.stringify({
      ...JSON.parse(DOCUMENT),
      face: { holderName: '张三', address: '乌鲁木齐市天山区'.repeat(3) },
    });
    const bytes = Buffer.from(document, 'utf8');
    const fresh = packJsonFresh('licence-document', bytes);
    for (let i = 0; i < 5; i++) {
      const packed = packJson('licence-document', i % 2 === 0 ? document : bytes);
      expect(Math.abs(packed.length - fresh.length)).toBeLessThanOrEqual(8);
      expect(Buffer.from(unpackJsonFresh(packed)).equals(bytes)).toBe(true);
      expect(unpackJsonText(packed)).toBe(document);
    }
  });

  it("uses the reused zlib contexts on this Node (an upgrade that renames node:zlib's internals must fail here, not slow every write)", () => {
    expect(packsWithReusedContext()).toBe(true);
  });

  it('unpacks with the reused zlib contexts on this Node, value after value, exactly as inflateRawSync (the reused inflater is reset)', () => {
    expect(unpacksWithReusedContext()).toBe(true);
    // Interleaved kinds and sizes, up to and past the kept 64 KiB output buffer (inflateRawSync then).
    for (const length of [2, 250, 1_200, 16_385, 65_000, 65_536, 70_000]) {
      for (const kind of ['licence-document', 'log-entry', 'audit-details'] as const) {
        const value = JSON.stringify({
          v: Array.from({ length: Math.max(0, length - 8) }, (_, i) =>
            String.fromCharCode(i % 11 === 0 ? 0x4e00 + ((i * 31) % 400) : 48 + ((i * 7) % 75)),
          ).join(''),
        });
        const packed = packJson(kind, value);
        const fresh = unpackJsonFresh(packed);
        expect(Buffer.from(unpackJson(packed)).equals(Buffer.from(fresh))).toBe(true);
        expect(unpackJsonText(packed)).toBe(value);
        expect(Buffer.from(fresh).toString('utf8')).toBe(value);
      }
    }
  });

  it("refuses a truncated or corrupt stream with zlib's own error, and reads the next value as before", () => {
    const packed = packJson('licence-document', DOCUMENT);
    const truncated = packed.slice(0, packed.length - 20);
    const corrupt = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff);
    for (const bad of [truncated, corrupt]) {
      const expected = (() => {
        try {
          unpackJsonFresh(bad);
        } catch (error) {
          return (error as { code?: string }).code;
        }
        return 'no error';
      })();
      expect(expected).toMatch(/^Z_/);
      expect(() => unpackJson(bad)).toThrow(expect.objectContaining({ code: expected }));
      expect(() => unpackJsonText(bad)).toThrow(expect.objectContaining({ code: expected }));
      expect(unpackJsonText(packed)).toBe(DOCUMENT);
    }
    // Input left over after the end of the stream: read as inflateRawSync reads it.
    const trailing = Uint8Array.from([...packed, 0x7b]);
    expect(Buffer.from(unpackJson(trailing)).equals(Buffer.from(unpackJsonFresh(trailing)))).toBe(true);
  });

  it('reads plain JSON as it is, packs any JSON value, and refuses an unknown codec', () => {
    expect(unpackJson(ENTRY)).toBe(ENTRY);
    expect(() => unpackJson(Uint8Array.of(0x09, 1, 2))).toThrow(/unknown codec byte 0x9/);
    expect(() => unpackJson(new Uint8Array())).toThrow(/empty/);
    expect(() => unpackJsonText(Uint8Array.of(0x09, 1, 2))).toThrow(/unknown codec byte 0x9/);
    expect(() => unpackJsonText(new Uint8Array())).toThrow(/empty/);
    expect(unpackJsonText(packJson('audit-details', '[1]'))).toBe('[1]');
  });
});

describe.each(TEST_DATABASES)('migration 0017 on $dialect', ({ create }) => {
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

  it('packs the documents, log entries and audit details a node wrote before it; they read back exactly, the chain holds', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 0017 is not today's `Database`.
    const db = store.db as unknown as Kysely<any>;
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0017'));
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => before },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // 1,001 rows: more than one page of the migration's keyset walk.
    const rows = Array.from({ length: 1001 }, (_, i) => ({
      identifier: `1.2.156.3005.2.T.I.${String(i).padStart(12, '0')}.001.X`,
      series: `T.I.${String(i).padStart(12, '0')}`,
      version: '001',
      type_code: 'T',
      issuer_code: 'I',
      serial: String(i).padStart(12, '0'),
      holder_index: 'h',
      status: 'valid',
      status_state: '{"status":"valid","encumbrances":[]}',
      document: DOCUMENT.replace('持证人101', `持证人${i}`),
      key_id: 'k',
      origin: 'issued',
      status_list_id: 1,
      status_index: i,
      status_value: 0,
      effective_date: '20260301',
      expiring_date: null,
      source_key: null,
      request_hash: null,
      created_by: 'cli',
      issued_at: '2026-11-29T00:00:00.000Z',
      updated_at: '2026-11-29T00:00:00.000Z',
    }));
    for (let start = 0; start < rows.length; start += 40)
      await db
        .insertInto('licences')
        .values(rows.slice(start, start + 40))
        .execute();
    await db
      .insertInto('log_entries')
      .values({
        idx: 0,
        leaf_hash: new Uint8Array(32),
        entry: ENTRY,
        event: 'licence.issued',
        target: null,
        series: null,
        version: null,
        created_at: '2026-11-29T00:00:00.000Z',
      })
      .execute();

    // An audit record as 0005 stored it (details as canonical JSON text), chained from genesis.
    const record = {
      seq: 1,
      at: '2026-11-29T00:00:00.000Z',
      actor: 'system',
      action: 'licence.issued',
      target: rows[0]?.identifier ?? null,
      useCause: null,
      outcome: 'success' as const,
      requestId: null,
      details: { holder: 'h', statusList: { index: 0, listId: 1 } },
    };
    const hash = chainHash(GENESIS_HASH, record);
    await db
      .insertInto('audit_records')
      .values({
        seq: 1,
        at: record.at,
        actor: record.actor,
        action: record.action,
        target: record.target,
        use_cause: null,
        outcome: record.outcome,
        request_id: null,
        details: '{"holder":"h","statusList":{"index":0,"listId":1}}',
        prev_hash: GENESIS_HASH,
        hash,
      })
      .execute();
    await db.updateTable('audit_chain_head').set({ seq: 1, hash }).where('id', '=', 1).execute();

    await migrateToLatest(store.db);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 1, headHash: hash });
    const audit = await store.db.selectFrom('audit_records').select('packed_details').executeTakeFirstOrThrow();
    expect(audit.packed_details[0]).toBe(0x03);
    expect(auditDetailsOf(audit.packed_details)).toEqual(record.details);
    const stored = await store.db
      .selectFrom('licences')
      .select(['identifier', 'packed_document'])
      .orderBy('identifier')
      .execute();
    expect(stored).toHaveLength(rows.length);
    stored.forEach((row, i) => {
      expect(row.packed_document[0]).toBe(0x01);
      expect(unpackJsonText(row.packed_document)).toBe(rows[i]?.document);
    });
    const columns = (await store.db.introspection.getTables())
      .find((table) => table.name === 'licences')
      ?.columns.map((c) => c.name);
    expect(columns).not.toContain('document');
    const entry = await store.db.selectFrom('log_entries').select('entry').executeTakeFirstOrThrow();
    expect(entry.entry[0]).toBe(0x02);
    expect(Buffer.from(unpackJson(entry.entry)).equals(Buffer.from(ENTRY))).toBe(true);
  });
});
