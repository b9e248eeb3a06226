/**
 * The process's signing threads for large HTTP batches (issue 3, "Use both cores"): a batch
 * of at least {@link POOL_SIGNING_THRESHOLD} licences signs on the same worker pool the bulk
 * import uses (`import/signing-pool.ts`), so the signatures of a chunk run in parallel
 * threads while the main thread stays free for requests.
 *
 * One pool per process, created at the first large batch, with one thread per core (the main
 * thread waits for the chunk's signatures, so it does not compete with them). Its threads do
 * not keep the process alive while idle. Every app built on it (`buildApp`) holds it with
 * {@link retainBatchSigningPool} and lets it go on close: the last one out closes the threads.
 */
import { availableParallelism } from 'node:os';
import type { SigningKey } from '@hutong/core';
import { createSigningPool, type SigningPool } from '../import/signing-pool.js';

/** Batches from this many licences up sign on the pool; below it, a message round trip costs more than it saves. */
export const POOL_SIGNING_THRESHOLD = 32;

interface Shared {
  readonly pool: Promise<SigningPool>;
  /** Adopted keys by suite and key id: each private key goes to the threads once. */
  readonly keys: Map<string, Promise<SigningKey>>;
}

let shared: Shared | undefined;
let holders = 0;

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

/** Stops the shared pool's threads now (pending signatures fail); the next large batch starts a new pool. */
export async function closeBatchSigningPool(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current === undefined) return;
  const pool = await current.pool.catch(() => undefined);
  await pool?.close();
}

/**
 * The key that signs on the shared pool's threads in place of `key` (same suite, key id and
 * public key). Starts the pool if needed.
 *
 * @example const pooled = await batchSigningKey(key); await signLicence(unsigned, pooled);
 */
export async function batchSigningKey(key: SigningKey): Promise<SigningKey> {
  if (shared === undefined) {
    const pool = createSigningPool({ size: Math.max(1, availableParallelism()), unrefWhenIdle: true });
    shared = { pool, keys: new Map() };
    // A pool that fails to start is forgotten: the next batch tries again.
    pool.catch(() => {
      if (shared?.pool === pool) shared = undefined;
    });
  }
  const current = shared;
  const name = `${key.suite}:${key.keyId}`;
  let adopted = current.keys.get(name);
  if (adopted === undefined) {
    adopted = current.pool.then(async (pool) => {
      const pooled = await pool.adopt(key);
      return {
        ...pooled,
        sign: (data: Uint8Array) =>
          pooled.sign(data).catch(async (error: unknown) => {
            // A thread that died takes the pool with it: the next batch starts a fresh one.
            if (shared === current) await closeBatchSigningPool();
            throw error;
          }),
      };
    });
    current.keys.set(name, adopted);
    adopted.catch(() => current.keys.delete(name));
  }
  return adopted;
}

/** Whether the shared pool's threads are running (tests: a large batch starts them, the last app's close stops them). */
export function batchSigningPoolRunning(): boolean {
  return shared !== undefined;
}
