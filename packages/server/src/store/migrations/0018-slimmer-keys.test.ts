import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../audit/append-audit.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import { dueForExpiry } from '../../status/expire-licences.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import {
  chainAuditRecords,
  legacyAuditRow,
  legacyLicenceRow,
  useStoreBeforeMigration,
} from '../../test-support/migrations.js';
import { migrateToLatest } from '../migrate.js';
import type { Store } from '../store.js';

const LICENCES = 5;

function licenceRow(i: number) {
  const serial = String(i).padStart(12, '0');
  return legacyLicenceRow({
    identifier: `1.2.156.3005.2.T.I.${serial}.001.X`,
    series: `T.I.${serial}`,
    typeCode: 'T',
    issuerCode: 'I',
    serial,
    // Licences 0 and 1 share a holder.
    holderIndex: `h${Math.max(i, 1)}`,
    status: i === 4 ? 'revoked' : 'valid',
    statusState: '{"status":"valid","encumbrances":[]}',
    statusIndex: i,
    statusValue: i === 4 ? 1 : 0,
    // Licences 2 and 3 are past their date; 4 is too, but revoked.
    expiringDate: i >= 2 ? '20260401' : '20300101',
    n: i,
  });
}

describe.each(TEST_DATABASES)('migration 0018-slimmer-keys on $dialect', ({ dialect, create }) => {
  const at = useStoreBeforeMigration(create, '0018-slimmer-keys');

  it('keeps every status event and audit record (the chain verifies) and the licence reads, with slimmer keys', async () => {
    const db = at.db;
    const licences = Array.from({ length: LICENCES }, (_, i) => licenceRow(i));
    await db.insertInto('licences').values(licences).execute();
    const events = licences.flatMap((l, i) =>
      [1, 2].map((seq) => ({
        identifier: l.identifier,
        seq,
        type: seq === 1 ? 'issue' : 'suspension',
        event: `{"type":"${seq === 1 ? 'issue' : 'suspension'}"}`,
        from_status: seq === 1 ? 'none' : 'valid',
        to_status: seq === 1 ? 'valid' : 'suspended',
        at: `2026-11-29T00:00:0${seq}.000Z`,
        actor: 'cli',
        request_id: i % 2 === 0 ? null : `req-${i}`,
      })),
    );
    await db.insertInto('licence_status_events').values(events).execute();
    // Audit records as 0017 left them (the previous hash beside each, hashes as hex), chained from genesis.
    const chain = chainAuditRecords(
      licences.map((licence, i) => ({
        seq: i + 1,
        at: '2026-11-29T00:00:00.000Z',
        actor: 'cli',
        action: 'licence.issued',
        target: licence.identifier,
        useCause: null,
        outcome: 'success',
        requestId: i === 1 ? 'req-2' : null,
        details: { statusList: { index: i, listId: 1 } },
      })),
    );
    const audit = chain.map(({ record, prevHash, hash }) => ({ ...legacyAuditRow(record), prev_hash: prevHash, hash }));
    const head = chain.at(-1)?.hash ?? GENESIS_HASH;
    await db.insertInto('audit_records').values(audit).execute();
    await db.updateTable('audit_chain_head').set({ seq: LICENCES, hash: head }).where('id', '=', 1).execute();

    await at.migrate();

    const eventsAfter = await at.store.db
      .selectFrom('licence_status_events')
      .selectAll()
      .orderBy('identifier')
      .orderBy('seq')
      .execute();
    expect(eventsAfter.map((e) => ({ ...e, seq: Number(e.seq) }))).toEqual(events);
    const auditAfter = await at.store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(
      auditAfter.map((a) => ({ ...a, seq: Number(a.seq), packed_details: new Uint8Array(a.packed_details) })),
    ).toEqual(audit.map((a) => ({ ...a, packed_details: new Uint8Array(a.packed_details) })));

    // Reads through the new indexes: by holder (two licences under h1), and the expiry sweep.
    const byHolder = await at.store.db
      .selectFrom('licences')
      .select('identifier')
      .where('holder_index', '=', 'h1')
      .orderBy('identifier')
      .execute();
    expect(byHolder.map((r) => r.identifier)).toEqual([licences[0]?.identifier, licences[1]?.identifier]);
    const due = await dueForExpiry(at.store.db, '20261129').execute();
    expect(due.map((r) => r.identifier)).toEqual([licences[2]?.identifier, licences[3]?.identifier]);

    // The key still refuses a second event under the same (identifier, seq), and a record seq twice.
    await expect(
      at.store.db
        .insertInto('licence_status_events')
        .values(events[0] as never)
        .execute(),
    ).rejects.toThrow();
    await expect(
      at.store.db
        .insertInto('audit_records')
        .values(audit[0] as never)
        .execute(),
    ).rejects.toThrow();

    if (dialect === 'sqlite') {
      const tables = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
        where type = 'table' and name in ('licence_status_events', 'audit_records')`.execute(at.store.db);
      expect(tables.rows.find((t) => t.name === 'licence_status_events')?.sql).toMatch(/without rowid$/i);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'
        and tbl_name in ('licence_status_events', 'audit_records')`.execute(at.store.db);
      // No autoindex on either table: the status events ARE their key's b-tree, seq is the audit rowid.
      expect(indexes.rows.map((r) => r.name).sort()).toEqual([
        'audit_records_action',
        'audit_records_actor',
        'audit_records_at',
        'audit_records_target',
      ]);
      const aliased = await sql<{ same: number }>`select count(*) as same from audit_records where rowid = seq`.execute(
        at.store.db,
      );
      expect(Number(aliased.rows[0]?.same)).toBe(LICENCES);
      // The status events keep their reference to the licence.
      await expect(
        at.store.db
          .insertInto('licence_status_events')
          .values({ ...(events[0] as object), identifier: 'no such licence', seq: 1 } as never)
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
    }
    const columns = await indexColumns(at.store, dialect);
    expect(columns.licences_holder).toEqual(['holder_index']);
    expect(columns.licences_expiry_sweep).toEqual(['status', 'expiring_date']);
    // The chain verifies with today's code once the later migrations have run (0019 stores hashes binary).
    await migrateToLatest(at.store.db);
    expect(await verifyAuditChain(at.store.db)).toEqual({ ok: true, count: LICENCES, headHash: head });
  });

  it('the expiry sweep and holder lookups still read through their indexes, not a table scan', async () => {
    await at.migrate();
    const holder = at.store.db
      .selectFrom('licences')
      .select('identifier')
      .where('holder_index', 'in', ['h1'])
      .compile();
    const plans = await at.store.db.transaction().execute(async (trx) => {
      // PostgreSQL's planner scans a table this small whatever its indexes: with sequential
      // scans priced out it must show that an index serves the query.
      if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
      const out: string[] = [];
      for (const query of [dueForExpiry(at.store.db, '20261129').compile(), holder]) {
        const explain = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
        const rows = await trx.executeQuery(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
        out.push(JSON.stringify(rows.rows));
      }
      return out;
    });
    expect(plans[0]).toContain('licences_expiry_sweep');
    expect(plans[1]).toContain('licences_holder');
  });
});

async function indexColumns(store: Store, dialect: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of ['licences_holder', 'licences_expiry_sweep']) {
    if (dialect === 'sqlite') {
      const rows = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(
        store.db,
      );
      out[name] = rows.rows.map((r) => r.name);
    } else {
      const rows = await sql<{ column: string }>`select a.attname as "column"
        from pg_index i join pg_class c on c.oid = i.indexrelid
        join lateral unnest(i.indkey) with ordinality as k(attnum, ord) on true
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where c.relname = ${name} order by k.ord`.execute(store.db);
      out[name] = rows.rows.map((r) => r.column);
    }
  }
  return out;
}
