// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Grants (用证授权) with their signed consent receipts, usage records (用证记录), and the
 * clearance of relying-party clients (分级分类: the highest sensitivity grade a client sees
 * unmasked). Holders appear only as the library's keyed holder index, never in clear.
 * Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder_index', 'text', (c) => c.notNull())
    .addColumn('holder_code_type', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id'))
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('type_codes', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('matter_code', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('receipt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grants_holder').on('grants').columns(['holder_index', 'created_at', 'id']).execute();
  await db.schema.createIndex('grants_client').on('grants').columns(['client_id', 'status']).execute();

  await db.schema
    .createTable('usage_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder_index', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('use_cause', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('usage_records_holder')
    .on('usage_records')
    .columns(['holder_index', 'at', 'id'])
    .execute();

  await db.schema
    .createTable('client_clearances')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('api_clients.id'))
    .addColumn('clearance', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
