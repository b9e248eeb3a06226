import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LicenceType, parseLicenceType } from '../catalogue/index.js';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import type { TypeCode, Uscc } from '../identifiers/index.js';
import { type Licence, signLicence } from '../licence/index.js';
import { SAMPLE_ISSUER, SAMPLE_TYPE, sampleLicenceJson } from '../licence/test-support/sample-licence.js';
import type { KeyResolver, TrustedIssuer, TrustedKey } from './trust-list.js';
import { CHECK_NAMES, type CheckName, type Verdict } from './verdict.js';
import { type StatusLookup, type VerifyContext, verifyLicence } from './verify-licence.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

const CREATED = new Date('2021-01-08T02:00:00Z');
/** Mid-validity: the sample is effective 20210108 – 20240108. */
const AT = new Date('2022-06-01T04:00:00Z');
const KEY_FROM = new Date('2020-01-01T00:00:00Z');

let ed: SigningKey;
let rogue: SigningKey;
let p256: SigningKey;
let licence: Licence;

beforeAll(async () => {
  [ed, rogue, p256] = await Promise.all([
    generateSigningKey('ed25519'),
    generateSigningKey('ed25519'),
    generateSigningKey('ecdsa-p256'),
  ]);
  licence = await signLicence(sampleLicenceJson() as never, ed, { created: CREATED });
});

function trustedKey(key: SigningKey, extra: Partial<TrustedKey> = {}): TrustedKey {
  return { keyId: key.keyId, suite: key.suite, key: key.publicKey, validFrom: KEY_FROM, ...extra };
}

function trustList(extra: Partial<TrustedIssuer> = {}, keyExtra: Partial<TrustedKey> = {}): TrustedIssuer[] {
  return [
    {
      issuerCode: SAMPLE_ISSUER as Uscc,
      name: '吉林省住房和城乡建设厅',
      keys: [trustedKey(ed, keyExtra), trustedKey(p256)],
      types: [SAMPLE_TYPE as TypeCode],
      ...extra,
    },
  ];
}

function context(extra: Partial<VerifyContext> = {}): VerifyContext {
  return { keys: trustList(), at: AT, ...extra };
}

