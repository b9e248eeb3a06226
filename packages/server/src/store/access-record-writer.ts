/**
 * Access records off the event loop (issue 5; docs/design/write-path-budget.md, proposal 4):
 * on a SQLite store, every access record of the process (`recordAccess` outside a transaction:
 * verifications, reads, queries) is appended by ONE writer thread with its own connection
 * (store/access-record-thread.ts), and the caller's promise settles once the transaction
 * holding its record committed — an answered read is still a recorded read, with the same
 * durability contract as before (store/commit-durability.ts).
 *
 * Why: building the audit record (canonical text, chain hash), its insert and the COMMIT cost
 * ~20 % of a verification's time on the event loop (~55–60 µs), while the second core sat
 * mostly idle. The event loop now checks the record and canonicalises its details (so that a
 * bad record fails with its typed error before anything is sent, as before), posts the flat
 * texts of the turn's records in one message, and awaits the thread's answer.
 *
 * The thread takes every batch queued while it committed into its next transaction (group
 * commit: the busier the node, the larger the transactions). Its transaction reads the audit
 * chain head under SQLite's write lock, so the main connection's appends and the thread's form
 * one chain in commit order; nothing caches the head in memory.
 *
 * When the thread dies (a crash, a failed start), the records it had not answered fail with
 * `ERR_STORE_WRITER_FAILED` (their requests get a 500 problem: whether such a record was
 * committed is not known, and a read whose record is not known to be committed is not
 * answered), and the next record starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import { type AppendedAudit, type AuditRecordInput, canonicalAuditFields } from '../audit/append-audit.js';
import { ServerError } from '../errors.js';
import type { NonceSighting } from '../showing/record-nonce.js';
import { threadEntry } from '../thread-entry.js';

/** What the thread is started with (`workerData`). */
export interface AccessRecordThreadData {
  readonly file: string;
  /** Process-kill durability: answer after COMMIT, fsync later (false: after the fsync). */
  readonly relaxed: boolean;
  /** `PRAGMA mmap_size` of the thread's connection (0: SQLite's default, none). */
  readonly mmapBytes: number;
}

/**
 * Main → thread. `fields`: each record's `CanonicalAuditFields`, flat, in order; `nonces`:
 * show-code nonces to register first (nonce, expiry, presentation time per nonce, flat).
 */
export type AccessRecordRequest =
  | {
      readonly type: 'append';
      readonly batch: number;
      readonly count: number;
      readonly fields: (string | null)[];
      readonly nonces: string[];
    }
  | { readonly type: 'close' };

/**
 * Thread → main: a batch committed — the seq and hash of each record and what the register
 * knew of each nonce, in order — or the batches a failure took.
 */
export type AccessRecordReply =
  | {
      readonly type: 'appended';
      readonly batch: number;
      readonly seqs: number[];
      readonly hashes: string[];
      readonly sightings: NonceSighting[];
      /** The thread's WAL fsync rounds so far (under `full`, one covering this batch ran before this answer). */
      readonly fsyncs: number;
    }
  | { readonly type: 'failed'; readonly batches: number[]; readonly reason: string };

interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  readonly records: Waiter<AppendedAudit>[];
  readonly nonces: Waiter<NonceSighting>[];
}

interface Thread {
  readonly worker: Worker;
  /** Batches posted and not answered yet. */
  readonly inFlight: Map<number, Batch>;
  readonly exited: Promise<void>;
}

/** What the writer did so far (tests read it; never used for decisions). */
export interface AccessRecordWriterStats {
  /** Threads started (a new one after each death). */
  readonly threads: number;
  /** Messages posted to the thread (one per event-loop turn that had records). */
  readonly batches: number;
  /** Records answered as committed. */
  readonly appended: number;
  /** Records and nonces failed by a thread's death or a failed transaction. */
  readonly failed: number;
  /** WAL fsync rounds the running thread had made at its last answer. */
  readonly fsyncs: number;
}

/**
 * `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both; a
 * thread's or the platform's own words are quoted as they are).
 */
function writerFailed(reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_STORE_WRITER_FAILED', { params: { reason }, zhParams: { reason: reasonZh } });
}

/**
 * The access-record writer of one SQLite store (`openStore` makes it; `accessRecordWriterFor`
 * finds it). The thread starts with the first record.
 *
 * @example const appended = await accessRecordWriterFor(store.db)?.append({ at, actor, action: 'licence.verify', target, useCause });
 */
export class AccessRecordWriter {
  readonly #data: AccessRecordThreadData;
  #thread: Thread | undefined;
  #fields: (string | null)[] = [];
  #nonces: string[] = [];
  #waiting: Batch = { records: [], nonces: [] };
  #flushScheduled = false;
  #nextBatch = 1;
  #closed = false;
  #stats = { threads: 0, batches: 0, appended: 0, failed: 0, fsyncs: 0 };
  /** Settles when nothing is in flight (close waits for it). */
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(file: string, options: { readonly relaxed: boolean; readonly mmapBytes?: number }) {
    this.#data = { file, relaxed: options.relaxed, mmapBytes: options.mmapBytes ?? 0 };
  }

