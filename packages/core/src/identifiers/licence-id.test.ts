import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import {
  formatLicenceId,
  LICENCE_ID_ROOT,
  type LicenceId,
  licenceIdCheckCharacter,
  licenceIdParts,
  nextLicenceVersion,
  parseLicenceId,
} from './licence-id.js';
import { LICENCE_ALPHABET, singleSubstitutions, validLicenceParts } from './test-support/arbitraries.js';
import { refusal, refusedWith } from './test-support/refusal.js';

// GB/T 36904 identifiers published by the national platform (standards.md §4).
const PUBLISHED = [
  '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
] as const;
const [FIRST] = PUBLISHED;
const PARTS = {
  typeCode: '11100000000013338W032',
  issuerCode: '11220000013544541J',
  serial: '2430599',
  version: '001',
} as const;

/** `FIRST` with segment `index` (0-based, after splitting on dots) replaced. */
function withSegment(index: number, value: string): string {
  const segments = FIRST.split('.');
  segments[index] = value;
  return segments.join('.');
}

/**
 * ISO/IEC 7064 hybrid-system verification, written apart from the implementation: a string
 * with its check character is valid when, run through the recurrence, the last S is 1.
 */
function iso7064Mod3736Valid(withCheck: string): boolean {
  let p = 36;
  let s = 0;
  for (const char of withCheck) {
    s = (p + LICENCE_ALPHABET.indexOf(char)) % 36 || 36;
    p = (2 * s) % 37;
  }
  return s === 1;
}

describe('parseLicenceId', () => {
  it.each(PUBLISHED)('accepts the published %s', (id) => {
    expect(parseLicenceId(id)).toBe(id);
  });

  it.each([
    ['a number', 12],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: FIRST }],
    ['a String object', new String(FIRST)],
  ])('refuses %s', (_what, input) => {
    expect(refusedWith(() => parseLicenceId(input))).toEqual({ code: 'ERR_LICENCE_ID_NOT_STRING', field: 'shape' });
  });

  it.each([
    ['the 3003 root seen in the wild', FIRST.replace('3005', '3003')],
    ['an empty string', ''],
    ['a leading space (never trimmed)', ` ${FIRST}`],
    ['a short root', '1.2.156.3005'],
    ['another OID', '2.16.840.1.113883.3.1'],
  ])('names the root for %s', (_what, input) => {
    expect(refusedWith(() => parseLicenceId(input))).toEqual({ code: 'ERR_LICENCE_ID_ROOT', field: 'root' });
  });

  it('says which root it expected and which it found', () => {
    expect(refusal(() => parseLicenceId(FIRST.replace('3005', '3003'))).params).toEqual({
      expected: LICENCE_ID_ROOT,
      found: '1.2.156.3003.2',
    });
  });

  it.each([
    ['a missing check', FIRST.slice(0, FIRST.lastIndexOf('.')), 9],
    ['an extra segment', `${FIRST}.1`, 11],
    ['a dot inside the serial', withSegment(7, '2430.599'), 11],
    ['the root alone', LICENCE_ID_ROOT, 5],
  ])('counts the segments for %s', (_what, input, found) => {
    const error = refusal(() => parseLicenceId(input));
    expect([error.code, error.field, error.params.found]).toEqual(['ERR_LICENCE_ID_SEGMENTS', 'shape', found]);
  });

  it.each([
    ['20 characters', '11100000000013338W32', 'ERR_TYPE_CODE_LENGTH'],
    ['22 characters', '11100000000013338W0321', 'ERR_TYPE_CODE_LENGTH'],
    ['lower case', '11100000000013338w032', 'ERR_USCC_CHARSET'],
    ['a wrong USCC check character', '11100000000013338X032', 'ERR_USCC_CHECK'],
    ['a letter in the sequence', '11100000000013338W03A', 'ERR_TYPE_CODE_SEQUENCE'],
  ])('names the type code for %s', (_what, typeCode, code) => {
    expect(refusedWith(() => parseLicenceId(withSegment(5, typeCode)))).toEqual({ code, field: 'typeCode' });
  });

  it.each([
    ['17 characters', '11220000013544541', 'ERR_USCC_LENGTH'],
    ['an I', '1122000001354454IJ', 'ERR_USCC_CHARSET'],
    ['a wrong check character', '11220000013544541K', 'ERR_USCC_CHECK'],
    ['a wrong organisation-code check', '11220000013544542J', 'ERR_USCC_ORGANISATION_CODE_CHECK'],
    ['department Z', 'Z1220000013544541J', 'ERR_USCC_CHARSET'],
    ['department H', 'H1220000013544541J', 'ERR_USCC_DEPARTMENT'],
  ])('names the issuer code for %s', (_what, issuerCode, code) => {
    expect(refusedWith(() => parseLicenceId(withSegment(6, issuerCode)))).toEqual({ code, field: 'issuerCode' });
  });

  it('keeps the inner error as the cause', () => {
    const error = refusal(() => parseLicenceId(withSegment(6, '11220000013544541K')));
    expect(error.cause).toBeInstanceOf(HutongError);
    expect((error.cause as HutongError).field).toBe('check');
  });

  it.each([
    ['an underscore', '2430_599', 'ERR_LICENCE_ID_SERIAL_CHARSET'],
    ['lower case (never upper-cased)', '2430a599', 'ERR_LICENCE_ID_SERIAL_CHARSET'],
    ['a full-width digit', '2430５99', 'ERR_LICENCE_ID_SERIAL_CHARSET'],
    ['nothing', '', 'ERR_LICENCE_ID_SERIAL_LENGTH'],
    ['33 characters', '1'.repeat(33), 'ERR_LICENCE_ID_SERIAL_LENGTH'],
  ])('names the serial for %s', (_what, serial, code) => {
    expect(refusedWith(() => parseLicenceId(withSegment(7, serial)))).toEqual({ code, field: 'serial' });
  });

  it('says where in the serial the bad character is', () => {
    expect(refusal(() => parseLicenceId(withSegment(7, '2430_599'))).params).toEqual({ position: 5, char: '_' });
  });

  it.each([
    ['two digits', '01', 'ERR_LICENCE_ID_VERSION_SHAPE'],
    ['four digits', '0001', 'ERR_LICENCE_ID_VERSION_SHAPE'],
    ['a letter', '00A', 'ERR_LICENCE_ID_VERSION_SHAPE'],
    ['000', '000', 'ERR_LICENCE_ID_VERSION_RANGE'],
  ])('names the version for %s', (_what, version, code) => {
    expect(refusedWith(() => parseLicenceId(withSegment(8, version)))).toEqual({ code, field: 'version' });
  });

  it.each([
    ['E', 'E'],
    ['lower case f (never upper-cased)', 'f'],
    ['nothing', ''],
    ['two characters', 'FF'],
    ['a trailing newline', 'F\n'],
  ])('names the check for %s and says what it expected', (_what, check) => {
    const error = refusal(() => parseLicenceId(withSegment(9, check)));
    expect([error.code, error.field, error.params]).toEqual([
      'ERR_LICENCE_ID_CHECK',
      'check',
      { expected: 'F', found: check },
    ]);
  });

  it('quotes at most a short excerpt of a huge input', () => {
    const error = refusal(() => parseLicenceId(`9${'9'.repeat(100_000)}`));
    expect(error.code).toBe('ERR_LICENCE_ID_ROOT');
    expect(error.message.length).toBeLessThan(200);
  });

  it('detects every single-character substitution of the published identifiers', () => {
    // MOD 37,36 catches every substitution within 0-9 A-Z; dots and foreign characters fail the shape.
    for (const id of PUBLISHED) {
      for (const changed of singleSubstitutions(id, `${LICENCE_ALPHABET}._a `)) {
        expect(() => parseLicenceId(changed), changed).toThrow(HutongError);
      }
    }
  });
});

