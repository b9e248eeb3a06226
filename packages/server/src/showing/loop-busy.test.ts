import { describe, expect, it, vi } from 'vitest';
import { LOOP_BUSY_UTILISATION, type LoopTimes, loopBusy } from './loop-busy.js';

/** A loop whose time the test advances: `run(activeMs, idleMs)`. */
function fakeLoop() {
  let times: LoopTimes = { idle: 0, active: 0 };
  let clock = 0;
  return {
    times: () => times,
    now: () => clock,
    run(active: number, idle: number) {
      times = { idle: times.idle + idle, active: times.active + active };
      clock += active + idle;
    },
  };
}

describe('loopBusy (which licence verifications go to a verification thread)', () => {
  it('says busy once a window ran at or above the threshold, idle below it, and holds each reading for its window', () => {
    const loop = fakeLoop();
    const busy = loopBusy({ busyAbove: LOOP_BUSY_UTILISATION, windowMs: 100, times: loop.times, now: loop.now });
    // Before a first window has passed: on the loop.
    expect(busy()).toBe(false);
    loop.run(95, 5); // 95 %
    expect(busy()).toBe(true);
    loop.run(40, 10); // half a window later: the reading holds
    expect(busy()).toBe(true);
    loop.run(10, 40); // 50 of 100 ms active since the last reading
    expect(busy()).toBe(false);
    loop.run(89, 11); // 89 %: below 90
    expect(busy()).toBe(false);
    loop.run(90, 10); // exactly 90 %
    expect(busy()).toBe(true);
    // A long quiet spell ends it at the next call.
    loop.run(100, 10_000);
    expect(busy()).toBe(false);
  });

  it('is always busy at 0 and never above 1', () => {
    const loop = fakeLoop();
    const always = loopBusy({ busyAbove: 0, times: loop.times, now: loop.now });
    const never = loopBusy({ busyAbove: 1.01, times: loop.times, now: loop.now });
    loop.run(0, 1000);
    expect(always()).toBe(true);
    loop.run(1000, 0);
    expect(never()).toBe(false);
  });

  it("reads Node's own loop by default", async () => {
    const busy = loopBusy({ busyAbove: 0.5, windowMs: 20 });
    const end = Date.now() + 60;
    while (Date.now() < end) {
      // the loop never waits: fully utilised
    }
    expect(busy()).toBe(true);
    // A loop left to wait reads idle — eventually, not within one fixed 60 ms window: on a
    // loaded machine the process that just spun for 60 ms waits for a core before it reaches
    // its wait for I/O, and that wait counts as loop activity (Node counts idle time only inside
    // the wait), so the first window after the spin still read busy (2 of 2 loaded runs failed).
    await vi.waitFor(() => expect(busy()).toBe(false), { timeout: 30_000, interval: 50 });
  });
});
