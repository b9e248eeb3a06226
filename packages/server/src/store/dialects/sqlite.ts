import Sqlite from 'better-sqlite3';
import { type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import { ServerError } from '../../errors.js';
import type { StoreDialect } from '../store-dialect.js';

/** How long a writer waits for another process's lock (e.g. `hutong migrate` beside a running server). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Prepared statements kept per connection. Kysely's SQLite driver prepares every query it
 * runs; preparing costs as much as a small query itself (SQL parsing and planning), and the
 * server runs the same few hundred statement texts over and over (multi-row inserts are cut
 * into chunks of fixed size, so their texts repeat too).
 */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * The better-sqlite3 database as Kysely's driver sees it, with two changes:
 *
 * - `prepare` answers from a cache of statements keyed by their SQL text. A statement still
 *   being iterated (a streamed select) is busy: the caller then gets a fresh one. SQLite
 *   re-prepares a cached statement by itself when the schema changes (a migration).
 * - A transaction starts with `BEGIN IMMEDIATE`, not the deferred `BEGIN`: a write
 *   transaction that reads first (sequence heads, serial counters, status slots) takes the
 *   write lock at its start instead of upgrading a read lock later, which in WAL mode fails
 *   at once with SQLITE_BUSY (the busy timeout does not apply) when another process
 *   committed meanwhile (https://sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions).
 *   Within one process the driver runs one transaction at a time anyway.
 */
export function cachingDatabase(database: Sqlite.Database, capacity = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, Sqlite.Statement>();
  return {
    close() {
      statements.clear();
      database.close();
    },
    prepare(text: string): SqliteStatement {
      const sql = text === 'begin' ? 'begin immediate' : text;
      const known = statements.get(sql);
      if (known !== undefined) return known.busy ? database.prepare(sql) : known;
      const statement = database.prepare(sql);
      // First in, first out: the texts that matter are used all the time and come back at once.
      if (statements.size >= capacity) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

/**
 * A read-only connection to a store's file, for hot reads that need no transaction (the
 * log's proofs): it sees what is committed, waits for no writer (WAL), and its statements
 * are prepared once by the caller and run without Kysely's per-call compilation.
 *
 * @example const reader = openSqliteReader('/srv/hutong/data/hutong.db');
 */
export function openSqliteReader(file: string): Sqlite.Database {
  const reader = new Sqlite(file, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return reader;
}

/**
 * A SQLite store in one file, through better-sqlite3.
 *
 * @example const { dialect } = sqliteDialect('/srv/hutong/data/hutong.db');
 */
export function sqliteDialect(file: string): StoreDialect {
  let database: Sqlite.Database;
  try {
    database = new Sqlite(file);
    // WAL lets readers (verifications, health) run while a writer issues licences.
    database.pragma('journal_mode = WAL');
    // FULL, not WAL's usual NORMAL: with NORMAL a power cut may lose the last committed
    // transactions, and an issued licence or a status change must never be forgotten
    // once the API has answered (https://sqlite.org/pragma.html#pragma_synchronous).
    database.pragma('synchronous = FULL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // SQLite leaves foreign keys off unless asked, per connection.
    database.pragma('foreign_keys = ON');
  } catch (cause) {
    throw new ServerError('ERR_STORE_UNAVAILABLE', {
      field: 'dataDir',
      params: { dialect: 'sqlite', target: file },
      cause,
    });
  }
  return { name: 'sqlite', dialect: new SqliteDialect({ database: cachingDatabase(database) }), target: file };
}
