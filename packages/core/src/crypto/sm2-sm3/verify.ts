/**
 * SM2 signature verification (GB/T 32918.2-2016 §7.1) with a prepared public key: Z_A and
 * sm-crypto-v2's precomputed multiples of P_A are made once per key.
 */
import { sm2 } from 'sm-crypto-v2';
import { bytesToBigInt, concatBytes, toHex } from '../bytes.js';
import type { RawVerify } from '../suite.js';
import { SM2_CURVE } from './keys.js';
import { sm3Digest } from './sm3.js';
import { computeZa } from './za.js';

const { n } = SM2_CURVE;
const SIGNATURE_LENGTH = 64;

/** A public key prepared for verification: its precomputed point and Z_A. */
export interface PreparedSm2PublicKey {
  readonly point: ReturnType<typeof sm2.precomputePublicKey>;
  readonly za: Uint8Array;
}

/** Builds the window tables for P_A (noble-curves wNAF, window 8) and computes Z_A. */
export function prepareSm2PublicKey(publicKey: Uint8Array, id: Uint8Array): PreparedSm2PublicKey {
  return { point: sm2.precomputePublicKey(toHex(publicKey)), za: computeZa(id, publicKey) };
}

/**
 * Verifies a raw r‖s signature over `data`. Answers false, never throws, for a bad signature.
 *
 * sm-crypto-v2's doVerifySignature checks t ≠ 0 (B5) and the final comparison (B6–B7) but not
 * the ranges of B1–B2: r ≥ n can never equal R, but r = 0 is not refused by itself, and s = 0
 * or s ≥ n makes noble-curves throw instead of answering. So the standard's checks come first.
 */
export function verifySm2Prepared(key: PreparedSm2PublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  const r = bytesToBigInt(signature.subarray(0, 32));
  const s = bytesToBigInt(signature.subarray(32));
  // GB/T 32918.2 §7.1 B1: r' ∈ [1, n−1]; B2: s' ∈ [1, n−1].
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  // B5: t = (r' + s') mod n, and t = 0 fails.
  if ((r + s) % n === 0n) return false;
  // B3–B4: M̄' = Z_A ‖ M', e' = SM3(M̄').
  const e = sm3Digest(concatBytes(key.za, data));
  try {
    // B5–B7: (x1', y1') = [s']G + [t]P_A, R = (e' + x1') mod n, accept iff R = r'.
    return sm2.doVerifySignature(e, toHex(signature), key.point, { hash: false, der: false });
  } catch {
    return false;
  }
}

/** Prepares an SM2 verifier for repeated use. */
export function createSm2Verifier(publicKey: Uint8Array, id: Uint8Array): RawVerify {
  const key = prepareSm2PublicKey(publicKey, id);
  return async (data, signature) => verifySm2Prepared(key, data, signature);
}
