/**
 * Unpadded base64url (RFC 4648 §5, as JOSE uses it: RFC 7515 §2) for proof values and
 * key ids. Decoding is strict so that one byte string has exactly one text form: a
 * signature or key id cannot be varied by adding padding, whitespace, a standard-base64
 * character, or by flipping the unused low bits of the last character (RFC 4648 §3.5).
 */
import { HutongError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Character code → value, -1 for every code below 128 outside the alphabet. A typed-array
// lookup by char code instead of a Map by one-character string: signatures (86 characters)
// and key ids (43) are decoded on every licence parse, and the Map cost about 6 % of it.
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as base64url without padding.
 *
 * @example encodeBase64url(new Uint8Array([0xfb, 0xff])) // '-_8'
 */
export function encodeBase64url(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 6);
  if (length <= MAX_SHORT) return encodeShort(bytes, 0, bytes.length, length);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET.charAt((n >>> (18 - 6 * k)) & 63);
  }
  return out;
}

// Key ids, hints and nonces (a show code's, on the verifier's hot path) and signatures (86
// characters for the 64 bytes of every suite, one per licence signed) are short: their text
// is one String.fromCharCode call over a reused array of its length, where appending a
// character at a time made a string per character (docs/design/show-code.md §8).
const MAX_SHORT = 128;
const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
const shortCodes: number[][] = [];

function encodeShort(bytes: Uint8Array, start: number, end: number, length: number): string {
  let codes = shortCodes[length];
  if (codes === undefined) {
    codes = new Array<number>(length).fill(0);
    shortCodes[length] = codes;
  }
  let o = 0;
  for (let i = start; i < end; i += 3) {
    const n =
      ((bytes[i] as number) << 16) |
      ((i + 1 < end ? (bytes[i + 1] as number) : 0) << 8) |
      (i + 2 < end ? (bytes[i + 2] as number) : 0);
    const chars = Math.min(4, length - o);
    for (let k = 0; k < chars; k++) codes[o++] = ALPHABET_CODES[(n >>> (18 - 6 * k)) & 63] as number;
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * `encodeBase64url(bytes.subarray(start, end))` for short runs, without making the view: a
 * show code's key hint and nonce are read out of its bytes on the verifier's hot path.
 * Internal to core.
 */
export function encodeBase64urlOf(bytes: Uint8Array, start: number, end: number): string {
  const length = Math.ceil(((end - start) * 8) / 6);
  if (length > MAX_SHORT) return encodeBase64url(bytes.subarray(start, end));
  return encodeShort(bytes, start, end, length);
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function fail(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_LICENCE_BASE64URL', {
    field,
    params: { field, problem },
    zhParams: { problem: problemZh },
  });
}

/**
 * Decodes unpadded base64url strictly. Throws `ERR_LICENCE_BASE64URL` (with `field`) for
 * a non-string, padding, any character outside `A–Z a–z 0–9 - _`, an impossible length
 * (4n+1) or non-zero trailing bits.
 *
 * @example decodeBase64url('-_8') // Uint8Array [0xfb, 0xff]
 * @example decodeBase64url('-_9') // throws ERR_LICENCE_BASE64URL (trailing bits)
 */
export function decodeBase64url(text: unknown, field = 'base64url'): Uint8Array {
  if (typeof text !== 'string')
    fail(
      field,
      `expected a string, got ${text === null ? 'null' : typeof text}`,
      `应为字符串，实际为 ${text === null ? 'null' : typeof text}`,
    );
  if (text.includes('=')) fail(field, 'padding "=" is not used', '不使用填充符“=”');
  if (text.length % 4 === 1)
    fail(
      field,
      `a length of ${text.length} characters cannot encode whole bytes`,
      `长度为 ${text.length} 个字符，无法编码整数个字节`,
    );
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (VALUES[code] as number) : -1;
    if (value < 0)
      fail(field, `character ${i + 1} is not in the base64url alphabet`, `第 ${i + 1} 个字符不在 base64url 字母表中`);
    acc = ((acc << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  // RFC 4648 §3.5: the pad bits of the last character MUST be zero in a canonical encoding.
  if ((acc & ((1 << bits) - 1)) !== 0)
    fail(field, 'the unused bits of the last character are not zero', '最后一个字符的未用位不为零');
  return out;
}
