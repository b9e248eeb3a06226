/**
 * The one-row generation counters bumped by triggers in the writer's transaction
 * (`trust_list_generation`, migration 0022; `auth_generation`, migration 0020): a reader keeps
 * what it derived from some tables and checks this one row per request to know whether it may
 * still use it.
 */
import type Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { sqliteReaderFor } from './store.js';

/** The generation tables. */
export type GenerationTable = 'trust_list_generation' | 'auth_generation';

const statements = new WeakMap<Sqlite.Database, Map<GenerationTable, Sqlite.Statement<[], number | bigint>>>();

/**
 * The generation now (undefined on a store without the row). SQLite: one statement prepared
 * once on the store's read-only connection, which sees every committed write of this process
 * or another (Kysely's per-call compilation cost as much as the reads these rows replace,
 * issue 5 profile); PostgreSQL: through Kysely.
 *
 * @example const generation = await generationOf(store.db, 'auth_generation');
 */
export async function generationOf(db: Kysely<Database>, table: GenerationTable): Promise<number | undefined> {
  const reader = sqliteReaderFor(db);
  if (reader !== undefined) {
    let prepared = statements.get(reader);
    if (prepared === undefined) {
      prepared = new Map();
      statements.set(reader, prepared);
    }
    let statement = prepared.get(table);
    if (statement === undefined) {
      statement = reader.prepare<[], number | bigint>(`select generation from ${table} where id = 1`).pluck();
      prepared.set(table, statement);
    }
    const value = statement.get();
    return value === undefined ? undefined : Number(value);
  }
  const row = await db.selectFrom(table).select('generation').where('id', '=', 1).executeTakeFirst();
  return row === undefined ? undefined : Number(row.generation);
}
