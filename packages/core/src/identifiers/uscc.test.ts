import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { organisationCodeCheckCharacter } from './organisation-code.js';
import { singleSubstitutions, USCC_CHARSET, validUscc } from './test-support/arbitraries.js';
import { refusal, refusedWith } from './test-support/refusal.js';
import { checkUscc, parseUscc, usccCheckCharacter } from './uscc.js';

// standards.md §5 (verified) and the codes inside GB/T 36904's published identifiers.
const PUBLISHED = ['91350100M000100Y43', '11100000000013338W', '11220000013544541J', '11430000006122244L'];
const VALID = '91350100M000100Y43';
// Early pilot codes whose GB 32100 check character does not compute (shared vectors).
const LEGACY = '91350100M0001TGQXM';

/** GB 32100 verification written apart from the implementation: Σ vᵢ·3^(i−1) (i = 1..17) + v₁₈ ≡ 0 (mod 31). */
function gb32100Valid(code: string): boolean {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_CHARSET.indexOf(code.charAt(i)) * weight;
    weight = (weight * 3) % 31;
  }
  return (sum + USCC_CHARSET.indexOf(code.charAt(17))) % 31 === 0;
}

/** GB 11714 verification: Σ vᵢ·wᵢ + c ≡ 0 (mod 11), X being 10. */
function gb11714Valid(code9: string): boolean {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + Number.parseInt(code9.charAt(i), 36) * w, 0);
  const check = code9.charAt(8) === 'X' ? 10 : Number(code9.charAt(8));
  return (sum + check) % 11 === 0;
}

/** A USCC with the given first 16 characters, a chosen organisation-code check and a correct GB 32100 check. */
function withOrganisationCheck(first16: string, organisationCheck: string): string {
  const first17 = first16 + organisationCheck;
  return first17 + usccCheckCharacter(first17);
}

/** A fully valid USCC from its first 16 characters. */
function complete(first16: string): string {
  return withOrganisationCheck(first16, organisationCodeCheckCharacter(first16.slice(8)));
}