  get stats(): AccessRecordWriterStats {
    return { ...this.#stats };
  }

  /** The running thread (tests end it to prove what a crash does), or undefined before the first record. */
  get thread(): Worker | undefined {
    return this.#thread?.worker;
  }

  /**
   * Appends `input` to the audit chain on the writer thread; settles once committed. A bad
   * record throws its typed error (`ERR_AUDIT_RECORD_INVALID`) and nothing is written.
   */
  append(input: AuditRecordInput): Promise<AppendedAudit> {
    if (this.#closed) return Promise.reject(writerFailed('the store is closed', '存储已关闭'));
    let fields: ReturnType<typeof canonicalAuditFields>;
    try {
      fields = canonicalAuditFields(input);
    } catch (error) {
      return Promise.reject(error);
    }
    for (const field of fields) this.#fields.push(field);
    const appended = new Promise<AppendedAudit>((resolve, reject) => {
      this.#waiting.records.push({ resolve, reject });
    });
    this.#schedule();
    return appended;
  }

  /**
   * Registers a presentation of a show code's `nonce` (showing/record-nonce.ts) in the
   * thread's next transaction, before that transaction's access records; settles once
   * committed with what the register knew before. Times are RFC 3339 UTC.
   */
  recordNonce(nonce: string, expiresAt: string, at: string): Promise<NonceSighting> {
    if (this.#closed) return Promise.reject(writerFailed('the store is closed', '存储已关闭'));
    this.#nonces.push(nonce, expiresAt, at);
    const sighting = new Promise<NonceSighting>((resolve, reject) => {
      this.#waiting.nonces.push({ resolve, reject });
    });
    this.#schedule();
    return sighting;
  }

  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // One message per event-loop turn, posted at its end: the records of every request handled
    // in the turn. No longer window: the thread gathers what arrives while it commits (group
    // commit), and a verification waits for its record, so with a client's few connections a
    // 1 ms window bounded the rate (8 connections / ~3 ms a request on a quiet machine).
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    const waiting = this.#waiting;
    if (waiting.records.length === 0 && waiting.nonces.length === 0) return;
    const request: AccessRecordRequest = {
      type: 'append',
      batch: this.#nextBatch++,
      count: waiting.records.length,
      fields: this.#fields,
      nonces: this.#nonces,
    };
    this.#waiting = { records: [], nonces: [] };
    this.#fields = [];
    this.#nonces = [];
    const thread = this.#running();
    if (thread.inFlight.size === 0) thread.worker.ref();
    thread.inFlight.set(request.batch, waiting);
    this.#stats.batches += 1;
    thread.worker.postMessage(request);
  }

  #running(): Thread {
    if (this.#thread !== undefined) return this.#thread;
    const entry = threadEntry(import.meta.url, 'access-record-thread');
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: this.#data });
    // Held open only while a batch waits for its answer: an idle writer never keeps the process alive.
    worker.unref();
    const inFlight = new Map<number, Batch>();
    let died: ServerError | undefined;
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        const error =
          died ??
          writerFailed(
            `the access-record writer thread stopped (exit code ${code})`,
            `访问记录写入线程已停止（退出码 ${code}）`,
          );
        if (this.#thread?.worker === worker) this.#thread = undefined;
        for (const batch of inFlight.values()) this.#fail(batch, error);
        inFlight.clear();
        this.#settleIdle();
        resolve();
      });
    });
    worker.on('error', (error) => {
      const message = error instanceof Error ? error.message : String(error);
      died ??= writerFailed(message, `写入线程报告“${message}”`);
    });
    worker.on('message', (reply: AccessRecordReply) => {
      if (reply.type === 'failed') {
        const error = writerFailed(reply.reason, `写入线程报告“${reply.reason}”`);
        for (const id of reply.batches) {
          const batch = inFlight.get(id);
          inFlight.delete(id);
          if (batch !== undefined) this.#fail(batch, error);
        }
      } else {
        const batch = inFlight.get(reply.batch);
        inFlight.delete(reply.batch);
        this.#stats.fsyncs = reply.fsyncs;
        if (batch !== undefined) {
          this.#stats.appended += batch.records.length;
          batch.records.forEach((waiter, k) => {
            const seq = reply.seqs[k];
            const hash = reply.hashes[k];
            if (seq === undefined || hash === undefined)
              waiter.reject(writerFailed('a record is missing from the answer', '应答中缺少一条记录'));
            else waiter.resolve({ seq, hash });
          });
          batch.nonces.forEach((waiter, k) => {
            const sighting = reply.sightings[k];
            if (sighting === undefined)
              waiter.reject(writerFailed('a nonce is missing from the answer', '应答中缺少一个随机数'));
            else waiter.resolve(sighting);
          });
        }
      }
      if (inFlight.size === 0) {
        worker.unref();
        this.#settleIdle();
      }
    });
    this.#thread = { worker, inFlight, exited };
    this.#stats.threads += 1;
    return this.#thread;
  }

  #fail(batch: Batch, error: ServerError): void {
    this.#stats.failed += batch.records.length + batch.nonces.length;
    for (const waiter of batch.records) waiter.reject(error);
    for (const waiter of batch.nonces) waiter.reject(error);
  }

  #settleIdle(): void {
    if (this.#idle !== undefined && (this.#thread === undefined || this.#thread.inFlight.size === 0)) {
      this.#idle.resolve();
      this.#idle = undefined;
    }
  }

  /** Writes what is queued, waits for every answer, then ends the thread (before the store's connection closes). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    const thread = this.#thread;
    if (thread === undefined) return;
    if (thread.inFlight.size > 0) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.#idle = { promise, resolve };
      await promise;
    }
    if (this.#thread === thread) {
      thread.worker.ref();
      thread.worker.postMessage({ type: 'close' } satisfies AccessRecordRequest);
      await thread.exited;
    }
  }
}
