import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { useStoreBeforeMigration } from '../../test-support/migrations.js';

describe.each(TEST_DATABASES)('migration 0016-log-entry-keys on $dialect', ({ dialect, create }) => {
  const at = useStoreBeforeMigration(create, '0016-log-entry-keys');

  it('keeps every entry and salt, drops the unused target index, and keys SQLite rows by idx', async () => {
    const entries = [0, 1, 2].map((idx) => ({
      idx,
      leaf_hash: new Uint8Array(32).fill(idx + 1),
      entry: new TextEncoder().encode(`{"v":1,"n":${idx}}`),
      event: 'licence.issued',
      target: `target-${idx}`,
      series: `series-${idx}`,
      version: '001',
      created_at: '2026-11-29T12:00:00.000Z',
    }));
    await at.store.db.insertInto('log_entries').values(entries).execute();
    await at.store.db
      .insertInto('log_entry_salts')
      .values(entries.map((e) => ({ idx: e.idx, salt: new Uint8Array(32).fill(0xa0 + e.idx) })))
      .execute();

    await at.migrate();

    const after = await at.store.db.selectFrom('log_entries').selectAll().orderBy('idx').execute();
    expect(
      after.map((row) => ({
        ...row,
        idx: Number(row.idx),
        leaf_hash: new Uint8Array(row.leaf_hash),
        entry: new Uint8Array(row.entry),
      })),
    ).toEqual(entries);
    const salts = await at.store.db.selectFrom('log_entry_salts').selectAll().orderBy('idx').execute();
    expect(salts.map((row) => [Number(row.idx), new Uint8Array(row.salt)[0]])).toEqual([
      [0, 0xa0],
      [1, 0xa1],
      [2, 0xa2],
    ]);
    if (dialect === 'sqlite') {
      const names = await sql<{ name: string }>`select name from sqlite_master where type = 'index'
        and tbl_name in ('log_entries', 'log_entry_salts')`.execute(at.store.db);
      // No autoindex: idx is the rowid (INTEGER PRIMARY KEY), the series index stays.
      expect(names.rows.map((r) => r.name).sort()).toEqual(['log_entries_series']);
      const aliased = await sql<{ same: number }>`select count(*) as same from log_entries where rowid = idx`.execute(
        at.store.db,
      );
      expect(Number(aliased.rows[0]?.same)).toBe(3);
    } else {
      const names = await sql<{ indexname: string }>`select indexname from pg_indexes
        where tablename in ('log_entries', 'log_entry_salts')`.execute(at.store.db);
      expect(names.rows.map((r) => r.indexname).sort()).toEqual([
        'log_entries_pkey',
        'log_entries_series',
        'log_entry_salts_pkey',
      ]);
    }
    // Sequencing goes on from the copied rows: the key still refuses a second entry 2.
    await expect(
      at.store.db
        .insertInto('log_entries')
        .values({ ...entries[2], idx: 2 } as never)
        .execute(),
    ).rejects.toThrow();
  });
});