describe('licenceIdCheckCharacter', () => {
  it.each(PUBLISHED)('computes the check character of %s', (id) => {
    const segments = id.split('.');
    expect(licenceIdCheckCharacter(segments.slice(5, 9).join(''))).toBe(segments[9]);
  });

  it('agrees with the ISO/IEC 7064 hybrid-system verification on the published identifiers', () => {
    for (const id of PUBLISHED) expect(iso7064Mod3736Valid(id.split('.').slice(5).join(''))).toBe(true);
    expect(iso7064Mod3736Valid(`${FIRST.split('.').slice(5, 9).join('')}E`)).toBe(false);
  });

  it('refuses an empty body', () => {
    expect(refusedWith(() => licenceIdCheckCharacter(''))).toEqual({
      code: 'ERR_LICENCE_ID_BODY_EMPTY',
      field: 'body',
    });
  });

  it('refuses a body with dots or lower case, saying where', () => {
    const error = refusal(() => licenceIdCheckCharacter('12.3'));
    expect([error.code, error.params]).toEqual(['ERR_LICENCE_ID_BODY_CHARSET', { position: 3, char: '.' }]);
    expect(refusedWith(() => licenceIdCheckCharacter('abc')).code).toBe('ERR_LICENCE_ID_BODY_CHARSET');
  });

  it('satisfies the ISO/IEC 7064 verification for any body', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...LICENCE_ALPHABET), minLength: 1, maxLength: 120 }), (body) => {
        expect(iso7064Mod3736Valid(body + licenceIdCheckCharacter(body))).toBe(true);
      }),
    );
  });

  it('changes under any single substitution within 0-9 A-Z (MOD 37,36 detects them all)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...LICENCE_ALPHABET), minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.integer({ min: 1, max: 35 }),
        (body, at, shift) => {
          const i = at % body.length;
          const replaced = LICENCE_ALPHABET.charAt((LICENCE_ALPHABET.indexOf(body.charAt(i)) + shift) % 36);
          const changed = body.slice(0, i) + replaced + body.slice(i + 1);
          expect(licenceIdCheckCharacter(changed)).not.toBe(licenceIdCheckCharacter(body));
        },
      ),
    );
  });
});

