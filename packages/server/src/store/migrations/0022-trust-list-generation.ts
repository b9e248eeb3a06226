// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The tables the node's trust list is read from (trust/build-node-trust-list.ts): the node's
 * own keys, the departments and their keys, the responsibility list with the types' status,
 * the log's checkpoint keys, and the node operator (a `meta` fact naming an organisation).
 * Frozen here: a later migration that makes the list read another table adds its triggers.
 */
const TRUST_LIST_INPUTS = [
  'node_keys',
  'organisations',
  'issuer_keys',
  'catalogue_responsibilities',
  'licence_types',
  'log_keys',
  'meta',
] as const;

/**
 * `trust_list_generation`: one row whose `generation` moves, **in the writer's own
 * transaction**, whenever a table the trust list is read from changes — bumped by triggers,
 * so no writer can forget it, a write from another process (the CLI beside a running server,
 * a second server on one PostgreSQL) counts as well, and a rolled-back write leaves it alone.
 *
 * Why (issue 5, online verify): every verification must judge with the trust list as the
 * store holds it now (a revoked issuer key stops verifying at once), which used to mean
 * reading all those tables and hashing their content on every request. Reading this one row
 * tells a reader whether its kept list can still be used; only when it moved is the content
 * read again (trust/prepared-node-trust-list.ts).
 *
 * Triggers are the one thing that cannot be said in portable SQL: SQLite has row triggers
 * with a statement body, PostgreSQL statement triggers calling a PL/pgSQL function (one bump
 * per statement, TRUNCATE included). The update of a single row is transactional on both: a
 * reader sees the new generation exactly when it can see the change (the write is committed).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trust_list_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('trust_list_generation').values({ id: 1, generation: 1 }).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function trust_list_generation_bump() returns trigger language plpgsql as $$
      begin
        update trust_list_generation set generation = generation + 1 where id = 1;
        return null;
      end
    $$`.execute(db);
    for (const table of TRUST_LIST_INPUTS) {
      await sql`create trigger ${sql.raw(`${table}_trust_list_generation`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function trust_list_generation_bump()`.execute(db);
    }
    return;
  }
  for (const table of TRUST_LIST_INPUTS) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql`create trigger ${sql.raw(`${table}_trust_list_generation_${event}`)}
        after ${sql.raw(event)} on ${sql.table(table)}
        begin update trust_list_generation set generation = generation + 1 where id = 1; end`.execute(db);
    }
  }
}
