/**
 * Signing spread over worker threads for the bulk import. The pool hands out `SigningKey`s
 * whose `sign()` runs on its threads, so the import issues through issuance's own code
 * (`issuePreparedLicences`: serials, status slots, storage and side records in one
 * transaction per chunk) and only the signatures leave the main thread.
 *
 * Why signatures, not whole licences: a licence's identifier (its serial) and status-list
 * entry are allocated inside the issuance transaction, so the unsigned licence exists only
 * there; the RFC 8785 bytes are computed on the main thread and signed here. Requests made
 * in the same turn of the event loop (issuance signs a whole chunk with one `Promise.all`)
 * travel as one message per thread, so the cost of a message is shared by a chunk.
 */

import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  exportPkcs8Der,
  type Licence,
  type SigningKey,
  type SignLicenceOptions,
  signLicence,
  type UnsignedLicence,
} from '@hutong/core';
import { ServerError } from '../errors.js';
import { licenceAnswerText } from '../issuance/batch-response-bytes.js';
import { licenceDocumentDigest } from '../library/licence-document-digest.js';
import { packJson } from '../store/packed-json.js';
import { bookBatch, leastBusy, type ThreadBooks, takeBatch } from '../thread-batches.js';
import { threadEntry } from '../thread-entry.js';
import type { WorkerReply, WorkerRequest } from './signing-protocol.js';

/** One thread per core minus one for the main thread (which reads, validates and writes), at least one. */
export function defaultSigningWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A key whose signatures run on the pool's threads. `signLicence` does all of core's
 * `signLicence` there (strict parse, RFC 8785 bytes, signature), so a whole licence leaves
 * the main thread, not just its signature: the main thread stays free to store the previous
 * chunk (issue 3, "Use both cores").
 */
export interface PooledSigningKey extends SigningKey {
  signLicence(unsigned: UnsignedLicence, options: SignLicenceOptions & { readonly created: Date }): Promise<Licence>;
  /**
   * `signLicence`, with the licence's stored document (`packLicenceDocument`) and its digest
   * (`licenceDocumentDigest`) made on the thread as well: issuance stores them as they come.
   */
  signPackedLicence(unsigned: UnsignedLicence, options: SignPackedLicenceOptions): Promise<PackedSignedLicence>;
}

export interface SignPackedLicenceOptions extends SignLicenceOptions {
  readonly created: Date;
}

/**
 * A signed licence, its document as `licences.packed_document` keeps it, `licences.document_digest`,
 * and the UTF-8 of its JSON text as an answer shows it (`licenceAnswerText`: what the batch
 * route writes, made where it was signed). From a thread, the licence is the unsigned one given
 * with the thread's proof, and the three byte parts are views of the reply's one buffer.
 */
export interface PackedSignedLicence {
  readonly licence: Licence;
  readonly packedDocument: Uint8Array;
  readonly documentDigest: Uint8Array;
  readonly answerText: Uint8Array;
}

