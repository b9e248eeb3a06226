/**
 * Base45 (RFC 9285), the encoding of the EU Digital COVID Certificate's QR codes: its 45
 * characters are exactly QR's alphanumeric set, which a QR code stores in 5.5 bits a
 * character instead of 8 (RFC 9285 §1), so bytes cost 8.25 bits in the symbol against 10.7
 * for base64 in byte mode (docs/design/show-code.md §2 has the measurements).
 *
 * Decoding is strict: RFC 9285 §4.2 requires refusing a triplet above 65535 and a final pair
 * above 255, which also makes the encoding of each byte string unique.
 */
import { HutongError } from '../errors.js';

// RFC 9285 §4.2, table 1: values 0–44.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUES = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
const ascii = new TextEncoder();
// Show codes are at most 970 characters; longer text takes the per-character path.
const scratch = new Uint8Array(1024);

/**
 * Encodes bytes as base45.
 *
 * @example encodeBase45(new TextEncoder().encode('AB')) // 'BB8' (RFC 9285 §4.3)
 */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  const pairs = bytes.length - (bytes.length % 2);
  // RFC 9285 §4: each pair of bytes a·256 + b = c + d·45 + e·45² is written c d e.
  for (let i = 0; i < pairs; i += 2) {
    let n = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    out += ALPHABET.charAt(c) + ALPHABET.charAt(d) + ALPHABET.charAt((n - d) / 45);
  }
  // A final odd byte a = c + d·45 is written c d.
  if (pairs < bytes.length) {
    const n = bytes[pairs] as number;
    out += ALPHABET.charAt(n % 45) + ALPHABET.charAt(Math.floor(n / 45));
  }
  return out;
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function fail(position: number, problem: string, problemZh: string): never {
  throw new HutongError('ERR_SHOWING_BASE45', {
    field: 'base45',
    params: { position, problem },
    zhParams: { problem: problemZh },
  });
}

function valueAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const value = code < 256 ? (VALUES[code] as number) : -1;
  if (value < 0)
    fail(
      i + 1,
      'not a base45 character (0-9 A-Z space $ % * + - . / :)',
      '不是 base45 字符（0-9 A-Z 空格 $ % * + - . / :）',
    );
  return value;
}

/**
 * Decodes base45 strictly, from character `start` of `text` (0: the whole text). Throws
 * `ERR_SHOWING_BASE45` with the 1-based position in `text` for a character outside the
 * alphabet (lower case included), a length of 3n+1, a triplet above 65535 or a final pair
 * above 255.
 *
 * @example decodeBase45('QED8WEX0') // the bytes of 'ietf!' (RFC 9285 §4.3)
 */
export function decodeBase45(text: string, start = 0): Uint8Array {
  // The caller's own buffer, never a slab's region: it may keep or transfer it.
  const out = new Uint8Array(decodedLength(text, start));
  decodeInto(text, start, out, 0);
  return out;
}

/*
 * Decoded show codes are carved out of 8 KiB slabs, as Node carves small Buffers out of its
 * pool: a `new Uint8Array` of more than 64 bytes gets a backing store of its own outside V8's
 * heap (an allocation, zero-filling, and tracking until the collector frees it), which cost
 * ~0.2 µs per code against ~0.04 µs for a view of a slab (docs/design/show-code.md §8). A
 * region is never reused: a slab is replaced when full, and freed by the collector once no
 * view of it is left. A slab detached by a transfer (byteLength 0) is replaced the same way.
 */
const SLAB_BYTES = 8192;
const MAX_CARVED = 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function carve(length: number): Uint8Array {
  if (length > MAX_CARVED) return new Uint8Array(length);
  if (slabUsed + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, length);
  // Regions start on 8-byte boundaries, as the platform's own allocations do.
  slabUsed += (length + 7) & ~7;
  return out;
}

/** How many bytes the base45 text from character `start` decodes to (its length checked). */
function decodedLength(text: string, start: number): number {
  const length = text.length - start;
  if (length % 3 === 1)
    fail(
      text.length,
      'a length of 3n+1 characters cannot encode whole bytes',
      '长度为 3n+1 个字符，无法编码整数个字节',
    );
  return ((length - (length % 3)) / 3) * 2 + (length % 3 === 2 ? 1 : 0);
}

/**
 * `decodeBase45`, into a new buffer that keeps its first `room` bytes free: the show-code
 * reader puts the signature's domain tag there, so the signed bytes are a view of the one
 * buffer instead of a second copy of the payload (docs/design/show-code.md §8). The buffer
 * is a region of a shared slab (`carve`), never handed out twice, so no code's bytes can
 * change under another's pending signature check; its `buffer` is the slab's, not to be
 * transferred (internal to `showing/`: the show-code reader's views go to verifiers only).
 */
export function decodeBase45After(text: string, start: number, room: number): Uint8Array {
  const out = carve(room + decodedLength(text, start));
  decodeInto(text, start, out, room);
  return out;
}

function decodeInto(text: string, start: number, out: Uint8Array, room: number): void {
  // The fast path reads the text as bytes (one native call); it applies when every
  // character is ASCII, i.e. one byte each. Anything else is refused by the slow path,
  // which also names the position of a bad character.
  if (text.length <= scratch.length && ascii.encodeInto(text, scratch).written === text.length) {
    if (decodeBytes(scratch, start, text.length, out, room)) return;
  }
  decodeChars(text, start, out, room);
}

/** Decodes ASCII bytes; false at the first problem (the caller then reports it precisely). */
function decodeBytes(bytes: Uint8Array, start: number, end: number, out: Uint8Array, room: number): boolean {
  const full = end - ((end - start) % 3);
  let o = room;
  for (let i = start; i < full; i += 3) {
    const a = VALUES[bytes[i] as number] as number;
    const b = VALUES[bytes[i + 1] as number] as number;
    const c = VALUES[bytes[i + 2] as number] as number;
    const n = a + b * 45 + c * 2025;
    if ((a | b | c) < 0 || n > 0xffff) return false;
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (full < end) {
    const a = VALUES[bytes[full] as number] as number;
    const b = VALUES[bytes[full + 1] as number] as number;
    const n = a + b * 45;
    if ((a | b) < 0 || n > 0xff) return false;
    out[o] = n;
  }
  return true;
}

function decodeChars(text: string, start: number, out: Uint8Array, room: number): void {
  const full = text.length - ((text.length - start) % 3);
  let o = room;
  for (let i = start; i < full; i += 3) {
    const n = valueAt(text, i) + valueAt(text, i + 1) * 45 + valueAt(text, i + 2) * 2025;
    if (n > 0xffff) fail(i + 1, `the triplet is worth ${n}, more than 65535`, `三字符组的值为 ${n}，超过 65535`);
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (full < text.length) {
    const n = valueAt(text, full) + valueAt(text, full + 1) * 45;
    if (n > 0xff) fail(full + 1, `the final pair is worth ${n}, more than 255`, `末尾双字符组的值为 ${n}，超过 255`);
    out[o] = n;
  }
}
