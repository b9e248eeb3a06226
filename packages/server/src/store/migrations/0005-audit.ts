// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * The hash-chained audit trail and its head row. `seq` is bigint: a busy node appends several
 * records per licence for decades. The head row exists from the start so that every append
 * can lock it with a plain UPDATE on both engines.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_records')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('use_cause', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_records_actor').on('audit_records').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_records_target').on('audit_records').columns(['target', 'seq']).execute();
  await db.schema.createIndex('audit_records_action').on('audit_records').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_records_at').on('audit_records').column('at').execute();

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();
}
