/**
 * Every suite through core's public key API with both platform providers — WebCrypto (core's
 * default) and node:crypto (this folder) — and across them: a signature made through one
 * provider verifies through the other, keys move between them unchanged.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import {
  type CryptoProvider,
  exportPkcs8Pem,
  exportPublicJwk,
  exportSpkiPem,
  generateSigningKey,
  HutongError,
  importSigningKeyPem,
  importVerificationKeyPem,
  jwkThumbprint,
  rawToDerSignature,
  SUITE_NAMES,
  type SuiteName,
  webCryptoProvider,
} from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from './index.js';

const PROVIDERS: ReadonlyArray<readonly [string, CryptoProvider]> = [
  ['webcrypto', webCryptoProvider],
  ['node:crypto', nodeCryptoProvider],
];

const message = new TextEncoder().encode('{"certificateNumber":"吉A042012000939","certificateVersion":"001"}');

describe.each(PROVIDERS)('provider %s', (_name, provider) => {
  describe.each(SUITE_NAMES.map((s) => [s]))('suite %s', (suite: SuiteName) => {
    it('generates, signs and verifies; tampering fails', async () => {
      const key = await generateSigningKey(suite, { provider });
      const signature = await key.sign(message);
      expect(signature.length).toBe(64);
      expect(await key.publicKey.verify(message, signature)).toBe(true);
      const flipped = signature.slice();
      flipped[10] = (flipped[10] ?? 0) ^ 0x01;
      expect(await key.publicKey.verify(message, flipped)).toBe(false);
      expect(await key.publicKey.verify(message.subarray(1), signature)).toBe(false);
      expect(await key.publicKey.verify(message, signature.subarray(0, 63))).toBe(false);
      expect(await key.publicKey.verify(message, new Uint8Array(64))).toBe(false);
      expect(key.keyId).toBe(await jwkThumbprint(exportPublicJwk(key)));
    });

    it('interoperates with the other provider in both directions', async () => {
      const other = provider === nodeCryptoProvider ? webCryptoProvider : nodeCryptoProvider;
      const key = await generateSigningKey(suite, { provider });
      const samePrivate = await importSigningKeyPem(exportPkcs8Pem(key), { provider: other });
      const otherPublic = await importVerificationKeyPem(exportSpkiPem(key), { provider: other });
      expect(samePrivate.keyId).toBe(key.keyId);
      expect(otherPublic.keyId).toBe(key.keyId);
      expect(await otherPublic.verify(message, await key.sign(message))).toBe(true);
      expect(await key.publicKey.verify(message, await samePrivate.sign(message))).toBe(true);
    });
  });
});

describe('node:crypto provider specifics', () => {
  it('returns IEEE P1363 (r‖s) ECDSA signatures that node:crypto also verifies as DER', async () => {
    const key = await generateSigningKey('ecdsa-p256', { provider: nodeCryptoProvider });
    const raw = await key.sign(message);
    expect(raw.length).toBe(64);
    const publicKey = createPublicKey(exportSpkiPem(key));
    expect(nodeVerify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    expect(nodeVerify('sha256', message, publicKey, rawToDerSignature(raw))).toBe(true);
  });

  it('signs Ed25519 deterministically, identically to WebCrypto', async () => {
    const key = await generateSigningKey('ed25519', { provider: nodeCryptoProvider });
    const viaWebCrypto = await importSigningKeyPem(exportPkcs8Pem(key), { provider: webCryptoProvider });
    expect(Buffer.from(await key.sign(message)).toString('hex')).toBe(
      Buffer.from(await viaWebCrypto.sign(message)).toString('hex'),
    );
  });

  it('has typed errors for what it cannot do', async () => {
    const key = await generateSigningKey('ed25519', { provider: nodeCryptoProvider });
    const error = await key.publicKey
      .verify('text' as unknown as Uint8Array, new Uint8Array(64))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HutongError);
    expect((error as HutongError).code).toBe('ERR_CRYPTO_INPUT_TYPE');
  });
});
