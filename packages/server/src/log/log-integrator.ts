/**
 * The background integrator of one server process: every `intervalMs` (default 200 ms) it
 * checks for committed entries past the integrated size and, when there are, integrates
 * them in batches until none are left (`integrate-log.ts`). With a batch taking a few tens
 * of milliseconds at the benchmark load, an entry waits at most one interval plus one batch
 * for a checkpoint: Hutong's maximum merge delay is published as 1 s (`MAX_MERGE_DELAY_MS`).
 */
import {
  type IntegrationResult,
  integrateLog,
  integrationPending,
  type LogRuntime,
  releaseLease,
} from './integrate-log.js';

/** Hutong's maximum merge delay: at most this long between an entry's sequencing and a checkpoint covering it. */
export const MAX_MERGE_DELAY_MS = 1000;
/** How often the integrator looks for new entries. */
export const DEFAULT_INTEGRATION_INTERVAL_MS = 200;
/** Entries per batch at most: a backlog is taken in several checkpoints, each within the merge delay. */
export const DEFAULT_MAX_BATCH = 65_536;

export interface LogIntegratorOptions {
  readonly intervalMs?: number;
  readonly maxBatch?: number;
  /** Where failures go (the app's logger); the integrator retries at the next interval. */
  readonly onError?: (error: unknown) => void;
}

export class LogIntegrator {
  readonly #rt: LogRuntime;
  readonly #intervalMs: number;
  readonly #maxBatch: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  // One pass at a time, whether from the timer or from `integrateNow`.
  #queue: Promise<unknown> = Promise.resolve();

  /** @example const integrator = new LogIntegrator(rt, { onError: (e) => app.log.error(e) }); integrator.start(); */
  constructor(rt: LogRuntime, options: LogIntegratorOptions = {}) {
    this.#rt = rt;
    this.#intervalMs = options.intervalMs ?? DEFAULT_INTEGRATION_INTERVAL_MS;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#onError = options.onError ?? (() => {});
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Starts the timer (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const started = Date.now();
      // A fixed cadence, counted from the start of a pass: an entry waits at most one interval
      // for the next pass (plus that pass), however long the previous pass took — the bound
      // behind MAX_MERGE_DELAY_MS. Counting from the end added the previous pass's duration.
      void this.#serialised(() => this.#tick()).then((again) =>
        this.#schedule(again ? 0 : Math.max(0, this.#intervalMs - (Date.now() - started))),
      );
    }, delay);
    // The integrator never keeps a process alive on its own (a CLI run, a test worker).
    this.#timer.unref();
  }

  async #tick(): Promise<boolean> {
    try {
      if (!(await integrationPending(this.#rt.db))) return false;
      const result = await integrateLog(this.#rt, { maxBatch: this.#maxBatch });
      return result.more;
    } catch (error) {
      this.#onError(error);
      return false;
    }
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Integrates everything committed so far and publishes a checkpoint for it, now (tests,
   * benchmarks, a receipt that must not wait for the timer). Errors are thrown.
   *
   * @example await integrator.integrateNow(); // the checkpoint now covers every committed entry
   */
  integrateNow(): Promise<IntegrationResult> {
    return this.#serialised(async () => {
      let result = await integrateLog(this.#rt, { maxBatch: this.#maxBatch });
      while (result.more) result = await integrateLog(this.#rt, { maxBatch: this.#maxBatch });
      return result;
    });
  }

  /** Stops the timer, waits for a running pass and gives the lease up. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#queue;
    await releaseLease(this.#rt).catch((error: unknown) => this.#onError(error));
  }
}
