import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical/index.js';
import { HutongError } from '../errors.js';
import { encodeBase64url } from './base64url.js';
import { parseLicence, parseLicenceWithWarnings, parseUnsignedLicence } from './parse-licence.js';
import {
  SAMPLE_IDENTIFIER,
  SAMPLE_ISSUER,
  SAMPLE_KEY_ID,
  sampleLicenceJson,
  sampleSignedLicenceJson,
} from './test-support/sample-licence.js';

const KEY_ID = SAMPLE_KEY_ID;
const VERSION_2 = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.D';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

function signedJson(): Json {
  return sampleSignedLicenceJson();
}

function refusal(input: unknown, parse: (v: unknown) => unknown = parseLicence): { code: string; field?: string } {
  try {
    parse(input);
  } catch (error) {
    if (error instanceof HutongError)
      return error.field === undefined ? { code: error.code } : { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected the licence to be refused');
}

function changed(edit: (json: Json) => void): Json {
  const json = signedJson();
  edit(json);
  return json;
}

describe('parseLicence accepts', () => {
  it('a well-formed licence, unchanged (the signature covers the values as written)', () => {
    const json = signedJson();
    const licence = parseLicence(json);
    expect(licence).toEqual(json);
    expect(canonicalize(licence)).toBe(canonicalize(json));
  });

  it('a long-term licence (no expiring date) and one without a status reference', () => {
    const json = changed((j) => {
      delete j.metadata.certificateExpiringDate;
      delete j.statusReference;
    });
    expect(parseLicence(json)).toEqual(json);
  });

  it('version 002 naming version 001 as its predecessor', () => {
    const json = changed((j) => {
      j.metadata.certificateIdentifier = VERSION_2;
      j.metadata.certificateVersion = '002';
      j.metadata.previousCertificateIdentifier = SAMPLE_IDENTIFIER;
    });
    expect(parseLicence(json).metadata.previousCertificateIdentifier).toBe(SAMPLE_IDENTIFIER);
  });

  it('face values that are numbers, booleans, empty or multi-line strings', () => {
    const json = changed((j) => {
      j.face = { score: 92.5, passed: true, note: '', address: '长春市\n朝阳区' };
    });
    expect(parseLicence(json).face).toEqual(json.face);
  });

  it('an organisation holder with its USCC', () => {
    const json = changed((j) => {
      j.metadata.certificateHolderTypeCode = '001';
      j.metadata.certificateHolderCode = '91350100M000100Y43';
      j.metadata.certificateHolderName = '福建某某建设有限公司';
    });
    expect(parseLicence(json).metadata.certificateHolderCode).toBe('91350100M000100Y43');
  });

  it('a legacy holder USCC only when asked, and then with a warning', () => {
    const json = changed((j) => {
      j.metadata.certificateHolderTypeCode = '001';
      j.metadata.certificateHolderCode = '91350100M0001TGQXM';
    });
    expect(refusal(json).code).toBe('ERR_USCC_CHECK');
    const { licence, warnings } = parseLicenceWithWarnings(json, { legacyHolderCode: true });
    expect(licence.metadata.certificateHolderCode).toBe('91350100M0001TGQXM');
    expect(warnings.map((w) => [w.code, w.field])).toContainEqual([
      'WARN_USCC_CHECK',
      'metadata.certificateHolderCode',
    ]);
  });

  it('returns a fresh object: later changes to the input do not reach it', () => {
    const json = signedJson();
    const licence = parseLicence(json);
    json.face.gender = '1';
    json.metadata.certificateHolderName = '李四';
    expect(licence.face.gender).toBe('2');
    expect(licence.metadata.certificateHolderName).toBe('张三');
  });
});

describe('parseLicence refuses', () => {
  it.each<[string, (j: Json) => void, string, string]>([
    ['an unknown top-level member', (j) => (j.extra = 1), 'ERR_LICENCE_MEMBER_UNKNOWN', 'extra'],
    [
      'an unknown metadata member',
      (j) => (j.metadata.certificateColour = 'red'),
      'ERR_LICENCE_MEMBER_UNKNOWN',
      'metadata.certificateColour',
    ],
    ['an unknown proof member', (j) => (j.proof.nonce = 'x'), 'ERR_LICENCE_MEMBER_UNKNOWN', 'proof.nonce'],
    [
      'an unknown statusReference member',
      (j) => (j.statusReference.purpose = 'revocation'),
      'ERR_LICENCE_MEMBER_UNKNOWN',
      'statusReference.purpose',
    ],
    [
      'a missing metadata member',
      (j) => delete j.metadata.certificateHolderName,
      'ERR_LICENCE_MEMBER_MISSING',
      'metadata.certificateHolderName',
    ],
    ['a missing face', (j) => delete j.face, 'ERR_LICENCE_MEMBER_MISSING', 'face'],
    ['a missing proof', (j) => delete j.proof, 'ERR_LICENCE_MEMBER_MISSING', 'proof'],
    ['a missing format', (j) => delete j.format, 'ERR_LICENCE_MEMBER_MISSING', 'format'],
    ['another format', (j) => (j.format = 'hutong-licence/2'), 'ERR_LICENCE_FORMAT_UNSUPPORTED', 'format'],
    ['metadata that is an array', (j) => (j.metadata = []), 'ERR_LICENCE_NOT_OBJECT', 'metadata'],
    ['a face that is a string', (j) => (j.face = 'x'), 'ERR_LICENCE_NOT_OBJECT', 'face'],
    [
      'a number where text belongs',
      (j) => (j.metadata.certificateNumber = 42),
      'ERR_LICENCE_MEMBER_TYPE',
      'metadata.certificateNumber',
    ],
    [
      'an explicit undefined',
      (j) => (j.metadata.certificateName = undefined),
      'ERR_LICENCE_MEMBER_TYPE',
      'metadata.certificateName',
    ],
    [
      'empty text',
      (j) => (j.metadata.certificateHolderName = ''),
      'ERR_LICENCE_TEXT_EMPTY',
      'metadata.certificateHolderName',
    ],
    [
      'untrimmed text',
      (j) => (j.metadata.certificateHolderName = '张三 '),
      'ERR_LICENCE_TEXT_UNTRIMMED',
      'metadata.certificateHolderName',
    ],
    [
      'a control character',
      (j) => (j.metadata.certificateName = 'a\u0007b'),
      'ERR_LICENCE_TEXT_CONTROL_CHARACTER',
      'metadata.certificateName',
    ],
    [
      'a newline in metadata',
      (j) => (j.metadata.certificateName = 'a\nb'),
      'ERR_LICENCE_TEXT_CONTROL_CHARACTER',
      'metadata.certificateName',
    ],
    [
      'a lone surrogate',
      (j) => (j.metadata.certificateHolderName = '张\ud800'),
      'ERR_LICENCE_TEXT_LONE_SURROGATE',
      'metadata.certificateHolderName',
    ],
    [
      'over-long text',
      (j) => (j.metadata.certificateName = '证'.repeat(201)),
      'ERR_LICENCE_TEXT_TOO_LONG',
      'metadata.certificateName',
    ],
    [
      'a bad identifier check character',
      (j) => (j.metadata.certificateIdentifier = SAMPLE_IDENTIFIER.replace(/F$/, 'E')),
      'ERR_LICENCE_ID_CHECK',
      'metadata.certificateIdentifier',
    ],
    [
      'a wrong identifier root',
      (j) => (j.metadata.certificateIdentifier = SAMPLE_IDENTIFIER.replace('3005', '3003')),
      'ERR_LICENCE_ID_ROOT',
      'metadata.certificateIdentifier',
    ],
    [
      'a type code that disagrees with the identifier',
      (j) => (j.metadata.certificateTypeCode = '11100000000013338W011'),
      'ERR_LICENCE_IDENTIFIER_MISMATCH',
      'metadata.certificateTypeCode',
    ],
    [
      'an issuer that disagrees with the identifier',
      (j) => (j.metadata.certificateIssuingAuthorityCode = '91350100M000100Y43'),
      'ERR_LICENCE_IDENTIFIER_MISMATCH',
      'metadata.certificateIssuingAuthorityCode',
    ],
    [
      'a version that disagrees with the identifier',
      (j) => (j.metadata.certificateVersion = '002'),
      'ERR_LICENCE_IDENTIFIER_MISMATCH',
      'metadata.certificateVersion',
    ],
    [
      'a bad issuer USCC',
      (j) => (j.metadata.certificateIssuingAuthorityCode = '11220000013544541K'),
      'ERR_USCC_CHECK',
      'metadata.certificateIssuingAuthorityCode',
    ],
    [
      'a bad type code',
      (j) => (j.metadata.certificateTypeCode = '11100000000013338W32'),
      'ERR_TYPE_CODE_LENGTH',
      'metadata.certificateTypeCode',
    ],
    [
      'a bad citizen ID',
      (j) => (j.metadata.certificateHolderCode = '110105194912310021'),
      'ERR_CITIZEN_ID_CHECK',
      'metadata.certificateHolderCode',
    ],
    [
      'a lower-case x in a citizen ID',
      (j) => (j.metadata.certificateHolderCode = '11010519491231002x'),
      'ERR_CITIZEN_ID_LOWERCASE_X',
      'metadata.certificateHolderCode',
    ],
    [
      'an unknown holder code type',
      (j) => (j.metadata.certificateHolderTypeCode = '123'),
      'ERR_HOLDER_CODE_TYPE_UNKNOWN',
      'metadata.certificateHolderTypeCode',
    ],
    [
      'a bad area code',
      (j) => (j.metadata.certificateAreaCode = '990000'),
      'ERR_AREA_CODE_PROVINCE',
      'metadata.certificateAreaCode',
    ],
    [
      'a dashed date',
      (j) => (j.metadata.certificateIssuedDate = '2021-01-08'),
      'ERR_LICENCE_DATE_INVALID',
      'metadata.certificateIssuedDate',
    ],
    [
      'an impossible date',
      (j) => (j.metadata.certificateEffectiveDate = '20210230'),
      'ERR_LICENCE_DATE_INVALID',
      'metadata.certificateEffectiveDate',
    ],
    [
      'effective after expiring',
      (j) => (j.metadata.certificateExpiringDate = '20210107'),
      'ERR_LICENCE_DATE_ORDER',
      'metadata.certificateExpiringDate',
    ],
    [
      'a predecessor on version 001',
      (j) => (j.metadata.previousCertificateIdentifier = SAMPLE_IDENTIFIER),
      'ERR_LICENCE_PREVIOUS_UNEXPECTED',
      'metadata.previousCertificateIdentifier',
    ],
    [
      'version 002 without a predecessor',
      (j) => {
        j.metadata.certificateIdentifier = VERSION_2;
        j.metadata.certificateVersion = '002';
      },
      'ERR_LICENCE_PREVIOUS_MISSING',
      'metadata.previousCertificateIdentifier',
    ],
    [
      'version 002 naming another licence',
      (j) => {
        j.metadata.certificateIdentifier = VERSION_2;
        j.metadata.certificateVersion = '002';
        j.metadata.previousCertificateIdentifier =
          '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U';
      },
      'ERR_LICENCE_PREVIOUS_MISMATCH',
      'metadata.previousCertificateIdentifier',
    ],
    [
      'version 002 naming itself',
      (j) => {
        j.metadata.certificateIdentifier = VERSION_2;
        j.metadata.certificateVersion = '002';
        j.metadata.previousCertificateIdentifier = VERSION_2;
      },
      'ERR_LICENCE_PREVIOUS_MISMATCH',
      'metadata.previousCertificateIdentifier',
    ],
    ['a face name with a space', (j) => (j.face['operation category'] = 'x'), 'ERR_LICENCE_FACE_NAME', 'face'],
    ['a face name in UpperCamelCase', (j) => (j.face.Sex = 'x'), 'ERR_LICENCE_FACE_NAME', 'face'],
    ['a face name every object has', (j) => (j.face.constructor = 'x'), 'ERR_LICENCE_FACE_NAME', 'face'],
    [
      'a face name __proto__',
      (j) => Object.defineProperty(j.face, '__proto__', { value: 'x', enumerable: true }),
      'ERR_LICENCE_FACE_NAME',
      'face',
    ],
    ['a nested face value', (j) => (j.face.gender = { code: 2 }), 'ERR_LICENCE_FACE_VALUE', 'face.gender'],
    ['a null face value', (j) => (j.face.gender = null), 'ERR_LICENCE_FACE_VALUE', 'face.gender'],
    [
      'a non-finite face number',
      (j) => (j.face.score = Number.POSITIVE_INFINITY),
      'ERR_LICENCE_FACE_VALUE',
      'face.score',
    ],
    ['a negative zero face number', (j) => (j.face.score = -0), 'ERR_LICENCE_FACE_VALUE', 'face.score'],
    ['a tab in a face value', (j) => (j.face.gender = 'a\tb'), 'ERR_LICENCE_TEXT_CONTROL_CHARACTER', 'face.gender'],
    [
      'a status URI that is not http(s)',
      (j) => (j.statusReference.uri = 'ftp://node.example.cn/s'),
      'ERR_LICENCE_STATUS_URI',
      'statusReference.uri',
    ],
    [
      'a relative status URI',
      (j) => (j.statusReference.uri = '/status/1'),
      'ERR_LICENCE_STATUS_URI',
      'statusReference.uri',
    ],
    [
      'a status URI with a fragment',
      (j) => (j.statusReference.uri = 'https://n.example.cn/s#1'),
      'ERR_LICENCE_STATUS_URI',
      'statusReference.uri',
    ],
    [
      'a negative status index',
      (j) => (j.statusReference.index = -1),
      'ERR_LICENCE_STATUS_INDEX',
      'statusReference.index',
    ],
    [
      'a fractional status index',
      (j) => (j.statusReference.index = 1.5),
      'ERR_LICENCE_STATUS_INDEX',
      'statusReference.index',
    ],
    [
      'a string status index',
      (j) => (j.statusReference.index = '7'),
      'ERR_LICENCE_STATUS_INDEX',
      'statusReference.index',
    ],
    ['an unknown suite', (j) => (j.proof.suite = 'rsa-pss'), 'ERR_LICENCE_SUITE_UNKNOWN', 'proof.suite'],
    ['an upper-case suite', (j) => (j.proof.suite = 'ED25519'), 'ERR_LICENCE_SUITE_UNKNOWN', 'proof.suite'],
    [
      'a proof naming another issuer',
      (j) => (j.proof.verificationMethod = `91350100M000100Y43#${KEY_ID}`),
      'ERR_LICENCE_VERIFICATION_METHOD_ISSUER',
      'proof.verificationMethod',
    ],
    [
      'a verification method without a key id',
      (j) => (j.proof.verificationMethod = SAMPLE_ISSUER),
      'ERR_LICENCE_VERIFICATION_METHOD',
      'proof.verificationMethod',
    ],
    [
      'a created time with an offset',
      (j) => (j.proof.created = '2021-01-08T10:00:00+08:00'),
      'ERR_LICENCE_CREATED',
      'proof.created',
    ],
    [
      'a truncated signature',
      (j) => (j.proof.signatureValue = j.proof.signatureValue.slice(0, 80)),
      'ERR_LICENCE_SIGNATURE_LENGTH',
      'proof.signatureValue',
    ],
    [
      'a DER-length signature',
      (j) => (j.proof.signatureValue = encodeBase64url(new Uint8Array(72))),
      'ERR_LICENCE_SIGNATURE_LENGTH',
      'proof.signatureValue',
    ],
    [
      'a padded signature',
      (j) => (j.proof.signatureValue = `${j.proof.signatureValue}==`),
      'ERR_LICENCE_BASE64URL',
      'proof.signatureValue',
    ],
    [
      'a standard-base64 signature',
      (j) => (j.proof.signatureValue = j.proof.signatureValue.replace(/^./, '+')),
      'ERR_LICENCE_BASE64URL',
      'proof.signatureValue',
    ],
  ])('%s', (_label, edit, code, field) => {
    expect(refusal(changed(edit))).toEqual({ code, field });
  });

  it.each([
    ['null', null],
    ['an array', [signedJson()]],
    ['a string', JSON.stringify(signedJson())],
    ['a Date', new Date()],
  ])('a licence that is %s', (_label, input) => {
    expect(refusal(input)).toEqual({ code: 'ERR_LICENCE_NOT_OBJECT', field: 'licence' });
  });

  it('a proof on an unsigned licence, and no proof on a signed one', () => {
    expect(refusal(signedJson(), parseUnsignedLicence)).toEqual({ code: 'ERR_LICENCE_MEMBER_UNKNOWN', field: 'proof' });
    expect(parseUnsignedLicence(sampleLicenceJson())).toEqual(sampleLicenceJson());
  });

  it('a hostile getter, as a typed error rather than whatever it throws', () => {
    const json = signedJson();
    Object.defineProperty(json.metadata, 'certificateName', {
      enumerable: true,
      get() {
        throw new TypeError('boom');
      },
    });
    expect(refusal(json)).toEqual({ code: 'ERR_LICENCE_MALFORMED', field: 'licence' });
  });

  it('anything at all with a HutongError, never a stray exception', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const mutation = fc.tuple(
      fc.constantFrom('metadata', 'face', 'proof', 'statusReference', ''),
      fc.string({ maxLength: 30 }),
      leaf,
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const json = signedJson();
        for (const [where, name, value] of mutations) {
          const target = where === '' ? json : json[where];
          if (target !== undefined && target !== null && typeof target === 'object') target[name] = value;
        }
        try {
          parseLicence(json);
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => parseLicence(value)).toThrow(HutongError);
      }),
    );
  });
});
