import { beforeAll, describe, expect, it } from 'vitest';
import { type LicenceType, parseLicenceType } from '../catalogue/index.js';
import { generateSigningKey, SUITE_NAMES, type SuiteName } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { formatLicenceId } from '../identifiers/index.js';
import { decodeBase64url, encodeBase64url, signLicence } from '../licence/index.js';
import { LICENCE_STATUSES } from '../status/index.js';
import { currentLicenceJson, type Fixture, fixture, NOW } from '../trust/test-support/fixtures.js';
import { type CreatedShowCode, createShowCode, type ShowCodeInput } from './create-show-code.js';
import { decodeShowCode } from './decode-show-code.js';
import { defaultDisclosure, MAX_DEFAULT_FACE_FIELDS } from './disclosure.js';
import { qrCodeVersion } from './qr-code-version.js';
import { MAX_SHOW_CODE_LENGTH, SHOW_CODE_PREFIX } from './show-code.js';
import { demoCatalogue, demoCatalogueDocuments } from './test-support/demo-catalogue.js';

const fixtures = new Map<SuiteName, Fixture>();
let f: Fixture;

beforeAll(async () => {
  for (const suite of SUITE_NAMES) fixtures.set(suite, await fixture(suite));
  f = fixtures.get('ed25519') as Fixture;
});

function input(extra: Partial<ShowCodeInput> = {}): ShowCodeInput {
  return { licence: f.licence, type: f.type, status: 'valid', purpose: 'entry', ...extra };
}

async function refusal(promise: Promise<unknown>): Promise<HutongError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError');
}

/** The case: the holder's name (3 characters), a date and a licence number. */
const THREE_FIELDS = ['certificateHolderName', 'birthDate', 'certificateNumber'];

describe('createShowCode: round trips with real keys, every suite', () => {
  it.each(SUITE_NAMES)('%s: the decoded code says what was put in', async (suite) => {
    const fx = fixtures.get(suite) as Fixture;
    const nonce = new Uint8Array(12).fill(9);
    const made = await createShowCode(
      {
        licence: fx.licence,
        type: fx.type,
        status: 'valid',
        purpose: 'entry',
        disclose: THREE_FIELDS,
        lifetimeSeconds: 90,
      },
      fx.showingKey,
      { now: new Date(NOW.getTime() + 789), nonce },
    );
    expect(made.text.startsWith(SHOW_CODE_PREFIX)).toBe(true);
    expect(made.issuedAt).toEqual(NOW);
    expect(made.expiresAt).toEqual(new Date(NOW.getTime() + 90_000));
    expect(made.nonce).toBe('CQkJCQkJCQkJCQkJ');
    expect(made.keyId).toBe(fx.showingKey.keyId);
    const code = decodeShowCode(made.text);
    expect(code).toEqual({
      identifier: fx.licence.metadata.certificateIdentifier,
      typeCode: fx.licence.metadata.certificateTypeCode,
      issuerCode: fx.licence.metadata.certificateIssuingAuthorityCode,
      statusAtSigning: 'valid',
      effectiveDate: '20250108',
      expiringDate: '20270108',
      purpose: 'entry',
      fields: [
        { source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false },
        { source: 'face', key: 'birthDate', value: '19491231', masked: false },
        { source: 'metadata', key: 'certificateNumber', value: '吉A042012000939', masked: false },
      ],
      issuedAt: NOW,
      expiresAt: new Date(NOW.getTime() + 90_000),
      nonce: made.nonce,
      keyHint: encodeBase64url(decodeBase64url(fx.showingKey.keyId).subarray(0, 8)),
    });
    expect(made.fields).toEqual(code.fields);
  });

  it('the issue bound: 3 fields with realistic Chinese values fit in 600 characters, every suite', async () => {
    for (const suite of SUITE_NAMES) {
      const fx = fixtures.get(suite) as Fixture;
      const made = await createShowCode(
        { licence: fx.licence, type: fx.type, status: 'valid', purpose: '入场核验登记', disclose: THREE_FIELDS },
        fx.showingKey,
        { now: NOW },
      );
      expect(made.text.length).toBeLessThanOrEqual(600);
      // And a QR code of version 10 (57×57 modules) at level M holds it.
      expect(qrCodeVersion(made.text, { mode: 'alphanumeric', level: 'M' })).toBeLessThanOrEqual(10);
    }
  });

  it('with the longest identifier, a long free-text purpose and three long values, still within 600', async () => {
    const json = currentLicenceJson() as { metadata: Record<string, unknown>; face: Record<string, unknown> };
    const id = formatLicenceId({
      typeCode: '11100000000013338W032',
      issuerCode: '11220000013544541J',
      serial: 'Z'.repeat(32),
      version: '999',
    });
    json.metadata.certificateIdentifier = id;
    json.metadata.certificateVersion = '999';
    json.metadata.previousCertificateIdentifier = formatLicenceId({
      typeCode: '11100000000013338W032',
      issuerCode: '11220000013544541J',
      serial: 'Z'.repeat(32),
      version: '998',
    });
    json.metadata.certificateHolderName = '欧阳娜娜';
    json.metadata.certificateNumber = '吉A0420120009390123456789';
    const licence = await signLicence(json as never, f.issuerKey);
    const made = await createShowCode(
      {
        ...input({ licence, disclose: THREE_FIELDS }),
        purpose: '前往自治区政务服务中心办理建筑施工企业资质延续手续现场核验',
      },
      f.showingKey,
      { now: NOW },
    );
    expect([...'前往自治区政务服务中心办理建筑施工企业资质延续手续现场核验'].length).toBe(29);
    expect(made.text.length).toBeLessThanOrEqual(600);
    expect(decodeShowCode(made.text).identifier).toBe(id);
  });

  it('a fresh nonce every time, from crypto.getRandomValues', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) nonces.add((await createShowCode(input(), f.showingKey, { now: NOW })).nonce);
    expect(nonces.size).toBe(20);
  });

  it('a long-term licence has no expiring date in its code', async () => {
    const json = currentLicenceJson() as { metadata: Record<string, unknown> };
    delete json.metadata.certificateExpiringDate;
    const licence = await signLicence(json as never, f.issuerKey);
    const code = decodeShowCode((await createShowCode(input({ licence }), f.showingKey, { now: NOW })).text);
    expect(code.expiringDate).toBeUndefined();
    expect(code.effectiveDate).toBe('20250108');
  });

  it.each(LICENCE_STATUSES)('status %s at signing is carried as its status-list value', async (status) => {
    const code = decodeShowCode((await createShowCode(input({ status }), f.showingKey, { now: NOW })).text);
    const expected = status === 'valid' ? 'valid' : status === 'suspended' ? 'suspended' : 'invalid';
    expect(code.statusAtSigning).toBe(expected);
  });

  it('purpose codes and free text', async () => {
    const code = async (purpose: string) =>
      decodeShowCode((await createShowCode(input({ purpose }), f.showingKey, { now: NOW })).text).purpose;
    expect(await code('inspection')).toBe('inspection');
    expect(await code('酒店入住登记')).toBe('酒店入住登记');
    expect(await code('a'.repeat(32))).toBe('a'.repeat(32));
    expect(await code('😀'.repeat(32))).toBe('😀'.repeat(32));
  });
});

