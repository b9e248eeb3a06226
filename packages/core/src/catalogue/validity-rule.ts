/**
 * Validity rules of a licence type (GB/T 36902 "validity range": 1 year, 6 months,
 * long-term …) and the dates they give a licence (GB/T 36903 certificateEffectiveDate /
 * certificateExpiringDate, `yyyyMMdd`, expiring absent = long-term).
 */
import { jsonPathMember } from '../canonical/index.js';
import { type CompactDate, isRealDate, toCompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { type JsonObject, optionalMember, readInteger, readMembers, readOneOf } from './read-members.js';

/** A length of time in calendar units. Absent units count as zero. */
export interface ValidityPeriod {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

/**
 * How long a licence of a type is valid:
 * - `long-term` (长期有效): no expiring date;
 * - `period`: a fixed period from the effective date (e.g. 3 years);
 * - `range`: the issuer picks an expiring date between `min` and `max` after the effective date.
 */
export type ValidityRule =
  | { readonly kind: 'long-term' }
  | ({ readonly kind: 'period' } & ValidityPeriod)
  | { readonly kind: 'range'; readonly min: ValidityPeriod; readonly max: ValidityPeriod };

export const VALIDITY_KINDS = ['long-term', 'period', 'range'] as const;
export type ValidityKind = (typeof VALIDITY_KINDS)[number];

// Bounds that no real licence reaches but that keep every computed date within 4-digit
// years (GB/T 36903 dates are yyyyMMdd) and arithmetic within safe integers.
const MAX_YEARS = 100;
const MAX_MONTHS = 1200;
const MAX_DAYS = 36_600;

function readPeriodMembers(object: JsonObject, path: string): ValidityPeriod {
  const out: { years?: number; months?: number; days?: number } = {};
  const years = optionalMember(object, 'years');
  const months = optionalMember(object, 'months');
  const days = optionalMember(object, 'days');
  if (years !== undefined) out.years = readInteger(years, jsonPathMember(path, 'years'), 0, MAX_YEARS);
  if (months !== undefined) out.months = readInteger(months, jsonPathMember(path, 'months'), 0, MAX_MONTHS);
  if (days !== undefined) out.days = readInteger(days, jsonPathMember(path, 'days'), 0, MAX_DAYS);
  if ((out.years ?? 0) + (out.months ?? 0) + (out.days ?? 0) === 0) {
    throw new HutongError('ERR_CATALOGUE_VALIDITY_EMPTY', { field: path, params: { path } });
  }
  return out;
}

function readPeriod(value: unknown, path: string): ValidityPeriod {
  return readPeriodMembers(readMembers(value, path, [], ['years', 'months', 'days']), path);
}

/** Months and days of a period; a year is exactly 12 months in calendar arithmetic. */
function monthsAndDays(p: ValidityPeriod): { months: number; days: number } {
  return { months: (p.years ?? 0) * 12 + (p.months ?? 0), days: p.days ?? 0 };
}

/**
 * True when `min` is no longer than `max` from EVERY effective date. Months vary (28–31
 * days), so `{ days: 30 }` vs `{ months: 1 }` depends on the start: we accept the range
 * when it holds unit by unit, or when min's longest reading fits in max's shortest.
 */
function rangeIsOrdered(min: ValidityPeriod, max: ValidityPeriod): boolean {
  const a = monthsAndDays(min);
  const b = monthsAndDays(max);
  if (a.months <= b.months && a.days <= b.days) return true;
  // Longest reading of min: 31 days a month; shortest of max: 28 days a month.
  return a.months * 31 + a.days <= b.months * 28 + b.days;
}

/**
 * Parses a validity rule from untrusted input (a catalogue document).
 *
 * @example parseValidityRule({ kind: 'period', years: 3 }) // { kind: 'period', years: 3 }
 */
export function parseValidityRule(input: unknown, path = '$'): ValidityRule {
  const kindOnly = readMembers(input, path, ['kind'], ['years', 'months', 'days', 'min', 'max']);
  const kind = readOneOf(kindOnly.kind, jsonPathMember(path, 'kind'), VALIDITY_KINDS);
  switch (kind) {
    case 'long-term':
      readMembers(input, path, ['kind']);
      return { kind };
    case 'period': {
      const object = readMembers(input, path, ['kind'], ['years', 'months', 'days']);
      return { kind, ...readPeriodMembers(object, path) };
    }
    case 'range': {
      const object = readMembers(input, path, ['kind', 'min', 'max']);
      const min = readPeriod(object.min, jsonPathMember(path, 'min'));
      const max = readPeriod(object.max, jsonPathMember(path, 'max'));
      if (!rangeIsOrdered(min, max)) {
        throw new HutongError('ERR_CATALOGUE_VALIDITY_RANGE_ORDER', { field: path, params: { path } });
      }
      return { kind, min, max };
    }
  }
}

function daysInMonth(year: number, month: number): number {
  let d = 31;
  while (!isRealDate(year, month, d)) d--;
  return d;
}

function fromUtc(time: number): CompactDate | undefined {
  const date = new Date(time);
  const y = date.getUTCFullYear();
  if (y < 1000 || y > 9999) return undefined;
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}` as CompactDate;
}

/**
 * `date` plus a period: months first (clamped to the month's last day, so 20240131 + 1
 * month = 20240229 and 20240229 + 1 year = 20250228), then days — the order ISO 8601
 * durations and ECMAScript Temporal's `PlainDate.add` use. Undefined beyond year 9999.
 */
export function addPeriod(date: CompactDate, period: ValidityPeriod, sign: 1 | -1 = 1): CompactDate | undefined {
  const { months, days } = monthsAndDays(period);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  const total = year * 12 + (month - 1) + sign * months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  if (y < 1000 || y > 9999) return undefined;
  const d = Math.min(day, daysInMonth(y, m));
  // Date.UTC maps years 0–99 to 19xx; y ≥ 1000 here, so the civil date is exact.
  return fromUtc(Date.UTC(y, m - 1, d) + sign * days * 86_400_000);
}

function compactOrThrow(value: unknown, path: string): CompactDate {
  const date = toCompactDate(value);
  if (date === undefined) throw new HutongError('ERR_CATALOGUE_DATE_INVALID', { field: path, params: { path } });
  return date;
}

function addOrThrow(date: CompactDate, period: ValidityPeriod, path: string): CompactDate {
  const out = addPeriod(date, period);
  if (out === undefined) throw new HutongError('ERR_CATALOGUE_DATE_INVALID', { field: path, params: { path } });
  return out;
}

const EXPIRING = 'certificateExpiringDate';
const EFFECTIVE = 'certificateEffectiveDate';

/**
 * The expiring date a licence effective on `effectiveDate` gets under `rule`:
 * undefined for long-term; effective date + period for a fixed period. The standards'
 * own example (GB/T 36903, standards.md §3) is effective 20210108, expiring 20240108
 * for three years, so the period is added as is, not minus a day.
 * A `range` rule has no single answer (the issuer chooses): ERR_CATALOGUE_VALIDITY_CHOICE_REQUIRED;
 * use {@link expiringDateRange}.
 *
 * @example expiringDateFor('20210108', { kind: 'period', years: 3 }) // '20240108'
 */
export function expiringDateFor(effectiveDate: string, rule: ValidityRule): CompactDate | undefined {
  const effective = compactOrThrow(effectiveDate, EFFECTIVE);
  switch (rule.kind) {
    case 'long-term':
      return undefined;
    case 'period':
      return addOrThrow(effective, rule, EXPIRING);
    case 'range':
      throw new HutongError('ERR_CATALOGUE_VALIDITY_CHOICE_REQUIRED', { field: EXPIRING });
  }
}

/**
 * The earliest and latest expiring dates an issuer may choose under a `range` rule.
 * The earliest is effective + min − 1 day, accepting both counting conventions (see
 * {@link checkValidity}); the latest is effective + max.
 *
 * @example expiringDateRange('20240101', { kind: 'range', min: { years: 1 }, max: { years: 5 } })
 * // { earliest: '20241231', latest: '20290101' }
 */
export function expiringDateRange(
  effectiveDate: string,
  rule: Extract<ValidityRule, { kind: 'range' }>,
): { earliest: CompactDate; latest: CompactDate } {
  const effective = compactOrThrow(effectiveDate, EFFECTIVE);
  const minEnd = addOrThrow(effective, rule.min, EXPIRING);
  const earliest = addPeriod(minEnd, { days: 1 }, -1);
  if (earliest === undefined) throw new HutongError('ERR_CATALOGUE_DATE_INVALID', { field: EXPIRING });
  return { earliest, latest: addOrThrow(effective, rule.max, EXPIRING) };
}

/** The dates of one licence, normalised to `yyyyMMdd`. */
export interface LicenceValidity {
  readonly effectiveDate: CompactDate;
  readonly expiringDate?: CompactDate;
}

/**
 * Checks a licence's effective and expiring dates against its type's rule and returns
 * them normalised. Two counting conventions are in use for a fixed period and both are
 * accepted: "effective + period" (the GB/T 36903 example, 20210108 → 20240108) and
 * "valid through the day before" (有效期至 20240107, common on paper licences and so in
 * legacy stock). Anything else is a typed error naming `certificateExpiringDate`.
 *
 * @example checkValidity('2021-01-08', '20240108', { kind: 'period', years: 3 })
 * // { effectiveDate: '20210108', expiringDate: '20240108' }
 */
export function checkValidity(
  effectiveDate: string,
  expiringDate: string | undefined,
  rule: ValidityRule,
): LicenceValidity {
  const effective = compactOrThrow(effectiveDate, EFFECTIVE);
  if (rule.kind === 'long-term') {
    if (expiringDate !== undefined) {
      throw new HutongError('ERR_CATALOGUE_VALIDITY_LONG_TERM', {
        field: EXPIRING,
        params: { expiringDate: String(expiringDate) },
      });
    }
    return { effectiveDate: effective };
  }
  if (expiringDate === undefined)
    throw new HutongError('ERR_CATALOGUE_VALIDITY_EXPIRING_REQUIRED', { field: EXPIRING });
  const expiring = compactOrThrow(expiringDate, EXPIRING);
  if (expiring <= effective) {
    throw new HutongError('ERR_CATALOGUE_VALIDITY_ORDER', {
      field: EXPIRING,
      params: { effectiveDate: effective, expiringDate: expiring },
    });
  }
  if (rule.kind === 'period') {
    const expected = addOrThrow(effective, rule, EXPIRING);
    if (expiring !== expected && expiring !== addPeriod(expected, { days: 1 }, -1)) {
      throw new HutongError('ERR_CATALOGUE_VALIDITY_PERIOD', {
        field: EXPIRING,
        params: { expiringDate: expiring, expected },
      });
    }
  } else {
    const { earliest, latest } = expiringDateRange(effective, rule);
    if (expiring < earliest || expiring > latest) {
      throw new HutongError('ERR_CATALOGUE_VALIDITY_RANGE', {
        field: EXPIRING,
        params: { expiringDate: expiring, earliest, latest },
      });
    }
  }
  return { effectiveDate: effective, expiringDate: expiring };
}
