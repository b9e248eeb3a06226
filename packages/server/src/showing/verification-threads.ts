/**
 * The verification threads of one app: online verification's pure, CPU-heavy part — for a
 * licence, core's `verifyLicence` with the held-copy digest and the SQLite status-row read —
 * runs on these threads, so the event loop keeps only the request, the access record and the
 * answer (issue 5: online verify over HTTP ≥ 0.3× a bare Fastify route; the event loop was
 * the bottleneck while the second core idled, docs/design/write-path-budget.md).
 *
 * `hutong serve` starts one when the node is one process on a machine of 2 cores or more
 * ({@link defaultVerificationThreads}); an app built without the option verifies on the event
 * loop ({@link DEFAULT_VERIFICATION_THREADS}). Threads start at the first licence verification (an app that never verifies one never
 * starts them) and do not keep the process alive while idle. What is asked in one event-loop
 * turn leaves as one message per thread (flushed at the turn's `setImmediate`: requests read
 * from several sockets in one poll phase share it). A thread that fails or exits fails the
 * verifications it held (the route answers 500 problem+json) and is replaced at the next
 * verification; nothing waits forever on a dead thread.
 *
 * SQLite only: each thread reads the store's file through a read-only connection of its own
 * (WAL readers run beside the writer and see every committed write). PostgreSQL verifies on
 * the event loop as before (its reads are asynchronous already).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { PreparedTrustList } from '@hutong/core';
import { ServerError } from '../errors.js';
import { bookBatch, leastBusy, type ThreadBooks, takeBatch } from '../thread-batches.js';
import { threadEntry } from '../thread-entry.js';
import type { TrustListSource } from '../trust/prepared-node-trust-list.js';
import type { LicenceAnswer, LicenceItem, VerificationReply, VerificationRequest } from './verification-protocol.js';

/**
 * An app built without `verifyThreads` (tests through `inject()`, embedders) verifies on the
 * event loop; `hutong serve` chooses with {@link defaultVerificationThreads} instead.
 */
export const DEFAULT_VERIFICATION_THREADS = 0;

/** What {@link defaultVerificationThreads} decides from. */
export interface VerificationThreadsNode {
  /** The cores this process may use (`os.availableParallelism()`). */
  readonly cores: number;
  /** A worker of `hutong serve --workers N` (serve-cluster.ts): one process per core. */
  readonly clusterWorker: boolean;
}

/**
 * `HUTONG_VERIFY_THREADS` unset: one thread when the node is one process on 2 cores or more,
 * else none. Why: at 64 connections (where both sides of issue 5's bench are CPU-bound, the
 * event loop the bottleneck while the second core idles) one thread gave 10–24 % more
 * verifications/s in three alternating pairs on 2 cores (5,569 / 5,708 / 5,293 against
 * 4,599 / 4,615 / 4,828 req/s, 213–227 against 240–251 µs of CPU per request: session 10,
 * docs/design/write-path-budget.md; session 11's pairs there too). A cluster worker has no
 * idle core to give it (one process per core already), and one core has none either. The
 * cost: at low concurrency (8 connections) each request waits for two thread wake-ups while
 * the event loop idles, ~15–20 % fewer verifications/s there (each still answered within
 * ~3 ms), which is why a licence goes to a thread only while the loop is busy (loop-busy.ts);
 * `HUTONG_VERIFY_THREADS=0` turns them off.
 *
 * @example defaultVerificationThreads({ cores: 2, clusterWorker: false }) // 1
 */
export function defaultVerificationThreads(node: VerificationThreadsNode): number {
  return !node.clusterWorker && node.cores >= 2 ? 1 : 0;
}

/** The most threads a node may ask for (`HUTONG_VERIFY_THREADS`). */
export const MAX_VERIFICATION_THREADS = 64;

/**
 * `HUTONG_VERIFY_THREADS`: unset or empty → {@link defaultVerificationThreads} for `node`;
 * `0` → verify on the event loop; else a whole number up to {@link MAX_VERIFICATION_THREADS}.
 *
 * @example verificationThreadsFrom({ HUTONG_VERIFY_THREADS: '2' }, { cores: 2, clusterWorker: false }) // 2
 */
