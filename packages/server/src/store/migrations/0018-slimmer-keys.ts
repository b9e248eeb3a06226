// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Fewer bytes per licence (issue 7: ≤ 3 KiB including log and indexes), by the way rows are
 * keyed, with no column and no value changed (every API, leaf hash, signature and the audit
 * chain stay byte-identical). Measured with SQLite's dbstat on a 100 k library built by
 * `npm run bench:scale` (bytes per licence):
 *
 * - `licence_status_events` (SQLite): a rowid table with a composite primary key keeps a
 *   hidden rowid AND a separate unique index of (identifier, seq), so every event's
 *   ~75-character identifier was written into two b-trees (table 228 B + autoindex 98 B).
 *   Rebuilt `WITHOUT ROWID` (https://sqlite.org/withoutrowid.html): the table is itself the
 *   b-tree of its primary key. Its rows (~200 B) are far below the 1/20-of-a-page size the
 *   SQLite documentation gives for WITHOUT ROWID to pay off.
 * - `audit_records` (SQLite): `seq bigint primary key` (0005) is not an alias of the rowid;
 *   only `INTEGER PRIMARY KEY` is (https://sqlite.org/lang_createtable.html#rowid), so each
 *   record also went into an autoindex of seq (12 B). Rebuilt with `seq integer primary key`,
 *   as 0016 did for the log's entries. SQLite's integer is 64-bit, so nothing is lost.
 * - `licences_holder` (both engines): (holder_index, identifier) becomes (holder_index).
 *   Holder lookups read the licence row anyway (its document), and the row is reached from
 *   the index entry by rowid (SQLite) or tuple id (PostgreSQL), so the identifier copied
 *   into every index entry (~75 B) bought nothing.
 * - `licences_expiry_sweep` (both engines): (status, expiring_date, identifier) becomes
 *   (status, expiring_date). The sweep reads two status ranges of dates before today and
 *   sorts that due set (the IN over two statuses gives no single ordered range anyway);
 *   the identifiers of the due rows are read from their rows. Licences not yet due, nearly
 *   all of them, no longer carry an identifier in this index (~75 B each).
 *
 * SQLite tables are rebuilt by copying rows unchanged, in the migration's one transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licences_holder').execute();
  await db.schema.createIndex('licences_holder').on('licences').column('holder_index').execute();
  await db.schema.dropIndex('licences_expiry_sweep').execute();
  await db.schema.createIndex('licences_expiry_sweep').on('licences').columns(['status', 'expiring_date']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;

  await db.schema
    .createTable('licence_status_events_0018')
    .addColumn('identifier', 'text', (c) => c.notNull().references('licences.identifier'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('licence_status_events_pk', ['identifier', 'seq'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into licence_status_events_0018
      (identifier, seq, type, event, from_status, to_status, at, actor, request_id)
    select identifier, seq, type, event, from_status, to_status, at, actor, request_id
    from licence_status_events order by identifier, seq`.execute(db);
  await db.schema.dropTable('licence_status_events').execute();
  await db.schema.alterTable('licence_status_events_0018').renameTo('licence_status_events').execute();

  await db.schema
    .createTable('audit_records_0018')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('use_cause', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('packed_details', 'blob')
    .execute();
  await sql`insert into audit_records_0018
      (seq, at, actor, action, target, use_cause, outcome, request_id, prev_hash, hash, packed_details)
    select seq, at, actor, action, target, use_cause, outcome, request_id, prev_hash, hash, packed_details
    from audit_records order by seq`.execute(db);
  await db.schema.dropTable('audit_records').execute();
  await db.schema.alterTable('audit_records_0018').renameTo('audit_records').execute();
  await db.schema.createIndex('audit_records_actor').on('audit_records').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_records_target').on('audit_records').columns(['target', 'seq']).execute();
  await db.schema.createIndex('audit_records_action').on('audit_records').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_records_at').on('audit_records').column('at').execute();
}