function check(verdict: Verdict, name: CheckName) {
  const found = verdict.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ${name} check`);
  return found;
}

function copy(edit: (json: Json) => void = () => {}): Json {
  const json = structuredClone(licence) as Json;
  edit(json);
  return json;
}

/** Every check but `except` passed; the verdict is invalid because of those. */
function expectOnlyFailing(verdict: Verdict, failing: Partial<Record<CheckName, string>>): void {
  expect(verdict.valid).toBe(false);
  for (const c of verdict.checks) {
    const code = failing[c.name];
    if (code === undefined) expect({ name: c.name, ok: c.ok }).toEqual({ name: c.name, ok: true });
    else expect({ name: c.name, ok: c.ok, code: c.code }).toEqual({ name: c.name, ok: false, code });
  }
}

const valid: StatusLookup = () => 'valid';

describe('verifyLicence: a good licence', () => {
  it('is valid, with every check named and explained', async () => {
    const verdict = await verifyLicence(copy(), context({ statusLookup: valid }));
    expect(verdict.valid).toBe(true);
    expect(verdict.kind).toBe('licence');
    expect(verdict.at).toBe('2022-06-01T04:00:00.000Z');
    expect(verdict.checks.map((c) => c.name)).toEqual([...CHECK_NAMES]);
    for (const c of verdict.checks) {
      expect(c.ok).toBe(true);
      expect(c.reason.length).toBeGreaterThan(10);
    }
    expect(verdict.licence).toEqual({
      identifier: licence.metadata.certificateIdentifier,
      name: '建筑施工特种作业人员操作资格证书',
      typeCode: SAMPLE_TYPE,
      issuerCode: SAMPLE_ISSUER,
      issuerName: '吉林省住房和城乡建设厅',
      version: '001',
      holder: { name: '张*', code: '110105********002X', codeType: '111' },
    });
    expect(verdict.warnings).toBeUndefined();
  });

  it('is plain JSON, as `hutong verify` prints it', async () => {
    const verdict = await verifyLicence(copy(), context());
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
    // The holder's ID number never appears in clear.
    expect(JSON.stringify(verdict)).not.toContain('11010519491231002X');
  });

  it('reads JSON text with the strict parser', async () => {
    expect((await verifyLicence(JSON.stringify(licence), context())).valid).toBe(true);
    // JSON.parse would keep the last "gender"; another reader might keep the first.
    const duplicated = JSON.stringify(licence).replace('"gender":"2"', '"gender":"1","gender":"2"');
    const verdict = await verifyLicence(duplicated, context());
    expect(check(verdict, 'format')).toMatchObject({
      ok: false,
      code: 'ERR_CANONICAL_DUPLICATE_MEMBER',
      field: '$.face.gender',
    });
  });

  it('says plainly when status was not checked, and is valid only because no list was given', async () => {
    const verdict = await verifyLicence(copy(), context());
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'status')).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_NOT_CHECKED' });
    expect(check(verdict, 'status').reason).toMatch(/^not checked/);
  });

  it('accepts an asynchronous resolver and status lookup', async () => {
    const list = trustList();
    const keys: KeyResolver = { resolveIssuer: async (code) => list.find((i) => i.issuerCode === code) };
    const verdict = await verifyLicence(copy(), { keys, at: AT, statusLookup: async () => 'valid' as const });
    expect(verdict.valid).toBe(true);
  });

  it('verifies a licence signed with SM2-with-SM3', async () => {
    const sm2 = await generateSigningKey('sm2-sm3');
    const signed = await signLicence(sampleLicenceJson() as never, sm2, { created: CREATED });
    const keys = trustList({ keys: [trustedKey(sm2)] });
    expect((await verifyLicence(signed, context({ keys }))).valid).toBe(true);
    const tampered = { ...signed, metadata: { ...signed.metadata, certificateHolderName: '李四' } };
    expectOnlyFailing(await verifyLicence(tampered, context({ keys })), { signature: 'ERR_VERIFY_SIGNATURE_INVALID' });
  });

  it('verifies a licence signed with ECDSA P-256', async () => {
    const signed = await signLicence(sampleLicenceJson() as never, p256, { created: CREATED });
    expect((await verifyLicence(signed, context())).valid).toBe(true);
  });

  it('accepts a legacy holder USCC, flagged as a warning', async () => {
    const json = sampleLicenceJson() as Json;
    json.metadata.certificateHolderTypeCode = '001';
    json.metadata.certificateHolderCode = '91350100M0001TGQXM';
    json.metadata.certificateHolderName = '福建某某建设有限公司';
    const signed = await signLicence(json as never, ed, { created: CREATED, legacyHolderCode: true });
    const verdict = await verifyLicence(signed, context());
    expect(verdict.valid).toBe(true);
    expect(verdict.warnings?.map((w) => [w.code, w.field])).toContainEqual([
      'WARN_USCC_CHECK',
      'metadata.certificateHolderCode',
    ]);
  });
});

describe('verifyLicence: a malformed licence', () => {
  it.each<[string, () => unknown, string, string]>([
    ['an unknown member', () => copy((j) => (j.remark = 'x')), 'ERR_LICENCE_MEMBER_UNKNOWN', 'remark'],
    [
      'a truncated signature',
      () => copy((j) => (j.proof.signatureValue = j.proof.signatureValue.slice(0, 60))),
      'ERR_LICENCE_SIGNATURE_LENGTH',
      'proof.signatureValue',
    ],
    [
      'an identifier that disagrees with the metadata',
      () => copy((j) => (j.metadata.certificateTypeCode = '11100000000013338W011')),
      'ERR_LICENCE_IDENTIFIER_MISMATCH',
      'metadata.certificateTypeCode',
    ],
    ['null', () => null, 'ERR_LICENCE_NOT_OBJECT', 'licence'],
    ['text that is not JSON', () => '{"format":', 'ERR_CANONICAL_JSON_SYNTAX', '$.format'],
  ])('%s: format fails with the code and field, the rest is not checked', async (_label, input, code, field) => {
    const verdict = await verifyLicence(input(), context({ statusLookup: valid }));
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'format')).toMatchObject({ ok: false, code, field });
    expect(check(verdict, 'format').reason).toContain(field);
    for (const name of CHECK_NAMES.filter((n) => n !== 'format')) {
      expect(check(verdict, name)).toMatchObject({ ok: false, code: 'ERR_VERIFY_SKIPPED_FORMAT' });
    }
    expect(verdict.licence).toBeUndefined();
  });

  it('never throws, whatever it is given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const verdict = await verifyLicence(input, context());
        expect(verdict.valid).toBe(false);
        expect(check(verdict, 'format').ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('verifyLicence: tampering and keys', () => {
  it.each<[string, (j: Json) => void]>([
    ['a tampered face field', (j) => (j.face.operationCategory = '建筑架子工')],
    ['a tampered holder name', (j) => (j.metadata.certificateHolderName = '李四')],
    ['an extended expiring date', (j) => (j.metadata.certificateExpiringDate = '20340108')],
    ['a moved status entry', (j) => (j.statusReference.index = 1)],
  ])('%s fails the signature, and the status reference is not followed', async (_label, edit) => {
    let followed = false;
    const statusLookup: StatusLookup = () => {
      followed = true;
      return 'valid';
    };
    const verdict = await verifyLicence(copy(edit), context({ statusLookup }));
    expectOnlyFailing(verdict, { signature: 'ERR_VERIFY_SIGNATURE_INVALID', status: 'ERR_VERIFY_SKIPPED_SIGNATURE' });
    expect(followed).toBe(false);
  });

  it('any change to a signed member makes the licence invalid', async () => {
    const members = Object.keys(licence.metadata).filter((k) => k !== 'certificateIdentifier');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ...members.map((m) => ['metadata', m] as const),
          ...Object.keys(licence.face).map((f) => ['face', f] as const),
        ),
        fc.string({ minLength: 1, maxLength: 20 }),
        async ([where, name], value) => {
          const json = copy();
          if (json[where][name] === value) return;
          json[where][name] = value;
          expect((await verifyLicence(json, context())).valid).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a proof swapped in from another licence fails the signature', async () => {
    const json = sampleLicenceJson() as Json;
    json.face.gender = '1';
    const other = await signLicence(json as never, ed, { created: CREATED });
    const verdict = await verifyLicence({ ...copy(), proof: other.proof }, context());
    expectOnlyFailing(verdict, { signature: 'ERR_VERIFY_SIGNATURE_INVALID' });
  });

  it('a licence signed by a key the issuer does not have: the key is unknown', async () => {
    const forged = await signLicence(sampleLicenceJson() as never, rogue, { created: CREATED });
    const verdict = await verifyLicence(forged, context());
    expectOnlyFailing(verdict, {
      signature: 'ERR_VERIFY_SKIPPED_NO_KEY',
      'key-valid-at-issue': 'ERR_VERIFY_KEY_UNKNOWN',
    });
    expect(check(verdict, 'signature').reason).toContain(rogue.keyId);
  });

  it('a forged licence naming the issuer’s real key fails the signature', async () => {
    const forged = await signLicence(sampleLicenceJson() as never, rogue, { created: CREATED });
    const relabelled = { ...forged, proof: { ...forged.proof, verificationMethod: `${SAMPLE_ISSUER}#${ed.keyId}` } };
    expectOnlyFailing(await verifyLicence(relabelled, context()), { signature: 'ERR_VERIFY_SIGNATURE_INVALID' });
  });

  it('a proof claiming another suite than its key’s fails the signature', async () => {
    const verdict = await verifyLicence(
      copy((j) => (j.proof.suite = 'ecdsa-p256')),
      context(),
    );
    expectOnlyFailing(verdict, { signature: 'ERR_VERIFY_SUITE_MISMATCH' });
  });

  it('a key that throws is reported, not propagated', async () => {
    const broken = trustList(
      {},
      { key: { ...ed.publicKey, verify: async () => Promise.reject(new Error('HSM offline')) } },
    );
    const verdict = await verifyLicence(copy(), context({ keys: broken }));
    expectOnlyFailing(verdict, { signature: 'ERR_VERIFY_KEY_ERROR' });
    expect(check(verdict, 'signature').reason).toContain('HSM offline');
  });
});

