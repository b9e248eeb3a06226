/**
 * Strict UTF-8 decoding of the short texts of a code (face keys, shown values): what
 * `new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })` answers, in JavaScript.
 * Platform decoders cross into native code for every call, which for texts of a few bytes
 * costs more than the decoding itself (Node 20: ~120 ns a call against ~50 ns here;
 * docs/design/show-code.md §8); longer texts still go to the platform. Internal to `showing/`.
 */

/** Texts up to this many bytes are decoded here; longer ones by the platform's decoder. */
export const SHORT_UTF8_BYTES = 64;

const platformDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One reused array of UTF-16 code units per text length (1 to SHORT_UTF8_BYTES): the text
 * is one String.fromCharCode call with no array grown per text. Decoding is synchronous, so
 * no two decodes share an array at once.
 */
const unitsOfLength: number[][] = [];

function unitsFor(length: number): number[] {
  let units = unitsOfLength[length];
  if (units === undefined) {
    units = new Array<number>(length).fill(0);
    unitsOfLength[length] = units;
  }
  return units;
}

/**
 * The number of UTF-16 code units `bytes[start, end)` decodes to, or -1 when they are not
 * UTF-8 as the WHATWG Encoding Standard's decoder (§8.1.1) reads it with error mode "fatal":
 * no overlong forms (C0, C1, E0 80–9F, F0 80–8F), no surrogates (ED A0–BF), nothing past
 * U+10FFFF (F4 90–, F5–FF), no stray continuation byte, no sequence cut short by the end.
 */
function unitCount(bytes: Uint8Array, start: number, end: number): number {
  let units = 0;
  let i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      units += 1;
      continue;
    }
    let lower = 0x80;
    let upper = 0xbf;
    let needed: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      needed = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      if (lead === 0xe0) lower = 0xa0;
      else if (lead === 0xed) upper = 0x9f;
      needed = 2;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      if (lead === 0xf0) lower = 0x90;
      else if (lead === 0xf4) upper = 0x8f;
      needed = 3;
    } else {
      return -1;
    }
    // A sequence cut short by the end of the text.
    if (i + needed >= end) return -1;
    const second = bytes[i + 1] as number;
    if (second < lower || second > upper) return -1;
    for (let k = 2; k <= needed; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return -1;
    }
    i += needed + 1;
    // Four-byte sequences are beyond the Basic Multilingual Plane: a surrogate pair.
    units += needed === 3 ? 2 : 1;
  }
  return units;
}

/**
 * Decodes `bytes[start, end)` as strict UTF-8 (a leading U+FEFF is content, as with
 * `ignoreBOM`); undefined when they are not valid UTF-8.
 *
 * @example decodeUtf8(new TextEncoder().encode('王小明'), 0, 9) // '王小明'
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > SHORT_UTF8_BYTES) {
    try {
      return platformDecoder.decode(bytes.subarray(start, end));
    } catch {
      return undefined;
    }
  }
  if (start === end) return '';
  // ASCII (face keys, most numbers and codes): one pass, one unit a byte.
  const ascii = unitsFor(end - start);
  let i = start;
  while (i < end && (bytes[i] as number) < 0x80) {
    ascii[i - start] = bytes[i] as number;
    i++;
  }
  if (i === end) return String.fromCharCode.apply(null, ascii);
  const count = unitCount(bytes, start, end);
  if (count < 0) return undefined;
  const units = unitsFor(count);
  // The ASCII run already read is written again: unitCount has checked every sequence after
  // it, and here each is only assembled.
  let o = 0;
  i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      units[o++] = lead;
      i += 1;
    } else if (lead < 0xe0) {
      units[o++] = ((lead & 0x1f) << 6) | ((bytes[i + 1] as number) & 0x3f);
      i += 2;
    } else if (lead < 0xf0) {
      units[o++] = ((lead & 0x0f) << 12) | (((bytes[i + 1] as number) & 0x3f) << 6) | ((bytes[i + 2] as number) & 0x3f);
      i += 3;
    } else {
      const point =
        (((lead & 0x07) << 18) |
          (((bytes[i + 1] as number) & 0x3f) << 12) |
          (((bytes[i + 2] as number) & 0x3f) << 6) |
          ((bytes[i + 3] as number) & 0x3f)) -
        0x10000;
      units[o++] = 0xd800 | (point >> 10);
      units[o++] = 0xdc00 | (point & 0x3ff);
      i += 4;
    }
  }
  return String.fromCharCode.apply(null, units);
}
