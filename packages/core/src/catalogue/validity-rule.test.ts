import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { refusal } from './test-support/sample-licence-type.js';
import {
  checkValidity,
  expiringDateFor,
  expiringDateRange,
  parseValidityRule,
  type ValidityRule,
} from './validity-rule.js';

const threeYears: ValidityRule = { kind: 'period', years: 3 };
const range: Extract<ValidityRule, { kind: 'range' }> = { kind: 'range', min: { years: 1 }, max: { years: 5 } };

describe('parseValidityRule', () => {
  it.each([
    [{ kind: 'long-term' }, { kind: 'long-term' }],
    [
      { kind: 'period', years: 1 },
      { kind: 'period', years: 1 },
    ],
    [
      { kind: 'period', months: 6 },
      { kind: 'period', months: 6 },
    ],
    [
      { kind: 'period', years: 0, days: 90 },
      { kind: 'period', years: 0, days: 90 },
    ],
    [
      { kind: 'range', min: { months: 6 }, max: { years: 3 } },
      { kind: 'range', min: { months: 6 }, max: { years: 3 } },
    ],
    // Equal bounds are a legal (if odd) range; 12 months is exactly a year.
    [
      { kind: 'range', min: { months: 12 }, max: { years: 1 } },
      { kind: 'range', min: { months: 12 }, max: { years: 1 } },
    ],
    // 28 days never exceed a month.
    [
      { kind: 'range', min: { days: 28 }, max: { months: 1 } },
      { kind: 'range', min: { days: 28 }, max: { months: 1 } },
    ],
  ])('%j', (input, expected) => {
    expect(parseValidityRule(input)).toEqual(expected);
  });

  it.each([
    [{ kind: 'period', years: 101 }, 'ERR_CATALOGUE_INTEGER_RANGE', '$.years'],
    [{ kind: 'period', days: '30' }, 'ERR_CATALOGUE_MEMBER_TYPE', '$.days'],
    [{ kind: 'range', min: { years: 1 }, max: { years: 2 }, extra: 1 }, 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.extra'],
    [{ kind: 'range', min: { years: 1, weeks: 1 }, max: { years: 2 } }, 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.min.weeks'],
    [{ kind: 'range', min: {}, max: { years: 2 } }, 'ERR_CATALOGUE_VALIDITY_EMPTY', '$.min'],
    [{ kind: 'range', min: { months: 2 }, max: { days: 59 } }, 'ERR_CATALOGUE_VALIDITY_RANGE_ORDER', '$'],
    [{ kind: 'range', min: { days: 29 }, max: { months: 1 } }, 'ERR_CATALOGUE_VALIDITY_RANGE_ORDER', '$'],
    [{}, 'ERR_CATALOGUE_MISSING_MEMBER', '$.kind'],
    [{ kind: 3 }, 'ERR_CATALOGUE_MEMBER_TYPE', '$.kind'],
    ['period', 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ])('refuses %j', (input, code, field) => {
    const error = refusal(() => parseValidityRule(input));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });
});

describe('expiringDateFor', () => {
  it('adds a fixed period as is: the GB/T 36903 example 20210108 → 20240108 (3 years)', () => {
    expect(expiringDateFor('20210108', threeYears)).toBe('20240108');
    expect(expiringDateFor('2021-01-08', threeYears)).toBe('20240108');
  });

  it.each([
    ['20240131', { kind: 'period', months: 1 }, '20240229'], // clamped to the last day of February (leap)
    ['20230131', { kind: 'period', months: 1 }, '20230228'],
    ['20240229', { kind: 'period', years: 1 }, '20250228'], // 29 February has no anniversary in 2025
    ['20240229', { kind: 'period', years: 4 }, '20280229'],
    ['20241231', { kind: 'period', days: 1 }, '20250101'],
    ['20240101', { kind: 'period', days: 366 }, '20250101'], // 2024 is a leap year
    ['20240131', { kind: 'period', months: 1, days: 1 }, '20240301'], // months first, then days (Temporal order)
    ['20231115', { kind: 'period', years: 1, months: 2 }, '20250115'],
  ] as const)('%s + %j = %s', (from, rule, expected) => {
    expect(expiringDateFor(from, rule)).toBe(expected);
  });

  it('answers undefined for long-term and refuses to choose for a range', () => {
    expect(expiringDateFor('20240101', { kind: 'long-term' })).toBeUndefined();
    expect(refusal(() => expiringDateFor('20240101', range)).code).toBe('ERR_CATALOGUE_VALIDITY_CHOICE_REQUIRED');
  });

  it('refuses dates that are not real or that overflow year 9999', () => {
    expect(refusal(() => expiringDateFor('20230229', threeYears))).toMatchObject({
      code: 'ERR_CATALOGUE_DATE_INVALID',
      field: 'certificateEffectiveDate',
    });
    expect(refusal(() => expiringDateFor('99980101', threeYears))).toMatchObject({
      code: 'ERR_CATALOGUE_DATE_INVALID',
      field: 'certificateExpiringDate',
    });
  });

  it('gives the issuer’s window for a range: effective + min − 1 day to effective + max', () => {
    expect(expiringDateRange('20240101', range)).toEqual({ earliest: '20241231', latest: '20290101' });
  });
});

describe('checkValidity', () => {
  it('accepts both counting conventions for a fixed period and normalises the dates', () => {
    expect(checkValidity('2021-01-08', '2024-01-08', threeYears)).toEqual({
      effectiveDate: '20210108',
      expiringDate: '20240108',
    });
    expect(checkValidity('20210108', '20240107', threeYears)).toEqual({
      effectiveDate: '20210108',
      expiringDate: '20240107',
    });
  });

  it.each([
    ['20210108', '20240109', threeYears, 'ERR_CATALOGUE_VALIDITY_PERIOD'],
    ['20210108', '20240106', threeYears, 'ERR_CATALOGUE_VALIDITY_PERIOD'],
    ['20210108', undefined, threeYears, 'ERR_CATALOGUE_VALIDITY_EXPIRING_REQUIRED'],
    ['20210108', '20210108', threeYears, 'ERR_CATALOGUE_VALIDITY_ORDER'],
    ['20210108', '20200108', range, 'ERR_CATALOGUE_VALIDITY_ORDER'],
    ['20210108', '20220106', range, 'ERR_CATALOGUE_VALIDITY_RANGE'],
    ['20210108', '20260109', range, 'ERR_CATALOGUE_VALIDITY_RANGE'],
    ['20210108', '20300101', { kind: 'long-term' }, 'ERR_CATALOGUE_VALIDITY_LONG_TERM'],
    ['2021/01/08', '20240108', threeYears, 'ERR_CATALOGUE_DATE_INVALID'],
    ['20210108', '2024018', threeYears, 'ERR_CATALOGUE_DATE_INVALID'],
  ] as const)('%s → %s under %j: %s', (effective, expiring, rule, code) => {
    const error = refusal(() => checkValidity(effective, expiring, rule));
    expect(error.code).toBe(code);
    expect(error.field).toBe(
      code === 'ERR_CATALOGUE_DATE_INVALID' && effective.includes('/')
        ? 'certificateEffectiveDate'
        : 'certificateExpiringDate',
    );
  });

  it('accepts the ends of a range window and a long-term licence without an expiring date', () => {
    expect(checkValidity('20210108', '20220107', range).expiringDate).toBe('20220107');
    expect(checkValidity('20210108', '20260108', range).expiringDate).toBe('20260108');
    expect(checkValidity('20210108', undefined, { kind: 'long-term' })).toEqual({ effectiveDate: '20210108' });
  });

  it('property: expiringDateFor always passes checkValidity, and the day after never does', () => {
    const date = fc
      .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const period = fc
      .record({ years: fc.nat(100), months: fc.nat(1200), days: fc.nat(3000) })
      .filter((p) => p.years + p.months + p.days > 0)
      .map((p) => ({ kind: 'period' as const, ...p }));
    fc.assert(
      fc.property(date, period, (effective, rule) => {
        const expiring = expiringDateFor(effective, rule);
        if (expiring === undefined) return false;
        expect(checkValidity(effective, expiring, rule).expiringDate).toBe(expiring);
        const dayAfter = expiringDateFor(expiring, { kind: 'period', days: 1 });
        if (dayAfter === undefined) return false;
        const error = refusal(() => checkValidity(effective, dayAfter, rule));
        expect(error).toBeInstanceOf(HutongError);
        expect(error.code).toBe('ERR_CATALOGUE_VALIDITY_PERIOD');
        return true;
      }),
    );
  });
});
