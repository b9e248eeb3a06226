/**
 * GB/T 36903 dates (`yyyyMMdd` on the wire, `yyyy-MM-dd` accepted from people and
 * spreadsheets) for the server. Core keeps its own copy private (`core/src/dates.ts` is not
 * in core's public API), so the server has this small one, with the same rules.
 */

/** A civil date as `yyyyMMdd`. */
export type CompactDate = string & { readonly __brand: 'CompactDate' };

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * `yyyyMMdd` or `yyyy-MM-dd` → `yyyyMMdd`, or undefined when it is not a real calendar date.
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

/**
 * Today's civil date in China Standard Time (UTC+8), which is what a licence's dates mean.
 *
 * @example todayInChina(new Date('2026-11-29T20:00:00Z')) // '20261130'
 */
export function todayInChina(now: Date): CompactDate {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  const y = shifted.getUTCFullYear().toString().padStart(4, '0');
  const m = (shifted.getUTCMonth() + 1).toString().padStart(2, '0');
  const d = shifted.getUTCDate().toString().padStart(2, '0');
  return `${y}${m}${d}` as CompactDate;
}
