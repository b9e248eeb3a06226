import { describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_MS, refreshDue, secondsUntilRefresh, showCodeClock } from './show-code-countdown.js';

/** A code as the node states it: issuedAt floored to the second, expiresAt = issuedAt + lifetime. */
function code(issuedAt: string, lifetimeSeconds: number) {
  const issued = Date.parse(issuedAt);
  return { issuedAt, expiresAt: new Date(issued + lifetimeSeconds * 1000).toISOString() };
}

describe('the show-code countdown', () => {
  it('never starts above the code life, even from a tick taken before the code was asked for', () => {
    // The screen ticks every second; the last tick (9 400) came before the request (10 000), and the
    // node signed at 12:00:00.7, stating issuedAt 12:00:00. Read against that stale tick the old
    // screen showed 61 s for a 60 s code.
    const clock = showCodeClock(code('2026-12-01T12:00:00Z', 60), 10_000);
    const first = secondsUntilRefresh(clock, 9_400);
    expect(first).toBeLessThanOrEqual(60);
    expect(first).toBe(60 - REFRESH_MARGIN_MS / 1000);
    expect(secondsUntilRefresh(clock, 10_000)).toBe(55);
  });

  it('ignores how far this browser clock is from the node', () => {
    // A node an hour ahead of the phone, or a day behind: the same 60 s code counts the same.
    const ahead = showCodeClock(code('2099-01-01T00:00:00Z', 60), 5_000);
    const behind = showCodeClock(code('2001-01-01T00:00:00Z', 60), 5_000);
    expect(ahead).toEqual(behind);
    expect(secondsUntilRefresh(ahead, 5_000)).toBe(55);
  });

  it('counts whole seconds down to the refresh, reading 0 when it is due', () => {
    const clock = showCodeClock(code('2026-12-01T12:00:00Z', 60), 1_000);
    expect(clock.refreshAt).toBe(56_000);
    expect(secondsUntilRefresh(clock, 1_001)).toBe(55);
    expect(secondsUntilRefresh(clock, 54_999)).toBe(2);
    expect(secondsUntilRefresh(clock, 55_000)).toBe(1);
    expect(secondsUntilRefresh(clock, 55_999)).toBe(1);
    expect(refreshDue(clock, 55_999)).toBe(false);
    expect(secondsUntilRefresh(clock, 56_000)).toBe(0);
    expect(refreshDue(clock, 56_000)).toBe(true);
    expect(secondsUntilRefresh(clock, 90_000)).toBe(0);
  });

  it('keeps the longest code (120 s) within its life and a 1 s code shown for half of it', () => {
    const longest = showCodeClock(code('2026-12-01T12:00:00Z', 120), 0);
    expect(secondsUntilRefresh(longest, -999)).toBe(115);
    const shortest = showCodeClock(code('2026-12-01T12:00:00Z', 1), 0);
    expect(shortest.refreshAt).toBe(500);
    expect(secondsUntilRefresh(shortest, 0)).toBe(1);
    expect(refreshDue(shortest, 499)).toBe(false);
  });
});