describe('licenceIdParts', () => {
  it('splits an identifier into its five segments', () => {
    expect(licenceIdParts(parseLicenceId(FIRST))).toEqual({ ...PARTS, check: 'F' });
  });

  it('refuses a forged brand rather than return a partial object', () => {
    expect(refusedWith(() => licenceIdParts('1.2.156.3005.2' as LicenceId)).code).toBe('ERR_LICENCE_ID_SEGMENTS');
  });
});

describe('formatLicenceId', () => {
  it.each(PUBLISHED)('rebuilds %s from its parts', (id) => {
    const { check: _check, ...parts } = licenceIdParts(parseLicenceId(id));
    expect(formatLicenceId(parts)).toBe(id);
  });

  it.each([
    ['typeCode', { ...PARTS, typeCode: '11100000000013338W32' }, 'ERR_TYPE_CODE_LENGTH'],
    ['issuerCode', { ...PARTS, issuerCode: '11220000013544541K' }, 'ERR_USCC_CHECK'],
    ['serial', { ...PARTS, serial: '2430_599' }, 'ERR_LICENCE_ID_SERIAL_CHARSET'],
    ['version', { ...PARTS, version: '1' }, 'ERR_LICENCE_ID_VERSION_SHAPE'],
    ['version', { ...PARTS, version: '000' }, 'ERR_LICENCE_ID_VERSION_RANGE'],
  ])('validates the %s', (field, parts, code) => {
    expect(refusedWith(() => formatLicenceId(parts))).toEqual({ code, field });
  });

  it('refuses parts that are not strings, naming the part', () => {
    const parts = { ...PARTS, serial: 2430599 } as unknown as typeof PARTS;
    expect(refusedWith(() => formatLicenceId(parts))).toEqual({ code: 'ERR_LICENCE_ID_PARTS', field: 'serial' });
    expect(refusedWith(() => formatLicenceId(null as unknown as typeof PARTS))).toEqual({
      code: 'ERR_LICENCE_ID_PARTS',
      field: 'shape',
    });
  });

  it('round-trips any valid parts through parse and licenceIdParts', () => {
    fc.assert(
      fc.property(validLicenceParts, (parts) => {
        const id = formatLicenceId(parts);
        expect(parseLicenceId(id)).toBe(id);
        const { check, ...rest } = licenceIdParts(id);
        expect(rest).toEqual(parts);
        expect(iso7064Mod3736Valid(`${parts.typeCode}${parts.issuerCode}${parts.serial}${parts.version}${check}`)).toBe(
          true,
        );
      }),
    );
  });

  it('refuses any single-character substitution of a valid identifier', () => {
    fc.assert(
      fc.property(
        validLicenceParts,
        fc.nat(),
        fc.oneof(fc.constantFrom(...`${LICENCE_ALPHABET}.`), fc.string({ minLength: 1, maxLength: 1 })),
        (parts, at, replacement) => {
          const id = formatLicenceId(parts);
          const i = at % id.length;
          fc.pre(replacement !== id.charAt(i));
          const changed = id.slice(0, i) + replacement + id.slice(i + 1);
          expect(() => parseLicenceId(changed)).toThrow(HutongError);
        },
      ),
    );
  });
});

describe('nextLicenceVersion', () => {
  it('raises the version by one and recomputes the check character', () => {
    const next = nextLicenceVersion(parseLicenceId(FIRST));
    expect(next).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.D');
    expect(iso7064Mod3736Valid(next.split('.').slice(5).join(''))).toBe(true);
  });

  it('carries into the tens and hundreds', () => {
    expect(licenceIdParts(nextLicenceVersion(formatLicenceId({ ...PARTS, version: '009' }))).version).toBe('010');
    expect(licenceIdParts(nextLicenceVersion(formatLicenceId({ ...PARTS, version: '099' }))).version).toBe('100');
  });

  it('refuses to go past 999', () => {
    const last = formatLicenceId({ ...PARTS, version: '999' });
    expect(refusedWith(() => nextLicenceVersion(last))).toEqual({
      code: 'ERR_LICENCE_ID_VERSION_EXHAUSTED',
      field: 'version',
    });
  });

  it('keeps every other part', () => {
    fc.assert(
      fc.property(validLicenceParts, (parts) => {
        fc.pre(parts.version !== '999');
        const next = licenceIdParts(nextLicenceVersion(formatLicenceId(parts)));
        expect(next).toMatchObject({ typeCode: parts.typeCode, issuerCode: parts.issuerCode, serial: parts.serial });
        expect(Number(next.version)).toBe(Number(parts.version) + 1);
      }),
    );
  });
});
