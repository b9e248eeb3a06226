/**
 * The proof's `created` time: RFC 3339 §5.6 `date-time`, restricted to the one profile
 * Hutong writes and reads — UTC with `Z`, whole seconds or exactly three fractional
 * digits. One instant then has at most two spellings, both parseable by every platform.
 */
import { isRealDate } from '../dates.js';
import { HutongError } from '../errors.js';

const CREATED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

function fail(field: string, found: string): never {
  throw new HutongError('ERR_LICENCE_CREATED', { field, params: { field, found: found.slice(0, 40) } });
}

/**
 * Parses a proof time. Refuses offsets other than `Z` (even `+00:00`), lower-case `t`/`z`,
 * fractions other than milliseconds, leap seconds (`:60`, which JavaScript cannot hold)
 * and impossible dates.
 *
 * @example parseProofCreated('2026-11-29T12:00:00Z') // Date 2026-11-29T12:00:00.000Z
 * @example parseProofCreated('2026-11-29T20:00:00+08:00') // throws ERR_LICENCE_CREATED
 */
export function parseProofCreated(value: unknown, field = 'proof.created'): Date {
  if (typeof value !== 'string') fail(field, value === null ? 'null' : typeof value);
  const m = CREATED.exec(value);
  if (m === null) fail(field, value);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7]);
  if (year < 1000 || !isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) fail(field, value);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
}

/**
 * Writes a proof time: UTC, whole seconds (milliseconds are dropped, never rounded up, so
 * the written time is never later than the given one).
 *
 * @example formatProofCreated(new Date('2026-11-29T12:00:00.789Z')) // '2026-11-29T12:00:00Z'
 */
export function formatProofCreated(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    const found = date instanceof Date ? 'Invalid Date' : typeof date;
    throw new HutongError('ERR_LICENCE_CREATED', { field: 'created', params: { field: 'created', found } });
  }
  const iso = date.toISOString();
  // toISOString gives ±YYYYYY for years outside 0000–9999; the parser would refuse those.
  if (!/^\d{4}-/.test(iso)) {
    throw new HutongError('ERR_LICENCE_CREATED', { field: 'created', params: { field: 'created', found: iso } });
  }
  return `${iso.slice(0, 19)}Z`;
}
