import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, SHORT_UTF8_BYTES } from './utf8.js';

const platform = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The platform's answer: the text, or undefined where it throws. */
function reference(bytes: Uint8Array): string | undefined {
  try {
    return platform.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes `bytes` from inside a larger buffer, so that start and end are exercised too. */
function decodeInside(bytes: Uint8Array, before: number, after: number): string | undefined {
  const all = new Uint8Array(before + bytes.length + after).fill(0x41);
  all.set(bytes, before);
  return decodeUtf8(all, before, before + bytes.length);
}

// Bytes around every boundary the WHATWG decoder distinguishes, so that random arrays hit them.
const edgeByte = fc.constantFrom(
  0x00,
  0x41,
  0x7f,
  0x80,
  0x8f,
  0x90,
  0x9f,
  0xa0,
  0xbf,
  0xc0,
  0xc1,
  0xc2,
  0xdf,
  0xe0,
  0xe1,
  0xec,
  0xed,
  0xee,
  0xef,
  0xf0,
  0xf1,
  0xf3,
  0xf4,
  0xf5,
  0xfe,
  0xff,
);

describe('decodeUtf8 answers as TextDecoder(utf-8, fatal, ignoreBOM)', () => {
  it('on fixed cases: overlong forms, surrogates, past U+10FFFF, cut short, BOM kept', () => {
    const cases: number[][] = [
      [],
      [0x61],
      [0xef, 0xbb, 0xbf, 0x61],
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xc2, 0x80],
      [0xe0, 0x80, 0x80],
      [0xe0, 0xa0, 0x80],
      [0xed, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf0, 0x90, 0x80, 0x80],
      [0xf4, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe4, 0xb8],
      [0xe4, 0xb8, 0x41],
      [0x80],
      [0xff],
    ];
    for (const bytes of cases) {
      const array = new Uint8Array(bytes);
      expect(decodeUtf8(array, 0, array.length)).toBe(reference(array));
      expect(decodeInside(array, 3, 2)).toBe(reference(array));
    }
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf]), 0, 3)).toBe('\ufeff');
  });

  it('on any text, short or past the JavaScript path (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(4), fc.nat(4), (text, before, after) => {
        const bytes = new TextEncoder().encode(text);
        expect(decodeInside(bytes, before, after)).toBe(text);
      }),
      { numRuns: 5_000 },
    );
  });

  it('on any bytes, valid or not (fast-check)', () => {
    const bytes = fc
      .array(fc.oneof(edgeByte, fc.integer({ min: 0, max: 255 })), { maxLength: SHORT_UTF8_BYTES + 8 })
      .map((b) => new Uint8Array(b));
    fc.assert(
      fc.property(bytes, fc.nat(4), fc.nat(4), (array, before, after) => {
        expect(decodeInside(array, before, after)).toBe(reference(array));
      }),
      { numRuns: 20_000 },
    );
  });
});
