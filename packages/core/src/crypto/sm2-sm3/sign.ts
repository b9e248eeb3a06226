/**
 * SM2 signature generation (GB/T 32918.2-2016 §6.1). Hutong computes e = SM3(Z_A ‖ M) itself
 * with Z_A prepared once per key (A1–A2), and A3–A7 here: random k, (x1, y1) = [k]G,
 * r = (e + x1) mod n, s = (1 + d)⁻¹·(k − r·d) mod n, retrying on r = 0, r + k = n or s = 0.
 * The result is raw r‖s, 32 bytes each.
 *
 * [k]G is sm-crypto-v2's own point arithmetic (noble-curves' constant-time multiplication —
 * k is secret) on its G with 8-bit window tables. What sm-crypto-v2's doSignature adds around
 * the same arithmetic is per-signature work that does not depend on the message, measured as
 * a quarter of an SM2 signature (issue 3, session 8): it inverts 1 + d on every call (a
 * constant of the key, so it is inverted once here, in createSm2Signer), and it makes k as a
 * throwaway key pair — [k]G to affine, encoded as hex, parsed back with an on-curve check and
 * made affine again — where x1 alone is needed.
 */
import { sm2 } from 'sm-crypto-v2';
import { bigIntToBytes, bytesToBigInt, concatBytes, toHex } from '../bytes.js';
import type { RawSign } from '../suite.js';
import { SM2_CURVE } from './keys.js';
import { sm3Digest } from './sm3.js';
import { computeZa } from './za.js';

const { n } = SM2_CURVE;
/** 8-bit windows of G, as noble-curves makes for its own base point. */
const WINDOW = 8;
/**
 * Random bytes for k: 64 bits more than n has, so that reducing them mod n − 1 leaves a bias
 * below 2⁻⁶⁴ (FIPS 186-5 §A.2.1, as noble-curves' randomPrivateKey does for sm-crypto-v2).
 */
const NONCE_BYTES = 40;

type Sm2Point = ReturnType<typeof sm2.precomputePublicKey>;
let base: Sm2Point | undefined;

/** G with its window tables, built on the first signature of the thread (about 20 ms). */
function basePoint(): Sm2Point {
  base ??= sm2.precomputePublicKey(
    `04${toHex(bigIntToBytes(SM2_CURVE.gx, 32))}${toHex(bigIntToBytes(SM2_CURVE.gy, 32))}`,
    WINDOW,
  );
  return base;
}

function modN(value: bigint): bigint {
  const r = value % n;
  return r < 0n ? r + n : r;
}

/** a⁻¹ mod n (n is prime, a ≠ 0 mod n) by the extended Euclidean algorithm. */
function invertModN(a: bigint): bigint {
  let x = modN(a);
  let y = n;
  let u = 1n;
  let v = 0n;
  while (x !== 0n) {
    const q = y / x;
    [x, y] = [y - q * x, x];
    [u, v] = [v - q * u, u];
  }
  return modN(v);
}

/** A3: k uniform in [1, n − 1] from the platform CSPRNG. */
function randomNonce(): bigint {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  return (bytesToBigInt(bytes) % (n - 1n)) + 1n;
}

/** A private key prepared for signing: d and (1 + d)⁻¹ mod n. */
export interface Sm2SigningScalar {
  readonly d: bigint;
  readonly inverseOnePlusD: bigint;
}

/** d must be in [1, n − 2] (checkSm2PrivateKey), so 1 + d is invertible. */
export function prepareSm2SigningScalar(privateKey: Uint8Array): Sm2SigningScalar {
  const d = bytesToBigInt(privateKey);
  return { d, inverseOnePlusD: invertModN(1n + d) };
}

/** A fixed nonce k: only the GB/T 32918 example vector fixes one. */
export interface Sm2FixedNonce {
  readonly k: bigint;
}

/**
 * Signs the digest `e` (A3–A7). `fixedNonce` exists for the standard's worked example only
 * (sm2.vectors.test.ts); it is not re-exported from the crypto module's public surface —
 * a repeated k reveals the private key.
 */
export function sm2SignDigest(e: Uint8Array, key: Sm2SigningScalar, fixedNonce?: Sm2FixedNonce): Uint8Array {
  const eValue = bytesToBigInt(e);
  for (;;) {
    const k = fixedNonce?.k ?? randomNonce();
    // A4: only x1 of [k]G is used (one inversion to affine).
    const x1 = basePoint().multiply(k).toAffine().x;
    // A5: r = (e + x1) mod n; r = 0 or r + k = n: back to A3.
    const r = modN(eValue + x1);
    if (r !== 0n && r + k !== n) {
      // A6: s = ((1 + d)⁻¹ · (k − r·d)) mod n; s = 0: back to A3.
      const s = modN(key.inverseOnePlusD * modN(k - r * key.d));
      if (s !== 0n) return concatBytes(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
    }
    if (fixedNonce !== undefined) throw new Error('the fixed nonce gives r = 0, r + k = n or s = 0');
  }
}

/** Prepares an SM2 signer: Z_A and (1 + d)⁻¹ are computed once. */
export function createSm2Signer(privateKey: Uint8Array, publicKey: Uint8Array, id: Uint8Array): RawSign {
  const za = computeZa(id, publicKey);
  const scalar = prepareSm2SigningScalar(privateKey);
  return async (data) => sm2SignDigest(sm3Digest(concatBytes(za, data)), scalar);
}