describe("verifyLicence: the verifier's own copy (heldCopy)", () => {
  /** A key whose arithmetic fails the test if it is ever reached. */
  function keysThatMustNotVerify(): TrustedIssuer[] {
    return trustList(
      {},
      {
        key: {
          ...ed.publicKey,
          verify: async () => {
            throw new Error('the signature arithmetic ran');
          },
        },
      },
    );
  }

  it('a copy the verifier holds passes the signature by equality, and the check says so', async () => {
    const seen: Licence[] = [];
    const verdict = await verifyLicence(
      copy(),
      context({
        keys: keysThatMustNotVerify(),
        heldCopy: (held) => {
          seen.push(held);
          return true;
        },
      }),
    );
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'signature')).toEqual({
      name: 'signature',
      ok: true,
      reason: `identical to the verifier's own copy, whose ed25519 signature with key ${ed.keyId} of issuer ${SAMPLE_ISSUER} was verified when it entered the library`,
    });
    expect(seen.map((l) => l.metadata.certificateIdentifier)).toEqual([licence.metadata.certificateIdentifier]);
  });

  it.each<[string, () => boolean | Promise<boolean>]>([
    ['answers false', () => false],
    ['answers a truthy value that is not true', () => 'yes' as unknown as boolean],
    ['throws', () => Promise.reject(new Error('library offline'))],
  ])('a tampered licence gets the full cryptographic check when the copy lookup %s', async (_label, heldCopy) => {
    const verdict = await verifyLicence(
      copy((j) => (j.face.operationCategory = '建筑架子工')),
      context({ heldCopy }),
    );
    expectOnlyFailing(verdict, { signature: 'ERR_VERIFY_SIGNATURE_INVALID' });
  });

  it('a genuine licence the verifier does not hold gets the full check and its usual reason', async () => {
    const verdict = await verifyLicence(copy(), context({ heldCopy: () => false }));
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'signature').reason).toBe(
      `the ed25519 signature verifies with key ${ed.keyId} of issuer ${SAMPLE_ISSUER}`,
    );
  });

  it('is not asked when the issuer, the key or the suite already fails', async () => {
    let asked = 0;
    const heldCopy = () => {
      asked++;
      return true;
    };
    const forged = await signLicence(sampleLicenceJson() as never, rogue, { created: CREATED });
    expect((await verifyLicence(forged, context({ heldCopy }))).valid).toBe(false);
    expect((await verifyLicence(copy(), context({ heldCopy, keys: [] }))).valid).toBe(false);
    const suite = await verifyLicence(
      copy((j) => (j.proof.suite = 'ecdsa-p256')),
      context({ heldCopy }),
    );
    expectOnlyFailing(suite, { signature: 'ERR_VERIFY_SUITE_MISMATCH' });
    expect(asked).toBe(0);
  });

  it("a heldCopy that is not a function is the caller's mistake", async () => {
    await expect(verifyLicence(copy(), context({ heldCopy: true as never }))).rejects.toMatchObject({
      code: 'ERR_VERIFY_CONTEXT',
      field: 'heldCopy',
    });
  });
});

