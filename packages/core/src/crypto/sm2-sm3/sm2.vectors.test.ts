/**
 * SM2 with SM3 against ../shared/vectors/sm2.json: the GB/T 32918 / GM/T 0003.5 worked example
 * (Z_A, e and the signature with the standard's fixed k), a signature made by the OpenSSL 3 CLI,
 * SM3 digests (GB/T 32905 Annex A), and the verification checks of GB/T 32918.2 §7.1.
 */
import fc from 'fast-check';
import { sm2 } from 'sm-crypto-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVectors } from '../../test-support/vectors.js';
import { base64UrlEncode, bigIntToBytes, concatBytes, fromHex, toHex, utf8 } from '../bytes.js';
import { importSigningKeyJwk, importVerificationKeyJwk, importVerificationKeyPem } from '../keys.js';
import { derToRawSignature } from '../signature-encoding.js';
import type { VerificationKey } from '../types.js';
import { DEFAULT_SM2_ID, generateSm2KeyPair, SM2_CURVE, sm2PublicKeyFromPrivate } from './keys.js';
import { createSm2Signer, prepareSm2SigningScalar, sm2SignDigest } from './sign.js';
import { sm3Digest } from './sm3.js';
import { prepareSm2PublicKey, verifySm2Prepared } from './verify.js';
import { computeZa } from './za.js';

interface Sm2Vectors {
  official: {
    id: string;
    messageUtf8: string;
    privateKeyHex: string;
    publicKeyXHex: string;
    publicKeyYHex: string;
    zaHex: string;
    eHex: string;
    kHex: string;
    rHex: string;
    sHex: string;
  };
  opensslGenerated: { id: string; publicKeyPem: string; messageUtf8: string; signatureDerHex: string };
  sm3: Array<{ inputUtf8: string; digestHex: string }>;
}

const vectors = loadVectors<Sm2Vectors>('sm2.json');
const official = vectors.official;
const message = utf8(official.messageUtf8);
const publicKey = fromHex(`04${official.publicKeyXHex}${official.publicKeyYHex}`);
const officialSignature = fromHex(official.rHex + official.sHex);
const { n } = SM2_CURVE;

const publicJwk = {
  kty: 'EC',
  crv: 'SM2',
  x: base64UrlEncode(fromHex(official.publicKeyXHex)),
  y: base64UrlEncode(fromHex(official.publicKeyYHex)),
};

