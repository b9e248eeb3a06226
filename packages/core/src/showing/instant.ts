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

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Year, month and day of a day count since 1970-01-01. */
function civil(days: number): [number, number, number] {
  const z = days + DAYS_1970_FROM_0000_03_01;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/**
 * `date.toISOString()` for instants from 1970 to 9999 (others take the platform's path).
 *
 * @example formatInstant(Date.UTC(2026, 2, 1, 4)) // '2026-03-01T04:00:00.000Z'
 */
export function formatInstant(ms: number): string {
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const [year, month, day] = civil(days);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const fraction = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${fraction}Z`;
}

/**
 * The civil date in China Standard Time (UTC+8) of an instant, as `yyyyMMdd`: what
 * `todayInChina(new Date(ms))` answers, for instants from 1970 to 9999.
 *
 * @example chinaDate(Date.UTC(2026, 1, 28, 16)) // '20260301'
 */
export function chinaDate(ms: number): CompactDate {
  const [year, month, day] = civil(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
  return `${year}${two(month)}${two(day)}` as CompactDate;
}
