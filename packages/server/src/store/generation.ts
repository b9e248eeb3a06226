/**
 * The one-row generation counters bumped by triggers in the writer's transaction
 * (`trust_list_generation`, migration 0022; `auth_generation`, migration 0020): a reader keeps
 * what it derived from some tables and checks this one row per request to know whether it may
 * still use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { sqliteCommittedReadsFor } from './store.js';

/** The generation tables. */
export type GenerationTable = 'trust_list_generation' | 'auth_generation';

/** The reads of each table's one row, texts made once. */
const GENERATION_TEXTS: Readonly<Record<GenerationTable, string>> = {
  trust_list_generation: 'select generation from trust_list_generation where id = 1',
  auth_generation: 'select generation from auth_generation where id = 1',
};

/**
 * The generation now (undefined on a store without the row). SQLite: one statement prepared
 * once, run on the store's committed reads (store.ts `sqliteCommittedReadsFor`), which see
 * every committed write of this process or another (Kysely's per-call compilation cost as
 * much as the reads these rows replace, issue 5 profile); PostgreSQL: through Kysely.
 *
 * @example const generation = await generationOf(store.db, 'auth_generation');
 */
export async function generationOf(db: Kysely<Database>, table: GenerationTable): Promise<number | undefined> {
  const reads = sqliteCommittedReadsFor(db);
  if (reads !== undefined) {
    const row = reads.statement<[], { generation: number | bigint }>(GENERATION_TEXTS[table]).get();
    return row === undefined ? undefined : Number(row.generation);
  }
  const row = await db.selectFrom(table).select('generation').where('id', '=', 1).executeTakeFirst();
  return row === undefined ? undefined : Number(row.generation);
}
