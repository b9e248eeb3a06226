import { close, fsync, open } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
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
 * A read-only connection to a store's file: it sees what is committed and waits for no
 * writer (WAL). {@link CommittedReads} opens one when the writer connection is not free.
 *
 * @example const reader = openSqliteReader('/srv/hutong/data/hutong.db');
 */
export function openSqliteReader(file: string): Sqlite.Database {
  const reader = new Sqlite(file, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return reader;
}

/** One statement of {@link CommittedReads}: prepared once on each connection it runs on. */
export interface CommittedRead<P extends unknown[], R> {
  /** The first row, or undefined. */
  get(...parameters: P): R | undefined;
}

/**
 * Hot point reads of committed data on a SQLite store (generation rows, a licence's status,
 * the log's tile rows), outside any transaction, with statements prepared once and run
 * synchronously, without Kysely's per-call compilation.
 *
 * Which connection: the store's writer connection while no transaction is open on it, else
 * the read-only connection, opened at its first use. Why the writer: SQLite drops a
 * connection's page cache whenever another connection committed (the WAL index changed), so
 * under online verification, where the group commit writes access records every few
 * milliseconds, every first read on the read-only connection went to the file again
 * (~25–35 µs against 2–6 µs; issue 5 profile), while the writer keeps its cache across its own
 * commits. Why not always the writer: inside an open transaction — a Kysely transaction from
 * BEGIN to COMMIT, with awaits in between where other requests run, or a
 * `SqliteWriter.transact` batch — it would see that transaction's uncommitted rows, and a read
 * here must see committed data only, as any read outside a transaction does. A statement
 * being iterated on the writer (a Kysely `stream()`; none exists today) does not matter:
 * better-sqlite3 refuses only writes beside it ("This database connection is busy executing a
 * query"), reads run (tested). Both connections read the same committed state (WAL
 * snapshots), so which one answers changes nothing but the cost.
 */
export interface CommittedReads {
  /** The statement for `text` (kept per text: callers pass the same few constant texts). */
  statement<P extends unknown[], R>(text: string): CommittedRead<P, R>;
  /** Reads answered so far by each connection (tests read them). */
  readonly served: { readonly writer: number; readonly reader: number };
  /**
   * Writes this process has committed on the store so far (every commit on its writer
   * connection, `WalSync.noteCommit`): a value derived from committed data is current for
   * this process's own writes while this count is unchanged.
   */
  readonly commits: number;
}

/** {@link CommittedReads} over a writer connection and a lazily opened read-only one. */
class TwoConnectionReads implements CommittedReads {
  readonly #writer: Sqlite.Database;
  readonly #file: string;
  #reader: Sqlite.Database | undefined;
  readonly #statements = new Map<string, CommittedRead<unknown[], unknown>>();
  readonly served = { writer: 0, reader: 0 };
  readonly #sync: WalSync;

  constructor(writer: Sqlite.Database, file: string, sync: WalSync) {
    this.#writer = writer;
    this.#file = file;
    this.#sync = sync;
  }

  get commits(): number {
    return this.#sync.commits;
  }

  statement<P extends unknown[], R>(text: string): CommittedRead<P, R> {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      let onWriter: Sqlite.Statement<unknown[], unknown> | undefined;
      let onReader: Sqlite.Statement<unknown[], unknown> | undefined;
      statement = {
        get: (...parameters: unknown[]) => {
          if (!this.#writer.inTransaction) {
            onWriter ??= this.#writer.prepare(text);
            this.served.writer += 1;
            return onWriter.get(...parameters);
          }
          onReader ??= this.#readerConnection().prepare(text);
          this.served.reader += 1;
          return onReader.get(...parameters);
        },
      };
      this.#statements.set(text, statement);
    }
    return statement as CommittedRead<P, R>;
  }

  #readerConnection(): Sqlite.Database {
    this.#reader ??= openSqliteReader(this.#file);
    return this.#reader;
  }

  /** Closes the read-only connection (the writer closes with the store's driver). */
  close(): void {
    this.#statements.clear();
    this.#reader?.close();
    this.#reader = undefined;
  }
}

