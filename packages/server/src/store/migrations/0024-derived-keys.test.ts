import { formatLicenceId } from '@hutong/core';
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../audit/append-audit.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import { countLicencesByResponsibility } from '../../catalogue/responsibility-progress.js';
import type { DomainEvent } from '../../events/domain-event.js';
import { licenceRange, typeCodesFrom, unindexed } from '../../library/licence-ranges.js';
import { statusStateOf } from '../../library/licence-records.js';
import { buildLogEntry, targetOfEntry } from '../../log/log-entry.js';
import { nodeHashProvider as HASHES } from '../../merkle/node-hash-provider.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import {
  chainAuditRecords,
  legacyAuditRow,
  legacyLicenceRow,
  useStoreBeforeMigration,
} from '../../test-support/migrations.js';
import { migrateToLatest } from '../migrate.js';
import { packJson, unpackJson } from '../packed-json.js';
import type { Store } from '../store.js';

const T1 = '11100000000013338W032';
const T2 = '11100000000013338W033';
const I1 = '11220000013544541J';
const I2 = '116500000100000122';

/** Licences of two types and two issuers, with the states schema 22 wrote (JSON every time). */
const LICENCES = [
  { type: T1, issuer: I1, serial: '1', state: '{"status":"valid","expiringDate":"20280229","encumbrances":[]}' },
  { type: T1, issuer: I1, serial: '2', state: '{"status":"valid","encumbrances":[]}' },
  {
    type: T1,
    issuer: I2,
    serial: '3',
    state:
      '{"status":"valid","expiringDate":"20280229","encumbrances":[{"id":"e1","kind":"mortgage","start":"20260101"}]}',
  },
  { type: T2, issuer: I1, serial: '4', state: '{"status":"suspended","suspendedBy":["order"],"encumbrances":[]}' },
  { type: T2, issuer: I2, serial: '5', state: '{"status":"revoked","expiringDate":"20300101","encumbrances":[]}' },
].map((l, i) => {
  const identifier = formatLicenceId({ typeCode: l.type, issuerCode: l.issuer, serial: l.serial, version: '001' });
  const state = JSON.parse(l.state) as { status: string; expiringDate?: string };
  return legacyLicenceRow({
    identifier,
    series: `${l.type}.${l.issuer}.${l.serial}`,
    typeCode: l.type,
    issuerCode: l.issuer,
    serial: l.serial,
    holderIndex: `h${i}`,
    status: state.status,
    statusState: l.state,
    statusIndex: i,
    statusValue: state.status === 'valid' ? 0 : 1,
    expiringDate: state.expiringDate ?? null,
    n: i,
  });
});

function issued(identifier: string, i: number): DomainEvent {
  return {
    type: 'licence.issued',
    actor: 'cli',
    target: identifier,
    details: { series: LICENCES[i]?.series, version: '001', status: 'valid' },
    at: '2026-11-29T00:00:00.000Z',
  };
}

