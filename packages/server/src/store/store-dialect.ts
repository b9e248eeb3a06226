import type { Dialect, Kysely, Transaction } from 'kysely';
import type { CommittedReads, SqliteWriter } from './dialects/sqlite.js';

/** The SQL engines a store runs on: one SQLite file for a standalone node, PostgreSQL when a region outgrows it. */
export const STORE_DIALECTS = ['sqlite', 'postgres'] as const;
export type StoreDialectName = (typeof STORE_DIALECTS)[number];

/**
 * What each file in `dialects/` produces: the Kysely dialect with its driver already
 * injected and tuned. Everything that differs between engines stays in those files.
 */
export interface StoreDialect {
  readonly name: StoreDialectName;
  readonly dialect: Dialect;
  /** Where the store is, for messages: a file path, or host:port/database (never credentials). */
  readonly target: string;
  /** SQLite: the WAL fsyncs that give commits FULL durability (dialects/sqlite.ts). */
  readonly walSync?: { readonly rounds: number; readonly unsynced: number } | undefined;
  /** SQLite: synchronous write transactions on the writer connection of the store `db` (dialects/sqlite.ts). */
  readonly sqliteWriter?: ((db: Kysely<unknown>) => SqliteWriter) | undefined;
  /** SQLite: hot point reads of committed data, prepared once (dialects/sqlite.ts). */
  readonly committedReads?: CommittedReads | undefined;
  /**
   * Inside a transaction: answer its commit once it is committed, without waiting for it to
   * reach the disk (the process-kill guarantee, store/commit-durability.ts). SQLite: the commit
   * is in the WAL and its fsync is left to the next round; PostgreSQL: `SET LOCAL
   * synchronous_commit = off`.
   */
  readonly relaxCommit: <DB>(trx: Transaction<DB>) => Promise<void>;
}
