/**
 * Bit arithmetic on tree sizes and indexes. JavaScript's bitwise operators work on
 * 32 bits, while a log outgrows 2^32 leaves in the life of a national platform, so
 * every helper here works on any safe integer (< 2^53) with plain arithmetic.
 * Internal to `merkle/`.
 */
import { HutongError } from '../errors.js';

const TWO_32 = 0x1_0000_0000;

/** Throws ERR_MERKLE_SIZE_INVALID unless `value` is a safe integer ≥ 0. */
export function checkSize(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new HutongError('ERR_MERKLE_SIZE_INVALID', { field, params: { field, value: String(value) } });
  }
  return value;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of bits needed to write n (0 for 0), like Go's bits.Len64. */
export function bitLength(n: number): number {
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_32));
}

/** Number of set bits. */
export function popcount(n: number): number {
  if (n < TWO_32) return popcount32(n);
  return popcount32(n % TWO_32) + popcount32(Math.floor(n / TWO_32));
}

/** a XOR b for safe integers. */
export function xor(a: number, b: number): number {
  if (a < TWO_32 && b < TWO_32) return (a ^ b) >>> 0;
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a % TWO_32) ^ (b % TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}

/** floor(n / 2^k). */
export function shiftRight(n: number, k: number): number {
  return Math.floor(n / 2 ** k);
}

/** Number of trailing zero bits of n > 0. */
export function trailingZeros(n: number): number {
  let k = 0;
  let v = n;
  while (v % 2 === 0 && v > 0) {
    v /= 2;
    k++;
  }
  return k;
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** (bitLength(n) - 1) === n;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162 §2.1.1's split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

/** The smallest power of two ≥ n (BIT_CEIL in the MTC draft); 1 for n ≤ 1. */
export function bitCeil(n: number): number {
  return n <= 1 ? 1 : 2 ** bitLength(n - 1);
}