describe('verifyLicence: trust', () => {
  it('an issuer not on the trust list: nothing key-related can be checked', async () => {
    const verdict = await verifyLicence(copy(), context({ keys: [] }));
    expectOnlyFailing(verdict, {
      'issuer-trusted': 'ERR_VERIFY_ISSUER_UNTRUSTED',
      signature: 'ERR_VERIFY_SKIPPED_NO_ISSUER',
      'key-valid-at-issue': 'ERR_VERIFY_SKIPPED_NO_ISSUER',
      'type-allowed': 'ERR_VERIFY_SKIPPED_NO_ISSUER',
    });
  });

  it('a resolver that answers for another issuer is not believed', async () => {
    const other = { ...trustList()[0], issuerCode: '91350100M000100Y43' } as TrustedIssuer;
    const verdict = await verifyLicence(copy(), context({ keys: { resolveIssuer: () => other } }));
    expect(check(verdict, 'issuer-trusted')).toMatchObject({ ok: false, code: 'ERR_VERIFY_ISSUER_UNTRUSTED' });
  });

  it('a trust list that cannot be read is reported', async () => {
    const keys: KeyResolver = { resolveIssuer: () => Promise.reject(new Error('cache corrupt')) };
    const verdict = await verifyLicence(copy(), context({ keys }));
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'issuer-trusted')).toMatchObject({ ok: false, code: 'ERR_VERIFY_TRUST_LIST_UNAVAILABLE' });
  });

  it('an issuer not trusted for this type', async () => {
    const verdict = await verifyLicence(
      copy(),
      context({ keys: trustList({ types: ['11100000000013338W011' as TypeCode] }) }),
    );
    expectOnlyFailing(verdict, { 'type-allowed': 'ERR_VERIFY_TYPE_NOT_ALLOWED' });
  });

  it.each<[string, Partial<TrustedKey>, string]>([
    ['before the key was valid', { validFrom: new Date('2021-01-09T00:00:00Z') }, 'ERR_VERIFY_KEY_NOT_YET_VALID'],
    ['after the key expired', { validUntil: new Date('2021-01-01T00:00:00Z') }, 'ERR_VERIFY_KEY_EXPIRED'],
    ['exactly when the key expired (validity is half-open)', { validUntil: CREATED }, 'ERR_VERIFY_KEY_EXPIRED'],
    ['after the key was revoked', { revokedAt: new Date('2021-01-08T01:59:59Z') }, 'ERR_VERIFY_KEY_REVOKED'],
    ['exactly when the key was revoked', { revokedAt: CREATED }, 'ERR_VERIFY_KEY_REVOKED'],
  ])('signed %s', async (_label, keyExtra, code) => {
    const verdict = await verifyLicence(copy(), context({ keys: trustList({}, keyExtra) }));
    expectOnlyFailing(verdict, { 'key-valid-at-issue': code });
  });

  it('a key revoked or expired after signing leaves what it signed valid (rotation is not retroactive)', async () => {
    const keys = trustList(
      {},
      { validUntil: new Date('2021-06-01T00:00:00Z'), revokedAt: new Date('2022-01-01T00:00:00Z') },
    );
    expect((await verifyLicence(copy(), context({ keys }))).valid).toBe(true);
  });

  it('a proof dated in the future is refused', async () => {
    const future = await signLicence(sampleLicenceJson() as never, ed, { created: new Date('2022-06-01T04:10:00Z') });
    expectOnlyFailing(await verifyLicence(future, context()), { 'key-valid-at-issue': 'ERR_VERIFY_PROOF_FROM_FUTURE' });
    // Within the clock skew it is accepted.
    const skewed = await signLicence(sampleLicenceJson() as never, ed, { created: new Date('2022-06-01T04:04:00Z') });
    expect((await verifyLicence(skewed, context())).valid).toBe(true);
  });
});

