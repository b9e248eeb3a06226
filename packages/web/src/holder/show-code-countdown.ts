/** A fresh code is asked for this long before the shown one expires (the verifier's clock may run ahead). */
export const REFRESH_MARGIN_MS = 5_000;

/** The two instants the node states for a show code (ISO 8601). */
export interface ShowCodeTimes {
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** A shown code's timing on this browser's monotonic clock (`performance.now()` milliseconds). */
export interface ShowCodeClock {
  /** When the request for the code was sent: the code cannot have been signed before. */
  readonly requestedAt: number;
  /** When the screen asks for a fresh code; the countdown counts down to it. */
  readonly refreshAt: number;
}

/**
 * When to replace a shown code, measured from when it was asked for.
 *
 * The node's `expiresAt` is not read against this browser's clock: a phone's clock can be off by
 * minutes, and a local timer that started before the code was signed made the countdown start one
 * second above the lifetime (61 s for a 60 s code). The lifetime (`expiresAt - issuedAt`, at most
 * 120 s per issue 5) counted from the request is the code's life as this screen can know it; the node
 * floors `issuedAt` to whole seconds, so the code may expire up to a second earlier, which the
 * refresh margin covers.
 *
 * @example showCodeClock({ issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T00:01:00Z' }, 1000)
 *   // { requestedAt: 1000, refreshAt: 56000 }
 */
export function showCodeClock(code: ShowCodeTimes, requestedAt: number): ShowCodeClock {
  const lifetime = Date.parse(code.expiresAt) - Date.parse(code.issuedAt);
  const usable = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 0;
  // A short-lived code (the API allows 1 s) is still shown for half its life instead of being refreshed in a loop.
  const margin = Math.min(REFRESH_MARGIN_MS, usable / 2);
  return { requestedAt, refreshAt: requestedAt + usable - margin };
}

/**
 * Whole seconds until the refresh, as the countdown shows them: rounded up, so it reads 0 only when
 * the refresh is due, and never more than the code's life, even for a `now` taken before the request.
 */
export function secondsUntilRefresh(clock: ShowCodeClock, now: number): number {
  const from = Math.max(now, clock.requestedAt);
  return Math.max(0, Math.ceil((clock.refreshAt - from) / 1000));
}

/** Whether the shown code is due to be replaced. */
export function refreshDue(clock: ShowCodeClock, now: number): boolean {
  return now >= clock.refreshAt;
}