/**
 * The fsyncs of a store's write-ahead log, made off the event loop and shared by every commit
 * that happened before each one started (a group fsync).
 *
 * Why: better-sqlite3 is synchronous, so with `synchronous = FULL` every COMMIT blocks the
 * whole process (every request, not just the writer) for the length of an fsync — the bound on
 * online verification's rate measured in issue 5. SQLite's own definition of FULL in WAL mode
 * is NORMAL plus "an additional sync operation of the WAL file after each transaction commit"
 * (https://sqlite.org/pragma.html#pragma_synchronous). So the connection runs NORMAL and this
 * makes exactly that additional sync, through libuv's thread pool, before the committing
 * caller's promise resolves: an answered write is on disk just as with FULL, while other
 * requests keep running during the fsync and commits that land meanwhile share the next one.
 * The directory is synced once too (the WAL file may be new: its name must survive a power cut,
 * as SQLite does for a new journal's first sync).
 */
export class WalSync {
  readonly #wal: string;
  readonly #directory: string;
  #written = 0;
  #synced = 0;
  #directorySynced = false;
  #running: Promise<void> | undefined;
  /**
   * The WAL file's descriptor, opened at the first round and kept until the store closes: an
   * open and a close per round cost the event loop more than the fsync's own request (issue 5
   * profile). Keeping it is sound because SQLite deletes the WAL file only when the last
   * connection closes (sqlite.org/wal.html, "Persistence of WAL mode") and this store's own
   * connection stays open until `close()`; a checkpoint resets or truncates the file in place.
   */
  #fd: number | undefined;
  #closed = false;
  #later: ReturnType<typeof setTimeout> | undefined;
  readonly #laterMs: number;
  /** fsync rounds made so far (tests read it). */
  rounds = 0;

  constructor(file: string, options: { readonly laterMs?: number } = {}) {
    this.#wal = `${file}-wal`;
    this.#directory = dirname(file);
    this.#laterMs = options.laterMs ?? PROCESS_KILL_SYNC_DELAY_MS;
  }

  /** Commits noted so far: every write committed on the store's writer connection. */
  get commits(): number {
    return this.#written;
  }

  /** Commits made so far that no finished fsync covers yet (tests read it). */
  get unsynced(): number {
    return this.#written - this.#synced;
  }

  /** Called right after a write committed (its frames are in the WAL file, not yet on disk); returns its generation. */
  noteCommit(): number {
    this.#written += 1;
    return this.#written;
  }

