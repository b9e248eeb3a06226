/**
 * A `CryptoProvider` on `node:crypto` for the server and the CLI. Same contract as core's
 * WebCrypto provider, but keys are prepared `KeyObject`s and signing/verification are the
 * synchronous one-shot `crypto.sign` / `crypto.verify`: no promise round trip into
 * WebCrypto's job queue, which makes Ed25519 and P-256 verification measurably faster
 * (see docs/benchmarks.md). SM2 never comes here (core's sm2-sm3 suite is pure JavaScript;
 * `node:crypto` cannot set the SM2 distinguishing ID).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { CryptoProvider, NativeAlgorithm, NativeKeyPair, NativeSigner, NativeVerifier } from '@hutong/core';

function fromB64url(value: string | undefined): Uint8Array {
  if (typeof value !== 'string') throw new Error('node:crypto exported a JWK without the expected member');
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** Raw public key of a JWK: Ed25519 `x`; P-256 `04‖x‖y` (SEC 1 §2.3.3). */
function rawPublicKey(algorithm: NativeAlgorithm, jwk: JsonWebKey): Uint8Array {
  if (algorithm.name === 'Ed25519') return fromB64url(jwk.x as string | undefined);
  return new Uint8Array(
    Buffer.concat([Buffer.of(4), fromB64url(jwk.x as string | undefined), fromB64url(jwk.y as string | undefined)]),
  );
}

function publicJwk(algorithm: NativeAlgorithm, publicKey: Uint8Array): JsonWebKey {
  const bytes = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength);
  if (algorithm.name === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') };
  return {
    kty: 'EC',
    crv: algorithm.namedCurve,
    x: bytes.subarray(1, 33).toString('base64url'),
    y: bytes.subarray(33, 65).toString('base64url'),
  };
}

/**
 * `crypto.sign`/`crypto.verify` parameters: Ed25519 takes no digest name (RFC 8032 pure mode);
 * ECDSA signs SHA-256 and must speak IEEE P1363 (r‖s), Hutong's raw form, not DER.
 */
function signingArgs(algorithm: NativeAlgorithm, key: KeyObject) {
  return algorithm.name === 'Ed25519'
    ? { digest: null, key }
    : { digest: 'sha256', key: { key, dsaEncoding: 'ieee-p1363' as const } };
}

/**
 * Creates a provider backed by `node:crypto` (the default one is `nodeCryptoProvider`).
 *
 * @example const key = await importVerificationKeyPem(pem, { provider: createNodeCryptoProvider() });
 */
export function createNodeCryptoProvider(): CryptoProvider {
  return {
    name: 'node:crypto',

    async generateKeyPair(algorithm): Promise<NativeKeyPair> {
      const { privateKey } =
        algorithm.name === 'Ed25519'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('ec', { namedCurve: algorithm.namedCurve });
      const jwk = privateKey.export({ format: 'jwk' });
      return { privateKey: fromB64url(jwk.d as string | undefined), publicKey: rawPublicKey(algorithm, jwk) };
    },

    async importPrivateKey(algorithm, pkcs8) {
      const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
      const publicKey = rawPublicKey(algorithm, createPublicKey(key).export({ format: 'jwk' }));
      const { digest, key: signingKey } = signingArgs(algorithm, key);
      const signer: NativeSigner = {
        sign(data) {
          return new Uint8Array(sign(digest, data, signingKey));
        },
      };
      return { signer, publicKey };
    },

    async importPublicKey(algorithm, publicKey): Promise<NativeVerifier> {
      const key = createPublicKey({ key: publicJwk(algorithm, publicKey), format: 'jwk' });
      const { digest, key: verifyingKey } = signingArgs(algorithm, key);
      return {
        verify(data, signature) {
          return verify(digest, data, verifyingKey, signature);
        },
      };
    },
  };
}

/** The `node:crypto` provider the server and the CLI inject into core's key functions. */
export const nodeCryptoProvider: CryptoProvider = createNodeCryptoProvider();
