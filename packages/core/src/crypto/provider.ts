/**
 * The platform seam for the suites that platforms implement natively (Ed25519, ECDSA P-256):
 * the core talks to a `CryptoProvider`, WebCrypto by default (browsers, kiosks, Deno, Node),
 * and a host may inject a faster one — the server injects `node:crypto`, whose synchronous
 * verification with prepared `KeyObject`s beats WebCrypto's promise round trip.
 *
 * SM2 never goes through a provider: no platform implements GB/T 32918 with a settable ID.
 *
 * Providers receive only material the core has already validated and re-encoded itself
 * (canonical PKCS#8 DER, raw public keys), so a provider never parses hostile input.
 */

/**
 * Algorithms in WebCrypto's own vocabulary (W3C Web Cryptography API §§ 23, 25, and the
 * Secure Curves draft for Ed25519), so a provider maps platform names, not Hutong suites.
 */
export type NativeAlgorithm =
  | { readonly name: 'Ed25519' }
  | { readonly name: 'ECDSA'; readonly namedCurve: 'P-256'; readonly hash: 'SHA-256' };

/** A prepared private key. Returns the raw signature (Ed25519: R‖S; ECDSA: r‖s, IEEE P1363). */
export interface NativeSigner {
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A prepared public key. Answers false for a bad signature; may throw only for a platform failure. */
export interface NativeVerifier {
  verify(data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Raw key material: Ed25519 seed / P-256 scalar (32 bytes); Ed25519 point (32) / P-256 04‖x‖y (65). */
export interface NativeKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface CryptoProvider {
  /** A short name for messages and benchmarks, e.g. `webcrypto`, `node:crypto`. */
  readonly name: string;
  /** Generates a fresh key pair with the platform's CSPRNG. */
  generateKeyPair(algorithm: NativeAlgorithm): Promise<NativeKeyPair>;
  /**
   * Prepares a private key given as canonical PKCS#8 DER (written by the core) and returns
   * it with its raw public key, which the platform derives.
   */
  importPrivateKey(
    algorithm: NativeAlgorithm,
    pkcs8: Uint8Array,
  ): Promise<{ readonly signer: NativeSigner; readonly publicKey: Uint8Array }>;
  /** Prepares a raw public key for repeated verification. */
  importPublicKey(algorithm: NativeAlgorithm, publicKey: Uint8Array): Promise<NativeVerifier>;
}
