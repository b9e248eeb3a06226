import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from './database.js';
import { postgresDialect } from './dialects/postgres.js';
import { sqliteDialect } from './dialects/sqlite.js';
import type { StoreDialect, StoreDialectName } from './store-dialect.js';

/** Where a store lives: a SQLite file, or a PostgreSQL database. */
export type StoreLocation =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/** The file name of a node's SQLite store inside its data directory. */
export const SQLITE_FILE_NAME = 'hutong.db';

/**
 * Picks the store from the server's options: a `databaseUrl` (PostgreSQL) wins over the
 * data directory's SQLite file.
 *
 * @example storeLocation({ dataDir: './data' }) // { dialect: 'sqlite', file: 'data/hutong.db' }
 */
export function storeLocation(options: {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
}): StoreLocation {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return { dialect: 'postgres', url: options.databaseUrl };
  }
  return { dialect: 'sqlite', file: join(options.dataDir, SQLITE_FILE_NAME) };
}

/** An open store: the typed query builder plus what the server needs to watch and stop it. */
export interface Store {
  readonly dialect: StoreDialectName;
  /** File path or host:port/database, never credentials. */
  readonly target: string;
  readonly db: Kysely<Database>;
  /** One round trip to the engine; throws `ERR_STORE_UNAVAILABLE` when it does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function dialectFor(location: StoreLocation): StoreDialect {
  if (location.dialect === 'postgres') return postgresDialect(location.url);
  try {
    mkdirSync(join(location.file, '..'), { recursive: true });
  } catch (cause) {
    throw new ServerError('ERR_STORE_UNAVAILABLE', {
      field: 'dataDir',
      params: { dialect: 'sqlite', target: location.file },
      cause,
    });
  }
  return sqliteDialect(location.file);
}

/**
 * Opens the store and checks that it answers (a PostgreSQL pool connects lazily, so a
 * wrong URL would otherwise surface only at the first request). Does not migrate: see
 * `migrateToLatest`.
 *
 * @example
 * const store = await openStore({ dialect: 'sqlite', file: './data/hutong.db' });
 * await migrateToLatest(store.db);
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const { name, dialect, target } = dialectFor(location);
  const db = new Kysely<Database>({ dialect });
  const store: Store = {
    dialect: name,
    target,
    db,
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (cause) {
        throw new ServerError('ERR_STORE_UNAVAILABLE', { params: { dialect: name, target }, cause });
      }
    },
    close: () => db.destroy(),
  };
  try {
    await store.ping();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return store;
}
