/**
 * SM2 signature verification (GB/T 32918.2-2016 §7.1) with a prepared public key: Z_A and the
 * window tables of P_A are made once per key (the tables when the key is used a second time).
 *
 * The checks are the standard's own, in its order (B1–B7). The point arithmetic of B6,
 * (x1', y1') = [s']G + [t]P_A, uses noble-curves' variable-time wNAF multiplication over
 * precomputed 8-bit windows of G and P_A (core pins @noble/curves). sm-crypto-v2's
 * doVerifySignature would do the same arithmetic through noble-curves' *constant-time*
 * multiplication (fake additions that protect secret scalars — s' and t are public here),
 * recompute Z_A and the key's hex form on every call, and, before the range checks added here,
 * answered s' = 0 or s' ≥ n by throwing. docs/benchmarks.md measures both in the same run;
 * sm2.vectors.test.ts checks that both always agree.
 */
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { bytesToBigInt, concatBytes } from '../bytes.js';
import type { RawVerify } from '../suite.js';
import { SM2_CURVE } from './keys.js';
import { sm3Digest } from './sm3.js';
import { computeZa } from './za.js';

const { n } = SM2_CURVE;
const SIGNATURE_LENGTH = 64;
/** 8-bit windows: 2^7 · 33 precomputed points per key (about what sm-crypto-v2's precomputePublicKey builds). */
const WINDOW = 8;

/** The SM2 curve (GB/T 32918.5 §3) as a noble-curves point type. Cofactor 1. */
const Sm2Point = weierstrass({
  p: SM2_CURVE.p,
  n: SM2_CURVE.n,
  h: 1n,
  a: SM2_CURVE.a,
  b: SM2_CURVE.b,
  Gx: SM2_CURVE.gx,
  Gy: SM2_CURVE.gy,
});
// G's table is built lazily, on the first verification of the process, and shared by all keys.
const G = Sm2Point.BASE.precompute(WINDOW);

type Sm2PointType = InstanceType<typeof Sm2Point>;

/**
 * A public key prepared for verification: its validated point, Z_A, and — from its second
 * verification on — the window tables of P_A.
 */
export interface PreparedSm2PublicKey {
  readonly point: Sm2PointType;
  readonly za: Uint8Array;
  /** Verifications so far (the tables are built at the second). */
  uses: number;
}

/**
 * Decodes and validates P_A (on the curve, not infinity — noble-curves' fromBytes asserts it)
 * and computes Z_A. Throws for an invalid point (callers check the key first and turn this
 * into ERR_CRYPTO_KEY_INVALID).
 *
 * P_A's tables cost about a hundred verifications to build, so they are built when a key
 * proves to be used again — at its second verification — not at import: a trust list of a
 * thousand issuer keys loads at once, a key verified once pays nothing for tables, and a hot
 * key gets them for all its later calls.
 */
export function prepareSm2PublicKey(publicKey: Uint8Array, id: Uint8Array): PreparedSm2PublicKey {
  return { point: Sm2Point.fromBytes(publicKey), za: computeZa(id, publicKey), uses: 0 };
}

/**
 * Verifies a raw r‖s signature over `data`. Answers false, never throws, for a bad signature.
 *
 * @example verifySm2Prepared(prepareSm2PublicKey(publicKey, id), data, signature) // true | false
 */
export function verifySm2Prepared(key: PreparedSm2PublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  const r = bytesToBigInt(signature.subarray(0, 32));
  const s = bytesToBigInt(signature.subarray(32));
  // GB/T 32918.2 §7.1 B1: r' ∈ [1, n−1]; B2: s' ∈ [1, n−1].
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  // B5: t = (r' + s') mod n, and t = 0 fails.
  const t = (r + s) % n;
  if (t === 0n) return false;
  // B3–B4: M̄' = Z_A ‖ M', e' = SM3(M̄') as an integer.
  const e = bytesToBigInt(sm3Digest(concatBytes(key.za, data)));
  if (key.uses++ === 1) key.point.precompute(WINDOW, false);
  try {
    // B6: (x1', y1') = [s']G + [t]P_A; the point at infinity fails.
    const point = G.multiplyUnsafe(s).add(key.point.multiplyUnsafe(t));
    if (point.is0()) return false;
    // B7: R = (e' + x1') mod n, accept iff R = r'.
    return (e + point.toAffine().x) % n === r;
  } catch {
    return false;
  }
}

/** Prepares an SM2 verifier for repeated use. */
export function createSm2Verifier(publicKey: Uint8Array, id: Uint8Array): RawVerify {
  const key = prepareSm2PublicKey(publicKey, id);
  return async (data, signature) => verifySm2Prepared(key, data, signature);
}
