/**
 * Byte helpers for `crypto/` (no `Buffer`: core runs in browsers). Decoders of
 * untrusted text are strict and throw typed errors; the others take trusted input.
 */
import { HutongError } from '../errors.js';

/** True for a `Uint8Array` (including Node's `Buffer`, which is one), even across realms. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && (value as { constructor?: { name?: string } }).constructor?.name === 'Uint8Array')
  );
}

/** Describes a value's type for ERR_CRYPTO_INPUT_TYPE messages without echoing its content. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (isBytes(value)) return 'Uint8Array';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Throws ERR_CRYPTO_INPUT_TYPE unless `value` is a `Uint8Array`. */
export function requireBytes(value: unknown, what: string): Uint8Array {
  if (!isBytes(value)) {
    throw new HutongError('ERR_CRYPTO_INPUT_TYPE', {
      field: what,
      params: { what, expected: 'Uint8Array', actual: typeName(value) },
    });
  }
  return value;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}

/** Hex → bytes for trusted, even-length hex (constants, library output). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Big-endian unsigned bytes → bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** bigint → big-endian unsigned bytes of exactly `length` (caller guarantees it fits). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  return fromHex(value.toString(16).padStart(length * 2, '0'));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function makeDecodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const B64_TABLE = makeDecodeTable(B64);
const B64URL_TABLE = makeDecodeTable(B64URL);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += `${alphabet[n >>> 18]}${alphabet[(n >>> 12) & 63]}${alphabet[(n >>> 6) & 63]}${alphabet[n & 63]}`;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${alphabet[n >>> 18]}${alphabet[(n >>> 12) & 63]}${pad ? '==' : ''}`;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${alphabet[n >>> 18]}${alphabet[(n >>> 12) & 63]}${alphabet[(n >>> 6) & 63]}${pad ? '=' : ''}`;
  }
  return out;
}

/**
 * Strict decoding (RFC 4648 §3.5: canonical encodings only — the unused bits of the last
 * character must be zero), so that one byte string has exactly one text form and a key id
 * cannot be varied by flipping padding bits. Returns undefined when `text` is not canonical.
 */
function decode(text: string, table: Int16Array): Uint8Array | undefined {
  const rem = text.length % 4;
  if (rem === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (table[c] ?? -1) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0) return undefined;
  return out.subarray(0, o);
}

export function base64Encode(bytes: Uint8Array): string {
  return encode(bytes, B64, true);
}

/** Padded base64 (RFC 4648 §4), no whitespace; undefined when malformed or non-canonical. */
export function base64Decode(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  return decode(body, B64_TABLE);
}

export function base64UrlEncode(bytes: Uint8Array): string {
  return encode(bytes, B64URL, false);
}

/** Unpadded base64url (RFC 7515 §2); undefined when malformed or non-canonical. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  return decode(text, B64URL_TABLE);
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
