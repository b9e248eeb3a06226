import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInChina } from '../dates.js';
import { HutongError } from '../errors.js';
import { type CitizenId, citizenIdCheckCharacter, citizenIdInfo, parseCitizenId } from './citizen-id.js';
import { singleSubstitutions, validCitizenId } from './test-support/arbitraries.js';
import { refusal, refusedWith } from './test-support/refusal.js';

// standards.md §5 (verified) and §3 (a holder code).
const VALID = '11010519491231002X';
const PUBLISHED = [VALID, '13043419840726291X'];

/** GB 11643 verification written apart from the implementation: Σ aᵢ·2^(18−i) (i = 1..18) ≡ 1 (mod 11), X being 10. */
function mod112Valid(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const a = id.charAt(i) === 'X' ? 10 : Number(id.charAt(i));
    sum += a * 2 ** (17 - i);
  }
  return sum % 11 === 1;
}

/** A valid number from its first 17 digits. */
function complete(first17: string): string {
  return first17 + citizenIdCheckCharacter(first17);
}

describe('parseCitizenId', () => {
  it.each(PUBLISHED)('accepts %s', (id) => {
    expect(parseCitizenId(id)).toBe(id);
    expect(mod112Valid(id)).toBe(true);
  });

  it.each([
    ['a number', 110105194912310020],
    ['null', null],
    ['an object', {}],
  ])('refuses %s', (_what, input) => {
    expect(refusedWith(() => parseCitizenId(input))).toEqual({ code: 'ERR_CITIZEN_ID_NOT_STRING', field: 'shape' });
  });

  it.each([
    ['16 characters', VALID.slice(0, 16)],
    ['a first-generation 15-digit number', '110105491231002'],
    ['a trailing space (never trimmed)', `${VALID} `],
    ['nothing', ''],
  ])('refuses %s by length', (_what, input) => {
    const error = refusal(() => parseCitizenId(input));
    expect([error.code, error.field, error.params.expected]).toEqual(['ERR_CITIZEN_ID_LENGTH', 'shape', 18]);
  });

  it('refuses a lower-case x precisely, without upper-casing it', () => {
    expect(refusedWith(() => parseCitizenId(VALID.toLowerCase()))).toEqual({
      code: 'ERR_CITIZEN_ID_LOWERCASE_X',
      field: 'check',
    });
  });

  it.each([
    [0, 'areaCode'],
    [5, 'areaCode'],
    [6, 'birthDate'],
    [13, 'birthDate'],
    [14, 'sequence'],
    [16, 'sequence'],
    [17, 'check'],
  ])('names the segment of a non-digit at index %i', (index, field) => {
    const input = `${VALID.slice(0, index)}A${VALID.slice(index + 1)}`;
    const error = refusal(() => parseCitizenId(input));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_CITIZEN_ID_CHARSET',
      field,
      { position: index + 1, char: 'A' },
    ]);
  });

  it('refuses an X anywhere but the check position', () => {
    expect(refusedWith(() => parseCitizenId(`X${VALID.slice(1)}`)).code).toBe('ERR_CITIZEN_ID_CHARSET');
  });

  it('refuses full-width digits', () => {
    expect(refusedWith(() => parseCitizenId(`１${VALID.slice(1)}`)).code).toBe('ERR_CITIZEN_ID_CHARSET');
  });

  it.each(['00', '10', '16', '20', '24', '30', '38', '47', '55', '60', '66', '70', '80', '84', '90', '91', '99'])(
    'refuses province prefix %s',
    (province) => {
      const id = complete(`${province}0105${VALID.slice(6, 17)}`);
      expect(refusedWith(() => parseCitizenId(id))).toEqual({ code: 'ERR_CITIZEN_ID_AREA_CODE', field: 'areaCode' });
    },
  );

  it.each(['11', '15', '23', '37', '46', '54', '65', '71', '81', '82', '83'])(
    'accepts province prefix %s',
    (province) => {
      const id = complete(`${province}0105${VALID.slice(6, 17)}`);
      expect(parseCitizenId(id)).toBe(id);
    },
  );

  it.each([
    ['month 13', '19491331'],
    ['month 00', '19490031'],
    ['day 00', '19491200'],
    ['31 April', '19490431'],
    ['29 February of a common year', '19490229'],
    ['29 February 1900 (not a leap year)', '19000229'],
  ])('refuses a birth date with %s', (_what, date) => {
    const id = complete(`110105${date}002`);
    const error = refusal(() => parseCitizenId(id));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_CITIZEN_ID_BIRTH_DATE',
      'birthDate',
      { found: date },
    ]);
  });

  it('accepts 29 February of a leap year', () => {
    const id = complete('110105200002290021'.slice(0, 17));
    expect(parseCitizenId(id)).toBe(id);
  });

  it('refuses a birth date before 1900', () => {
    const id = complete('11010518991231002');
    expect(refusedWith(() => parseCitizenId(id))).toEqual({
      code: 'ERR_CITIZEN_ID_BIRTH_DATE_TOO_EARLY',
      field: 'birthDate',
    });
    expect(parseCitizenId(complete('11010519000101002'))).toBeTruthy();
  });

  it('refuses a birth date after today in China, and accepts today', () => {
    // 2024-03-01T17:00Z is already 2 March in China (UTC+8).
    const now = new Date('2024-03-01T17:00:00Z');
    expect(parseCitizenId(complete('11010520240302002'), { now })).toBeTruthy();
    const error = refusal(() => parseCitizenId(complete('11010520240303002'), { now }));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_CITIZEN_ID_BIRTH_DATE_FUTURE',
      'birthDate',
      { found: '20240303', today: '20240302' },
    ]);
  });

  it('asks a number accepted before only the clock again: an earlier clock refuses it as before (the kept numbers)', () => {
    const id = complete('11010520240302002');
    expect(parseCitizenId(id, { now: new Date('2024-03-01T17:00:00Z') })).toBe(id);
    expect(parseCitizenId(id)).toBe(id);
    const error = refusal(() => parseCitizenId(id, { now: new Date('2024-03-01T15:59:59Z') }));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_CITIZEN_ID_BIRTH_DATE_FUTURE',
      'birthDate',
      { found: '20240302', today: '20240301' },
    ]);
    // A refused number is never kept: refused again with its precise error.
    expect(refusedWith(() => parseCitizenId('110105194912310021')).code).toBe('ERR_CITIZEN_ID_CHECK');
    expect(refusedWith(() => parseCitizenId('110105194912310021')).code).toBe('ERR_CITIZEN_ID_CHECK');
  });

  it('uses the real clock by default', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const future = todayInChina(tomorrow);
    expect(refusedWith(() => parseCitizenId(complete(`110105${future}002`))).code).toBe(
      'ERR_CITIZEN_ID_BIRTH_DATE_FUTURE',
    );
  });

  it('refuses a wrong check character, saying what it expected', () => {
    const error = refusal(() => parseCitizenId('110105194912310021'));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_CITIZEN_ID_CHECK',
      'check',
      { expected: 'X', found: '1' },
    ]);
  });

  it('refuses every single-character substitution of the published numbers', () => {
    // MOD 11-2 weights 2^k mod 11 are non-zero modulo the prime 11: every digit change is caught.
    for (const id of PUBLISHED) {
      for (const changed of singleSubstitutions(id, '0123456789Xx /')) {
        expect(() => parseCitizenId(changed), changed).toThrow(HutongError);
      }
    }
  });

  it('accepts any generated valid number', () => {
    fc.assert(
      fc.property(validCitizenId, (id) => {
        expect(parseCitizenId(id)).toBe(id);
        expect(mod112Valid(id)).toBe(true);
      }),
    );
  });

  it('refuses any single-character substitution of a valid number', () => {
    fc.assert(
      fc.property(
        validCitizenId,
        fc.nat(17),
        fc.oneof(fc.constantFrom(...'0123456789Xx'), fc.string({ minLength: 1, maxLength: 1 })),
        (id, i, replacement) => {
          fc.pre(replacement !== id.charAt(i));
          expect(() => parseCitizenId(id.slice(0, i) + replacement + id.slice(i + 1))).toThrow(HutongError);
        },
      ),
    );
  });
});

