import { describe, expect, it } from 'vitest';
import { NATIONAL_AREA_CODE, parseAreaCode } from './area-code.js';
import { PROVINCES } from './test-support/arbitraries.js';
import { refusal, refusedWith } from './test-support/refusal.js';

describe('parseAreaCode', () => {
  it.each(['650000', '110105', '130434', '350100', '810000', '820000', '710000'])('accepts %s', (code) => {
    expect(parseAreaCode(code)).toBe(code);
  });

  it.each(PROVINCES)('accepts every province: %s0000', (province) => {
    expect(parseAreaCode(`${province}0000`)).toBe(`${province}0000`);
  });

  it('accepts the national code 100000 and no other code under 10', () => {
    expect(parseAreaCode(NATIONAL_AREA_CODE)).toBe('100000');
    expect(refusedWith(() => parseAreaCode('100100'))).toEqual({ code: 'ERR_AREA_CODE_PROVINCE', field: 'province' });
  });

  it.each(['000000', '160000', '390000', '470000', '550000', '660000', '830000', '990000'])(
    'refuses %s (no such province)',
    (code) => {
      const error = refusal(() => parseAreaCode(code));
      expect([error.code, error.field, error.params]).toEqual([
        'ERR_AREA_CODE_PROVINCE',
        'province',
        { prefix: code.slice(0, 2) },
      ]);
    },
  );

  it.each(['65000', '6500000', '65000A', ' 650000', '６５００００', ''])('refuses the shape of "%s"', (code) => {
    expect(refusedWith(() => parseAreaCode(code))).toEqual({ code: 'ERR_AREA_CODE_SHAPE', field: 'shape' });
  });

  it('refuses a number (leading zeros would be lost)', () => {
    expect(refusedWith(() => parseAreaCode(650000))).toEqual({ code: 'ERR_AREA_CODE_NOT_STRING', field: 'shape' });
  });
});
