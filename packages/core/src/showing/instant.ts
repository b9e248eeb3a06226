/**
 * Time formatting for the verifier's hot path, where the platform's `Date#toISOString` costs
 * more than the rest of a verdict: integer arithmetic only (the civil-from-days algorithm of
 * H. Hinnant, "chrono-compatible low-level date algorithms"). Internal to `showing/`.
 */
import type { CompactDate } from '../dates.js';

const DAY_MS = 86_400_000;
// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const DAYS_1970_FROM_0000_03_01 = 719_468;
// Years the fast path writes exactly as toISOString does (4 digits, no sign).
const FIRST_MS = Date.UTC(1970, 0, 1);
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const CHINA_OFFSET_MS = 8 * 3_600_000;

const ZERO = 48;
const HYPHEN = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

// civil()'s answer: three module-level numbers rather than a tuple allocated per call.
let civilYear = 0;
let civilMonth = 0;
let civilDay = 0;

// The day civil() last answered for: a verdict writes the verification time, the code's issue
// and expiry times and the China date it was made on, mostly all of one day, so the divisions
// below run about once a verdict instead of four times (docs/design/show-code.md §8).
let civilDays = Number.NaN;

/** Year, month and day (into civilYear, civilMonth, civilDay) of a day count since 1970-01-01. */
function civil(days: number): void {
  if (days === civilDays) return;
  civilDays = days;
  const z = days + DAYS_1970_FROM_0000_03_01;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civilDay = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}

/*
 * The strings are written by one String.fromCharCode call each, digit by digit: one flat
 * string per instant, where a template literal made a dozen intermediate strings (about half
 * a KiB of garbage per instant, three or four instants per verdict; docs/design/show-code.md §8).
 */

/**
 * `date.toISOString()` for instants from 1970 to 9999 (others take the platform's path).
 *
 * @example formatInstant(Date.UTC(2026, 2, 1, 4)) // '2026-03-01T04:00:00.000Z'
 */
export function formatInstant(ms: number): string {
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  civil(days);
  const y = civilYear;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return String.fromCharCode(
    ZERO + Math.floor(y / 1000),
    ZERO + (Math.floor(y / 100) % 10),
    ZERO + (Math.floor(y / 10) % 10),
    ZERO + (y % 10),
    HYPHEN,
    ZERO + Math.floor(civilMonth / 10),
    ZERO + (civilMonth % 10),
    HYPHEN,
    ZERO + Math.floor(civilDay / 10),
    ZERO + (civilDay % 10),
    T,
    ZERO + Math.floor(hours / 10),
    ZERO + (hours % 10),
    COLON,
    ZERO + Math.floor(minutes / 10),
    ZERO + (minutes % 10),
    COLON,
    ZERO + Math.floor(seconds / 10),
    ZERO + (seconds % 10),
    DOT,
    ZERO + Math.floor(millis / 100),
    ZERO + (Math.floor(millis / 10) % 10),
    ZERO + (millis % 10),
    Z,
  );
}

/**
 * `yyyyMMdd` of a day count since 1970-01-01 (years 1000 to 9999 in one call; a five-digit
 * year, which only China's date of the last instants of 9999 reaches, written as it is).
 */
export function compactDateOfDays(days: number): CompactDate {
  civil(days);
  const y = civilYear;
  if (y < 1000 || y > 9999) {
    return `${y}${civilMonth < 10 ? '0' : ''}${civilMonth}${civilDay < 10 ? '0' : ''}${civilDay}` as CompactDate;
  }
  return String.fromCharCode(
    ZERO + Math.floor(y / 1000),
    ZERO + (Math.floor(y / 100) % 10),
    ZERO + (Math.floor(y / 10) % 10),
    ZERO + (y % 10),
    ZERO + Math.floor(civilMonth / 10),
    ZERO + (civilMonth % 10),
    ZERO + Math.floor(civilDay / 10),
    ZERO + (civilDay % 10),
  ) as CompactDate;
}

/**
 * The civil date in China Standard Time (UTC+8) of an instant, as `yyyyMMdd`: what
 * `todayInChina(new Date(ms))` answers, for instants from 1970 to 9999.
 *
 * @example chinaDate(Date.UTC(2026, 1, 28, 16)) // '20260301'
 */
export function chinaDate(ms: number): CompactDate {
  return compactDateOfDays(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
}
