/**
 * SM3 (GB/T 32905-2016), through sm-crypto-v2 (pure JavaScript, so it runs in browsers too).
 */
import { sm3 } from 'sm-crypto-v2';
import { fromHex, requireBytes } from '../bytes.js';

/**
 * The SM3 digest (32 bytes) of `data`.
 *
 * @example toHex(sm3Digest(new TextEncoder().encode('abc')))
 * // '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' (GB/T 32905 Annex A.1)
 */
export function sm3Digest(data: Uint8Array): Uint8Array {
  return fromHex(sm3(requireBytes(data, 'data')));
}
