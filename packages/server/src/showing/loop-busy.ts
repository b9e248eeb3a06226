/**
 * Whether the event loop is busy enough for a licence verification to go to a verification
 * thread (verification-threads.ts). A thread pays off only when the event loop is the
 * bottleneck: on 2 cores at 64 connections one thread gave 10–24 % more verifications/s, at 8
 * connections ~15–20 % fewer (each request then waits for two thread wake-ups while the loop
 * idles: docs/design/write-path-budget.md, sessions 10 and 11). So a verification goes to a
 * thread only while the loop's utilisation over the last window (Node's
 * `performance.eventLoopUtilization`: the share of wall time spent outside the wait for I/O)
 * is at least `busyAbove`; otherwise it runs on the loop. Either way the verdict is the same,
 * check for check (verification-threads.test.ts).
 */
import { performance } from 'node:perf_hooks';

/** The loop's time so far, as `performance.eventLoopUtilization()` reports it (ms). */
export interface LoopTimes {
  readonly idle: number;
  readonly active: number;
}

export interface LoopBusyOptions {
  /**
   * Utilisation (0–1) from which the loop counts as busy. 0: always busy (every verification
   * to a thread); above 1: never.
   */
  readonly busyAbove: number;
  /** How long one reading holds, ms (default {@link LOOP_BUSY_WINDOW_MS}). */
  readonly windowMs?: number | undefined;
  /** Tests: the loop's times and the clock (default Node's). */
  readonly times?: (() => LoopTimes) | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * From 90 %: a loop answering 8 connections on the quiet 2-core machine ran at about 3,500
 * verifications/s × ~220 µs ≈ 0.77 of its time, one saturated by 64 connections at ~1.0.
 */
export const LOOP_BUSY_UTILISATION = 0.9;

/** A reading every 100 ms: a few hundred verifications at the rates above, one syscall-free call each. */
export const LOOP_BUSY_WINDOW_MS = 100;

/**
 * @example
 * const busy = loopBusy({ busyAbove: LOOP_BUSY_UTILISATION });
 * if (busy()) await threads.verifyLicence(…); else verifyLicence(…);
 */
export function loopBusy(options: LoopBusyOptions): () => boolean {
  const { busyAbove } = options;
  if (busyAbove <= 0) return () => true;
  if (busyAbove > 1) return () => false;
  const windowMs = options.windowMs ?? LOOP_BUSY_WINDOW_MS;
  const times = options.times ?? (() => performance.eventLoopUtilization());
  const now = options.now ?? (() => performance.now());
  let last = times();
  let lastAt = now();
  // Until the first window has passed, on the loop (a node that just started is not saturated).
  let busy = false;
  return () => {
    const at = now();
    if (at - lastAt < windowMs) return busy;
    const current = times();
    const active = current.active - last.active;
    const total = active + (current.idle - last.idle);
    busy = total > 0 && active / total >= busyAbove;
    last = current;
    lastAt = at;
    return busy;
  };
}