describe.each(TEST_DATABASES)('migration 0024-derived-keys on $dialect', ({ dialect, create }) => {
  const at = useStoreBeforeMigration(create, '0024-derived-keys');

  it('keeps every row (states read back the same, entries name their targets, the chain verifies) and finds licences by range', async () => {
    const { db, store } = at;
    await db.insertInto('licences').values(LICENCES).execute();
    const entries = LICENCES.map((l, i) => {
      const event = issued(l.identifier, i);
      const built = buildLogEntry(event, i + 1, new Uint8Array(32).fill(i), HASHES);
      return {
        idx: i,
        leaf_hash: built.leafHash,
        entry: packJson('log-entry', built.entry),
        event: event.type,
        target: l.identifier,
        series: built.series,
        version: built.version,
        created_at: '2026-11-29T00:00:00.000Z',
      };
    });
    await db.insertInto('log_entries').values(entries).execute();
    // Audit records as 0019 to 0023 store them (hashes binary, no previous hash), chained from genesis.
    const chain = chainAuditRecords(
      LICENCES.map((l, i) => ({
        seq: i + 1,
        at: '2026-11-29T00:00:00.000Z',
        actor: 'cli',
        action: 'licence.issued',
        target: l.identifier,
        useCause: null,
        outcome: 'success',
        requestId: null,
        details: { n: i },
      })),
    );
    await db
      .insertInto('audit_records')
      .values(chain.map(({ record, hash }) => ({ ...legacyAuditRow(record), hash: Buffer.from(hash, 'hex') })))
      .execute();
    const head = chain.at(-1)?.hash ?? GENESIS_HASH;
    await db.updateTable('audit_chain_head').set({ seq: LICENCES.length, hash: head }).where('id', '=', 1).execute();

    await at.migrate();

    const after = await store.db.selectFrom('licences').selectAll().orderBy('identifier').execute();
    const before = [...LICENCES].sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
    // Every column the same, but the state: '' exactly where the row's status and date say it all.
    expect(after.map((r) => r.status_state === '')).toEqual(
      before.map((l) => l.serial === '1' || l.serial === '2' || l.serial === '5'),
    );
    for (const [i, row] of after.entries()) {
      const was = before[i] as (typeof before)[number];
      const { status_state: _s, packed_document, status_index, ...rest } = row;
      const { status_state: _w, packed_document: wasDocument, ...wasRest } = was;
      expect({ ...rest, status_index: Number(status_index) }).toEqual(wasRest);
      expect(new Uint8Array(packed_document)).toEqual(new Uint8Array(wasDocument));
      // Read back as the very JSON that was there (key order included).
      expect(JSON.stringify(statusStateOf(row))).toBe(was.status_state);
    }

    const logAfter = await store.db.selectFrom('log_entries').selectAll().orderBy('idx').execute();
    expect(logAfter.map((r) => Object.keys(r).sort())).toEqual(
      entries.map(() => ['created_at', 'entry', 'event', 'idx', 'leaf_hash', 'series', 'version']),
    );
    expect(logAfter.map((r) => targetOfEntry(unpackJson(r.entry)))).toEqual(entries.map((e) => e.target));
    expect(logAfter.map((r) => new Uint8Array(r.leaf_hash))).toEqual(entries.map((e) => new Uint8Array(e.leaf_hash)));

    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: LICENCES.length, headHash: head });

    // The type and issuer indexes are gone; ranges of the key find the same licences.
    const inRange = async (typeCode: string, issuerCode?: string) => {
      const range = licenceRange(typeCode, issuerCode);
      const rows = await store.db
        .selectFrom('licences')
        .select('serial')
        .where('identifier', '>=', range.from)
        .where('identifier', '<', range.below)
        .orderBy('identifier')
        .execute();
      return rows.map((r) => r.serial);
    };
    expect(await inRange(T1)).toEqual(['1', '2', '3']);
    expect(await inRange(T2)).toEqual(['4', '5']);
    expect(await inRange(T1, I2)).toEqual(['3']);
    expect(await inRange(T2, I1)).toEqual(['4']);
    const types: string[] = [];
    for await (const t of typeCodesFrom(store.db, '')) types.push(t);
    expect(types).toEqual([T1, T2]);
    const fromSecond: string[] = [];
    for await (const t of typeCodesFrom(store.db, licenceRange(T1).below)) fromSecond.push(t);
    expect(fromSecond).toEqual([T2]);
    const progress = await countLicencesByResponsibility(store.db, [
      { typeCode: T1, departmentCode: I1 },
      { typeCode: T2, departmentCode: I2 },
    ]);
    expect([...progress.values()].map((p) => p.issued)).toEqual([2, 1]);

    await migrateToLatest(store.db);
  });

  it('the queries that used the dropped indexes read a range of the primary key, not the table', async () => {
    await at.migrate();
    const store = at.store;
    const names = await indexNames(store, dialect);
    expect(names).not.toContain('licences_type');
    expect(names).not.toContain('licences_issuer');
    const range = licenceRange(T1, I1);
    const byType = store.db
      .selectFrom('licences')
      .select(['identifier', 'packed_document', 'status'])
      .where('identifier', '>=', range.from)
      .where('identifier', '<', range.below)
      .where(unindexed('type_code'), '=', T1)
      .where(unindexed('issuer_code'), '=', I1)
      .where(unindexed('status'), '=', 'valid')
      .where('identifier', '>', range.from)
      .orderBy('identifier')
      .limit(51)
      .compile();
    const nextType = store.db
      .selectFrom('licences')
      .select('type_code')
      .where('identifier', '>=', range.below)
      .orderBy('identifier')
      .limit(1)
      .compile();
    const plans = await store.db.transaction().execute(async (trx) => {
      // PostgreSQL's planner scans a table this small whatever its indexes: with sequential
      // scans priced out it must show that an index serves the query.
      if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
      const out: string[] = [];
      for (const query of [byType, nextType]) {
        const explain = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
        const rows = await trx.executeQuery(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
        out.push(JSON.stringify(rows.rows));
      }
      return out;
    });
    for (const plan of plans) {
      if (dialect === 'sqlite') {
        expect(plan).toMatch(/SEARCH licences USING INDEX sqlite_autoindex_licences_1 \(identifier>/);
        expect(plan).not.toContain('TEMP B-TREE');
      } else {
        expect(plan).toContain('Index Scan using licences_pkey');
        expect(plan).not.toContain('Sort');
      }
    }
    if (dialect === 'postgres') {
      const collation = await sql<{ collation_name: string }>`select collation_name from information_schema.columns
        where table_name = 'licences' and column_name = 'identifier'`.execute(store.db);
      expect(collation.rows[0]?.collation_name).toBe('C');
    }
  });
});

async function indexNames(store: Store, dialect: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = 'licences'`.execute(store.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'licences'`.execute(
          store.db,
        );
  return rows.rows.map((r) => r.name);
}
