/**
 * Parsers of untrusted input throw typed errors only (conventions.md, Errors): whatever
 * they are given — any JSON-ish or exotic value, any string including lone surrogates, or
 * a valid identifier with random edits — they return or throw a HutongError, never a
 * stray TypeError or RangeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { parseAreaCode } from './area-code.js';
import { type CitizenId, citizenIdCheckCharacter, citizenIdInfo, parseCitizenId } from './citizen-id.js';
import { parseHolderCodeType, validateHolderCode } from './holder-code.js';
import { identifyKind } from './identify-kind.js';
import {
  formatLicenceId,
  type LicenceId,
  licenceIdCheckCharacter,
  licenceIdParts,
  nextLicenceVersion,
  parseLicenceId,
} from './licence-id.js';
import { organisationCodeCheckCharacter } from './organisation-code.js';
import {
  LICENCE_ALPHABET,
  validCitizenId,
  validLicenceParts,
  validTypeCode,
  validUscc,
} from './test-support/arbitraries.js';
import { parseTypeCode, type TypeCode, typeCodeParts } from './type-code.js';
import { checkUscc, parseUscc, usccCheckCharacter } from './uscc.js';

type AnyFn = (input: never) => unknown;

/** Every entry point, each taking one untrusted value. */
const ENTRY_POINTS: ReadonlyArray<readonly [string, (input: unknown) => unknown]> = [
  ['parseLicenceId', parseLicenceId],
  ['licenceIdParts', (v) => licenceIdParts(v as LicenceId)],
  ['nextLicenceVersion', (v) => nextLicenceVersion(v as LicenceId)],
  ['licenceIdCheckCharacter', (v) => (licenceIdCheckCharacter as AnyFn)(v as never)],
  ['formatLicenceId', (v) => (formatLicenceId as AnyFn)(v as never)],
  ['parseTypeCode', parseTypeCode],
  ['typeCodeParts', (v) => typeCodeParts(v as TypeCode)],
  ['parseUscc', parseUscc],
  ['checkUscc', (v) => checkUscc(v)],
  ['checkUscc legacy', (v) => checkUscc(v, { legacy: true })],
  ['usccCheckCharacter', (v) => (usccCheckCharacter as AnyFn)(v as never)],
  ['organisationCodeCheckCharacter', (v) => (organisationCodeCheckCharacter as AnyFn)(v as never)],
  ['parseCitizenId', (v) => parseCitizenId(v)],
  ['citizenIdInfo', (v) => citizenIdInfo(v as CitizenId)],
  ['citizenIdCheckCharacter', (v) => (citizenIdCheckCharacter as AnyFn)(v as never)],
  ['parseAreaCode', parseAreaCode],
  ['parseHolderCodeType', parseHolderCodeType],
  ['validateHolderCode 111', (v) => validateHolderCode('111', v)],
  ['validateHolderCode 001 legacy', (v) => validateHolderCode('001', v, { legacy: true })],
  ['validateHolderCode 414', (v) => validateHolderCode('414', v)],
  ['validateHolderCode as type', (v) => validateHolderCode(v, v)],
];

function onlyHutongErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HutongError);
  }
}

/** A valid identifier of some kind, then up to 4 random edits (replace, insert, delete). */
const edited: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(validLicenceParts.map(formatLicenceId), validUscc, validCitizenId, validTypeCode),
    fc.array(
      fc.tuple(
        fc.constantFrom('replace', 'insert', 'delete'),
        fc.nat(),
        fc.oneof(
          fc.constantFrom(...`${LICENCE_ALPHABET}.xX_ `),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([value, edits]) =>
    edits.reduce((s, [kind, at, char]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      if (kind === 'insert') return s.slice(0, i) + char + s.slice(i);
      if (kind === 'delete') return s.slice(0, i) + s.slice(i + 1);
      return s.slice(0, i) + char + s.slice(i + 1);
    }, value),
  );

const exotic = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.constant(Symbol('hostile')),
  fc.constant(() => '1.2.156.3005.2'),
  fc.constant(Object.create(null)),
  fc.constant({ toString: () => '11010519491231002X' }),
  fc.constant({ typeCode: 1, issuerCode: [], serial: null, version: {} }),
);

describe.each(ENTRY_POINTS)('%s', (_name, entry) => {
  it('throws nothing but HutongError for any value', () => {
    fc.assert(fc.property(exotic, (value) => onlyHutongErrors(() => entry(value))));
  });

  it('throws nothing but HutongError for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (value) => onlyHutongErrors(() => entry(value))),
    );
  });

  it('throws nothing but HutongError for an edited identifier', () => {
    fc.assert(fc.property(edited, (value) => onlyHutongErrors(() => entry(value))));
  });
});

describe('identifyKind', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(exotic, fc.string({ unit: 'binary' }), edited), (value) => {
        expect(['licence', 'citizen', 'uscc', undefined]).toContain(identifyKind(value as string));
      }),
    );
  });
});