describe('verifyLicence: dates in China Standard Time', () => {
  it('is valid through the whole expiring day in Beijing and expired the next', async () => {
    const lastMoment = new Date('2024-01-08T15:59:59Z'); // 23:59:59 on 8 January in UTC+8
    expect((await verifyLicence(copy(), context({ at: lastMoment }))).valid).toBe(true);
    const nextDay = new Date('2024-01-08T16:00:00Z'); // 00:00 on 9 January in UTC+8
    const verdict = await verifyLicence(copy(), context({ at: nextDay }));
    expectOnlyFailing(verdict, { 'not-expired': 'ERR_VERIFY_EXPIRED' });
    expect(check(verdict, 'not-expired').params).toEqual({ expiring: '20240108', today: '20240109' });
  });

  it('is not yet effective the day before its effective date', async () => {
    const json = sampleLicenceJson() as Json;
    json.metadata.certificateEffectiveDate = '20220602';
    const signed = await signLicence(json as never, ed, { created: CREATED });
    const verdict = await verifyLicence(signed, context());
    expectOnlyFailing(verdict, { effective: 'ERR_VERIFY_NOT_YET_EFFECTIVE' });
    expect((await verifyLicence(signed, context({ at: new Date('2022-06-01T16:00:00Z') }))).valid).toBe(true);
  });

  it('a long-term licence never expires', async () => {
    const json = sampleLicenceJson() as Json;
    delete json.metadata.certificateExpiringDate;
    const signed = await signLicence(json as never, ed, { created: CREATED });
    const verdict = await verifyLicence(signed, context({ at: new Date('2099-01-01T00:00:00Z') }));
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'not-expired').reason).toMatch(/long-term/);
  });
});

