/**
 * The one-row generation counters bumped by triggers in the writer's transaction
 * (`trust_list_generation`, migration 0022; `auth_generation`, migration 0020): a reader keeps
 * what it derived from some tables and checks this one row per request to know whether it may
 * still use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { CommittedReads } from './dialects/sqlite.js';
import { sqliteCommittedReadsFor } from './store.js';

/** The generation tables. */
export type GenerationTable = 'trust_list_generation' | 'auth_generation';

/** Both rows in one statement (one read transaction): a request needs both (token, then trust list). */
const BOTH_TEXT =
  'select (select generation from auth_generation where id = 1) as auth, ' +
  '(select generation from trust_list_generation where id = 1) as trust';

/** Each row alone, for a store that lacks the other table. */
const ONE_TEXTS: Readonly<Record<GenerationTable, string>> = {
  trust_list_generation: 'select generation from trust_list_generation where id = 1',
  auth_generation: 'select generation from auth_generation where id = 1',
};

interface BothRow {
  readonly auth: number | bigint | null;
  readonly trust: number | bigint | null;
}

/** The generations read in this event-loop turn, with this process's commit count when they were read. */
interface TurnGenerations {
  readonly commits: number;
  readonly auth_generation: number | undefined;
  readonly trust_list_generation: number | undefined;
}

const turns = new WeakMap<CommittedReads, TurnGenerations>();

function generation(value: number | bigint | null): number | undefined {
  return value === null ? undefined : Number(value);
}

/**
 * The generation now (undefined on a store without the row).
 *
 * SQLite: both rows in one statement prepared once, on the store's committed reads (store.ts
 * `sqliteCommittedReadsFor`: every committed write of this process or another; Kysely's
 * per-call compilation cost as much as the reads these rows replace, issue 5 profile), and
 * kept for the rest of the event-loop turn (dropped at the turn's `setImmediate`) unless this
 * process commits a write meanwhile (`CommittedReads.commits`). Two reads a request, each a
 * read transaction whose page cache every commit of the access records' group commit had
 * reset, were ~8 % of online verification's CPU (issue 5 profile).
 * Why the memo is exact for this process's writes: every commit on the store's writer
 * connection counts, so a generation bumped by this process is read again by the next call.
 * Why a commit by another process may be seen one turn late: the requests answered in this
 * turn were read from their sockets in it, and answering them with the state read at the
 * turn's start is answering them as if they had arrived that moment earlier, before the other
 * process's commit — as would happen anyway to a request arriving while that commit runs. The
 * next turn reads the rows again, so a revoked key or token stops working within one turn
 * of its commit, whichever process made it.
 * PostgreSQL: each row through Kysely, every call (no memo: this process's commits there are
 * not counted).
 *
 * @example const generation = await generationOf(store.db, 'auth_generation');
 */
export async function generationOf(db: Kysely<Database>, table: GenerationTable): Promise<number | undefined> {
  const reads = sqliteCommittedReadsFor(db);
  if (reads !== undefined) {
    const commits = reads.commits;
    const kept = turns.get(reads);
    if (kept !== undefined && kept.commits === commits) return kept[table];
    let row: BothRow | undefined;
    try {
      row = reads.statement<[], BothRow>(BOTH_TEXT).get();
    } catch (error) {
      // A store migrated only part of the way (0020 without 0022: migration tests) lacks one
      // of the tables: the asked one's row alone, not kept.
      if (!(error instanceof Error && /no such table/.test(error.message))) throw error;
      const one = reads.statement<[], { generation: number | bigint }>(ONE_TEXTS[table]).get();
      return one === undefined ? undefined : Number(one.generation);
    }
    const read: TurnGenerations = {
      commits,
      auth_generation: row === undefined ? undefined : generation(row.auth),
      trust_list_generation: row === undefined ? undefined : generation(row.trust),
    };
    if (kept === undefined) setImmediate(() => turns.delete(reads));
    turns.set(reads, read);
    return read[table];
  }
  const row = await db.selectFrom(table).select('generation').where('id', '=', 1).executeTakeFirst();
  return row === undefined ? undefined : Number(row.generation);
}
