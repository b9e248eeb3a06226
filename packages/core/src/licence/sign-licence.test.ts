import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical/index.js';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import type { Licence } from './licence.js';
import { licenceSigningBytes } from './licence-signing-bytes.js';
import { parseLicence } from './parse-licence.js';
import { signLicence, signLicenceCanonical } from './sign-licence.js';
import { SAMPLE_ISSUER, sampleLicenceJson, sampleUnsignedLicence } from './test-support/sample-licence.js';
import { verifyLicenceSignature } from './verify-licence-signature.js';

const CREATED = new Date('2021-01-08T02:00:00.500Z');

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

let ed: SigningKey;
let otherEd: SigningKey;
let p256: SigningKey;
let licence: Licence;

beforeAll(async () => {
  [ed, otherEd, p256] = await Promise.all([
    generateSigningKey('ed25519'),
    generateSigningKey('ed25519'),
    generateSigningKey('ecdsa-p256'),
  ]);
  licence = await signLicence(sampleUnsignedLicence(), ed, { created: CREATED });
});

function tamperedFrom(signed: Licence): Licence {
  return parseLicence({ ...signed, face: { ...signed.face, operationCategory: '建筑起重机械司机' } });
}

/** A deep copy to tamper with, re-parsed so that only the signature can fail. */
function tampered(edit: (json: Json) => void): Licence {
  const json = structuredClone(licence) as Json;
  edit(json);
  return parseLicence(json);
}

describe('licenceSigningBytes', () => {
  it('is the UTF-8 of the RFC 8785 canonical JSON of the licence without its proof', () => {
    const { proof: _proof, ...unsigned } = licence;
    expect(new TextDecoder().decode(licenceSigningBytes(licence))).toBe(canonicalize(unsigned));
    expect(licenceSigningBytes(licence)).toEqual(licenceSigningBytes(sampleUnsignedLicence()));
  });

  it('starts with the sorted top-level members, whatever order the document was written in', () => {
    const text = new TextDecoder().decode(licenceSigningBytes(sampleUnsignedLicence()));
    expect(
      text.startsWith(
        '{"face":{"gender":"2","holderName":"张三","idNumber":"11010519491231002X","operationCategory":"建筑电工"},"format":"hutong-licence/1","metadata":{"certificateAreaCode":"220000",',
      ),
    ).toBe(true);
    expect(
      text.endsWith('"statusReference":{"index":4217,"uri":"https://node.example.cn/status/11220000013544541J/1"}}'),
    ).toBe(true);
  });
});