describe('verifyLicence: status', () => {
  it.each<[string, StatusLookup, string]>([
    ['revoked', () => 'invalid', 'ERR_VERIFY_STATUS_INVALID'],
    ['suspended', () => 'suspended', 'ERR_VERIFY_STATUS_SUSPENDED'],
    ['missing from the list', () => undefined, 'ERR_VERIFY_STATUS_UNKNOWN'],
    ['unreadable', () => Promise.reject(new Error('list signature invalid')), 'ERR_VERIFY_STATUS_UNAVAILABLE'],
    ['answered with nonsense', () => 'revoked' as never, 'ERR_VERIFY_STATUS_UNKNOWN'],
  ])('a licence whose status is %s is invalid', async (_label, statusLookup, code) => {
    expectOnlyFailing(await verifyLicence(copy(), context({ statusLookup })), { status: code });
  });

  it('hands the lookup the signed reference and the licence', async () => {
    const seen: unknown[] = [];
    const statusLookup: StatusLookup = (ref, l) => {
      seen.push(ref, l.metadata.certificateIdentifier);
      return 'valid';
    };
    await verifyLicence(copy(), context({ statusLookup }));
    expect(seen).toEqual([licence.statusReference, licence.metadata.certificateIdentifier]);
  });

  it('with requireStatus, no status list or no status entry is a failure', async () => {
    expectOnlyFailing(await verifyLicence(copy(), context({ requireStatus: true })), {
      status: 'ERR_VERIFY_STATUS_NOT_CHECKED',
    });
    const json = sampleLicenceJson() as Json;
    delete json.statusReference;
    const unlisted = await signLicence(json as never, ed, { created: CREATED });
    const lenient = await verifyLicence(unlisted, context({ statusLookup: valid }));
    expect(lenient.valid).toBe(true);
    expect(check(lenient, 'status')).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_NO_REFERENCE' });
    expectOnlyFailing(await verifyLicence(unlisted, context({ statusLookup: valid, requireStatus: true })), {
      status: 'ERR_VERIFY_STATUS_NO_REFERENCE',
    });
  });
});