export function verificationThreadsFrom(
  env: Readonly<Record<string, string | undefined>>,
  node: VerificationThreadsNode,
): number {
  const text = env.HUTONG_VERIFY_THREADS;
  if (text === undefined || text === '') return defaultVerificationThreads(node);
  const count = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 0 && count <= MAX_VERIFICATION_THREADS)) {
    throw new ServerError('ERR_STORE_SETTING_INVALID', {
      field: 'HUTONG_VERIFY_THREADS',
      params: { setting: 'HUTONG_VERIFY_THREADS', allowed: `a whole number from 0 to ${MAX_VERIFICATION_THREADS}` },
    });
  }
  return count;
}

export interface VerificationThreadsOptions {
  /** Threads (at least 1). */
  readonly size: number;
  /** The store's SQLite file, read by each thread through a read-only connection of its own. */
  readonly file: string;
  /** Called with each thread started (tests: to stop one as a crash would). */
  readonly onThread?: ((worker: Worker) => void) | undefined;
}

export interface VerificationThreads {
  readonly size: number;
  /**
   * Core's `verifyLicence` of `licence` (parsed JSON or JSON text) against `list` at `at`, with
   * the held-copy digest against the library's row; and that row's status read when the
   * verdict's `signature` and `issuer-trusted` checks passed (undefined: no such licence).
   */
  verifyLicence(licence: unknown, list: PreparedTrustList, source: TrustListSource, at: Date): Promise<LicenceAnswer>;
  /** Stops the threads; verifications still pending fail. */
  close(): Promise<void>;
}

interface Pending {
  readonly item: LicenceItem;
  readonly resolve: (answer: LicenceAnswer) => void;
  readonly reject: (error: unknown) => void;
}

interface Thread extends ThreadBooks<Pending> {
  readonly worker: Worker;
  /** Trust lists sent to this thread, oldest first (at most {@link LISTS_KEPT}). */
  readonly lists: number[];
  gone: boolean;
}

/** Trust lists a thread keeps: the current one and a few it may still be asked about. */
const LISTS_KEPT = 4;

/** How long a thread may take to end before it is terminated. */
const CLOSE_GRACE_MS = 5_000;

/** A number per prepared list, process-wide: a thread prepares each list once. */
const listRefs = new WeakMap<PreparedTrustList, number>();
let nextListRef = 1;

function threadFailed(reason: string): Error {
  // Not a ServerError: the API answers it as ERR_API_INTERNAL (500) and logs it.
  return new Error(`a verification thread failed: ${reason}`);
}

/**
 * @example
 * const threads = createVerificationThreads({ size: 1, file: '/srv/hutong/data/hutong.db' });
 * const { verdict, status } = await threads.verifyLicence(body.licence, list, trustListSource(list)!, new Date());
 */
