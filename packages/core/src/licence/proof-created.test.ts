import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { formatProofCreated, parseProofCreated } from './proof-created.js';

describe('parseProofCreated', () => {
  it.each([
    ['2026-11-29T12:00:00Z', '2026-11-29T12:00:00.000Z'],
    ['2026-11-29T12:00:00.123Z', '2026-11-29T12:00:00.123Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseProofCreated(text).toISOString()).toBe(iso);
  });

  it.each([
    ['an offset other than Z', '2026-11-29T20:00:00+08:00'],
    ['+00:00 instead of Z', '2026-11-29T12:00:00+00:00'],
    ['lower-case t', '2026-11-29t12:00:00Z'],
    ['lower-case z', '2026-11-29T12:00:00z'],
    ['a space for T', '2026-11-29 12:00:00Z'],
    ['no seconds', '2026-11-29T12:00Z'],
    ['one fractional digit', '2026-11-29T12:00:00.1Z'],
    ['microseconds', '2026-11-29T12:00:00.123456Z'],
    ['no zone', '2026-11-29T12:00:00'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['hour 24', '2026-11-29T24:00:00Z'],
    ['minute 60', '2026-11-29T12:60:00Z'],
    ['29 February of a common year', '2026-02-29T12:00:00Z'],
    ['month 13', '2026-13-01T12:00:00Z'],
    ['a date only', '2026-11-29'],
    ['surrounding space', ' 2026-11-29T12:00:00Z'],
    ['full-width digits', '２０２６-11-29T12:00:00Z'],
  ])('refuses %s', (_label, text) => {
    try {
      parseProofCreated(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HutongError);
      expect((error as HutongError).code).toBe('ERR_LICENCE_CREATED');
      expect((error as HutongError).field).toBe('proof.created');
    }
  });

  it('refuses non-strings', () => {
    expect(() => parseProofCreated(1764417600000)).toThrow(HutongError);
    expect(() => parseProofCreated(new Date())).toThrow(HutongError);
  });
});

describe('formatProofCreated', () => {
  it('writes whole seconds in UTC, dropping milliseconds', () => {
    expect(formatProofCreated(new Date('2026-11-29T12:00:00.999Z'))).toBe('2026-11-29T12:00:00Z');
    expect(formatProofCreated(new Date('2026-11-29T20:00:00+08:00'))).toBe('2026-11-29T12:00:00Z');
  });

  it('writes what the parser reads back', () => {
    const text = formatProofCreated(new Date('2031-07-04T01:02:03Z'));
    expect(formatProofCreated(parseProofCreated(text))).toBe(text);
  });

  it('refuses an invalid date and years the format cannot hold', () => {
    expect(() => formatProofCreated(new Date(Number.NaN))).toThrow(HutongError);
    expect(() => formatProofCreated(new Date('+012026-01-01T00:00:00Z'))).toThrow(HutongError);
  });
});