/** Whether `value` is an object of this realm's Object.prototype, or of none (a literal, JSON.parse's). */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether an unsigned licence's objects are plain (its top level, metadata, face and status
 * reference): what a structured clone copies member for member. A class instance (a clone
 * drops its prototype, which core's parser would refuse) is not.
 */
function isPlainUnsigned(unsigned: UnsignedLicence): boolean {
  return (
    isPlainObject(unsigned) &&
    isPlainObject(unsigned.metadata) &&
    isPlainObject(unsigned.face) &&
    (unsigned.statusReference === undefined || isPlainObject(unsigned.statusReference))
  );
}

/** Whether a key signs whole licences on a pool's threads. */
export function isPooledSigningKey(key: SigningKey): key is PooledSigningKey {
  return typeof (key as { signLicence?: unknown }).signLicence === 'function';
}

export interface SigningPool {
  /** Threads in the pool. */
  readonly size: number;
  /**
   * A key that signs on the pool's threads. The private key (PKCS#8) is copied into each
   * thread's memory and nowhere else; the returned key has the same suite, key id and
   * public key as `key`.
   */
  adopt(key: SigningKey): Promise<PooledSigningKey>;
  /** Stops the threads; signatures still pending fail. */
  close(): Promise<void>;
}

export interface SigningPoolOptions {
  /** Default {@link defaultSigningWorkers}. */
  readonly size?: number;
  /**
   * Idle threads do not keep the process alive (a pool shared by a server for its whole
   * life): a thread is `ref()`ed while it has work and `unref()`ed when it has none.
   * Default false: the owner closes the pool.
   */
  readonly unrefWhenIdle?: boolean;
}

type Pending =
  | {
      readonly kind: 'bytes';
      readonly data: Uint8Array;
      readonly resolve: (signature: Uint8Array) => void;
      readonly reject: (error: unknown) => void;
    }
  | {
      readonly kind: 'licence';
      readonly unsigned: UnsignedLicence;
      readonly resolve: (signed: PackedSignedLicence | null) => void;
      readonly reject: (error: unknown) => void;
    };

/** What one queue's requests share: the key, and for licences the proof's time and the parse option. */
interface QueueKey {
  readonly ref: number;
  readonly licences?: { readonly created: string; readonly legacyHolderCode: boolean };
}

/** Its batches sent and not answered yet, by batch number (thread-batches.ts). */
interface Thread extends ThreadBooks<Pending> {
  readonly worker: Worker;
  readonly keyWaiters: Map<number, { resolve: (keyId: string) => void; reject: (error: unknown) => void }>;
}

/** How long a thread may take to finish its batch and end before it is terminated. */
const CLOSE_GRACE_MS = 5_000;

/**
 * `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both; a
 * thread's or the platform's own words are quoted as they are).
 */
function workerFailed(reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_IMPORT_WORKER_FAILED', { params: { reason }, zhParams: { reason: reasonZh } });
}

/**
 * Starts a pool of signing threads.
 *
 * @example
 * const pool = await createSigningPool({ size: 3 });
 * try {
 *   const key = await pool.adopt(issuerKey);
 *   const licence = await signLicence(unsigned, key); // signed on a worker thread
 * } finally {
 *   await pool.close();
 * }
 */
export async function createSigningPool(options: SigningPoolOptions = {}): Promise<SigningPool> {
  const size = options.size ?? defaultSigningWorkers();
  if (!Number.isSafeInteger(size) || size < 1 || size > 256) {
    throw new ServerError('ERR_IMPORT_OPTIONS', {
      field: 'workers',
      params: { option: 'workers', rule: '1 to 256 threads' },
    });
  }
  const entry = threadEntry(import.meta.url, 'signing-worker');
  const unrefWhenIdle = options.unrefWhenIdle === true;
  const threads: Thread[] = [];
  /** With `unrefWhenIdle`: a thread holds the process open exactly while it has something to answer. */
  const updateRef = (thread: Thread) => {
    if (!unrefWhenIdle) return;
    if (thread.outstanding > 0 || thread.keyWaiters.size > 0) thread.worker.ref();
    else thread.worker.unref();
  };
  let failure: ServerError | undefined;
  let closed = false;
  let nextBatch = 1;
  let nextRef = 1;

  const queues = new Map<string, { readonly key: QueueKey; readonly items: Pending[] }>();
  const failAll = (error: ServerError) => {
    failure ??= error;
    for (const queue of queues.values()) for (const p of queue.items) p.reject(failure);
    queues.clear();
    for (const thread of threads) {
      for (const batch of thread.batches.values()) for (const p of batch) p.reject(failure);
      thread.batches.clear();
      for (const waiter of thread.keyWaiters.values()) waiter.reject(failure);
      thread.keyWaiters.clear();
      thread.outstanding = 0;
      updateRef(thread);
    }
  };

  for (let i = 0; i < size; i++) {
    const worker = new Worker(entry.script, { eval: entry.eval });
    const thread: Thread = { worker, batches: new Map(), keyWaiters: new Map(), outstanding: 0 };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'key-ready' || reply.type === 'key-failed') {
        const waiter = thread.keyWaiters.get(reply.ref);
        thread.keyWaiters.delete(reply.ref);
        updateRef(thread);
        if (reply.type === 'key-ready') waiter?.resolve(reply.keyId);
        else waiter?.reject(workerFailed(reply.reason, `签名线程报告“${reply.reason}”`));
        return;
      }
      const batch = takeBatch(thread, reply.batch);
      if (batch === undefined) return;
      updateRef(thread);
      if (reply.type === 'sign-failed') {
        // A licence batch is shared: what the other threads signed is already answered (a
        // promise settles once), what this thread took or would have taken fails.
        const error = workerFailed(reply.reason, `签名线程报告“${reply.reason}”`);
        for (const p of batch) p.reject(error);
        return;
      }
      if (reply.type === 'signed-licences') {
        // The licences this thread took (signing-protocol.ts); the other threads answer the rest.
        reply.indices.forEach((index, k) => {
          const p = batch[index];
          if (p?.kind !== 'licence') return;
          const proof = reply.proofs[k];
          const documentEnd = reply.ends[3 * k];
          const digestEnd = reply.ends[3 * k + 1];
          const textEnd = reply.ends[3 * k + 2];
          if (proof === undefined || documentEnd === undefined || digestEnd === undefined || textEnd === undefined) {
            p.reject(workerFailed('a licence is missing from the reply', '应答中缺少一份证照'));
          } else if (proof === null) p.resolve(null);
          else {
            const start = k === 0 ? 0 : (reply.ends[3 * k - 1] ?? 0);
            p.resolve({
              // core's signLicence: the members it checked, then the proof (see signing-protocol.ts).
              licence: { ...p.unsigned, proof },
              packedDocument: reply.bytes.subarray(start, documentEnd),
              documentDigest: reply.bytes.subarray(documentEnd, digestEnd),
              answerText: reply.bytes.subarray(digestEnd, textEnd),
            });
          }
        });
        return;
      }
      batch.forEach((p, k) => {
        const signature = reply.type === 'signed' ? reply.signatures[k] : undefined;
        if (p.kind !== 'bytes' || signature === undefined)
          p.reject(workerFailed('a signature is missing from the reply', '应答中缺少一个签名'));
        else p.resolve(signature);
      });
    });
    worker.on('error', (error) => {
      const message = error instanceof Error ? error.message : String(error);
      failAll(workerFailed(message, `签名线程报告“${message}”`));
    });
    worker.on('exit', (code) => {
      if (!closed)
        failAll(workerFailed(`a signing thread stopped (exit code ${code})`, `签名线程已停止（退出码 ${code}）`));
    });
    threads.push(thread);
    updateRef(thread);
  }

  let flushScheduled = false;

  /**
   * Sends what was queued in this turn. A key's licences go to every thread as one shared batch
   * (each thread takes the next licence nobody took: signing-protocol.ts), to as many threads as
   * there are licences; its raw signatures are split evenly over the least busy threads.
   */
  const flush = () => {
    flushScheduled = false;
    for (const [name, { key, items: queue }] of queues) {
      queues.delete(name);
      if (key.licences !== undefined) {
        const batch = nextBatch++;
        const request: WorkerRequest = {
          type: 'sign-licences',
          batch,
          ref: key.ref,
          ...key.licences,
          items: queue.flatMap((p) => (p.kind === 'licence' ? [p.unsigned] : [])),
          claims: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
        };
        // Each thread gets its own structured clone of the batch (~0.4 ms per 256 licences on the
        // main thread, measured): less than one signature, against a thread idle while another
        // still signs its fixed half.
        const takers = [...threads].sort((a, b) => a.outstanding - b.outstanding).slice(0, queue.length);
        for (const thread of takers) {
          bookBatch(thread, batch, queue);
          updateRef(thread);
          thread.worker.postMessage(request);
        }
        continue;
      }
      const share = Math.ceil(queue.length / threads.length);
      for (let start = 0; start < queue.length; start += share) {
        const part = queue.slice(start, start + share);
        const thread = leastBusy(threads);
        const batch = nextBatch++;
        bookBatch(thread, batch, part);
        updateRef(thread);
        const request: WorkerRequest = {
          type: 'sign',
          batch,
          ref: key.ref,
          items: part.map((p) => (p.kind === 'bytes' ? p.data : new Uint8Array())),
        };
        thread.worker.postMessage(request);
      }
    }
  };

  /** Queues a request; what is queued in one turn of the event loop leaves as one message per thread. */
  const enqueue = (key: QueueKey, pending: Pending): void => {
    if (failure !== undefined) {
      pending.reject(failure);
      return;
    }
    if (closed) {
      pending.reject(workerFailed('the signing pool is closed', '签名线程池已关闭'));
      return;
    }
    const name =
      key.licences === undefined ? `${key.ref}` : `${key.ref}|${key.licences.created}|${key.licences.legacyHolderCode}`;
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = { key, items: [] };
      queues.set(name, queue);
    }
    queue.items.push(pending);
    if (!flushScheduled) {
      flushScheduled = true;
      queueMicrotask(flush);
    }
  };

  const sign = (ref: number, data: Uint8Array): Promise<Uint8Array> =>
    new Promise((resolve, reject) => enqueue({ ref }, { kind: 'bytes', data, resolve, reject }));

  return {
    size,
    async adopt(key: SigningKey): Promise<PooledSigningKey> {
      if (failure !== undefined) throw failure;
      const ref = nextRef++;
      const pkcs8 = exportPkcs8Der(key);
      try {
        const keyIds = await Promise.all(
          threads.map(
            (thread) =>
              new Promise<string>((resolve, reject) => {
                thread.keyWaiters.set(ref, { resolve, reject });
                updateRef(thread);
                // A copy per thread: structured clone, never a file or an environment variable.
                const request: WorkerRequest = { type: 'key', ref, suite: key.suite, pkcs8 };
                thread.worker.postMessage(request);
              }),
          ),
        );
        if (keyIds.some((keyId) => keyId !== key.keyId))
          throw workerFailed('a thread derived another key id', '有线程得出了不同的密钥标识');
      } finally {
        pkcs8.fill(0);
      }
      const pooled: SigningKey = {
        suite: key.suite,
        keyId: key.keyId,
        publicKey: key.publicKey,
        sign: (data) => sign(ref, data),
      };
      const signPackedLicence: PooledSigningKey['signPackedLicence'] = async (unsigned, options) => {
        const licences = {
          created: options.created.toISOString(),
          legacyHolderCode: options.legacyHolderCode === true,
        };
        // The thread signs a structured clone of `unsigned` and the licence is `unsigned` with its
        // proof: the same members and values only for plain data (what assembleLicence makes, and
        // all core's parser accepts), so anything else is signed (or refused) here.
        const signed = isPlainUnsigned(unsigned)
          ? await new Promise<PackedSignedLicence | null>((resolve, reject) =>
              enqueue({ ref, licences }, { kind: 'licence', unsigned, resolve, reject }),
            )
          : null;
        if (signed !== null) return signed;
        // Refused on the thread: core's signLicence here gives the precise error (it refuses again).
        const licence = await signLicence(unsigned, pooled, options);
        const text = JSON.stringify(licence);
        return {
          licence,
          packedDocument: packJson('licence-document', text),
          documentDigest: licenceDocumentDigest(licence),
          answerText: Buffer.from(licenceAnswerText(licence, text), 'utf8'),
        };
      };
      return {
        ...pooled,
        signLicence: async (unsigned, options) => (await signPackedLicence(unsigned, options)).licence,
        signPackedLicence,
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      failAll(workerFailed('the signing pool is closed', '签名线程池已关闭'));
      await Promise.all(
        threads.map(async (thread) => {
          // Wait for the end even when idle threads were unref()ed.
          thread.worker.ref();
          const exited = once(thread.worker, 'exit');
          thread.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
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
