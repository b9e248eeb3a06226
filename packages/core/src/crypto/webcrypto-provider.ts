/**
 * The default `CryptoProvider`: the WebCrypto API (`crypto.subtle`), present in browsers,
 * Deno, Bun and Node ≥ 19 as a global. Ed25519 in WebCrypto follows the Secure Curves
 * draft (Chrome 113+, Firefox 129+, Safari 17+, Node 18.4+).
 */
import { base64UrlDecode, concatBytes } from './bytes.js';
import type { CryptoProvider, NativeAlgorithm, NativeKeyPair, NativeSigner, NativeVerifier } from './provider.js';

/** WebCrypto wants `ArrayBuffer`-backed views; ours always are (never a SharedArrayBuffer). */
function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime');
  return s;
}

function importParams(algorithm: NativeAlgorithm): AlgorithmIdentifier | EcKeyImportParams {
  return algorithm.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: algorithm.namedCurve } : { name: 'Ed25519' };
}

function signParams(algorithm: NativeAlgorithm): AlgorithmIdentifier | EcdsaParams {
  return algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: algorithm.hash } : { name: 'Ed25519' };
}

function jwkBytes(value: string | undefined): Uint8Array {
  const bytes = value === undefined ? undefined : base64UrlDecode(value);
  if (bytes === undefined) throw new Error('the platform returned a JWK without a usable coordinate');
  return bytes;
}

/** Raw public key from an exported JWK: Ed25519 `x`; P-256 `04‖x‖y` (SEC 1 §2.3.3). */
function publicFromJwk(algorithm: NativeAlgorithm, jwk: JsonWebKey): Uint8Array {
  return algorithm.name === 'ECDSA' ? concatBytes(Uint8Array.of(4), jwkBytes(jwk.x), jwkBytes(jwk.y)) : jwkBytes(jwk.x);
}

/**
 * Creates a WebCrypto provider (the default one is `webCryptoProvider`).
 *
 * @example const key = await generateSigningKey('ed25519', { provider: createWebCryptoProvider() });
 */
export function createWebCryptoProvider(): CryptoProvider {
  return {
    name: 'webcrypto',

    async generateKeyPair(algorithm): Promise<NativeKeyPair> {
      const pair = (await subtle().generateKey(importParams(algorithm), true, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await subtle().exportKey('jwk', pair.privateKey);
      return { privateKey: jwkBytes(jwk.d), publicKey: publicFromJwk(algorithm, jwk) };
    },

    async importPrivateKey(algorithm, pkcs8) {
      // Import extractable once to learn the public key (WebCrypto has no "derive public"),
      // then keep a non-extractable copy for signing.
      const extractable = await subtle().importKey('pkcs8', buf(pkcs8), importParams(algorithm), true, ['sign']);
      const jwk = await subtle().exportKey('jwk', extractable);
      const publicKey = publicFromJwk(algorithm, jwk);
      const key = await subtle().importKey('pkcs8', buf(pkcs8), importParams(algorithm), false, ['sign']);
      const params = signParams(algorithm);
      const signer: NativeSigner = {
        async sign(data) {
          return new Uint8Array(await subtle().sign(params, key, buf(data)));
        },
      };
      return { signer, publicKey };
    },

    async importPublicKey(algorithm, publicKey): Promise<NativeVerifier> {
      const key = await subtle().importKey('raw', buf(publicKey), importParams(algorithm), false, ['verify']);
      const params = signParams(algorithm);
      const platform = subtle();
      return {
        // Not an async function: its promise would adopt the platform's through two more
        // microtask jobs per signature (ECMA-262 §27.2.1.3.2 NewPromiseResolveThenableJob).
        // A synchronous throw is read as false by the caller (crypto/native.ts).
        verify(data, signature) {
          return platform.verify(params, key, buf(signature), buf(data));
        },
      };
    },
  };
}

/** The default provider: WebCrypto. */
export const webCryptoProvider: CryptoProvider = createWebCryptoProvider();
