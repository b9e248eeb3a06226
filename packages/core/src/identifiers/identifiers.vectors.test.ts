/**
 * The published identifier vectors (shared/vectors/identifiers.json): every valid value
 * parses, every invalid one is refused with the code and segment its stated reason names,
 * and the legacy pilot USCCs fail strictly but pass, flagged, in legacy mode.
 */
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../test-support/vectors.js';
import { citizenIdInfo, parseCitizenId } from './citizen-id.js';
import { licenceIdCheckCharacter, licenceIdParts, parseLicenceId } from './licence-id.js';
import { refusal } from './test-support/refusal.js';
import { checkUscc, parseUscc } from './uscc.js';

interface InvalidCase {
  readonly value: string;
  readonly reason: string;
}
interface Section {
  readonly standard: string;
  readonly valid: readonly string[];
  readonly invalid: readonly InvalidCase[];
}
interface IdentifierVectors {
  readonly licenceIdentifier: Section;
  readonly citizenId: Section;
  readonly unifiedSocialCreditCode: Section & { readonly legacyFailingCheck: readonly string[] };
}

const vectors = loadVectors<IdentifierVectors>('identifiers.json');

/** What each stated reason must turn into. A reason missing here fails the test: new vectors need a mapping. */
const EXPECTED: Record<string, Record<string, { code: string; field: string; params?: Record<string, unknown> }>> = {
  licence: {
    'check character': { code: 'ERR_LICENCE_ID_CHECK', field: 'check' },
    root: { code: 'ERR_LICENCE_ID_ROOT', field: 'root' },
    'serial charset': { code: 'ERR_LICENCE_ID_SERIAL_CHARSET', field: 'serial', params: { char: '_' } },
    'version shape': { code: 'ERR_LICENCE_ID_VERSION_SHAPE', field: 'version' },
    'type code length': { code: 'ERR_TYPE_CODE_LENGTH', field: 'typeCode' },
  },
  citizen: {
    'check character': { code: 'ERR_CITIZEN_ID_CHECK', field: 'check' },
    'birth date': { code: 'ERR_CITIZEN_ID_BIRTH_DATE', field: 'birthDate' },
    length: { code: 'ERR_CITIZEN_ID_LENGTH', field: 'shape' },
  },
  uscc: {
    'check character': { code: 'ERR_USCC_CHECK', field: 'check' },
    'charset (O is not allowed)': { code: 'ERR_USCC_CHARSET', field: 'organisationCode', params: { char: 'O' } },
  },
};

function expectRefusal(kind: string, item: InvalidCase, run: () => unknown): void {
  const expected = EXPECTED[kind]?.[item.reason];
  if (expected === undefined) throw new Error(`no expectation for ${kind} reason "${item.reason}"`);
  const error = refusal(run);
  expect({ code: error.code, field: error.field }).toEqual({ code: expected.code, field: expected.field });
  if (expected.params) expect(error.params).toMatchObject(expected.params);
}

describe(`licence identifier — ${vectors.licenceIdentifier.standard}`, () => {
  it('has vectors', () => {
    expect(vectors.licenceIdentifier.valid.length).toBeGreaterThan(0);
    expect(vectors.licenceIdentifier.invalid.length).toBeGreaterThan(0);
  });
  it.each(vectors.licenceIdentifier.valid)('accepts %s', (value) => {
    expect(parseLicenceId(value)).toBe(value);
    const parts = licenceIdParts(parseLicenceId(value));
    expect(licenceIdCheckCharacter(`${parts.typeCode}${parts.issuerCode}${parts.serial}${parts.version}`)).toBe(
      parts.check,
    );
  });
  it.each(vectors.licenceIdentifier.invalid.map((c) => [c.reason, c]))('refuses: %s', (_reason, item) => {
    expectRefusal('licence', item, () => parseLicenceId(item.value));
  });
  it('says what the check character should have been', () => {
    const item = vectors.licenceIdentifier.invalid.find((c) => c.reason === 'check character');
    expect(item).toBeDefined();
    const error = refusal(() => parseLicenceId(item?.value));
    expect(error.params).toEqual({ expected: 'F', found: 'E' });
  });
});

describe(`citizen ID number — ${vectors.citizenId.standard}`, () => {
  it('has vectors', () => {
    expect(vectors.citizenId.valid.length).toBeGreaterThan(0);
    expect(vectors.citizenId.invalid.length).toBeGreaterThan(0);
  });
  it.each(vectors.citizenId.valid)('accepts %s', (value) => {
    expect(parseCitizenId(value)).toBe(value);
    expect(citizenIdInfo(parseCitizenId(value)).areaCode).toBe(value.slice(0, 6));
  });
  it.each(vectors.citizenId.invalid.map((c) => [c.reason, c]))('refuses: %s', (_reason, item) => {
    expectRefusal('citizen', item, () => parseCitizenId(item.value));
  });
});

describe(`unified social credit code — ${vectors.unifiedSocialCreditCode.standard}`, () => {
  const section = vectors.unifiedSocialCreditCode;
  it('has vectors', () => {
    expect(section.valid.length).toBeGreaterThan(0);
    expect(section.invalid.length).toBeGreaterThan(0);
    expect(section.legacyFailingCheck.length).toBeGreaterThan(0);
  });
  it.each(section.valid)('accepts %s, strictly and without warnings', (value) => {
    expect(parseUscc(value)).toBe(value);
    expect(checkUscc(value, { legacy: true })).toEqual({ value, warnings: [] });
  });
  it.each(section.invalid.map((c) => [c.reason, c]))('refuses: %s', (_reason, item) => {
    expectRefusal('uscc', item, () => parseUscc(item.value));
  });
  it.each(section.invalid.filter((c) => c.reason.startsWith('charset')).map((c) => [c.reason, c]))(
    'still refuses in legacy mode: %s',
    (_reason, item) => {
      expectRefusal('uscc', item, () => checkUscc(item.value, { legacy: true }));
    },
  );
  it.each(section.legacyFailingCheck)('legacy pilot code %s fails strictly', (value) => {
    expect(refusal(() => parseUscc(value)).code).toBe('ERR_USCC_CHECK');
  });
  it.each(section.legacyFailingCheck)('legacy pilot code %s passes with legacy: true, flagged', (value) => {
    const { value: accepted, warnings } = checkUscc(value, { legacy: true });
    expect(accepted).toBe(value);
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['WARN_USCC_CHECK', 'check']]);
    expect(warnings[0]?.message).toContain(`found "${value.charAt(17)}"`);
  });
});

describe('codes inside the published licence identifiers', () => {
  // The decision that type and issuer codes are validated as full USCCs rests on this.
  const codes = vectors.licenceIdentifier.valid.flatMap((id) => {
    const parts = licenceIdParts(parseLicenceId(id));
    return [parts.typeCode.slice(0, 18), parts.issuerCode];
  });
  it.each([...new Set(codes)])('%s passes the GB 32100 and GB 11714 checks', (code) => {
    expect(checkUscc(code)).toEqual({ value: code, warnings: [] });
  });
});
