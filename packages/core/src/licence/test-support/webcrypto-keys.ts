/**
 * Real keys for licence and verifier tests, made with the platform's WebCrypto and shaped
 * as `crypto/types.ts` describes (raw signatures, RFC 7638 key ids). Test-only.
 */
import type { SigningKey, SuiteName, VerificationKey } from '../../crypto/types.js';
import { encodeBase64url } from '../base64url.js';

type WebCryptoSuite = Extract<SuiteName, 'ed25519' | 'ecdsa-p256'>;

const ALGORITHMS = {
  ed25519: { generate: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'ecdsa-p256': {
    generate: { name: 'ECDSA', namedCurve: 'P-256' },
    // WebCrypto ECDSA signatures are already raw r‖s (IEEE P1363), the proof contract's form.
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
} as const;

/** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace. */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<string> {
  const members =
    jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(members)));
  return encodeBase64url(new Uint8Array(digest));
}

export interface TestKey extends SigningKey {
  readonly publicJwk: JsonWebKey;
}

export async function importVerificationKey(suite: WebCryptoSuite, publicJwk: JsonWebKey): Promise<VerificationKey> {
  const algorithm = ALGORITHMS[suite];
  const key = await crypto.subtle.importKey('jwk', publicJwk, algorithm.generate, true, ['verify']);
  const keyId = await jwkThumbprint(publicJwk);
  return {
    suite,
    keyId,
    async verify(data, signature) {
      try {
        // Copies: WebCrypto wants ArrayBuffer-backed views, callers may hold shared ones.
        return await crypto.subtle.verify(algorithm.sign, key, new Uint8Array(signature), new Uint8Array(data));
      } catch {
        return false;
      }
    },
  };
}

/** A fresh key pair of `suite`. */
export async function generateTestKey(suite: WebCryptoSuite): Promise<TestKey> {
  const algorithm = ALGORITHMS[suite];
  const pair = (await crypto.subtle.generateKey(algorithm.generate, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const publicKey = await importVerificationKey(suite, publicJwk);
  return {
    suite,
    keyId: publicKey.keyId,
    publicKey,
    publicJwk,
    async sign(data) {
      return new Uint8Array(await crypto.subtle.sign(algorithm.sign, pair.privateKey, new Uint8Array(data)));
    },
  };
}
