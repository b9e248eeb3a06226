/**
 * Group commit for the small per-request records of hot read paths (access records of
 * verifications and reads, show-code nonces): the records of concurrent requests are queued
 * and written by ONE transaction, so one commit serves many requests instead of one.
 *
 * A request's promise settles only after the transaction holding its record committed: the
 * record is visible to every connection and survives a kill of the process. It reaches the
 * disk without the request waiting for it (the process-kill guarantee, store/commit-durability.ts:
 * these are records of reads, not issuance or status events; an operator may ask for `full`,
 * then the answer waits for the fsync as every other write's does). A batch is flushed when `maxBatch` records wait or
 * `maxWaitMs` after its first record, whichever comes first; while a batch is being committed,
 * newcomers wait for the next one, which starts as soon as the commit ends (the classic
 * group commit of database logs: the busier the store, the larger the batches).
 *
 * Errors reach exactly the requests they concern: when a batch fails (one job threw, or the
 * commit did), it is rolled back whole and each of its jobs is run again alone, in its own
 * transaction, so a bad record fails its own request and the others still commit. Jobs must
 * therefore write to the store only (no side effects outside the transaction): a rolled-back
 * attempt leaves nothing behind.
 */
import type { Kysely, Transaction } from 'kysely';
import { type AccessRecordsCommit, accessRecordsCommitFor, accessRecordsDurabilityFor } from './commit-durability.js';
import type { Database } from './database.js';
import type { SqliteStatements, SqliteWriter } from './dialects/sqlite.js';
import { sqliteWriterFor } from './store.js';

/** A write to run inside the batch's transaction; its result is handed to its caller after the commit. */
export type GroupCommitJob<T> = (trx: Transaction<Database>) => Promise<T>;

export interface GroupCommitOptions {
  /** Longest wait of a record for its batch to start (ms; 0: the end of the current event-loop turn). Default 1. */
  readonly maxWaitMs?: number;
  /** Most records a batch takes (a full queue starts a batch at once). Default 256. */
  readonly maxBatch?: number;
}

/**
 * A writer of many records of one kind in one statement set (e.g. audit records: one head
 * lock and one multi-row insert for a whole batch). `write` answers one output per input, in
 * order. Keep one object per kind (module constant): the batch groups inputs by writer identity.
 */
export interface GroupCommitWriter<I, O> {
  readonly write: (trx: Transaction<Database>, inputs: readonly I[]) => Promise<readonly O[]>;
  /**
   * The same writes, synchronously, on a SQLite store's writer connection inside the batch's
   * transaction (`db` only compiles statement texts). When every job of a batch has it, the
   * batch runs as one synchronous transaction (dialects/sqlite.ts `SqliteWriter`) instead of
   * through Kysely; `write` stays the path of PostgreSQL and of lone retries.
   */
  readonly writeSqlite?: (statements: SqliteStatements, db: Kysely<Database>, inputs: readonly I[]) => readonly O[];
}

interface Pending {
  /** How to run it alone (a lone retry after a failed batch, or a plain job). */
  readonly job: GroupCommitJob<unknown>;
  /** Set for `runBatched`: written with the other inputs of its writer in the batch. */
  readonly batched?: { readonly writer: GroupCommitWriter<unknown, unknown>; readonly input: unknown };
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** What the committer did so far (tests and benchmarks read it; never used for decisions). */
export interface GroupCommitStats {
  /** Transactions committed with at least one job (batches and lone retries). */
  readonly commits: number;
  /** Jobs settled (resolved or rejected). */
  readonly jobs: number;
  /** Batches that failed and were split into lone retries. */
  readonly splits: number;
}

export const DEFAULT_GROUP_COMMIT_WAIT_MS = 1;
export const DEFAULT_GROUP_COMMIT_BATCH = 256;

/**
 * One store's committer. Use `groupCommitFor(db)` rather than constructing one: all callers
 * of a store must share its queue for batches to form.
 *
 * @example const appended = await groupCommitFor(ctx.store.db).run((trx) => appendAudit(trx, record));
 */
export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #relax: AccessRecordsCommit;
  readonly #sqlite: SqliteWriter | undefined;
  readonly #relaxed: boolean;
  readonly #maxWaitMs: number;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #timer: { cancel(): void } | undefined;
  #flushing: Promise<void> | undefined;
  #stats = { commits: 0, jobs: 0, splits: 0 };

