// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The audit trail's chain hashes, smaller (issue 7: ≤ 3 KiB per licence; a licence has one
 * audit record or more). The chain itself is unchanged (append-audit.ts: `hash` =
 * SHA-256(previous hash ‖ RFC 8785 JSON of the record)), so every record's hash, the head and
 * `hutong audit verify` give the same values as before.
 *
 * - `prev_hash` goes: it is by construction the previous record's `hash` (64 zeros before
 *   the first), so it repeated 64 characters per record that the chain already holds.
 *   Verification recomputes each hash from the previous one anyway (an edited record breaks
 *   the next record's recomputed hash as it broke the stored `prev_hash`), and the audit
 *   API's `prevHash` is read from the record before.
 * - `hash` becomes the 32-byte digest (binary) instead of 64 hex characters.
 *
 * PostgreSQL converts in place (`decode(hash, 'hex')`); SQLite rebuilds the table (it cannot
 * retype a column), with `unhex` (SQLite ≥ 3.41; better-sqlite3 ships 3.53), keeping seq as the
 * rowid (0018) and the same indexes. One transaction, as every migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_records alter column hash type bytea using decode(hash, 'hex')`.execute(db);
    await db.schema.alterTable('audit_records').dropColumn('prev_hash').execute();
    return;
  }
  await db.schema
    .createTable('audit_records_0019')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('use_cause', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('hash', 'blob', (c) => c.notNull())
    .addColumn('packed_details', 'blob')
    .execute();
  await sql`insert into audit_records_0019
      (seq, at, actor, action, target, use_cause, outcome, request_id, hash, packed_details)
    select seq, at, actor, action, target, use_cause, outcome, request_id, unhex(hash), packed_details
    from audit_records order by seq`.execute(db);
  await db.schema.dropTable('audit_records').execute();
  await db.schema.alterTable('audit_records_0019').renameTo('audit_records').execute();
  await db.schema.createIndex('audit_records_actor').on('audit_records').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_records_target').on('audit_records').columns(['target', 'seq']).execute();
  await db.schema.createIndex('audit_records_action').on('audit_records').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_records_at').on('audit_records').column('at').execute();
}