describe('createShowCode: what is disclosed (data grading)', () => {
  it('by default: the holder name and the required grade 1–2 face fields, never grade 3 or 4', async () => {
    expect(defaultDisclosure(f.type)).toEqual(['certificateHolderName', 'gender', 'operationCategory']);
    const made = await createShowCode(input(), f.showingKey, { now: NOW });
    expect(made.fields).toEqual([
      { source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false },
      { source: 'face', key: 'gender', value: '2', masked: false },
      { source: 'face', key: 'operationCategory', value: '建筑电工', masked: false },
    ]);
    expect(made.text).not.toContain('11010519491231002X');
  });

  it('over the demo catalogue: defaults never hold a grade 3–4 field, an image, or more than 5 fields', () => {
    for (const type of demoCatalogue()) {
      const keys = defaultDisclosure(type);
      expect(keys[0]).toBe('certificateHolderName');
      expect(keys.length).toBeLessThanOrEqual(1 + MAX_DEFAULT_FACE_FIELDS);
      for (const key of keys.slice(1)) {
        const field = type.faceFields.find((x) => x.key === key);
        expect(field?.sensitivity).toBeLessThanOrEqual(2);
        expect(field?.type).not.toBe('image');
        expect(field?.required).toBe(true);
      }
    }
  });

  it('a default face field repeating a value already shown is left out (an organisation name)', async () => {
    const documents = demoCatalogueDocuments();
    const business = parseLicenceType(documents[1]);
    const issuer = await generateSigningKey('ed25519');
    const licence = await signLicence(
      {
        format: 'hutong-licence/1',
        metadata: {
          certificateIdentifier: formatLicenceId({
            typeCode: business.certificateTypeCode,
            issuerCode: '11220000013544541J',
            serial: '2025000123',
            version: '001',
          }),
          certificateName: '营业执照',
          certificateTypeCode: business.certificateTypeCode,
          certificateNumber: '91220101MA0Y8E9X1K',
          certificateVersion: '001',
          certificateIssuingAuthorityName: '吉林省市场监督管理厅',
          certificateIssuingAuthorityCode: '11220000013544541J',
          certificateIssuedDate: '20250301',
          certificateHolderName: '长春市示例科技有限公司',
          certificateHolderCode: '91350100M000100Y43',
          certificateHolderTypeCode: '001',
          certificateEffectiveDate: '20250301',
          certificateAreaCode: '220000',
        },
        face: {
          entityName: '长春市示例科技有限公司',
          creditCode: '91350100M000100Y43',
          entityType: '有限责任公司',
          legalRepresentative: '李四',
          registeredCapital: '壹佰万元整',
          establishedDate: '20250301',
          domicile: '吉林省长春市朝阳区人民大街1号',
        },
      } as never,
      issuer,
    );
    const made = await createShowCode({ licence, type: business, status: 'valid', purpose: 'service' }, f.showingKey, {
      now: NOW,
    });
    expect(made.fields.map((x) => x.key)).toEqual([
      'certificateHolderName',
      'creditCode',
      'entityType',
      'registeredCapital',
    ]);
  });

  it('a grade-3 field when chosen, in full or masked by its format', async () => {
    const made = await createShowCode(
      input({
        disclose: [
          { key: 'idNumber', masked: true },
          { key: 'certificateHolderCode', masked: true },
          { key: 'birthDate', masked: true },
          { key: 'holderName', masked: true },
          'phone',
        ],
        licence: await signLicence(
          {
            ...currentLicenceJson(),
            face: { ...(currentLicenceJson().face as object), phone: '13812341234' },
          } as never,
          f.issuerKey,
        ),
      }),
      f.showingKey,
      { now: NOW },
    );
    expect(made.fields).toEqual([
      { source: 'face', key: 'idNumber', value: '110105********002X', masked: true },
      { source: 'metadata', key: 'certificateHolderCode', value: '110105********002X', masked: true },
      { source: 'face', key: 'birthDate', value: '1949****', masked: true },
      { source: 'face', key: 'holderName', value: '王**', masked: true },
      { source: 'face', key: 'phone', value: '13812341234', masked: false },
    ]);
    expect(decodeShowCode(made.text).fields).toEqual(made.fields);
    const full = await createShowCode(input({ disclose: ['idNumber'] }), f.showingKey, { now: NOW });
    expect(full.fields[0]?.value).toBe('11010519491231002X');
  });

  it('a grade-4 field only when chosen explicitly', async () => {
    const type = parseLicenceType({
      ...(demoCatalogueDocuments()[0] as object),
      faceFields: [
        ...((demoCatalogueDocuments()[0] as { faceFields: object[] }).faceFields ?? []),
        { key: 'diagnosis', label: { zh: '诊断', en: 'Diagnosis' }, type: 'string', required: true, sensitivity: 4 },
      ],
    });
    const json = currentLicenceJson() as { face: Record<string, unknown> };
    json.face.diagnosis = '色盲';
    const licence = await signLicence(json as never, f.issuerKey);
    expect(defaultDisclosure(type)).not.toContain('diagnosis');
    const made = await createShowCode(
      { licence, type, status: 'valid', purpose: 'medical', disclose: ['diagnosis'] },
      f.showingKey,
      {
        now: NOW,
      },
    );
    expect(made.fields).toEqual([{ source: 'face', key: 'diagnosis', value: '色盲', masked: false }]);
  });

  it('numbers, booleans and dates keep their types', async () => {
    const json = currentLicenceJson() as { face: Record<string, unknown> };
    Object.assign(json.face, { examScore: 95, fee: 123.45, certified: true, remarks: '20240229' });
    const licence = await signLicence(json as never, f.issuerKey);
    const made = await createShowCode(
      input({ licence, disclose: ['examScore', 'fee', 'certified', 'remarks'] }),
      f.showingKey,
      { now: NOW },
    );
    expect(decodeShowCode(made.text).fields.map((x) => x.value)).toEqual([95, 123.45, true, '20240229']);
  });

  it('no field at all: an identity-only code', async () => {
    const made = await createShowCode(input({ disclose: [] }), f.showingKey, { now: NOW });
    expect(decodeShowCode(made.text).fields).toEqual([]);
  });
});