  constructor(db: Kysely<Database>, options: GroupCommitOptions = {}) {
    if (db.isTransaction) throw new TypeError('group commit needs the store itself, not a transaction');
    this.#db = db;
    this.#relax = accessRecordsCommitFor(db);
    this.#sqlite = sqliteWriterFor(db);
    this.#relaxed = accessRecordsDurabilityFor(db) !== 'full';
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_GROUP_COMMIT_WAIT_MS);
    this.#maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_GROUP_COMMIT_BATCH));
  }

  get stats(): GroupCommitStats {
    return { ...this.#stats };
  }

  /** Queues `job` for the next batch; settles with its result once that batch committed (or with its own error). */
  run<T>(job: GroupCommitJob<T>): Promise<T> {
    return this.#enqueue(job, undefined);
  }

  /**
   * Queues `input` for `writer`: the batch's inputs of one writer are written by one call
   * after its plain jobs (per-request records of one kind cost one statement set per batch,
   * not one per request). Settles like `run`.
   *
   * @example const appended = await groupCommitFor(db).runBatched(AUDIT_WRITER, record);
   */
  runBatched<I, O>(writer: GroupCommitWriter<I, O>, input: I): Promise<O> {
    const alone: GroupCommitJob<O> = async (trx) => {
      const [output] = await writer.write(trx, [input]);
      return output as O;
    };
    return this.#enqueue(alone, { writer: writer as GroupCommitWriter<unknown, unknown>, input });
  }

  #enqueue<T>(job: GroupCommitJob<T>, batched: Pending['batched']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        job,
        ...(batched === undefined ? {} : { batched }),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (this.#flushing === undefined) this.#schedule(); // else the running flush takes it next
    });
  }

  #schedule(): void {
    if (this.#queue.length >= this.#maxBatch) this.#start();
    else this.#timer ??= this.#after(() => this.#start());
  }

  /** A zero window still gathers the records of one turn of the event loop. */
  #after(run: () => void): { cancel(): void } {
    if (this.#maxWaitMs === 0) {
      const immediate = setImmediate(run);
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(run, this.#maxWaitMs);
    return { cancel: () => clearTimeout(timeout) };
  }

  /** Writes everything queued now and waits for it (before closing the store). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing !== undefined) {
      if (this.#flushing === undefined) this.#start();
      await this.#flushing;
    }
  }

  #start(): void {
    if (this.#timer !== undefined) {
      this.#timer.cancel();
      this.#timer = undefined;
    }
    if (this.#flushing !== undefined) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      // A record queued between the loop's last look and this moment would otherwise wait forever.
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #flush(): Promise<void> {
    // Whatever queued during a commit goes in the next batch at once: those records already waited.
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      await this.#commit(batch);
    }
  }

  /** The batch's inputs of each writer, by writer, in batch order. */
  #byWriter(batch: readonly Pending[]): Map<GroupCommitWriter<unknown, unknown>, number[]> {
    const byWriter = new Map<GroupCommitWriter<unknown, unknown>, number[]>();
    for (const [index, pending] of batch.entries()) {
      if (pending.batched === undefined) continue;
      const indexes = byWriter.get(pending.batched.writer);
      if (indexes === undefined) byWriter.set(pending.batched.writer, [index]);
      else indexes.push(index);
    }
    return byWriter;
  }

  /** SQLite, every job a writer's input with a synchronous form: one synchronous transaction. */
  #commitSqlite(sqlite: SqliteWriter, batch: readonly Pending[]): Promise<unknown[]> {
    return sqlite.transact(
      (statements) => {
        const out: unknown[] = new Array(batch.length);
        for (const [writer, indexes] of this.#byWriter(batch)) {
          const outputs = (writer.writeSqlite as NonNullable<GroupCommitWriter<unknown, unknown>['writeSqlite']>)(
            statements,
            this.#db,
            indexes.map((index) => (batch[index] as Pending).batched?.input),
          );
          indexes.forEach((index, k) => {
            out[index] = outputs[k];
          });
        }
        return out;
      },
      { relaxed: this.#relaxed },
    );
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    try {
      const sqlite = this.#sqlite;
      const results =
        sqlite !== undefined && batch.every((pending) => pending.batched?.writer.writeSqlite !== undefined)
          ? await this.#commitSqlite(sqlite, batch)
          : await this.#commitKysely(batch);
      this.#stats.commits++;
      this.#stats.jobs += batch.length;
      batch.forEach((pending, index) => {
        pending.resolve(results[index]);
      });
    } catch (error) {
      await this.#split(batch, error);
    }
  }

  #commitKysely(batch: readonly Pending[]): Promise<unknown[]> {
    return this.#db.transaction().execute(async (trx) => {
      await this.#relax(trx);
      const out: unknown[] = new Array(batch.length);
      for (const [index, pending] of batch.entries()) {
        if (pending.batched === undefined) out[index] = await pending.job(trx);
      }
      for (const [writer, indexes] of this.#byWriter(batch)) {
        const outputs = await writer.write(
          trx,
          indexes.map((index) => (batch[index] as Pending).batched?.input),
        );
        indexes.forEach((index, k) => {
          out[index] = outputs[k];
        });
      }
      return out;
    });
  }

  /** A failed batch (rolled back whole): each job alone, through Kysely, so each caller gets its own outcome. */
  async #split(batch: readonly Pending[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      this.#stats.jobs++;
      (batch[0] as Pending).reject(error);
      return;
    }
    this.#stats.splits++;
    for (const pending of batch) {
      try {
        const result = await this.#db.transaction().execute(async (trx) => {
          await this.#relax(trx);
          return pending.job(trx);
        });
        this.#stats.commits++;
        pending.resolve(result);
      } catch (own) {
        pending.reject(own);
      }
      this.#stats.jobs++;
    }
  }
}

const committers = new WeakMap<Kysely<Database>, GroupCommit>();

/**
 * The committer of the store behind `db`, made on first use (default window and batch size).
 *
 * @example await groupCommitFor(ctx.store.db).run((trx) => appendAudit(trx, record));
 */
export function groupCommitFor(db: Kysely<Database>): GroupCommit {
  let committer = committers.get(db);
  if (committer === undefined) {
    committer = new GroupCommit(db);
    committers.set(db, committer);
  }
  return committer;
}

/** Writes what the store's committer still holds (`Store.close` calls it before closing). */
export async function drainGroupCommit(db: Kysely<Database>): Promise<void> {
  await committers.get(db)?.drain();
}