  /** Resolves once an fsync that started after commit `generation` finished. */
  async syncTo(generation: number): Promise<void> {
    while (this.#synced < generation) {
      this.#running ??= this.#round().finally(() => {
        this.#running = undefined;
      });
      await this.#running;
    }
  }

  /**
   * Makes commit `generation` durable soon without anyone waiting for it: a round starts
   * `laterMs` after the first such commit (every commit made meanwhile shares it), unless a
   * FULL commit's round covers it first. For commits with the process-kill guarantee only
   * (`relaxCurrentCommit`): bounds what a power cut can take to the last `laterMs` or so.
   */
  syncLater(generation: number): void {
    if (this.#synced >= generation || this.#later !== undefined || this.#closed) return;
    this.#later = setTimeout(() => {
      this.#later = undefined;
      // Up to every commit made by now, so one round serves the commits made while it waited.
      // Nothing waits on this round: a failure resurfaces at the next FULL commit's round.
      this.syncTo(this.#written).catch(() => undefined);
    }, this.#laterMs);
    this.#later.unref();
  }

  /** Waits for a round in flight, then closes the kept descriptor (the store is closing). */
  async close(): Promise<void> {
    if (this.#later !== undefined) clearTimeout(this.#later);
    this.#later = undefined;
    await this.#running?.catch(() => undefined);
    this.#closed = true;
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) await closeFd(fd);
  }

  async #round(): Promise<void> {
    const upTo = this.#written;
    if (this.#closed) {
      // Closed: the connection's close checkpointed the WAL into the database file and synced it.
      this.#synced = Math.max(this.#synced, upTo);
      return;
    }
    if (this.#fd === undefined) {
      try {
        this.#fd = await openFd(this.#wal, 'r');
      } catch (error) {
        // No WAL file: the last connection closed, which checkpoints the WAL into the database
        // file, syncs that file and deletes the WAL (sqlite.org/wal.html §"Persistence of WAL
        // mode"): what was committed is already on disk.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.#synced = Math.max(this.#synced, upTo);
        return;
      }
    }
    await fsyncFd(this.#fd);
    if (!this.#directorySynced) {
      const directory = await openFd(this.#directory, 'r');
      try {
        await fsyncFd(directory);
      } finally {
        await closeFd(directory);
      }
      this.#directorySynced = true;
    }
    this.rounds += 1;
    this.#synced = Math.max(this.#synced, upTo);
  }
}

/**
 * How long a commit with the process-kill guarantee only may wait for its fsync when no FULL
 * commit comes first (`WalSync.syncLater`): at most this much of access records is lost to a
 * power cut, and ten rounds a second cost the event loop nothing measurable.
 */
export const PROCESS_KILL_SYNC_DELAY_MS = 100;

// The callback API through promisify: one libuv request each, no FileHandle object to make and finalise.
const openFd = promisify(open);
const fsyncFd = promisify(fsync);
const closeFd = promisify(close);

/**
 * Kysely's SQLite driver, made durable by `WalSync`: a statement that ends a write outside a
 * transaction (a COMMIT, or a write in autocommit mode) marks the connection; when the
 * connection is released, the mutex is freed first (the next query runs during the fsync) and
 * the caller then waits for the WAL fsync covering its commit.
 */
class DurableSqliteDriver extends SqliteDriver {
  readonly #raw: Sqlite.Database;
  readonly #cached: SqliteDatabase;
  readonly #sync: WalSync;
  #pending = 0;
  #relaxed = false;
  /** The transaction running now has written (a statement that is not read-only ran in it). */
  #dirty = false;

  readonly #reads: TwoConnectionReads;

  constructor(raw: Sqlite.Database, cached: SqliteDatabase, sync: WalSync, reads: TwoConnectionReads) {
    super({ database: cached });
    this.#raw = raw;
    this.#cached = cached;
    this.#sync = sync;
    this.#reads = reads;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        this.#afterStatement(query.sql);
        return result;
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
  }

  #afterStatement(text: string): void {
    // COMMIT and ROLLBACK are "read-only" to SQLite (sqlite3_stmt_readonly), BEGIN IMMEDIATE
    // is not (it takes the write lock): name them; any other statement that is not read-only
    // makes the transaction dirty.
    const readonly = () => (this.#cached.prepare(text) as unknown as Sqlite.Statement).readonly;
    const lowered = text.trimStart().slice(0, 8).toLowerCase();
    if (this.#raw.inTransaction) {
      if (!this.#dirty && !lowered.startsWith('begin') && !readonly()) this.#dirty = true;
      return;
    }
    if (lowered.startsWith('rollback') || lowered.startsWith('begin')) {
      this.#dirty = false;
      return;
    }
    // A transaction that only read commits no WAL frame: nothing to sync, so no fsync round
    // (a read in a transaction paid a full round before: issue 5, "folded/avoided for reads").
    const wrote = lowered.startsWith('commit') ? this.#dirty : !readonly();
    this.#dirty = false;
    if (wrote) this.#pending = this.#sync.noteCommit();
  }

  /**
   * The transaction holding the connection now is answered once committed to the WAL, without
   * waiting for its fsync (the process-kill guarantee: `relaxCommit`). The driver has one
   * connection behind a mutex, so "now" is exactly the caller's transaction.
   */
  relaxCurrentCommit(): void {
    this.#relaxed = true;
  }

  override async releaseConnection(): Promise<void> {
    const generation = this.#pending;
    const relaxed = this.#relaxed;
    this.#pending = 0;
    this.#relaxed = false;
    await super.releaseConnection();
    if (generation === 0) return;
    if (relaxed) this.#sync.syncLater(generation);
    else await this.#sync.syncTo(generation);
  }

  override async destroy(): Promise<void> {
    this.#reads.close();
    await super.destroy();
    await this.#sync.close();
  }
}

/**
 * The writer connection's statements, for a transaction run synchronously by
 * {@link SqliteWriter.transact}: `prepare` answers from the connection's statement cache.
 */
export interface SqliteStatements {
  prepare(text: string): Sqlite.Statement;
}

/**
 * Runs a whole write transaction synchronously on the store's one writer connection, holding
 * the connection (Kysely's mutex) for its length: BEGIN IMMEDIATE (asked without waiting: while
 * another process holds the write lock, the connection is released and the BEGIN tried again
 * on a later turn of the event loop, never sleeping in SQLite's busy handler; past the busy
 * timeout it waits as any transaction does), `work`, COMMIT (ROLLBACK
 * and rethrow when `work` throws), then the WAL fsync as `WalSync` gives every commit —
 * awaited (full durability) or left to the next round (`relaxed`: the process-kill guarantee,
 * store/commit-durability.ts). For the group commit's batches (store/group-commit.ts): a
 * batch through Kysely's transaction and per-statement promises cost several times SQLite's
 * own work on it (issue 5: access records, ~100 µs a record vs ~26 µs for the statements).
 */
export interface SqliteWriter {
  transact<T>(work: (statements: SqliteStatements) => T, options: { readonly relaxed: boolean }): Promise<T>;
}

/**
 * The WAL's length, in pages, at which the commit that crosses it checkpoints (SQLite's
 * default is 1,000). That checkpoint runs inside the COMMIT, on the event loop, and at
 * `synchronous = NORMAL` fsyncs the WAL and then the database file
 * (https://sqlite.org/pragma.html#pragma_synchronous): under online verification (~20 WAL
 * pages per group commit of 8 access records) one commit in 50 stalled every request. A
 * longer WAL shares the two fsyncs among 4× the commits and copies a page rewritten many times
 * (index leaves, the chain head) once: measured 34 -> 24 µs of stall and 14 -> 7 µs CPU per
 * access record (checkpoints of 50 vs 200 group commits, 6 rounds each, medians, issue 5).
 * Below 4,096 frames the wal-index keeps one hash table, so a page lookup in the WAL still
 * costs one probe (sqlite.org/walformat.html §2.2); the WAL peaks near 16 MiB. Durability is
 * unchanged: only when checkpoints run, not how.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * A read-write connection to a store's file with the store's settings: the store's own
 * connection, and the access-record writer thread's (store/access-record-thread.ts), whose
 * commits must follow the same rules.
 *
 * @example const database = openSqliteWriterConnection('/srv/hutong/data/hutong.db');
 */
export function openSqliteWriterConnection(file: string): Sqlite.Database {
  const database = new Sqlite(file);
  // WAL lets readers (verifications, health) run while a writer issues licences.
  database.pragma('journal_mode = WAL');
  // FULL's durability, not WAL's usual NORMAL alone: with NORMAL a power cut may lose the
  // last committed transactions, and an issued licence or a status change must never be
  // forgotten once the API has answered (https://sqlite.org/pragma.html#pragma_synchronous).
  // The connection runs NORMAL and `WalSync` adds FULL's per-commit WAL sync itself, off
  // the event loop, before the committing caller goes on (see `WalSync`).
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  // SQLite leaves foreign keys off unless asked, per connection.
  database.pragma('foreign_keys = ON');
  return database;
}

/**
 * `BEGIN IMMEDIATE` with the busy timeout at 0 for this one statement: true when the write
 * lock is taken, false when another connection holds it (SQLITE_BUSY; nothing started). The
 * connection's timeout is restored either way, so every other statement still waits.
 */
function beginImmediateWithoutWaiting(database: Sqlite.Database, statements: SqliteStatements): boolean {
  database.pragma('busy_timeout = 0');
  try {
    statements.prepare('begin immediate').run();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * Where a refused BEGIN tries again: the first time after the I/O of this turn (the requests
 * already read get served, their records join the queue), then every millisecond, as SQLite's
 * own handler starts, but without holding the event loop.
 */
function laterTurn(attempt: number): Promise<void> {
  return new Promise((resolve) => {
    if (attempt === 0) setImmediate(resolve);
    else setTimeout(resolve, 1);
  });
}

/** Kysely's SQLite dialect with the durable driver. */
class DurableSqliteDialect extends SqliteDialect {
  readonly #driver: () => Driver;
  constructor(driver: () => Driver, cached: SqliteDatabase) {
    super({ database: cached });
    this.#driver = driver;
  }
  override createDriver(): Driver {
    return this.#driver();
  }
}

/**
 * A SQLite store in one file, through better-sqlite3.
 *
 * @example const { dialect } = sqliteDialect('/srv/hutong/data/hutong.db');
 */
export function sqliteDialect(file: string): StoreDialect {
  let database: Sqlite.Database;
  try {
    database = openSqliteWriterConnection(file);
  } catch (cause) {
    throw new ServerError('ERR_STORE_UNAVAILABLE', {
      field: 'dataDir',
      params: { dialect: 'sqlite', target: file },
      cause,
    });
  }
  const cached = cachingDatabase(database);
  const sync = new WalSync(file);
  // One Kysely instance per store (openStore), so one driver: the one `relaxCommit` marks.
  let driver: DurableSqliteDriver | undefined;
  const reads = new TwoConnectionReads(database, file, sync);
  const dialect = new DurableSqliteDialect(() => {
    driver = new DurableSqliteDriver(database, cached, sync, reads);
    return driver;
  }, cached);
  const statements: SqliteStatements = { prepare: (text) => cached.prepare(text) as unknown as Sqlite.Statement };
  const writer = (db: Kysely<unknown>): SqliteWriter => ({
    async transact(work, { relaxed }) {
      // The connection (and so the mutex) is held from BEGIN to COMMIT: no other query of
      // this process can run in between, as with any Kysely transaction on this driver.
      const waitUntil = Date.now() + BUSY_TIMEOUT_MS;
      for (let attempt = 0; ; attempt++) {
        const result = await db.connection().execute(async () => {
          // Another process holds the write lock (`serve --workers`: every worker's group
          // commit): SQLite's busy handler would sleep the event loop (1, 2, 5, 10 … ms,
          // sqliteDefaultBusyCallback) with every request of this process waiting behind it.
          // Ask without waiting and come back on a later turn instead, the connection released
          // meanwhile; past the busy timeout, wait in SQLite as any other transaction does.
          if (Date.now() < waitUntil) {
            if (!beginImmediateWithoutWaiting(database, statements)) return undefined;
          } else statements.prepare('begin immediate').run();
          let done: ReturnType<typeof work>;
          try {
            done = work(statements);
            statements.prepare('commit').run();
          } catch (error) {
            if (database.inTransaction) statements.prepare('rollback').run();
            throw error;
          }
          return { done, generation: sync.noteCommit() };
        });
        if (result === undefined) {
          await laterTurn(attempt);
          continue;
        }
        if (relaxed) sync.syncLater(result.generation);
        else await sync.syncTo(result.generation);
        return result.done;
      }
    },
  });
  return {
    name: 'sqlite',
    dialect,
    target: file,
    walSync: sync,
    sqliteWriter: writer,
    committedReads: reads,
    // The WAL is one sequence of frames: the next fsync (a FULL commit's, or `syncLater`'s)
    // makes this commit durable with everything before it (store/commit-durability.ts).
    relaxCommit: async <DB>(trx: Transaction<DB>) => {
      if (!trx.isTransaction) throw new TypeError('relaxCommit runs inside the transaction it relaxes');
      driver?.relaxCurrentCommit();
    },
  };
}
