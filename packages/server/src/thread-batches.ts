/**
 * The books a pool of worker threads keeps of the batches it sent them, shared by the import's
 * signing threads (import/signing-pool.ts) and the verification threads
 * (showing/verification-threads.ts): each batch is answered once (a reply for a batch no
 * longer on the books — failed meanwhile — is dropped), and the items a thread holds are
 * counted, to pick the least busy thread and to let an idle thread stop keeping the process
 * alive (`Worker.unref`, which each pool decides: the signing pool also counts key waiters).
 */

/** A thread's books: its batches sent and not answered, by batch number, and their items. */
export interface ThreadBooks<P> {
  readonly batches: Map<number, readonly P[]>;
  outstanding: number;
}

/**
 * Enters a batch sent to `thread`.
 *
 * @example bookBatch(thread, batch, part); thread.worker.postMessage({ batch, items: part.map(…) });
 */
export function bookBatch<P>(thread: ThreadBooks<P>, batch: number, items: readonly P[]): void {
  thread.batches.set(batch, items);
  thread.outstanding += items.length;
}

/**
 * Takes the batch a reply answers off the books: its items, or undefined when it is not there
 * (its thread failed meanwhile and its items were failed with it).
 *
 * @example const batch = takeBatch(thread, reply.batch); if (batch === undefined) return;
 */
export function takeBatch<P>(thread: ThreadBooks<P>, batch: number): readonly P[] | undefined {
  const items = thread.batches.get(batch);
  if (items === undefined) return undefined;
  thread.batches.delete(batch);
  thread.outstanding -= items.length;
  return items;
}

/**
 * The thread holding the fewest items (the first of equals).
 *
 * @example const thread = leastBusy(threads);
 */
export function leastBusy<T extends { readonly outstanding: number }>(threads: readonly T[]): T {
  const first = threads[0];
  if (first === undefined) throw new RangeError('leastBusy: no thread');
  return threads.reduce((a, b) => (b.outstanding < a.outstanding ? b : a), first);
}