function signatureOf(r: bigint, s: bigint): Uint8Array {
  return concatBytes(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
}

describe('SM3 (GB/T 32905-2016 Annex A)', () => {
  it.each(vectors.sm3.map((v) => [v.inputUtf8.slice(0, 12), v] as const))('digest of %s…', (_name, v) => {
    expect(toHex(sm3Digest(utf8(v.inputUtf8)))).toBe(v.digestHex.toLowerCase());
  });
});

describe('SM2 worked example (GB/T 32918 / GM/T 0003.5, curve sm2p256v1)', () => {
  it('uses the default ID 1234567812345678', () => {
    expect(official.id).toBe(DEFAULT_SM2_ID);
  });

  it('derives the public key from the private key', () => {
    expect(toHex(sm2PublicKeyFromPrivate(fromHex(official.privateKeyHex)))).toBe(toHex(publicKey));
  });

  it('computes Z_A (§5.5) and e = SM3(Z_A ‖ M) (§6.1 A2)', () => {
    const za = computeZa(utf8(official.id), publicKey);
    expect(toHex(za).toUpperCase()).toBe(official.zaHex);
    expect(toHex(sm3Digest(concatBytes(za, message))).toUpperCase()).toBe(official.eHex);
  });

  it("reproduces the standard's signature with its fixed k (A3–A7)", () => {
    // Only k is fixed: [k]G (A4) is the signer's own multiplication on G's window tables.
    const k = BigInt(`0x${official.kHex}`);
    const scalar = prepareSm2SigningScalar(fromHex(official.privateKeyHex));
    const signature = sm2SignDigest(fromHex(official.eHex), scalar, { k });
    expect(toHex(signature).toUpperCase()).toBe(official.rHex + official.sHex);
  });

  it('verifies the official (r, s) through the public API', async () => {
    const key = await importVerificationKeyJwk(publicJwk);
    expect(key.suite).toBe('sm2-sm3');
    expect(await key.verify(message, officialSignature)).toBe(true);
  });

  it('signs with the official private key so that the official public key verifies', async () => {
    const signing = await importSigningKeyJwk({ ...publicJwk, d: base64UrlEncode(fromHex(official.privateKeyHex)) });
    const verification = await importVerificationKeyJwk(publicJwk);
    expect(signing.keyId).toBe(verification.keyId);
    const signature = await signing.sign(message);
    expect(signature.length).toBe(64);
    expect(await verification.verify(message, signature)).toBe(true);
    // SM2 signatures are randomised: a second one differs and verifies too.
    const again = await signing.sign(message);
    expect(toHex(again)).not.toBe(toHex(signature));
    expect(await verification.verify(message, again)).toBe(true);
  });
});

describe('SM2 signature made by the OpenSSL 3 CLI (distid 1234567812345678)', () => {
  it('verifies after DER → raw conversion', async () => {
    const v = vectors.opensslGenerated;
    expect(v.id).toBe(DEFAULT_SM2_ID);
    const key = await importVerificationKeyPem(v.publicKeyPem);
    expect(key.suite).toBe('sm2-sm3');
    const raw = derToRawSignature(fromHex(v.signatureDerHex), 'sm2-sm3');
    expect(await key.verify(utf8(v.messageUtf8), raw)).toBe(true);
    expect(await key.verify(utf8(`${v.messageUtf8} `), raw)).toBe(false);
  });
});

describe('SM2 verification refuses what GB/T 32918.2 §7.1 refuses', () => {
  let key: VerificationKey;
  const r = BigInt(`0x${official.rHex}`);
  const s = BigInt(`0x${official.sHex}`);

  beforeAll(async () => {
    key = await importVerificationKeyJwk(publicJwk);
  });

  it('B1: r = 0 and r = n (and r ≥ n)', async () => {
    expect(await key.verify(message, signatureOf(0n, s))).toBe(false);
    expect(await key.verify(message, signatureOf(n, s))).toBe(false);
    expect(await key.verify(message, signatureOf(n + 1n, s))).toBe(false);
    expect(await key.verify(message, signatureOf(2n ** 256n - 1n, s))).toBe(false);
  });

  it('B2: s = 0, s = n and s ≥ n', async () => {
    expect(await key.verify(message, signatureOf(r, 0n))).toBe(false);
    expect(await key.verify(message, signatureOf(r, n))).toBe(false);
    expect(await key.verify(message, signatureOf(r, 2n ** 256n - 1n))).toBe(false);
  });

  it('B5: t = (r + s) mod n = 0', async () => {
    expect(await key.verify(message, signatureOf(r, n - r))).toBe(false);
  });

  it('a wrong distinguishing ID (the signature binds Z_A)', async () => {
    for (const distinguishingId of ['ALICE123@YAHOO.COM', '', '1234567812345679', new Uint8Array(16)]) {
      const other = await importVerificationKeyJwk(publicJwk, { distinguishingId });
      expect(await other.verify(message, officialSignature)).toBe(false);
    }
    // The same ID given explicitly, as text or bytes, is the default.
    const same = await importVerificationKeyJwk(publicJwk, { distinguishingId: utf8(DEFAULT_SM2_ID) });
    expect(await same.verify(message, officialSignature)).toBe(true);
  });

  it('a tampered message', async () => {
    expect(await key.verify(utf8('message digesT'), officialSignature)).toBe(false);
    expect(await key.verify(utf8('message digest '), officialSignature)).toBe(false);
    expect(await key.verify(new Uint8Array(0), officialSignature)).toBe(false);
  });

  it('one bit flipped anywhere in r or s', async () => {
    for (let bit = 0; bit < 512; bit++) {
      const flipped = officialSignature.slice();
      flipped[bit >>> 3] = (flipped[bit >>> 3] ?? 0) ^ (0x80 >>> (bit & 7));
      expect(await key.verify(message, flipped), `bit ${bit}`).toBe(false);
    }
  });

  it('wrong lengths and encodings', async () => {
    expect(await key.verify(message, officialSignature.subarray(0, 63))).toBe(false);
    expect(await key.verify(message, concatBytes(officialSignature, Uint8Array.of(0)))).toBe(false);
    expect(await key.verify(message, new Uint8Array(0))).toBe(false);
    expect(await key.verify(message, fromHex(vectors.opensslGenerated.signatureDerHex))).toBe(false);
    expect(await key.verify(message, 'not bytes' as unknown as Uint8Array)).toBe(false);
  });

  it('answers false, never throws, for random signatures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 64, maxLength: 64 }), async (signature) => {
        expect(await key.verify(message, signature)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('SM2 verification agrees with sm-crypto-v2', () => {
  it('on valid signatures and on every kind of mutation (random keys, messages and IDs)', async () => {
    const keys = [generateSm2KeyPair(), generateSm2KeyPair()];
    // Preparing is the slow part (window tables): once per key and ID, as in real use.
    const ours = new Map<string, ReturnType<typeof prepareSm2PublicKey>>();
    const theirs = keys.map((k) => sm2.precomputePublicKey(toHex(k.publicKey)));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: keys.length - 1 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(DEFAULT_SM2_ID, 'ALICE123@YAHOO.COM', ''),
        fc.oneof(
          fc.constant({ kind: 'none' as const }),
          fc.record({ kind: fc.constant('bit' as const), bit: fc.integer({ min: 0, max: 511 }) }),
          fc.record({ kind: fc.constant('message' as const), index: fc.nat() }),
          fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ minLength: 64, maxLength: 64 }) }),
        ),
        async (which, message, id, mutation) => {
          const pair = keys[which] ?? keys[0];
          if (pair === undefined) throw new Error('no key');
          const idBytes = utf8(id);
          let signature = await createSm2Signer(pair.privateKey, pair.publicKey, idBytes)(message);
          let signed: Uint8Array = message;
          if (mutation.kind === 'bit') {
            signature = signature.slice();
            signature[mutation.bit >>> 3] = (signature[mutation.bit >>> 3] ?? 0) ^ (1 << (mutation.bit & 7));
          } else if (mutation.kind === 'message') {
            signed = concatBytes(message, Uint8Array.of(mutation.index & 0xff));
          } else if (mutation.kind === 'random') {
            signature = mutation.bytes;
          }
          const cacheKey = `${which}/${id}`;
          const prepared = ours.get(cacheKey) ?? prepareSm2PublicKey(pair.publicKey, idBytes);
          ours.set(cacheKey, prepared);
          const hutong = verifySm2Prepared(prepared, signed, signature);
          let library: boolean;
          try {
            const point = theirs[which] ?? theirs[0];
            library = sm2.doVerifySignature(signed, toHex(signature), point ?? '', {
              hash: true,
              der: false,
              userId: id,
            });
          } catch {
            library = false; // sm-crypto-v2 throws for s = 0 or s ≥ n; GB/T 32918.2 says: reject.
          }
          expect(hutong).toBe(library);
          expect(hutong).toBe(mutation.kind === 'none');
        },
      ),
      { numRuns: 60 },
    );
    // Up to six (key, ID) pairs build their window tables here: allow for a loaded machine.
  }, 120_000);
});
