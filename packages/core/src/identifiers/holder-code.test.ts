import { describe, expect, it } from 'vitest';
import { HOLDER_CODE_TYPES, parseHolderCodeType, validateHolderCode } from './holder-code.js';
import { refusal, refusedWith } from './test-support/refusal.js';

const CITIZEN = '11010519491231002X';
const USCC = '91350100M000100Y43';
const LEGACY_USCC = '91350211M0000XUF46';

describe('HOLDER_CODE_TYPES', () => {
  it('has exactly the codes of GB/T 36903 that Hutong carries (standards.md §3)', () => {
    expect(Object.keys(HOLDER_CODE_TYPES).sort()).toEqual([
      '001',
      '099',
      '111',
      '114',
      '115',
      '118',
      '119',
      '120',
      '122',
      '411',
      '412',
      '413',
      '414',
      '511',
      '516',
      '999',
    ]);
  });

  it('says who holds each: organisations for 001 and 099, people otherwise', () => {
    for (const [code, entry] of Object.entries(HOLDER_CODE_TYPES)) {
      expect(entry.holder, code).toBe(code === '001' || code === '099' ? 'organisation' : 'person');
      expect(entry.zh.length, code).toBeGreaterThan(0);
      expect(entry.en.length, code).toBeGreaterThan(0);
    }
  });
});

describe('parseHolderCodeType', () => {
  it.each(Object.keys(HOLDER_CODE_TYPES))('accepts %s', (code) => {
    expect(parseHolderCodeType(code)).toBe(code);
  });

  it.each(['112', '1', '01', '0001', ' 111', 'toString', '__proto__', ''])('refuses "%s"', (code) => {
    expect(refusedWith(() => parseHolderCodeType(code))).toEqual({
      code: 'ERR_HOLDER_CODE_TYPE_UNKNOWN',
      field: 'holderCodeType',
    });
  });

  it('refuses numbers (001 would lose its zeros)', () => {
    expect(refusedWith(() => parseHolderCodeType(111))).toEqual({
      code: 'ERR_HOLDER_CODE_TYPE_NOT_STRING',
      field: 'holderCodeType',
    });
  });
});

describe('validateHolderCode', () => {
  it('checks 111 as a citizen ID number', () => {
    expect(validateHolderCode('111', CITIZEN)).toEqual({ holderCodeType: '111', holderCode: CITIZEN, warnings: [] });
    expect(refusedWith(() => validateHolderCode('111', '110105194912310021'))).toEqual({
      code: 'ERR_CITIZEN_ID_CHECK',
      field: 'holderCode',
    });
    expect(refusedWith(() => validateHolderCode('111', CITIZEN.toLowerCase()))).toEqual({
      code: 'ERR_CITIZEN_ID_LOWERCASE_X',
      field: 'holderCode',
    });
  });

  it('checks 001 as a USCC, strictly by default', () => {
    expect(validateHolderCode('001', USCC)).toEqual({ holderCodeType: '001', holderCode: USCC, warnings: [] });
    expect(refusedWith(() => validateHolderCode('001', LEGACY_USCC))).toEqual({
      code: 'ERR_USCC_CHECK',
      field: 'holderCode',
    });
  });

  it('accepts a legacy USCC under 001 in legacy mode, flagged on the holder code', () => {
    const result = validateHolderCode('001', LEGACY_USCC, { legacy: true });
    expect(result.holderCode).toBe(LEGACY_USCC);
    expect(result.warnings.map((w) => [w.code, w.field])).toEqual([['WARN_USCC_CHECK', 'holderCode']]);
    expect(refusedWith(() => validateHolderCode('001', LEGACY_USCC.slice(1), { legacy: true })).code).toBe(
      'ERR_USCC_LENGTH',
    );
  });

  it('does not take a citizen ID under 001 or a USCC under 111', () => {
    expect(refusedWith(() => validateHolderCode('001', CITIZEN)).field).toBe('holderCode');
    expect(refusedWith(() => validateHolderCode('111', USCC)).field).toBe('holderCode');
  });

  it.each([
    ['414', 'E12345678'],
    ['516', 'H0123456789'],
    ['099', '组织-2024/001'],
    ['999', 'A 123'],
    ['114', '军字第1234567号'],
  ])('accepts any printable code under %s', (type, code) => {
    expect(validateHolderCode(type, code)).toEqual({ holderCodeType: type, holderCode: code, warnings: [] });
  });

  it.each([
    ['empty', '', 'ERR_HOLDER_CODE_EMPTY'],
    ['65 characters', 'A'.repeat(65), 'ERR_HOLDER_CODE_TOO_LONG'],
    ['a leading space', ' E12345678', 'ERR_HOLDER_CODE_EDGE_WHITESPACE'],
    ['a trailing ideographic space', 'E12345678\u3000', 'ERR_HOLDER_CODE_EDGE_WHITESPACE'],
    ['a control character', 'E1234\u00005678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
    ['a newline', 'E1234\n5678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
    ['a zero-width space', 'E1234\u200B5678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
    ['a byte-order mark', '\uFEFFE12345678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
    ['a right-to-left override', 'E1234\u202E5678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
    ['a lone surrogate', 'E1234\uD8005678', 'ERR_HOLDER_CODE_UNPRINTABLE'],
  ])('refuses a code that is %s', (_what, code, expected) => {
    expect(refusedWith(() => validateHolderCode('414', code))).toEqual({ code: expected, field: 'holderCode' });
  });

  it('counts characters, not UTF-16 units, against the limit of 64', () => {
    const astral = '𠀀'.repeat(64);
    expect(validateHolderCode('999', astral).holderCode).toBe(astral);
    expect(refusal(() => validateHolderCode('999', `${astral}𠀀`)).params).toEqual({ max: 64, found: 65 });
  });

  it('says which character is unprintable', () => {
    expect(refusal(() => validateHolderCode('414', 'E1\u0007')).params).toEqual({ position: 3, codePoint: 'U+0007' });
  });

  it('refuses a code that is not a string', () => {
    expect(refusedWith(() => validateHolderCode('414', 12345678))).toEqual({
      code: 'ERR_HOLDER_CODE_NOT_STRING',
      field: 'holderCode',
    });
    expect(refusedWith(() => validateHolderCode('111', 12345678)).field).toBe('holderCode');
  });

  it('checks the type before the code', () => {
    expect(refusedWith(() => validateHolderCode('112', CITIZEN))).toEqual({
      code: 'ERR_HOLDER_CODE_TYPE_UNKNOWN',
      field: 'holderCodeType',
    });
  });
});