export function createVerificationThreads(options: VerificationThreadsOptions): VerificationThreads {
  const size = options.size;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_VERIFICATION_THREADS)
    throw new RangeError(`verification threads: 1 to ${MAX_VERIFICATION_THREADS}, not ${size}`);
  const entry = threadEntry(import.meta.url, 'verification-worker');
  const threads: Thread[] = [];
  let closed = false;
  let nextBatch = 1;
  /** Asked in this turn, by trust list. */
  const queued = new Map<number, { list: PreparedTrustList; source: TrustListSource; items: Pending[] }>();
  let flushScheduled = false;

  const updateRef = (thread: Thread) => {
    if (thread.outstanding > 0) thread.worker.ref();
    else thread.worker.unref();
  };

  const fail = (thread: Thread, reason: string) => {
    if (thread.gone) return;
    thread.gone = true;
    const at = threads.indexOf(thread);
    if (at >= 0) threads.splice(at, 1);
    const error = threadFailed(reason);
    for (const batch of thread.batches.values()) for (const p of batch) p.reject(error);
    thread.batches.clear();
    thread.outstanding = 0;
    // A thread that threw may still be running: make sure it ends.
    void thread.worker.terminate();
  };

  const start = (): Thread => {
    const worker = new Worker(entry.script, { eval: entry.eval });
    const thread: Thread = { worker, batches: new Map(), lists: [], outstanding: 0, gone: false };
    worker.on('message', (reply: VerificationReply) => {
      const batch = takeBatch(thread, reply.batch);
      if (batch === undefined) return;
      updateRef(thread);
      if (reply.type === 'failed') {
        const error = threadFailed(reply.reason);
        for (const p of batch) p.reject(error);
        return;
      }
      let answers: readonly LicenceAnswer[];
      try {
        answers = JSON.parse(reply.answers) as readonly LicenceAnswer[];
      } catch (error) {
        const failed = threadFailed(`an unreadable reply (${String(error)})`);
        for (const p of batch) p.reject(failed);
        return;
      }
      batch.forEach((p, k) => {
        const answer = answers[k];
        if (answer === undefined) p.reject(threadFailed('an answer is missing from the reply'));
        else p.resolve(answer);
      });
    });
    worker.on('error', (error) => fail(thread, error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => {
      if (!closed) fail(thread, `the thread stopped (exit code ${code})`);
    });
    worker.postMessage({ type: 'store', file: options.file } satisfies VerificationRequest);
    threads.push(thread);
    updateRef(thread);
    options.onThread?.(worker);
    return thread;
  };

  const send = (thread: Thread, message: VerificationRequest) => thread.worker.postMessage(message);

  const flush = () => {
    flushScheduled = false;
    if (closed) return;
    // Threads that died since the last turn are replaced here, when there is work for them.
    while (threads.length < size) start();
    for (const [ref, group] of queued) {
      queued.delete(ref);
      const share = Math.ceil(group.items.length / threads.length);
      for (let from = 0; from < group.items.length; from += share) {
        const part = group.items.slice(from, from + share);
        const thread = leastBusy(threads);
        if (!thread.lists.includes(ref)) {
          const { text, nodeId, anchorPem } = group.source;
          send(thread, { type: 'trust-list', ref, text, nodeId, anchorPem, at: part[0]?.item.at ?? Date.now() });
          thread.lists.push(ref);
          if (thread.lists.length > LISTS_KEPT) {
            const oldest = thread.lists.shift();
            if (oldest !== undefined) send(thread, { type: 'drop-trust-list', ref: oldest });
          }
        }
        const batch = nextBatch++;
        bookBatch(thread, batch, part);
        updateRef(thread);
        send(thread, { type: 'verify-licences', batch, list: ref, items: part.map((p) => p.item) });
      }
    }
  };

  return {
    size,
    verifyLicence(licence, list, source, at) {
      if (closed) return Promise.reject(threadFailed('the verification threads are closed'));
      let ref = listRefs.get(list);
      if (ref === undefined) {
        ref = nextListRef++;
        listRefs.set(list, ref);
      }
      let group = queued.get(ref);
      if (group === undefined) {
        group = { list, source, items: [] };
        queued.set(ref, group);
      }
      const item: LicenceItem =
        typeof licence === 'string'
          ? { text: licence, given: 'text', at: at.getTime() }
          : // JSON.stringify of parsed JSON (a request body) keeps every member and value
            // (a -0 becomes 0, which RFC 8785 writes as 0 as well).
            { text: JSON.stringify(licence) ?? 'null', given: 'parsed', at: at.getTime() };
      const items = group.items;
      const promise = new Promise<LicenceAnswer>((resolve, reject) => items.push({ item, resolve, reject }));
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
      return promise;
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = threadFailed('the verification threads are closed');
      for (const group of queued.values()) for (const p of group.items) p.reject(error);
      queued.clear();
      await Promise.all(
        threads.splice(0).map(async (thread) => {
          for (const batch of thread.batches.values()) for (const p of batch) p.reject(error);
          thread.batches.clear();
          thread.worker.ref();
          const exited = once(thread.worker, 'exit');
          send(thread, { type: 'close' });
          const timer = setTimeout(() => void thread.worker.terminate(), CLOSE_GRACE_MS);
          try {
            await exited;
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    },
  };
}