describe('signLicence', () => {
  it('writes the proof the contract describes', () => {
    expect(licence.proof).toEqual({
      suite: 'ed25519',
      verificationMethod: `${SAMPLE_ISSUER}#${ed.keyId}`,
      created: '2021-01-08T02:00:00Z',
      signatureValue: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    expect(decodeBase64url(licence.proof.signatureValue)).toHaveLength(64);
    // What it returns parses as a licence: nothing malformed leaves the signer.
    expect(parseLicence(licence)).toEqual(licence);
  });

  it('signs with SM2-with-SM3, the national default, raw r‖s', async () => {
    const sm2 = await generateSigningKey('sm2-sm3');
    const signed = await signLicence(sampleUnsignedLicence(), sm2, { created: CREATED });
    expect(signed.proof.suite).toBe('sm2-sm3');
    expect(decodeBase64url(signed.proof.signatureValue)).toHaveLength(64);
    expect(await verifyLicenceSignature(signed, sm2.publicKey)).toBe(true);
    expect(await verifyLicenceSignature(tamperedFrom(signed), sm2.publicKey)).toBe(false);
  });

  it('signs with ECDSA P-256 too, raw r‖s', async () => {
    const signed = await signLicence(sampleUnsignedLicence(), p256, { created: CREATED });
    expect(signed.proof.suite).toBe('ecdsa-p256');
    expect(await verifyLicenceSignature(signed, p256.publicKey)).toBe(true);
  });

  it('uses the current time when none is given', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const signed = await signLicence(sampleUnsignedLicence(), ed);
    const created = Date.parse(signed.proof.created);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to sign a malformed licence', async () => {
    const json = sampleLicenceJson();
    (json.metadata as Record<string, unknown>).certificateVersion = '002';
    await expect(signLicence(json as never, ed)).rejects.toMatchObject({
      code: 'ERR_LICENCE_IDENTIFIER_MISMATCH',
      field: 'metadata.certificateVersion',
    });
  });

  it('refuses a key that returns something other than a raw signature (e.g. DER)', async () => {
    const der: SigningKey = { ...p256, sign: async () => new Uint8Array(71) };
    await expect(signLicence(sampleUnsignedLicence(), der)).rejects.toMatchObject({ code: 'ERR_LICENCE_SIGNING_KEY' });
  });

  it('refuses a key whose id is not a thumbprint', async () => {
    const odd: SigningKey = { ...ed, keyId: 'key-1' };
    await expect(signLicence(sampleUnsignedLicence(), odd)).rejects.toMatchObject({
      code: 'ERR_LICENCE_SIGNING_KEY',
      field: 'key.keyId',
    });
  });

  it('refuses an invalid created date', async () => {
    await expect(signLicence(sampleUnsignedLicence(), ed, { created: new Date('nope') })).rejects.toBeInstanceOf(
      HutongError,
    );
  });
});

describe('verifyLicenceSignature', () => {
  it('accepts the untouched licence with the signer’s public key', async () => {
    expect(await verifyLicenceSignature(licence, ed.publicKey)).toBe(true);
  });

  it('accepts the licence after a JSON round trip with members reordered', async () => {
    const json = JSON.parse(JSON.stringify(licence)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    expect(await verifyLicenceSignature(parseLicence(reordered), ed.publicKey)).toBe(true);
  });

  it.each<[string, (json: Json) => void]>([
    ['a tampered face field', (j) => (j.face.operationCategory = '建筑架子工')],
    ['an added face field', (j) => (j.face.remark = '')],
    ['a removed face field', (j) => delete j.face.gender],
    ['a tampered holder name', (j) => (j.metadata.certificateHolderName = '李四')],
    ['a tampered expiring date', (j) => (j.metadata.certificateExpiringDate = '20340108')],
    ['a removed expiring date (made long-term)', (j) => delete j.metadata.certificateExpiringDate],
    ['a moved status entry', (j) => (j.statusReference.index = 4218)],
    ['a removed status reference', (j) => delete j.statusReference],
  ])('refuses %s', async (_label, edit) => {
    expect(await verifyLicenceSignature(tampered(edit), ed.publicKey)).toBe(false);
  });

  it('refuses a proof swapped in from another licence of the same issuer and key', async () => {
    const json = sampleLicenceJson();
    (json.face as Record<string, unknown>).gender = '1';
    const other = await signLicence(json as never, ed, { created: CREATED });
    expect(await verifyLicenceSignature(other, ed.publicKey)).toBe(true);
    expect(await verifyLicenceSignature({ ...licence, proof: other.proof }, ed.publicKey)).toBe(false);
  });

  it('refuses another key of the same suite', async () => {
    expect(await verifyLicenceSignature(licence, otherEd.publicKey)).toBe(false);
    // …even when the proof is edited to name that key.
    const renamed = tampered((j) => (j.proof.verificationMethod = `${SAMPLE_ISSUER}#${otherEd.keyId}`));
    expect(await verifyLicenceSignature(renamed, otherEd.publicKey)).toBe(false);
  });

  it('refuses a key of another suite, and a proof that claims another suite', async () => {
    expect(await verifyLicenceSignature(licence, p256.publicKey)).toBe(false);
    const claimed = tampered((j) => (j.proof.suite = 'ecdsa-p256'));
    expect(await verifyLicenceSignature(claimed, ed.publicKey)).toBe(false);
  });

  it('refuses a flipped signature bit', async () => {
    const sig = decodeBase64url(licence.proof.signatureValue);
    sig[10] = (sig[10] ?? 0) ^ 0x04;
    const flipped = { ...licence, proof: { ...licence.proof, signatureValue: encodeBase64url(sig) } };
    expect(await verifyLicenceSignature(flipped, ed.publicKey)).toBe(false);
  });

  it('answers false, without throwing, for a truncated signature that skipped the parser', async () => {
    const truncated = {
      ...licence,
      proof: { ...licence.proof, signatureValue: licence.proof.signatureValue.slice(0, 43) },
    };
    expect(await verifyLicenceSignature(truncated, ed.publicKey)).toBe(false);
  });
});

describe('signLicenceCanonical', () => {
  it("returns signLicence's licence (Ed25519 is deterministic: the same signature) and canonicalize(licence)", async () => {
    const variants: Json[] = [
      sampleLicenceJson(),
      // No status reference: the proof is then the last member.
      (({ statusReference: _s, ...rest }) => rest)(sampleLicenceJson()),
      // Members that need escaping and a face value that is a number.
      {
        ...sampleLicenceJson(),
        face: { ...(sampleLicenceJson().face as Json), note: '一行\n二行 "引号" \\', count: 3 },
      },
    ];
    for (const json of variants) {
      const unsigned = parseLicence({ ...json, proof: licence.proof }) as Json;
      delete unsigned.proof;
      const plain = await signLicence(unsigned as Licence, ed, { created: CREATED });
      const { licence: signed, canonical } = await signLicenceCanonical(unsigned as Licence, ed, { created: CREATED });
      expect(signed).toEqual(plain);
      expect(JSON.stringify(signed)).toBe(JSON.stringify(plain));
      expect(canonical).toBe(canonicalize(signed));
      await expect(verifyLicenceSignature(signed, ed.publicKey)).resolves.toBe(true);
    }
  });

  it('refuses what signLicence refuses, with the same error', async () => {
    const json = sampleLicenceJson() as Json;
    json.metadata.certificateHolderCode = '11010519491231002Y';
    const codeOf = async (run: () => Promise<unknown>) =>
      run().then(
        () => 'signed',
        (e: HutongError) => [e.code, e.field],
      );
    const expected = await codeOf(() => signLicence(json as Licence, ed));
    expect(expected).not.toBe('signed');
    await expect(codeOf(() => signLicenceCanonical(json as Licence, ed))).resolves.toEqual(expected);
  });
});
