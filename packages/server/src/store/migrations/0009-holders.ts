// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Holder sign-in (issue 5 item 1): one-time-code challenges of the development identity
 * provider (the code only as a keyed hash), OpenID Connect authorization requests in flight
 * (state, nonce, PKCE verifier), and holder sessions (the session id only as its SHA-256).
 * Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holder_sign_in_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder_code_type', 'text', (c) => c.notNull())
    .addColumn('holder_code', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('holder_sign_in_challenges_holder')
    .on('holder_sign_in_challenges')
    .columns(['holder_code_type', 'holder_code', 'created_at'])
    .execute();
  await db.schema
    .createTable('holder_oidc_requests')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createTable('holder_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('person_code_type', 'text', (c) => c.notNull())
    .addColumn('person_code', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text')
    .addColumn('acting_code_type', 'text')
    .addColumn('acting_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}
