// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The tables an access token's principal is read from (auth/access-token.ts, `resolveAccessToken`). */
const AUTH_INPUTS = ['access_tokens', 'api_clients'] as const;

/**
 * `auth_generation`: one row whose `generation` moves, in the writer's own transaction,
 * whenever an access token or an API client changes (a token revoked or deleted, a client
 * disabled, its scopes or licence types changed) — bumped by triggers, the technique of
 * `trust_list_generation` (0022): no writer can forget it, a write from another process (the
 * CLI, a second server on one PostgreSQL) counts too, and a rolled-back write leaves it alone.
 *
 * Why (issue 5, online verify): every API request resolves its bearer token with a join of
 * both tables; a node keeps the principals it resolved and reads only this row per request,
 * re-reading a token when the row moved. A revocation is therefore seen by the very next
 * request, exactly as before. A new token (an insert into `access_tokens`) bumps it as well:
 * simpler than telling inserts apart, and tokens are issued every ten minutes, not per request.
 *
 * Triggers are dialect-specific (SQLite row triggers, PostgreSQL statement triggers), as in 0022.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('auth_generation').values({ id: 1, generation: 1 }).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function auth_generation_bump() returns trigger language plpgsql as $$
      begin
        update auth_generation set generation = generation + 1 where id = 1;
        return null;
      end
    $$`.execute(db);
    for (const table of AUTH_INPUTS) {
      await sql`create trigger ${sql.raw(`${table}_auth_generation`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function auth_generation_bump()`.execute(db);
    }
    return;
  }
  for (const table of AUTH_INPUTS) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql`create trigger ${sql.raw(`${table}_auth_generation_${event}`)}
        after ${sql.raw(event)} on ${sql.table(table)}
        begin update auth_generation set generation = generation + 1 where id = 1; end`.execute(db);
    }
  }
}
