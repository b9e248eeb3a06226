import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInChina } from './dates.js';

/** The date in UTC+8 the plain way, without the kept day. */
function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

describe('todayInChina', () => {
  it('turns at 16:00 UTC (midnight in China), asked on either side in any order', () => {
    const before = new Date('2026-11-29T15:59:59.999Z');
    const after = new Date('2026-11-29T16:00:00.000Z');
    for (const [at, day] of [
      [before, '20261129'],
      [after, '20261130'],
      [before, '20261129'],
      [new Date('2026-11-30T15:59:59.999Z'), '20261130'],
      [new Date('2026-11-30T16:00:00.000Z'), '20261201'],
      [after, '20261130'],
    ] as const) {
      expect(todayInChina(at)).toBe(day);
    }
  });

  it('agrees with a plain computation at any instant, the kept day notwithstanding (fast-check)', () => {
    // Up to the last millisecond of 9999-12-31 in China, less one (ms + 1 is asked too): the plain
    // computation (toISOString) writes later years as +0YYYYY.
    const instant = fc.integer({ min: 0, max: 253_402_300_799_999 - 8 * 3600_000 - 1 });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 8 }), (instants) => {
        for (const ms of instants) {
          expect(todayInChina(new Date(ms))).toBe(chinaDay(ms));
          expect(todayInChina(new Date(ms + 1))).toBe(chinaDay(ms + 1));
        }
      }),
    );
  });

  it('answers an invalid Date as before and keeps nothing from it', () => {
    // 'NaN' padded to four characters: what the function always wrote for it.
    expect(todayInChina(new Date(Number.NaN))).toBe('0NaNNaNNaN');
    expect(todayInChina(new Date('2026-01-01T00:00:00Z'))).toBe('20260101');
  });
});
