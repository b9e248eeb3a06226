// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The log's entry tables, made cheaper to append to (issue 4: sequencing + integration at
 * ≥ 0.25× the raw batched-insert rate).
 *
 * - `log_entries_target` goes: nothing reads entries by target (receipts find a licence's
 *   entries by series and version, proofs by index), and every sequenced entry paid for a
 *   second index entry of a ~60-character identifier.
 * - On SQLite, `log_entries` and `log_entry_salts` are rebuilt with `idx integer primary key`:
 *   only `INTEGER PRIMARY KEY` makes the key the table's rowid
 *   (https://sqlite.org/lang_createtable.html#rowid); `bigint primary key` (0006) kept a
 *   hidden rowid and a separate unique index on `idx`, so each entry was written into two
 *   b-trees per table. SQLite's integer is 64-bit, so nothing is lost. PostgreSQL keeps its
 *   `bigint` keys (a b-tree index either way).
 *
 * Rows are copied unchanged, in one transaction with the rest of the migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('log_entries_target').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;

  await db.schema
    .createTable('log_entries_0016')
    .addColumn('idx', 'integer', (c) => c.primaryKey())
    // RFC 9162 §2.1.1: SHA-256(0x00 ‖ entry).
    .addColumn('leaf_hash', 'blob', (c) => c.notNull())
    // The public entry: RFC 8785 canonical JSON without personal data in clear.
    .addColumn('entry', 'blob', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('series', 'text')
    .addColumn('version', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into log_entries_0016 (idx, leaf_hash, entry, event, target, series, version, created_at)
    select idx, leaf_hash, entry, event, target, series, version, created_at from log_entries order by idx`.execute(db);
  await db.schema.dropTable('log_entries').execute();
  await db.schema.alterTable('log_entries_0016').renameTo('log_entries').execute();
  await db.schema.createIndex('log_entries_series').on('log_entries').columns(['series', 'version', 'idx']).execute();

  // Private: the random salt behind each entry's commitments (never served).
  await db.schema
    .createTable('log_entry_salts_0016')
    .addColumn('idx', 'integer', (c) => c.primaryKey())
    .addColumn('salt', 'blob', (c) => c.notNull())
    .execute();
  await sql`insert into log_entry_salts_0016 (idx, salt) select idx, salt from log_entry_salts order by idx`.execute(
    db,
  );
  await db.schema.dropTable('log_entry_salts').execute();
  await db.schema.alterTable('log_entry_salts_0016').renameTo('log_entry_salts').execute();
}
