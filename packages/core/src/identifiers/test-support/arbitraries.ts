/**
 * fast-check arbitraries of valid identifiers, built from random parts with the module's
 * own check-character functions (the vectors test proves those against published codes).
 * Test-only: excluded from the build.
 */
import fc from 'fast-check';
import { todayInChina } from '../../dates.js';
import { citizenIdCheckCharacter } from '../citizen-id.js';
import { organisationCodeCheckCharacter } from '../organisation-code.js';
import { usccCheckCharacter } from '../uscc.js';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const LICENCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
// GB/T 2260 province-level codes (11 Beijing … 65 Xinjiang, 71 Taiwan, 81 Hong Kong, 82 Macao).
export const PROVINCES =
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' ');

export function charsOf(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((chars) => chars.join(''));
}

/** Department + organisation type pairs GB 32100 allows (any charset type for 2–8, A–G). */
const departmentAndType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('11', '12', '13', '19', '51', '52', '53', '59', '91', '92', '93', 'N1', 'N2', 'N3', 'N9', 'Y1'),
  fc.tuple(fc.constantFrom(...'234678ABCDEFG'), fc.constantFrom(...USCC_CHARSET)).map(([d, t]) => d + t),
);

/** A valid unified social credit code (GB 32100 + GB 11714). */
export const validUscc: fc.Arbitrary<string> = fc
  .tuple(departmentAndType, charsOf(DIGITS, 6, 6), charsOf(USCC_CHARSET, 8, 8))
  .map(([head, area, body]) => {
    const first17 = `${head}${area}${body}${organisationCodeCheckCharacter(body)}`;
    return first17 + usccCheckCharacter(first17);
  });

/** A valid licence type code: USCC + 3 digits. */
export const validTypeCode: fc.Arbitrary<string> = fc
  .tuple(validUscc, charsOf(DIGITS, 3, 3))
  .map(([uscc, sequence]) => uscc + sequence);

export const validSerial: fc.Arbitrary<string> = charsOf(LICENCE_ALPHABET, 1, 32);

export const validVersion: fc.Arbitrary<string> = fc
  .integer({ min: 1, max: 999 })
  .map((n) => String(n).padStart(3, '0'));

export const validLicenceParts = fc.record({
  typeCode: validTypeCode,
  issuerCode: validUscc,
  serial: validSerial,
  version: validVersion,
});

function compact(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

/** A valid citizen ID number, born between 1900-01-01 and yesterday (UTC, so never in the future in China). */
export const validCitizenId: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...PROVINCES),
    charsOf(DIGITS, 4, 4),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(Date.now() - 86_400_000), noInvalidDate: true }),
    charsOf(DIGITS, 3, 3),
  )
  .map(([province, county, birth, sequence]) => {
    const first17 = `${province}${county}${compact(birth)}${sequence}`;
    return first17 + citizenIdCheckCharacter(first17);
  });

/** Today in China, `yyyyMMdd`, for tests about the future. */
export function today(): string {
  return todayInChina();
}

/** Every way to change one character of `value` into another character of `alphabet`. */
export function singleSubstitutions(value: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (const c of alphabet) {
      if (c !== value.charAt(i)) out.push(value.slice(0, i) + c + value.slice(i + 1));
    }
  }
  return out;
}
