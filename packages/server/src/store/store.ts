import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { ServerError } from '../errors.js';
import { AccessRecordWriter } from './access-record-writer.js';
import { type AccessRecordsDurability, registerAccessRecordsCommit } from './commit-durability.js';
import type { Database } from './database.js';
import { postgresDialect } from './dialects/postgres.js';
import { type CommittedReads, type SqliteWriter, sqliteDialect } from './dialects/sqlite.js';
import { drainGroupCommit } from './group-commit.js';
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

const committedReads = new WeakMap<Kysely<Database>, CommittedReads>();

/**
 * SQLite: hot point reads of committed data on the store behind `db`, outside any
 * transaction, each statement prepared once (dialects/sqlite.ts `CommittedReads`: on the
 * writer connection while it is free, else on a read-only one); undefined for PostgreSQL, or
 * once the store is closed.
 *
 * @example const row = sqliteCommittedReadsFor(store.db)?.statement<[number], Row>(text).get(level);
 */
export function sqliteCommittedReadsFor(db: Kysely<Database>): CommittedReads | undefined {
  return committedReads.get(db);
}

const writers = new WeakMap<Kysely<Database>, SqliteWriter>();

/**
 * SQLite: synchronous write transactions on the store's writer connection (the group
 * commit's batches, dialects/sqlite.ts `SqliteWriter`); undefined for PostgreSQL.
 *
 * @example await sqliteWriterFor(store.db)?.transact((s) => s.prepare(text).run(...values), { relaxed: false });
 */
export function sqliteWriterFor(db: Kysely<Database>): SqliteWriter | undefined {
  return writers.get(db);
}

const accessRecordWriters = new WeakMap<Kysely<Database>, AccessRecordWriter>();

/**
 * SQLite: the writer thread that appends the store's access records off the event loop
 * (store/access-record-writer.ts); undefined for PostgreSQL, whose commits do not block the
 * event loop (the group commit writes its access records), or once the store is closed.
 *
 * @example const appended = await accessRecordWriterFor(store.db)?.append(record);
 */
export function accessRecordWriterFor(db: Kysely<Database>): AccessRecordWriter | undefined {
  return accessRecordWriters.get(db);
}

const walSyncs = new WeakMap<Kysely<Database>, { readonly rounds: number; readonly unsynced: number }>();

/**
 * SQLite: the WAL fsyncs made so far for the store behind `db` (each full commit waits for
 * one, dialects/sqlite.ts), and the commits no finished fsync covers yet (process-kill commits,
 * store/commit-durability.ts); undefined for PostgreSQL.
 *
 * @example const before = walSyncFor(store.db)?.rounds ?? 0;
 */
export function walSyncFor(db: Kysely<Database>): { readonly rounds: number; readonly unsynced: number } | undefined {
  return walSyncs.get(db);
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
export async function openStore(
  location: StoreLocation,
  options: {
    /** Access records and nonces (group commit): default `process-kill` (store/commit-durability.ts). */
    readonly accessRecordsDurability?: AccessRecordsDurability | undefined;
    /**
     * SQLite: access records and nonces written by a writer thread (store/access-record-writer.ts;
     * default true), or by the group commit on this thread (`false`: a process that shares the
     * cores with other processes of the node, `serveCluster`'s workers).
     */
    readonly accessRecordWriterThread?: boolean | undefined;
  } = {},
): Promise<Store> {
  const { name, dialect, target, walSync, relaxCommit, sqliteWriter, committedReads: reads } = dialectFor(location);
  const db = new Kysely<Database>({ dialect });
  if (walSync !== undefined) walSyncs.set(db, walSync);
  if (sqliteWriter !== undefined) writers.set(db, sqliteWriter(db as Kysely<unknown>));
  const durability = options.accessRecordsDurability ?? 'process-kill';
  registerAccessRecordsCommit(db, durability, relaxCommit);
  if (location.dialect === 'sqlite' && options.accessRecordWriterThread !== false)
    accessRecordWriters.set(db, new AccessRecordWriter(location.file, { relaxed: durability !== 'full' }));
  if (reads !== undefined) committedReads.set(db, reads);
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
    close: async () => {
      // Records queued for a group commit are promised to their requests: write them first.
      await drainGroupCommit(db);
      const accessRecords = accessRecordWriters.get(db);
      accessRecordWriters.delete(db);
      await accessRecords?.close();
      // The driver's destroy closes the read-only connection.
      committedReads.delete(db);
      writers.delete(db);
      await db.destroy();
    },
  };
  try {
    await store.ping();
  } catch (error) {
    accessRecordWriters.delete(db);
    await db.destroy();
    throw error;
  }
  return store;
}
