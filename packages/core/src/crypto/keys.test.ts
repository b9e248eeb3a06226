/**
 * Keys through the public API with the default (WebCrypto) provider. The same matrix with the
 * node:crypto provider, and interop with the OpenSSL CLI, live in packages/server/src/crypto/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { base64UrlDecode, concatBytes, fromHex, toHex, utf8 } from './bytes.js';
import { derBitString, derOctetString, derOid, derSequence, derSmallInteger, derTlv } from './der.js';
import { ecPublicKey, scalarBytes } from './ec.js';
import { P256_CURVE, P256_CURVE_OID } from './ecdsa-p256/keys.js';
import { ED25519_OID } from './ed25519/keys.js';
import { jwkThumbprint } from './jwk.js';
import { derExplicit, parsePkcs8, writePkcs8, writeSpki } from './key-formats.js';
import {
  exportPkcs8Der,
  exportPkcs8Pem,
  exportPrivateJwk,
  exportPublicJwk,
  exportSpkiDer,
  exportSpkiPem,
  generateSigningKey,
  importSigningKeyJwk,
  importSigningKeyPem,
  importSigningKeyPkcs8,
  importVerificationKeyJwk,
  importVerificationKeyPem,
  importVerificationKeySpki,
} from './keys.js';
import { decodePem, encodePem } from './pem.js';
import { SM2_CURVE, SM2_CURVE_OID } from './sm2-sm3/keys.js';
import { SUITE_NAMES, type SuiteName } from './types.js';

const ID_EC = '1.2.840.10045.2.1';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError) return error.code;
    throw error;
  }
  return undefined;
}

function pkcs8Pem(der: Uint8Array): string {
  return encodePem('PRIVATE KEY', der);
}

function ecPkcs8(curve: string, d: Uint8Array, extra: Uint8Array = new Uint8Array(0)): Uint8Array {
  return writePkcs8({ oid: ID_EC, namedCurve: curve }, derSequence(derSmallInteger(1), derOctetString(d), extra));
}

const message = utf8(
  '{"certificateIdentifier":"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"}',
);

describe.each(SUITE_NAMES.map((s) => [s]))('suite %s (WebCrypto provider)', (suite: SuiteName) => {
  it('generates a key that signs 64-byte signatures its public half verifies', async () => {
    const key = await generateSigningKey(suite);
    expect(key.suite).toBe(suite);
    expect(key.publicKey.suite).toBe(suite);
    const signature = await key.sign(message);
    expect(signature).toBeInstanceOf(Uint8Array);
    expect(signature.length).toBe(64);
    expect(await key.publicKey.verify(message, signature)).toBe(true);
    const tampered = message.slice();
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(await key.publicKey.verify(tampered, signature)).toBe(false);
  });

  it('names keys by the RFC 7638 thumbprint of their public JWK', async () => {
    const key = await generateSigningKey(suite);
    expect(key.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.keyId).toBe(await jwkThumbprint(exportPublicJwk(key)));
    expect(key.publicKey.keyId).toBe(key.keyId);
  });

  it('round-trips PKCS#8 and SPKI PEM byte for byte, keeping the key id', async () => {
    const key = await generateSigningKey(suite);
    const privatePem = exportPkcs8Pem(key);
    const publicPem = exportSpkiPem(key);
    expect(privatePem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(publicPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    const again = await importSigningKeyPem(privatePem);
    const publicKey = await importVerificationKeyPem(publicPem, { suite });
    expect(exportPkcs8Pem(again)).toBe(privatePem);
    expect(exportSpkiPem(publicKey)).toBe(publicPem);
    expect(exportSpkiPem(key.publicKey)).toBe(publicPem);
    expect(again.keyId).toBe(key.keyId);
    expect(publicKey.keyId).toBe(key.keyId);
    expect(await publicKey.verify(message, await again.sign(message))).toBe(true);
    expect(toHex(exportSpkiDer(publicKey))).toBe(toHex(decodePem(publicPem, ['PUBLIC KEY']).der));
    expect(toHex(exportPkcs8Der(key))).toBe(toHex(decodePem(privatePem, ['PRIVATE KEY']).der));
  });

  it('round-trips JWK', async () => {
    const key = await generateSigningKey(suite);
    const privateJwk = exportPrivateJwk(key);
    const again = await importSigningKeyJwk(privateJwk);
    expect(exportPrivateJwk(again)).toEqual(privateJwk);
    const publicKey = await importVerificationKeyJwk(exportPublicJwk(key));
    expect(publicKey.keyId).toBe(key.keyId);
    expect(await publicKey.verify(message, await again.sign(message))).toBe(true);
  });

  it('keeps private material off the key object', async () => {
    const key = await generateSigningKey(suite);
    const d = exportPrivateJwk(key).d;
    expect(JSON.stringify(key)).not.toContain(d);
    expect(Object.keys(key).sort()).toEqual(['keyId', 'publicKey', 'sign', 'suite']);
    expect(Object.isFrozen(key)).toBe(true);
  });

  it('refuses an explicit suite that disagrees with the key', async () => {
    const key = await generateSigningKey(suite);
    const other = SUITE_NAMES.find((s) => s !== suite) ?? suite;
    expect(await codeOf(importSigningKeyPem(exportPkcs8Pem(key), { suite: other }))).toBe('ERR_CRYPTO_SUITE_MISMATCH');
    expect(await codeOf(importVerificationKeyPem(exportSpkiPem(key), { suite: other }))).toBe(
      'ERR_CRYPTO_SUITE_MISMATCH',
    );
    expect(await codeOf(importVerificationKeyJwk(exportPublicJwk(key), { suite: other }))).toBe(
      'ERR_CRYPTO_SUITE_MISMATCH',
    );
    expect(await codeOf(importVerificationKeyPem(exportSpkiPem(key), { suite: 'rsa' as SuiteName }))).toBe(
      'ERR_CRYPTO_SUITE_UNKNOWN',
    );
  });

  it("does not verify another suite's signature over the same bytes", async () => {
    const key = await generateSigningKey(suite);
    for (const other of SUITE_NAMES.filter((s) => s !== suite)) {
      const foreign = await generateSigningKey(other);
      expect(await key.publicKey.verify(message, await foreign.sign(message))).toBe(false);
    }
  });

  it('answers false for non-bytes signatures and refuses non-bytes data', async () => {
    const key = await generateSigningKey(suite);
    expect(await key.publicKey.verify(message, [1, 2, 3] as unknown as Uint8Array)).toBe(false);
    expect(await codeOf(key.publicKey.verify('text' as unknown as Uint8Array, new Uint8Array(64)))).toBe(
      'ERR_CRYPTO_INPUT_TYPE',
    );
    expect(await codeOf(key.sign('text' as unknown as Uint8Array))).toBe('ERR_CRYPTO_INPUT_TYPE');
  });

  it('never throws anything but HutongError for mutated key documents', async () => {
    const key = await generateSigningKey(suite);
    const pkcs8 = exportPkcs8Der(key);
    const spki = exportSpkiDer(key);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), async (which, at, value) => {
        const doc = (which ? pkcs8 : spki).slice();
        doc[at % doc.length] = value;
        try {
          await (which ? importSigningKeyPkcs8(doc) : importVerificationKeySpki(doc));
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('key options', () => {
  it('allows a distinguishing ID for sm2-sm3 only', async () => {
    expect(await codeOf(generateSigningKey('ed25519', { distinguishingId: 'ALICE' }))).toBe(
      'ERR_CRYPTO_OPTION_INVALID',
    );
    expect(await codeOf(generateSigningKey('sm2-sm3', { distinguishingId: 42 as unknown as string }))).toBe(
      'ERR_CRYPTO_OPTION_INVALID',
    );
    expect(await codeOf(generateSigningKey('sm2-sm3', { distinguishingId: 'x'.repeat(8192) }))).toBe(
      'ERR_CRYPTO_OPTION_INVALID',
    );
    const alice = await generateSigningKey('sm2-sm3', { distinguishingId: 'ALICE123@YAHOO.COM' });
    const signature = await alice.sign(message);
    expect(await alice.publicKey.verify(message, signature)).toBe(true);
    const withDefaultId = await importVerificationKeyPem(exportSpkiPem(alice));
    expect(await withDefaultId.verify(message, signature)).toBe(false);
    const withAliceId = await importVerificationKeyPem(exportSpkiPem(alice), {
      distinguishingId: 'ALICE123@YAHOO.COM',
    });
    expect(await withAliceId.verify(message, signature)).toBe(true);
  });

  it('refuses unknown suites, bad providers, bad options and suite in generate options', async () => {
    expect(await codeOf(generateSigningKey('rsa' as SuiteName))).toBe('ERR_CRYPTO_SUITE_UNKNOWN');
    expect(await codeOf(generateSigningKey('ed25519', { provider: {} as never }))).toBe('ERR_CRYPTO_OPTION_INVALID');
    expect(await codeOf(generateSigningKey('ed25519', 'fast' as never))).toBe('ERR_CRYPTO_OPTION_INVALID');
    expect(await codeOf(generateSigningKey('ed25519', { suite: 'ed25519' } as never))).toBe(
      'ERR_CRYPTO_OPTION_INVALID',
    );
  });

  it('turns provider failures into ERR_CRYPTO_PROVIDER_FAILED', async () => {
    const broken = {
      name: 'broken',
      generateKeyPair: async () => {
        throw new Error('no entropy');
      },
      importPrivateKey: async () => {
        throw new Error('no');
      },
      importPublicKey: async () => {
        throw new Error('no');
      },
    };
    expect(await codeOf(generateSigningKey('ecdsa-p256', { provider: broken }))).toBe('ERR_CRYPTO_PROVIDER_FAILED');
    const key = await generateSigningKey('ed25519');
    expect(await codeOf(importVerificationKeyPem(exportSpkiPem(key), { provider: broken }))).toBe(
      'ERR_CRYPTO_PROVIDER_FAILED',
    );
    // SM2 never asks the provider.
    const sm2 = await generateSigningKey('sm2-sm3', { provider: broken });
    expect(await sm2.publicKey.verify(message, await sm2.sign(message))).toBe(true);
  });

  it("a provider's verify answer, synchronous or not, and its throw or rejection, read as a boolean", async () => {
    const key = await generateSigningKey('ed25519');
    const signature = await key.sign(message);
    const withVerify = (verify: () => boolean | Promise<boolean>) => ({
      name: 'answers',
      generateKeyPair: async () => {
        throw new Error('not here');
      },
      importPrivateKey: async () => {
        throw new Error('not here');
      },
      importPublicKey: async () => ({ verify }),
    });
    const answer = async (verify: () => boolean | Promise<boolean>, sig = signature) =>
      (await importVerificationKeyPem(exportSpkiPem(key), { provider: withVerify(verify) })).verify(message, sig);
    expect(await answer(() => true)).toBe(true);
    expect(await answer(() => false)).toBe(false);
    expect(await answer(async () => true)).toBe(true);
    expect(await answer(async () => false)).toBe(false);
    expect(
      await answer(() => {
        throw new Error('malformed signature');
      }),
    ).toBe(false);
    expect(await answer(() => Promise.reject(new Error('malformed signature')))).toBe(false);
    // A signature of the wrong length never reaches the provider.
    expect(await answer(() => true, signature.subarray(1))).toBe(false);
  });

  it('exports only keys it made, and private material only from signing keys', async () => {
    const key = await generateSigningKey('ed25519');
    const lookalike = { ...key };
    expect(() => exportSpkiPem(lookalike)).toThrowError(expect.objectContaining({ code: 'ERR_CRYPTO_KEY_FOREIGN' }));
    expect(() => exportPkcs8Pem(key.publicKey as never)).toThrowError(
      expect.objectContaining({ code: 'ERR_CRYPTO_KEY_FOREIGN' }),
    );
    expect(() => exportPrivateJwk(null as never)).toThrowError(
      expect.objectContaining({ code: 'ERR_CRYPTO_KEY_FOREIGN' }),
    );
  });
});

describe('hostile and unusual key documents', () => {
  it('refuses EC points off the curve, coordinates ≥ p, compressed points and bad lengths', async () => {
    const key = await generateSigningKey('ecdsa-p256');
    const { x, y } = exportPublicJwk(key) as { x: string; y: string };
    const xb = base64UrlBytes(x);
    const yb = base64UrlBytes(y);
    const offCurve = yb.slice();
    offCurve[31] = (offCurve[31] ?? 0) ^ 1;
    const spki = (point: Uint8Array) => writeSpki({ oid: ID_EC, namedCurve: P256_CURVE_OID }, point);
    expect(await codeOf(importVerificationKeySpki(spki(ecPublicKey(xb, offCurve))))).toBe('ERR_CRYPTO_KEY_INVALID');
    expect(await codeOf(importVerificationKeySpki(spki(ecPublicKey(scalarBytes(P256_CURVE.p), yb))))).toBe(
      'ERR_CRYPTO_KEY_INVALID',
    );
    expect(await codeOf(importVerificationKeySpki(spki(concatBytes(Uint8Array.of(2), xb))))).toBe(
      'ERR_CRYPTO_KEY_FORM_UNSUPPORTED',
    );
    expect(await codeOf(importVerificationKeySpki(spki(xb)))).toBe('ERR_CRYPTO_KEY_INVALID');
    expect(await codeOf(importVerificationKeySpki(spki(new Uint8Array(65))))).toBe('ERR_CRYPTO_KEY_INVALID');
    // The SM2 curve check uses SM2's own equation: a P-256 point is not an SM2 point.
    const asSm2 = writeSpki({ oid: ID_EC, namedCurve: SM2_CURVE_OID }, ecPublicKey(xb, yb));
    expect(await codeOf(importVerificationKeySpki(asSm2))).toBe('ERR_CRYPTO_KEY_INVALID');
  });

  it('refuses private scalars outside the range of each curve', async () => {
    const cases: Array<[string, bigint]> = [
      [SM2_CURVE_OID, 0n],
      [SM2_CURVE_OID, SM2_CURVE.n - 1n], // GB/T 32918.1 §6.1: d ≤ n − 2
      [SM2_CURVE_OID, SM2_CURVE.n],
      [P256_CURVE_OID, 0n],
      [P256_CURVE_OID, P256_CURVE.n],
    ];
    for (const [curve, d] of cases) {
      expect(await codeOf(importSigningKeyPkcs8(ecPkcs8(curve, scalarBytes(d)))), `${curve} ${d}`).toBe(
        'ERR_CRYPTO_KEY_INVALID',
      );
    }
    // The edges that are allowed.
    expect((await importSigningKeyPkcs8(ecPkcs8(SM2_CURVE_OID, scalarBytes(SM2_CURVE.n - 2n)))).suite).toBe('sm2-sm3');
    expect((await importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, scalarBytes(P256_CURVE.n - 1n)))).suite).toBe(
      'ecdsa-p256',
    );
    expect(await codeOf(importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, new Uint8Array(31).fill(1))))).toBe(
      'ERR_CRYPTO_KEY_INVALID',
    );
  });

  it('refuses a PKCS#8 document whose public key is not the private key’s', async () => {
    for (const suite of SUITE_NAMES) {
      const a = await generateSigningKey(suite);
      const b = await generateSigningKey(suite);
      const mixed = parsePkcs8(exportPkcs8Der(a));
      const bPublic = base64UrlPublic(exportPublicJwk(b));
      // A version-2 OneAsymmetricKey (RFC 5958) carrying b's public key next to a's private key.
      const v2 = derSequence(
        derSmallInteger(1),
        derSequence(
          derOid(mixed.algorithm.oid),
          mixed.algorithm.namedCurve ? derOid(mixed.algorithm.namedCurve) : new Uint8Array(0),
        ),
        derOctetString(mixed.privateKey),
        derTlv(0x81, concatBytes(Uint8Array.of(0), bPublic)),
      );
      expect(await codeOf(importSigningKeyPkcs8(v2)), suite).toBe('ERR_CRYPTO_KEY_INVALID');
      // The same document with the right public key is accepted.
      const aPublic = base64UrlPublic(exportPublicJwk(a));
      const good = derSequence(
        derSmallInteger(1),
        derSequence(
          derOid(mixed.algorithm.oid),
          mixed.algorithm.namedCurve ? derOid(mixed.algorithm.namedCurve) : new Uint8Array(0),
        ),
        derOctetString(mixed.privateKey),
        derTlv(0x81, concatBytes(Uint8Array.of(0), aPublic)),
      );
      expect((await importSigningKeyPkcs8(good)).keyId, suite).toBe(a.keyId);
    }
  });

  it('checks ECPrivateKey: version, [0] curve parameters, [1] public key', async () => {
    const d = scalarBytes(12345n);
    expect(
      (await importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, d, derExplicit(0, derOid(P256_CURVE_OID))))).suite,
    ).toBe('ecdsa-p256');
    expect(await codeOf(importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, d, derExplicit(0, derOid(SM2_CURVE_OID)))))).toBe(
      'ERR_CRYPTO_KEY_INVALID',
    );
    const wrongPublic = derExplicit(
      1,
      derBitString(ecPublicKey(scalarBytes(P256_CURVE.gx), scalarBytes(P256_CURVE.gy))),
    );
    expect(await codeOf(importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, d, wrongPublic)))).toBe('ERR_CRYPTO_KEY_INVALID');
    const version2 = writePkcs8(
      { oid: ID_EC, namedCurve: P256_CURVE_OID },
      derSequence(derSmallInteger(2), derOctetString(d)),
    );
    expect(await codeOf(importSigningKeyPkcs8(version2))).toBe('ERR_CRYPTO_KEY_INVALID');
    // d = 1 has public key G: the [1] field with G is right.
    const one = scalarBytes(1n);
    const withG = derExplicit(1, derBitString(ecPublicKey(scalarBytes(P256_CURVE.gx), scalarBytes(P256_CURVE.gy))));
    expect((await importSigningKeyPkcs8(ecPkcs8(P256_CURVE_OID, one, withG))).suite).toBe('ecdsa-p256');
  });

  it('refuses algorithms and encodings that are not Hutong suites', async () => {
    const secp384r1 = ecPkcs8('1.3.132.0.34', scalarBytes(5n));
    expect(await codeOf(importSigningKeyPkcs8(secp384r1))).toBe('ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED');
    const ed448 = writeSpki({ oid: '1.3.101.113' }, new Uint8Array(57));
    expect(await codeOf(importVerificationKeySpki(ed448))).toBe('ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED');
    // RFC 8410 §3: Ed25519 parameters MUST be absent.
    const withNull = derSequence(derSequence(derOid(ED25519_OID), fromHex('0500')), derBitString(new Uint8Array(32)));
    expect(await codeOf(importVerificationKeySpki(withNull))).toBe('ERR_CRYPTO_KEY_FORM_UNSUPPORTED');
    // RFC 5480 §2.1.1: explicit curve parameters are not accepted.
    const explicit = derSequence(
      derSequence(derOid(ID_EC), derSequence(derSmallInteger(1))),
      derBitString(new Uint8Array(65)),
    );
    expect(await codeOf(importVerificationKeySpki(explicit))).toBe('ERR_CRYPTO_KEY_FORM_UNSUPPORTED');
    // PKCS#8 attributes.
    const key = await generateSigningKey('ed25519');
    const parsed = parsePkcs8(exportPkcs8Der(key));
    const withAttributes = derSequence(
      derSmallInteger(0),
      derSequence(derOid(ED25519_OID)),
      derOctetString(parsed.privateKey),
      derTlv(0xa0, new Uint8Array(0)),
    );
    expect(await codeOf(importSigningKeyPkcs8(withAttributes))).toBe('ERR_CRYPTO_KEY_FORM_UNSUPPORTED');
    // An Ed25519 seed of the wrong length.
    const shortSeed = writePkcs8({ oid: ED25519_OID }, derOctetString(new Uint8Array(31)));
    expect(await codeOf(importSigningKeyPkcs8(shortSeed))).toBe('ERR_CRYPTO_KEY_INVALID');
    // A public key where a private key is expected, and the reverse.
    expect(await codeOf(importSigningKeyPem(exportSpkiPem(key)))).toBe('ERR_CRYPTO_PEM_LABEL_UNEXPECTED');
    expect(await codeOf(importVerificationKeyPem(exportPkcs8Pem(key)))).toBe('ERR_CRYPTO_PEM_LABEL_UNEXPECTED');
    expect(await codeOf(importSigningKeyPem(pkcs8Pem(exportSpkiDer(key))))).toBe('ERR_CRYPTO_DER_UNEXPECTED_TAG');
    expect(await codeOf(importSigningKeyPkcs8('MC4CAQAwBQYDK2VwBCIEIA'))).toBe('ERR_CRYPTO_INPUT_TYPE');
  });
});

function base64UrlBytes(text: string): Uint8Array {
  const bytes = base64UrlDecode(text);
  if (bytes === undefined) throw new Error('bad base64url in test');
  return bytes;
}

function base64UrlPublic(jwk: { x: string; y?: string }): Uint8Array {
  return jwk.y === undefined ? base64UrlBytes(jwk.x) : ecPublicKey(base64UrlBytes(jwk.x), base64UrlBytes(jwk.y));
}
