// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * The library: licences (one row per version), their status events and encumbrances,
 * serial counters, status lists, idempotency records, and the notification outbox with
 * its subscriptions and delivery log. Portable SQL only (server-conventions.md §Store):
 * timestamps RFC 3339 `text`, dates `yyyyMMdd` `text`, JSON `text`, counters `bigint`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('licences')
    .addColumn('identifier', 'text', (c) => c.primaryKey())
    // typeCode.issuerCode.serial: every version of one licence shares it.
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('serial', 'text', (c) => c.notNull())
    // HMAC of holder code type + holder code under the node's holder-index key: the code
    // itself is never an index key (architecture §8, the hub's directory does the same).
    .addColumn('holder_index', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_state', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('status_list_id', 'integer', (c) => c.notNull())
    .addColumn('status_index', 'bigint', (c) => c.notNull())
    .addColumn('status_value', 'integer', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('expiring_date', 'text')
    .addColumn('source_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('licences_series_version', ['series', 'version'])
    // NULLs are distinct on both engines: only licences that name a source key are constrained.
    .addUniqueConstraint('licences_issuer_source_key', ['issuer_code', 'source_key'])
    .addUniqueConstraint('licences_status_slot', ['issuer_code', 'status_list_id', 'status_index'])
    .execute();
  await db.schema.createIndex('licences_holder').on('licences').columns(['holder_index', 'identifier']).execute();
  await db.schema.createIndex('licences_type').on('licences').columns(['type_code', 'identifier']).execute();
  await db.schema.createIndex('licences_issuer').on('licences').columns(['issuer_code', 'identifier']).execute();
  await db.schema
    .createIndex('licences_status_list')
    .on('licences')
    .columns(['issuer_code', 'status_list_id', 'status_value'])
    .execute();

  await db.schema
    .createTable('licence_status_events')
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
    .execute();

  await db.schema
    .createTable('licence_encumbrances')
    .addColumn('identifier', 'text', (c) => c.notNull().references('licences.identifier'))
    .addColumn('encumbrance_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('creditor', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('released_at', 'text')
    .addPrimaryKeyConstraint('licence_encumbrances_pk', ['identifier', 'encumbrance_id'])
    .execute();

  await db.schema
    .createTable('licence_serials')
    .addColumn('issuer_code', 'text', (c) => c.primaryKey())
    .addColumn('next_serial', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'bigint', (c) => c.notNull())
    .addColumn('allocated', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_lists_pk', ['issuer_code', 'list_id'])
    .execute();

  await db.schema
    .createTable('idempotency_records')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_records_pk', ['principal', 'idempotency_key'])
    .execute();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('type_codes', 'text')
    .addColumn('identifiers', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_subscriptions_client').on('webhook_subscriptions').column('client_id').execute();

  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_messages_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('outbox_messages.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_subscription')
    .on('webhook_deliveries')
    .columns(['subscription_id', 'at', 'id'])
    .execute();
}
