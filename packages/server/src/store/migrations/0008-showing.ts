// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * The node's own keys (trust-list signing key, showing key; private halves sealed under the
 * master key), the trust list's version counter, and the register of show-code nonces seen
 * by online verification (replay detection). Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('node_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().unique())
    .addColumn('suite', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('trust_list_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('content_digest', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('showing_nonces')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('seen_count', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('showing_nonces_expires').on('showing_nonces').column('expires_at').execute();
}
