/**
 * Calendar dates as GB/T 36903 carries them: `yyyyMMdd` on the wire. Inputs from
 * people and spreadsheets may also be `yyyy-MM-dd`; both normalise to `yyyyMMdd`.
 * Dates are civil dates (no time zone); comparisons are string comparisons of the
 * normalised form, which sort chronologically.
 */

export type CompactDate = string & { readonly __brand: 'CompactDate' };

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when year/month/day name a real day of the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return day <= 29;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Days of each month in a common year (a table made once, not per call: every date parse asks). */
const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Normalises `yyyyMMdd` or `yyyy-MM-dd` to `yyyyMMdd`, or returns undefined when the
 * string is not a real calendar date. Callers turn undefined into their own typed error
 * (they know the field at fault).
 *
 * @example toCompactDate('2024-02-29') // '20240229'
 */
export function toCompactDate(value: unknown): CompactDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = COMPACT.exec(value) ?? DASHED.exec(value);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || !isRealDate(y, mo, d)) return undefined;
  return `${m[1]}${m[2]}${m[3]}` as CompactDate;
}

/** `yyyyMMdd` → `yyyy-MM-dd`, for display and ISO interfaces. */
export function toIsoDate(date: CompactDate): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** The last day computed and the instants [from, until) it covers (one day in UTC+8). */
let lastDay: { readonly day: CompactDate; readonly from: number; readonly until: number } | undefined;

/**
 * Today's civil date in UTC+8 (China Standard Time), as `yyyyMMdd`.
 *
 * Every citizen ID parse asks it (a birth date may not be in the future), so a licence parse
 * asked it once or more, each time building a Date and three padded strings: the last answer
 * is kept with the day's bounds and given again for any instant inside them.
 *
 * @example todayInChina(new Date('2026-11-29T16:00:00Z')) // '20261130'
 */
export function todayInChina(now: Date = new Date()): CompactDate {
  const time = now.getTime();
  if (lastDay !== undefined && time >= lastDay.from && time < lastDay.until) return lastDay.day;
  const shifted = new Date(time + CHINA_OFFSET_MS);
  const y = shifted.getUTCFullYear().toString().padStart(4, '0');
  const m = (shifted.getUTCMonth() + 1).toString().padStart(2, '0');
  const d = shifted.getUTCDate().toString().padStart(2, '0');
  const day = `${y}${m}${d}` as CompactDate;
  // The offset is fixed (no daylight saving in the arithmetic), so a day is [midnight, midnight + 24 h).
  if (Number.isFinite(time)) {
    const from = Math.floor((time + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
    lastDay = { day, from, until: from + DAY_MS };
  }
  return day;
}