describe('verifyLicence: with the catalogue', () => {
  function typeDocument(extra: Json = {}): Json {
    return {
      certificateTypeCode: SAMPLE_TYPE,
      name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
      definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
      holderCategory: 'person',
      validity: { kind: 'period', years: 3 },
      issuingAuthorityLevel: ['provincial'],
      faceFields: [
        {
          key: 'holderName',
          label: { zh: '姓名', en: 'Name' },
          type: 'string',
          format: 'person-name',
          required: true,
          sensitivity: 2,
        },
        {
          key: 'idNumber',
          label: { zh: '身份证号', en: 'ID' },
          type: 'string',
          format: 'citizen-id',
          required: true,
          sensitivity: 3,
        },
        {
          key: 'gender',
          label: { zh: '性别', en: 'Sex' },
          type: 'enum',
          enum: [
            { value: '1', label: { zh: '男', en: 'Male' } },
            { value: '2', label: { zh: '女', en: 'Female' } },
          ],
          required: true,
          sensitivity: 2,
        },
        {
          key: 'operationCategory',
          label: { zh: '操作类别', en: 'Category' },
          type: 'string',
          required: true,
          sensitivity: 1,
        },
      ],
      templateId: 'construction-special-operations',
      version: 1,
      status: 'published',
      ...extra,
    };
  }
  const type = (extra: Json = {}): LicenceType => parseLicenceType(typeDocument(extra));

  it('is valid when the type is published and the face matches its schema', async () => {
    expect((await verifyLicence(copy(), context({ typeCatalogue: [type()] }))).valid).toBe(true);
    expect((await verifyLicence(copy(), context({ typeCatalogue: () => type() }))).valid).toBe(true);
  });

  it('uses the latest catalogue version of the type', async () => {
    const catalogue = [type({ version: 2, suites: ['sm2-sm3'] }), type({ version: 1 })];
    expectOnlyFailing(await verifyLicence(copy(), context({ typeCatalogue: catalogue })), {
      'type-allowed': 'ERR_VERIFY_TYPE_SUITE',
    });
  });

  it('a face that does not match the schema fails the format, with every issue in the reason', async () => {
    const json = sampleLicenceJson() as Json;
    json.face.gender = '3';
    json.face.extra = 'x';
    const signed = await signLicence(json as never, ed, { created: CREATED });
    const verdict = await verifyLicence(signed, context({ typeCatalogue: [type()] }));
    expectOnlyFailing(verdict, { format: 'ERR_CATALOGUE_FACE_INVALID' });
    expect(check(verdict, 'format').reason).toContain('face.gender');
    expect(check(verdict, 'format').reason).toContain('face.extra');
  });

  it('a holder of the wrong category fails the format', async () => {
    const verdict = await verifyLicence(copy(), context({ typeCatalogue: [type({ holderCategory: 'organisation' })] }));
    expectOnlyFailing(verdict, { format: 'ERR_VERIFY_HOLDER_CATEGORY' });
    expect(check(verdict, 'format').field).toBe('metadata.certificateHolderTypeCode');
  });

  it.each<[string, () => LicenceType[], string]>([
    ['not in the catalogue', () => [], 'ERR_VERIFY_TYPE_UNKNOWN'],
    ['still a draft', () => [type({ status: 'draft' })], 'ERR_VERIFY_TYPE_UNPUBLISHED'],
    ['to be signed with another suite', () => [type({ suites: ['sm2-sm3', 'ecdsa-p256'] })], 'ERR_VERIFY_TYPE_SUITE'],
  ])('a type %s is not allowed', async (_label, catalogue, code) => {
    expectOnlyFailing(await verifyLicence(copy(), context({ typeCatalogue: catalogue() })), { 'type-allowed': code });
  });

  it('a catalogue that fails is reported, not thrown', async () => {
    const typeCatalogue = () => {
      throw new Error('catalogue cache corrupt');
    };
    const verdict = await verifyLicence(copy(), context({ typeCatalogue }));
    expectOnlyFailing(verdict, { 'type-allowed': 'ERR_VERIFY_CATALOGUE_UNAVAILABLE' });
    expect(check(verdict, 'type-allowed').reason).toContain('catalogue cache corrupt');
  });

  it('a retired type still verifies: licences issued while it was published stay valid', async () => {
    expect((await verifyLicence(copy(), context({ typeCatalogue: [type({ status: 'retired' })] }))).valid).toBe(true);
  });
});

describe('verifyLicence: the caller’s own mistakes', () => {
  it('throws for an invalid context rather than judging with it', async () => {
    await expect(verifyLicence(copy(), context({ at: new Date('nope') }))).rejects.toMatchObject({
      code: 'ERR_VERIFY_CONTEXT',
      field: 'at',
    });
    await expect(verifyLicence(copy(), { keys: {} as never })).rejects.toBeInstanceOf(HutongError);
    await expect(verifyLicence(copy(), context({ keys: [...trustList(), ...trustList()] }))).rejects.toMatchObject({
      code: 'ERR_VERIFY_TRUST_LIST_DUPLICATE',
    });
  });
});
