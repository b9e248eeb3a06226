/**
 * The process's signing threads for large HTTP batches (issue 3, "Use both cores"): a batch
 * of at least {@link POOL_SIGNING_THRESHOLD} licences signs on the same worker pool the bulk
 * import uses (`import/signing-pool.ts`), so the signatures of a chunk run in parallel
 * threads while the main thread stays free for requests.
 *
 * One pool per process and thread count, created at the first large batch (one thread per
 * core) or import (its `--workers`). Its threads do not keep the process alive while idle. Every app built on it (`buildApp`) holds it with
 * {@link retainBatchSigningPool} and lets it go on close: the last one out closes the threads,
 * except those of a pool a running job still uses ({@link useSharedSigningPool}: an import
 * started by the app outlives a close of the app that started it; its pool closes when it ends).
 */
import { availableParallelism } from 'node:os';
import type { SigningKey } from '@hutong/core';
import { createSigningPool, type PooledSigningKey, type SigningPool } from '../import/signing-pool.js';

/** Batches from this many licences up sign on the pool; below it, a message round trip costs more than it saves. */
export const POOL_SIGNING_THRESHOLD = 32;

interface Shared {
  readonly pool: Promise<SigningPool>;
  /** Adopted keys by suite and key id: each private key goes to the threads once. */
  readonly keys: Map<string, Promise<PooledSigningKey>>;
}

/** The process's pools, by thread count: HTTP batches use one per core, an import its `--workers`. */
const shared = new Map<number, Shared>();
let holders = 0;
/** Jobs running on the pool of each size (imports): a pool in use is never closed under them. */
const inUse = new Map<number, number>();
/** Pools whose close was asked for (the last app closed) while a job used them: closed when it ends. */
const closeWhenUnused = new Set<number>();

/**
 * Declares that a job (an import) signs on the shared pool of `size` threads until it calls the
 * returned release: closing the last app meanwhile leaves this pool running, and it closes
 * when the job lets it go (issue 3: the app's close used to fail a running import with
 * `ERR_IMPORT_WORKER_FAILED`). Without an app ever closing, the pool stays for the next job.
 *
 * @example const release = useSharedSigningPool(workers); try { … } finally { await release(); }
 */
export function useSharedSigningPool(size: number): () => Promise<void> {
  inUse.set(size, (inUse.get(size) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const left = (inUse.get(size) ?? 1) - 1;
    if (left > 0) {
      inUse.set(size, left);
      return;
    }
    inUse.delete(size);
    if (!closeWhenUnused.delete(size) || holders > 0) return;
    const current = shared.get(size);
    if (current !== undefined) await closeShared(size, current);
  };
}

/**
 * Declares a user of the shared pool (an app); returns its release. The pool's threads stop
 * when the last holder releases it (they start again at the next large batch).
 *
 * @example const release = retainBatchSigningPool(); app.addHook('onClose', release);
 */
export function retainBatchSigningPool(): () => Promise<void> {
  holders += 1;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) await closeBatchSigningPool();
  };
}

async function closeShared(size: number, current: Shared): Promise<void> {
  if (shared.get(size) === current) shared.delete(size);
  const pool = await current.pool.catch(() => undefined);
  await pool?.close();
}

/**
 * Stops the shared pools' threads now; the next large batch or import starts a new pool. A
 * pool a job still uses ({@link useSharedSigningPool}) is left running and closes when the
 * job ends.
 */
export async function closeBatchSigningPool(): Promise<void> {
  const idle = [...shared].filter(([size]) => {
    if (!inUse.has(size)) return true;
    closeWhenUnused.add(size);
    return false;
  });
  await Promise.all(idle.map(([size, current]) => closeShared(size, current)));
}

/**
 * The key that signs on the shared pool of `size` threads in place of `key` (same suite, key
 * id and public key). Starts the pool if needed. The pool stays for the process's life
 * (idle threads do not keep it alive), so consecutive imports and batches never pay a
 * thread start-up again (issue 3: each import used to start its own pool).
 *
 * @example const pooled = await sharedSigningKey(key, 1); await signLicence(unsigned, pooled);
 */
export async function sharedSigningKey(key: SigningKey, size: number): Promise<PooledSigningKey> {
  let current = shared.get(size);
  if (current === undefined) {
    const pool = createSigningPool({ size, unrefWhenIdle: true });
    const created: Shared = { pool, keys: new Map() };
    shared.set(size, created);
    // A pool that fails to start is forgotten: the next caller tries again.
    pool.catch(() => {
      if (shared.get(size) === created) shared.delete(size);
    });
    current = created;
  }
  const pooledIn = current;
  const name = `${key.suite}:${key.keyId}`;
  let adopted = pooledIn.keys.get(name);
  if (adopted === undefined) {
    adopted = pooledIn.pool.then(async (pool) => {
      const pooled = await pool.adopt(key);
      // A thread that died takes the pool with it: the next caller starts a fresh one.
      const dropPool = async (error: unknown): Promise<never> => {
        await closeShared(size, pooledIn);
        throw error;
      };
      const shared: PooledSigningKey = {
        ...pooled,
        sign: (data) => pooled.sign(data).catch(dropPool),
        signLicence: (unsigned, options) => pooled.signLicence(unsigned, options).catch(dropPool),
        signPackedLicence: (unsigned, options) => pooled.signPackedLicence(unsigned, options).catch(dropPool),
      };
      return shared;
    });
    pooledIn.keys.set(name, adopted);
    adopted.catch(() => pooledIn.keys.delete(name));
  }
  return adopted;
}

/**
 * The key that signs on the shared pool of one thread per core in place of `key`.
 *
 * @example const pooled = await batchSigningKey(key); await signLicence(unsigned, pooled);
 */
export function batchSigningKey(key: SigningKey): Promise<PooledSigningKey> {
  return sharedSigningKey(key, Math.max(1, availableParallelism()));
}

/** Whether a shared pool's threads are running (tests: a large batch starts them, the last app's close stops them). */
export function batchSigningPoolRunning(): boolean {
  return shared.size > 0;
}
