/**
 * The shapes every suite shares (the jose model: one table of algorithms, keys as
 * prepared objects). Signatures are always *raw* here: r‖s (64 bytes) for sm2-sm3 and
 * ecdsa-p256, 64 bytes for ed25519 — the licence proof contract
 * (docs/design/licence-format.md). DER encodings exist only at the edges (OpenSSL interop).
 */

/** The signature suites Hutong speaks. `sm2-sm3` is the national default (GB/T 32918 + GB/T 32905). */
export const SUITE_NAMES = ['sm2-sm3', 'ed25519', 'ecdsa-p256'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export function isSuiteName(value: unknown): value is SuiteName {
  return typeof value === 'string' && (SUITE_NAMES as readonly string[]).includes(value);
}

/**
 * A public key prepared for repeated verification (precomputed tables for SM2,
 * an imported platform key for the others): re-importing per call halves throughput.
 */
export interface VerificationKey {
  readonly suite: SuiteName;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
  readonly keyId: string;
  /** Verifies a raw signature over `data`. Never throws for a bad signature: answers false. */
  verify(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A private key able to sign, with its public half. */
export interface SigningKey {
  readonly suite: SuiteName;
  readonly keyId: string;
  readonly publicKey: VerificationKey;
  /** Signs `data` and returns the raw signature. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