describe('citizenIdInfo', () => {
  it('reads the area, birth date and sex', () => {
    expect(citizenIdInfo(parseCitizenId(VALID))).toEqual({
      areaCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(citizenIdInfo(parseCitizenId('13043419840726291X'))).toEqual({
      areaCode: '130434',
      birthDate: '1984-07-26',
      sex: 'male',
    });
  });

  it('reads the sex from the parity of the sequence code (odd is male)', () => {
    fc.assert(
      fc.property(validCitizenId, (id) => {
        const info = citizenIdInfo(parseCitizenId(id));
        expect(info.sex).toBe(Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female');
        expect(info.birthDate.replaceAll('-', '')).toBe(id.slice(6, 14));
      }),
    );
  });

  it('still reads a number parsed against an earlier clock', () => {
    const id = parseCitizenId(complete('11010520240303002'), { now: new Date('2024-03-05T00:00:00Z') });
    expect(citizenIdInfo(id).birthDate).toBe('2024-03-03');
  });

  it('refuses a forged brand rather than return a partial object', () => {
    expect(refusedWith(() => citizenIdInfo('1101' as CitizenId)).code).toBe('ERR_CITIZEN_ID_LENGTH');
  });
});

describe('citizenIdCheckCharacter', () => {
  it.each(PUBLISHED)('computes the check character of %s', (id) => {
    expect(citizenIdCheckCharacter(id.slice(0, 17))).toBe(id.charAt(17));
  });

  it('refuses anything but 17 digits', () => {
    expect(refusal(() => citizenIdCheckCharacter(VALID)).params).toEqual({ expected: 17, found: 18 });
    expect(refusedWith(() => citizenIdCheckCharacter('1101051949123100A')).code).toBe('ERR_CITIZEN_ID_CHARSET');
  });

  it('agrees with the MOD 11-2 verification for any 17 digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 }), (first17) => {
        expect(mod112Valid(first17 + citizenIdCheckCharacter(first17))).toBe(true);
      }),
    );
  });
});
