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
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

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
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || !isRealDate(y, mo, d)) return undefined;
  return `${m[1]}${m[2]}${m[3]}` as CompactDate;
}

/** `yyyyMMdd` → `yyyy-MM-dd`, for display and ISO interfaces. */
export function toIsoDate(date: CompactDate): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

/** Today's civil date in UTC+8 (China Standard Time), as `yyyyMMdd`. */
export function todayInChina(now: Date = new Date()): CompactDate {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  const y = shifted.getUTCFullYear().toString().padStart(4, '0');
  const m = (shifted.getUTCMonth() + 1).toString().padStart(2, '0');
  const d = shifted.getUTCDate().toString().padStart(2, '0');
  return `${y}${m}${d}` as CompactDate;
}
