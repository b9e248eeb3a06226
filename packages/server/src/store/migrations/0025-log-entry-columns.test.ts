import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/domain-event.js';
import { buildLogEntry, eventOfEntry, targetOfEntry } from '../../log/log-entry.js';
import { findVersionEntry } from '../../log/prove-inclusion.js';
import { licenceId } from '../../log/test-support/log-fixture.js';
import { nodeHashProvider as HASHES } from '../../merkle/node-hash-provider.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { useStoreBeforeMigration } from '../../test-support/migrations.js';
import { migrateToLatest } from '../migrate.js';
import { packJson, unpackJson } from '../packed-json.js';

/** Licence 1 issued, then its status changed; licence 2 issued: events as issuance and status changes log them. */
const EVENTS: DomainEvent[] = [
  { serial: 1, type: 'licence.issued' as const },
  { serial: 2, type: 'licence.issued' as const },
  { serial: 1, type: 'licence.status' as const },
  // A status entry alone (the issuance not logged): no version entry for licence 3.
  { serial: 3, type: 'licence.status' as const },
].map(({ serial, type }) => ({
  type,
  actor: 'cli',
  target: licenceId(serial),
  details: { series: licenceId(serial).split('.').slice(5, 8).join('.'), version: '001', status: 'valid' },
  at: '2026-11-29T00:00:00.000Z',
}));

describe.each(TEST_DATABASES)('migration 0025-log-entry-columns on $dialect', ({ dialect, create }) => {
  const at = useStoreBeforeMigration(create, '0025-log-entry-columns');

  it('keeps every entry (its event and target read from the entry) and finds a version by the series index', async () => {
    const rows = EVENTS.map((event, i) => {
      const built = buildLogEntry(event, i + 1, new Uint8Array(32).fill(i + 1), HASHES);
      return {
        idx: i,
        leaf_hash: built.leafHash,
        entry: packJson('log-entry', built.entry),
        event: event.type,
        series: built.series,
        version: built.version,
        created_at: '2026-11-29T00:00:01.000Z',
      };
    });
    await at.db.insertInto('log_entries').values(rows).execute();

    await at.migrate();

    const after = await at.store.db.selectFrom('log_entries').selectAll().orderBy('idx').execute();
    expect(
      after.map((r) => ({
        idx: Number(r.idx),
        leaf_hash: new Uint8Array(r.leaf_hash),
        entry: new Uint8Array(r.entry),
        series: r.series,
        version: r.version,
      })),
    ).toEqual(
      rows.map((r) => ({
        idx: r.idx,
        leaf_hash: new Uint8Array(r.leaf_hash),
        entry: new Uint8Array(r.entry),
        series: r.series,
        version: r.version,
      })),
    );
    expect(after.map((r) => eventOfEntry(unpackJson(r.entry)))).toEqual(rows.map((r) => r.event));
    expect(after.map((r) => targetOfEntry(unpackJson(r.entry)))).toEqual(EVENTS.map((e) => e.target));
    // The issuance, not the later status change of the same version.
    expect(await findVersionEntry(at.store.db, licenceId(1))).toBe(0);
    expect(await findVersionEntry(at.store.db, licenceId(2))).toBe(1);
    await expect(findVersionEntry(at.store.db, licenceId(3))).rejects.toMatchObject({
      code: 'ERR_LOG_ENTRY_NOT_FOUND',
    });

    const query = at.store.db
      .selectFrom('log_entries')
      .select(['idx', 'entry'])
      .where('series', '=', rows[0]?.series ?? '')
      .where('version', '=', '001')
      .orderBy('idx')
      .compile();
    const plan = await at.store.db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
      const explain = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
      const result = await trx.executeQuery(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
      return JSON.stringify(result.rows);
    });
    expect(plan).toContain('log_entries_series');

    await migrateToLatest(at.store.db);
  });
});
