/**
 * SM2 signature generation (GB/T 32918.2-2016 §6.1) through sm-crypto-v2: Hutong computes
 * e = SM3(Z_A ‖ M) itself with Z_A prepared once per key (A1–A2), and the library does A3–A7
 * (random k, (x1, y1) = [k]G, r = (e + x1) mod n, s = (1 + d)⁻¹·(k − r·d) mod n, retrying on
 * r = 0, r + k = n or s = 0). The result is raw r‖s, 32 bytes each.
 */
import { sm2 } from 'sm-crypto-v2';
import { concatBytes, fromHex, toHex } from '../bytes.js';
import type { RawSign } from '../suite.js';
import { sm3Digest } from './sm3.js';
import { computeZa } from './za.js';

/** A nonce k with x1, the x-coordinate of [k]G: only the GB/T 32918 example vector fixes one. */
export interface Sm2FixedNonce {
  readonly k: bigint;
  readonly x1: bigint;
}

/**
 * Signs the digest `e` (A3–A7). `fixedNonce` exists for the standard's worked example only
 * (sm2.vectors.test.ts); it is not re-exported from the crypto module's public surface —
 * a repeated k reveals the private key.
 */
export function sm2SignDigest(e: Uint8Array, privateKeyHex: string, fixedNonce?: Sm2FixedNonce): Uint8Array {
  const options =
    fixedNonce === undefined ? { hash: false, der: false } : { hash: false, der: false, pointPool: [fixedNonce] };
  return fromHex(sm2.doSignature(e, privateKeyHex, options));
}

/** Prepares an SM2 signer: Z_A and the key's hex form are computed once. */
export function createSm2Signer(privateKey: Uint8Array, publicKey: Uint8Array, id: Uint8Array): RawSign {
  const za = computeZa(id, publicKey);
  const privateKeyHex = toHex(privateKey);
  return async (data) => sm2SignDigest(sm3Digest(concatBytes(za, data)), privateKeyHex);
}
