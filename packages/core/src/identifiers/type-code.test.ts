import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validTypeCode } from './test-support/arbitraries.js';
import { refusal, refusedWith } from './test-support/refusal.js';
import { parseTypeCode, type TypeCode, typeCodeParts } from './type-code.js';

// standards.md §3 and the type codes of GB/T 36904's published identifiers.
const PUBLISHED = ['11100000000013338W032', '11100000000013338W011', '11100000000013338W009'];

describe('parseTypeCode', () => {
  it.each(PUBLISHED)('accepts %s', (code) => {
    expect(parseTypeCode(code)).toBe(code);
  });

  it('refuses what is not a string', () => {
    expect(refusedWith(() => parseTypeCode(11100000000013338))).toEqual({
      code: 'ERR_TYPE_CODE_NOT_STRING',
      field: 'shape',
    });
  });

  it.each([
    ['20', '11100000000013338W32'],
    ['22', '11100000000013338W0321'],
    ['18 (a USCC alone)', '11100000000013338W'],
  ])('refuses %s characters', (_what, code) => {
    const error = refusal(() => parseTypeCode(code));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_TYPE_CODE_LENGTH',
      'shape',
      { expected: 21, found: code.length },
    ]);
  });

  it.each([
    ['a wrong check character', '11100000000013338X032', 'ERR_USCC_CHECK'],
    ['a wrong organisation-code check', '11100000000013339W032', 'ERR_USCC_ORGANISATION_CODE_CHECK'],
    ['lower case', '11100000000013338w032', 'ERR_USCC_CHARSET'],
    ['department 0', '01100000000013338W032', 'ERR_USCC_DEPARTMENT'],
  ])('names the defining authority for %s', (_what, code, expected) => {
    expect(refusedWith(() => parseTypeCode(code))).toEqual({ code: expected, field: 'definingAuthorityCode' });
  });

  it.each(['03A', '0 2', '-01', '０３２'])('refuses sequence %s', (sequence) => {
    expect(refusedWith(() => parseTypeCode(`11100000000013338W${sequence}`))).toEqual({
      code: 'ERR_TYPE_CODE_SEQUENCE',
      field: 'sequence',
    });
  });

  it('accepts any generated valid code', () => {
    fc.assert(
      fc.property(validTypeCode, (code) => {
        expect(parseTypeCode(code)).toBe(code);
      }),
    );
  });
});

describe('typeCodeParts', () => {
  it('splits the defining authority from the sequence', () => {
    expect(typeCodeParts(parseTypeCode('11100000000013338W032'))).toEqual({
      definingAuthorityCode: '11100000000013338W',
      sequence: '032',
    });
  });

  it('round-trips any valid code', () => {
    fc.assert(
      fc.property(validTypeCode, (code) => {
        const parts = typeCodeParts(parseTypeCode(code));
        expect(parts.definingAuthorityCode + parts.sequence).toBe(code);
      }),
    );
  });

  it('refuses a forged brand', () => {
    expect(refusedWith(() => typeCodeParts('111' as TypeCode)).code).toBe('ERR_TYPE_CODE_LENGTH');
  });
});
