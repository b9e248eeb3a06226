// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Entry registration (亮证登记) by venues and on-site inspections (事中事后监管) by inspectors.
 * A show code admits one entry: `venue_entries.nonce` is unique across the node.
 * Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('venue_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('use_cause', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .execute();
  await db.schema
    .createIndex('venue_entries_register')
    .on('venue_entries')
    .columns(['client_id', 'day', 'entered_at'])
    .execute();
  await db.schema
    .createIndex('venue_entries_idempotency')
    .on('venue_entries')
    .columns(['client_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('inspected_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('code_kind', 'text', (c) => c.notNull())
    .addColumn('code_valid', 'integer', (c) => c.notNull())
    .addColumn('failed_checks', 'text', (c) => c.notNull())
    .addColumn('licence_status', 'text')
    .addColumn('idempotency_key', 'text')
    .execute();
  await db.schema
    .createIndex('inspections_licence')
    .on('inspections')
    .columns(['identifier', 'inspected_at'])
    .execute();
  await db.schema
    .createIndex('inspections_idempotency')
    .on('inspections')
    .columns(['client_id', 'idempotency_key'])
    .unique()
    .execute();
}
