import Sqlite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { ServerError } from '../../errors.js';
import type { StoreDialect } from '../store-dialect.js';

/** How long a writer waits for another process's lock (e.g. `hutong migrate` beside a running server). */
const BUSY_TIMEOUT_MS = 5_000;

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
  return { name: 'sqlite', dialect: new SqliteDialect({ database }), target: file };
}