describe('parseUscc', () => {
  it.each(PUBLISHED)('accepts %s', (code) => {
    expect(parseUscc(code)).toBe(code);
    expect(gb32100Valid(code)).toBe(true);
    expect(gb11714Valid(code.slice(8, 17))).toBe(true);
  });

  it.each([
    ['a number', 91350100],
    ['null', null],
    ['an array', [VALID]],
  ])('refuses %s', (_what, input) => {
    expect(refusedWith(() => parseUscc(input))).toEqual({ code: 'ERR_USCC_NOT_STRING', field: 'shape' });
  });

  it.each([
    ['17 characters', VALID.slice(0, 17)],
    ['19 characters', `${VALID}3`],
    ['a leading space (never trimmed)', ` ${VALID}`],
    ['nothing', ''],
  ])('refuses %s by length', (_what, input) => {
    const error = refusal(() => parseUscc(input));
    expect([error.code, error.field, error.params.expected]).toEqual(['ERR_USCC_LENGTH', 'shape', 18]);
  });

  it.each([
    ['I', 'organisationCode'],
    ['O', 'organisationCode'],
    ['Z', 'organisationCode'],
    ['S', 'organisationCode'],
    ['V', 'organisationCode'],
    ['y', 'organisationCode'],
  ])('refuses %s, naming the segment and position', (char, field) => {
    const input = `${VALID.slice(0, 15)}${char}${VALID.slice(16)}`;
    const error = refusal(() => parseUscc(input));
    expect([error.code, error.field, error.params]).toEqual(['ERR_USCC_CHARSET', field, { position: 16, char }]);
  });

  it.each([
    [0, 'registrationDepartment'],
    [1, 'organisationType'],
    [2, 'areaCode'],
    [7, 'areaCode'],
    [8, 'organisationCode'],
    [16, 'organisationCode'],
    [17, 'check'],
  ])('names the segment of a foreign character at index %i', (index, field) => {
    const input = `${VALID.slice(0, index)}_${VALID.slice(index + 1)}`;
    expect(refusedWith(() => parseUscc(input))).toEqual({ code: 'ERR_USCC_CHARSET', field });
  });

  it('never upper-cases', () => {
    expect(refusedWith(() => parseUscc(VALID.toLowerCase()))).toEqual({
      code: 'ERR_USCC_CHARSET',
      field: 'organisationCode',
    });
  });

  it.each([...'0HJKLMPQRTUWX'])('refuses registration department %s (GB 32100 assigns 1-9, A-G, N, Y)', (char) => {
    const code = complete(`${char}1350100M000100Y`);
    expect(refusedWith(() => parseUscc(code))).toEqual({
      code: 'ERR_USCC_DEPARTMENT',
      field: 'registrationDepartment',
    });
  });

  it.each([...'123456789ABCDEFGNY'])('accepts registration department %s', (char) => {
    const code = complete(`${char}1350100M000100Y`);
    expect(parseUscc(code)).toBe(code);
  });

  it.each([
    ['1', '4'],
    ['5', '4'],
    ['9', '4'],
    ['9', '9'],
    ['N', '5'],
    ['Y', '2'],
    ['9', 'A'],
  ])('refuses organisation type %s%s, which the department does not assign', (department, type) => {
    const code = complete(`${department}${type}350100M000100Y`);
    const error = refusal(() => parseUscc(code));
    expect([error.code, error.field, error.params.department, error.params.char]).toEqual([
      'ERR_USCC_ORGANISATION_TYPE',
      'organisationType',
      department,
      type,
    ]);
  });

  it.each([
    '11',
    '12',
    '13',
    '19',
    '51',
    '52',
    '53',
    '59',
    '91',
    '92',
    '93',
    'N1',
    'N9',
    'Y1',
    '2X',
    '3A',
    '6Y',
    'A9',
    'G0',
  ])('accepts department and organisation type %s', (head) => {
    const code = complete(`${head}350100M000100Y`);
    expect(parseUscc(code)).toBe(code);
  });

  it('refuses letters in the area code (characters 3-8 are digits)', () => {
    const code = complete('91A50100M000100Y');
    const error = refusal(() => parseUscc(code));
    expect([error.code, error.field, error.params]).toEqual(['ERR_USCC_AREA_CODE', 'areaCode', { found: 'A50100' }]);
  });

  it('refuses a wrong GB 32100 check character, saying what it expected', () => {
    const error = refusal(() => parseUscc('91350100M000100Y44'));
    expect([error.code, error.field, error.params]).toEqual(['ERR_USCC_CHECK', 'check', { expected: '3', found: '4' }]);
  });

  it('refuses a wrong GB 11714 organisation-code check even when the GB 32100 check computes', () => {
    const code = withOrganisationCheck('91350100M000100Y', '5');
    expect(gb32100Valid(code)).toBe(true);
    const error = refusal(() => parseUscc(code));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_USCC_ORGANISATION_CODE_CHECK',
      'organisationCode',
      { expected: '4', found: '5' },
    ]);
  });

  it('accepts any generated valid code', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(parseUscc(code)).toBe(code);
        expect(gb32100Valid(code)).toBe(true);
        expect(gb11714Valid(code.slice(8, 17))).toBe(true);
      }),
    );
  });

  it('refuses every single-character substitution of a valid code', () => {
    // The GB 32100 weights 3^(i−1) mod 31 are all non-zero modulo the prime 31, so any change of
    // one character within the 31-character set changes Σ mod 31; outside the set is a charset error.
    for (const code of PUBLISHED) {
      for (const changed of singleSubstitutions(code, `${USCC_CHARSET}IOZSVa `)) {
        expect(() => parseUscc(changed), changed).toThrow(HutongError);
      }
    }
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.string({ minLength: 1, maxLength: 1 }), (code, i, replacement) => {
        fc.pre(replacement !== code.charAt(i));
        expect(() => parseUscc(code.slice(0, i) + replacement + code.slice(i + 1))).toThrow(HutongError);
      }),
    );
  });
});