describe('createShowCode: refusals', () => {
  const cases: [string, Partial<ShowCodeInput>, string][] = [
    ['a lifetime of 121 s', { lifetimeSeconds: 121 }, 'ERR_SHOWING_LIFETIME'],
    ['a lifetime of 0 s', { lifetimeSeconds: 0 }, 'ERR_SHOWING_LIFETIME'],
    ['a fractional lifetime', { lifetimeSeconds: 30.5 }, 'ERR_SHOWING_LIFETIME'],
    ['a purpose of 33 characters', { purpose: '事'.repeat(33) }, 'ERR_SHOWING_PURPOSE'],
    ['an empty purpose', { purpose: '' }, 'ERR_SHOWING_PURPOSE'],
    ['a purpose with a newline', { purpose: '入场\n登记' }, 'ERR_SHOWING_PURPOSE'],
    ['a purpose with surrounding space', { purpose: ' 入场' }, 'ERR_SHOWING_PURPOSE'],
    ['a purpose with a lone surrogate', { purpose: 'a\ud800' }, 'ERR_SHOWING_PURPOSE'],
    ['an unknown field', { disclose: ['shoeSize'] }, 'ERR_SHOWING_FIELD_UNKNOWN'],
    ['an optional field the licence lacks', { disclose: ['email'] }, 'ERR_SHOWING_FIELD_ABSENT'],
    ['an image', { disclose: ['photo'] }, 'ERR_SHOWING_FIELD_NOT_SHOWABLE'],
    ['a field chosen twice', { disclose: ['gender', { key: 'gender', masked: true }] }, 'ERR_SHOWING_FIELD_DUPLICATE'],
    ['a malformed choice', { disclose: [{ key: 'gender', masked: 'yes' } as never] }, 'ERR_SHOWING_INPUT'],
    ['33 choices', { disclose: Array.from({ length: 33 }, (_, i) => `f${i}`) }, 'ERR_SHOWING_INPUT'],
    ['an unknown status', { status: 'lost' as never }, 'ERR_SHOWING_INPUT'],
  ];
  it.each(cases)('%s', async (_name, extra, code) => {
    expect((await refusal(createShowCode(input(extra), f.showingKey, { now: NOW }))).code).toBe(code);
  });

  it('a type that is not the licence type', async () => {
    const other = demoCatalogue()[1] as LicenceType;
    expect((await refusal(createShowCode(input({ type: other }), f.showingKey, { now: NOW }))).code).toBe(
      'ERR_SHOWING_TYPE_MISMATCH',
    );
  });

  it('a malformed licence keeps its own code', async () => {
    const broken = { ...f.licence, format: 'x' };
    expect((await refusal(createShowCode(input({ licence: broken as never }), f.showingKey, { now: NOW }))).code).toBe(
      'ERR_LICENCE_FORMAT_UNSUPPORTED',
    );
  });

  it('a code too long for a screen-read QR code', async () => {
    const json = currentLicenceJson() as { face: Record<string, unknown> };
    json.face.remarks = '备注'.repeat(200);
    const licence = await signLicence(json as never, f.issuerKey);
    const error = await refusal(createShowCode(input({ licence, disclose: ['remarks'] }), f.showingKey, { now: NOW }));
    expect(error.code).toBe('ERR_SHOWING_TOO_LARGE');
    expect(error.params.max).toBe(MAX_SHOW_CODE_LENGTH);
  });

  it('bad options and keys', async () => {
    const codeOf = async (p: Promise<CreatedShowCode>) => (await refusal(p)).code;
    expect(await codeOf(createShowCode(input(), f.showingKey, { now: new Date('x') }))).toBe('ERR_SHOWING_INPUT');
    expect(await codeOf(createShowCode(input(), f.showingKey, { now: new Date(-1000) }))).toBe('ERR_SHOWING_INPUT');
    expect(await codeOf(createShowCode(input(), f.showingKey, { now: NOW, nonce: new Uint8Array(8) }))).toBe(
      'ERR_SHOWING_INPUT',
    );
    expect(await codeOf(createShowCode(input(), { ...f.showingKey, keyId: 'k' }, { now: NOW }))).toBe(
      'ERR_SHOWING_SIGNING_KEY',
    );
    const der = { ...f.showingKey, sign: async () => new Uint8Array(71) };
    expect(await codeOf(createShowCode(input(), der, { now: NOW }))).toBe('ERR_SHOWING_SIGNING_KEY');
    expect(await codeOf(createShowCode(null as never, f.showingKey, { now: NOW }))).toBe('ERR_SHOWING_INPUT');
  });
});
