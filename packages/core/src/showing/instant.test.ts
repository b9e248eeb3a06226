import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInChina } from '../dates.js';
import { chinaDate, formatInstant } from './instant.js';

const FIRST = Date.UTC(1970, 0, 1);
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

describe('formatInstant and chinaDate agree with the platform', () => {
  it('at the edges', () => {
    for (const ms of [
      FIRST,
      LAST,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28),
      1_772_337_600_000,
      2 ** 32 * 1000,
    ]) {
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
      expect(chinaDate(ms)).toBe(todayInChina(new Date(ms)));
    }
    // Outside 1970–9999 the platform writes it (signed years, 6 digits).
    expect(formatInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(formatInstant(LAST + 1)).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('at any instant from 1970 to 9999 (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), (ms) => {
        expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        expect(chinaDate(ms)).toBe(todayInChina(new Date(ms)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('in runs of calls on one day and across days (civil() remembers the last day)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: FIRST, max: LAST - 86_400_000 }), fc.integer({ min: -3, max: 3 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (steps) => {
          for (const [ms, days] of steps) {
            for (const at of [ms, ms + 1, ms + days * 86_400_000, ms]) {
              if (at < FIRST) continue;
              expect(formatInstant(at)).toBe(new Date(at).toISOString());
              expect(chinaDate(at)).toBe(todayInChina(new Date(at)));
            }
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