describe('checkUscc', () => {
  it('is strict without options', () => {
    expect(refusedWith(() => checkUscc(LEGACY)).code).toBe('ERR_USCC_CHECK');
    expect(refusedWith(() => checkUscc(LEGACY, { legacy: false })).code).toBe('ERR_USCC_CHECK');
  });

  it('returns no warnings for a valid code', () => {
    expect(checkUscc(VALID)).toEqual({ value: VALID, warnings: [] });
  });

  it('flags a failing GB 32100 check in legacy mode', () => {
    expect(checkUscc(LEGACY, { legacy: true })).toEqual({
      value: LEGACY,
      warnings: [
        {
          code: 'WARN_USCC_CHECK',
          field: 'check',
          message: 'the check character of the unified social credit code is wrong (GB 32100): expected "1", found "M"',
        },
      ],
    });
  });

  it('keeps a legacy code with warnings out of the accepted codes, and gives an accepted code no warning in either mode', () => {
    expect(checkUscc(LEGACY, { legacy: true }).warnings).toHaveLength(1);
    expect(refusedWith(() => parseUscc(LEGACY)).code).toBe('ERR_USCC_CHECK');
    expect(checkUscc(LEGACY, { legacy: true }).warnings).toHaveLength(1);
    expect(parseUscc(VALID)).toBe(VALID);
    expect(checkUscc(VALID, { legacy: true })).toEqual({ value: VALID, warnings: [] });
    expect(checkUscc(VALID)).toEqual({ value: VALID, warnings: [] });
  });

  it('flags a failing GB 11714 check in legacy mode', () => {
    const code = withOrganisationCheck('91350100M000100Y', '5');
    const { warnings } = checkUscc(code, { legacy: true });
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['WARN_USCC_ORGANISATION_CODE_CHECK', 'organisationCode']]);
  });

  it('flags both when both fail', () => {
    const code = '91350100M000100Y5A';
    const { warnings } = checkUscc(code, { legacy: true });
    expect(warnings.map((w) => w.code)).toEqual(['WARN_USCC_ORGANISATION_CODE_CHECK', 'WARN_USCC_CHECK']);
  });

  it.each([
    ['length', `${LEGACY}0`, 'ERR_USCC_LENGTH'],
    ['charset', `${LEGACY.slice(0, 17)}O`, 'ERR_USCC_CHARSET'],
    ['department', `H${LEGACY.slice(1)}`, 'ERR_USCC_DEPARTMENT'],
    ['organisation type', `94${LEGACY.slice(2)}`, 'ERR_USCC_ORGANISATION_TYPE'],
    ['area code', `91A${LEGACY.slice(3)}`, 'ERR_USCC_AREA_CODE'],
  ])('still refuses a bad %s in legacy mode', (_what, code, expected) => {
    expect(refusedWith(() => checkUscc(code, { legacy: true })).code).toBe(expected);
  });

  it('never accepts a substituted code silently in legacy mode: it throws or warns', () => {
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.constantFrom(...USCC_CHARSET), (code, i, replacement) => {
        fc.pre(replacement !== code.charAt(i));
        const changed = code.slice(0, i) + replacement + code.slice(i + 1);
        let warnings: readonly unknown[] = [];
        try {
          warnings = checkUscc(changed, { legacy: true }).warnings;
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
          return;
        }
        expect(warnings.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('usccCheckCharacter', () => {
  it.each(PUBLISHED)('computes the check character of %s', (code) => {
    expect(usccCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17));
  });

  it('refuses anything but 17 characters of the charset', () => {
    expect(refusedWith(() => usccCheckCharacter(VALID)).code).toBe('ERR_USCC_LENGTH');
    expect(refusal(() => usccCheckCharacter(VALID)).params).toEqual({ expected: 17, found: 18 });
    expect(refusedWith(() => usccCheckCharacter('91350100M000100O4')).code).toBe('ERR_USCC_CHARSET');
  });

  it('agrees with the GB 32100 verification for any 17 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...USCC_CHARSET), minLength: 17, maxLength: 17 }), (first17) => {
        expect(gb32100Valid(first17 + usccCheckCharacter(first17))).toBe(true);
      }),
    );
  });
});

describe('organisationCodeCheckCharacter', () => {
  it.each([
    ['M000100Y', '4'],
    ['00001333', '8'],
    ['01354454', '1'],
    ['M0001TGQ', 'X'],
    ['00000006', 'X'], // 6·2 = 12 ≡ 1, 11 − 1 = 10 → X
    ['00000000', '0'], // 11 − 0 = 11 → 0
  ])('computes %s → %s', (body, check) => {
    expect(organisationCodeCheckCharacter(body)).toBe(check);
  });

  it('agrees with the GB 11714 verification for any body', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 8, maxLength: 8 }),
        (body) => {
          expect(gb11714Valid(body + organisationCodeCheckCharacter(body))).toBe(true);
        },
      ),
    );
  });

  it('refuses a body that is not 8 digits or upper-case letters', () => {
    for (const body of ['M000100', 'M000100YY', 'm000100y', 'M000-00Y']) {
      expect(refusedWith(() => organisationCodeCheckCharacter(body))).toEqual({
        code: 'ERR_ORGANISATION_CODE_BODY',
        field: 'organisationCode',
      });
    }
  });
});
