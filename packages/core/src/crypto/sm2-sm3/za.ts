/**
 * Z_A, the signer's identity hash (GB/T 32918.2-2016 §5.5):
 * Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A).
 * It depends only on the ID and the public key, so a prepared key computes it once.
 */
import { concatBytes } from '../bytes.js';
import { scalarBytes } from '../ec.js';
import { SM2_CURVE } from './keys.js';
import { sm3Digest } from './sm3.js';

const CURVE_BYTES = concatBytes(
  scalarBytes(SM2_CURVE.a),
  scalarBytes(SM2_CURVE.b),
  scalarBytes(SM2_CURVE.gx),
  scalarBytes(SM2_CURVE.gy),
);

/**
 * Computes Z_A for a distinguishing ID (bytes, ≤ 8191) and an uncompressed public key (04‖x‖y).
 *
 * @example computeZa(new TextEncoder().encode('1234567812345678'), publicKey) // 32 bytes
 */
export function computeZa(id: Uint8Array, publicKey: Uint8Array): Uint8Array {
  // ENTL_A: the ID's length in *bits*, as two big-endian bytes.
  const bits = id.length * 8;
  return sm3Digest(
    concatBytes(Uint8Array.of((bits >>> 8) & 0xff, bits & 0xff), id, CURVE_BYTES, publicKey.subarray(1)),
  );
}
