import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { decodeBase64url, encodeBase64url, encodeBase64urlOf } from './base64url.js';

function problem(text: unknown): string {
  try {
    decodeBase64url(text, 'proof.signatureValue');
  } catch (error) {
    if (error instanceof HutongError) {
      expect(error.code).toBe('ERR_LICENCE_BASE64URL');
      expect(error.field).toBe('proof.signatureValue');
      return String(error.params.problem);
    }
    throw error;
  }
  throw new Error(`expected ${String(text)} to be refused`);
}

describe('base64url', () => {
  // RFC 4648 §10 test vectors, written in the URL-safe alphabet without padding.
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 §10: "%s" ↔ "%s"', (plain, encoded) => {
    const bytes = new TextEncoder().encode(plain);
    expect(encodeBase64url(bytes)).toBe(encoded);
    expect(decodeBase64url(encoded)).toEqual(bytes);
  });

  it('uses - and _ where base64 uses + and /', () => {
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(decodeBase64url('-_-_')).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('writes what Node writes (Buffer base64url), at every length either side of the short path (signatures: 64 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 500 },
    );
    for (const length of [47, 48, 63, 64, 65, 95, 96, 97]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 89 + 7) & 0xff);
      expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('refuses padding', () => {
    expect(problem('Zg==')).toMatch(/padding/);
    expect(problem('Zm8=')).toMatch(/padding/);
  });

  it.each([
    ['standard base64 +', 'ab+c'],
    ['standard base64 /', 'ab/c'],
    ['space', 'Zm9v Yg'],
    ['newline', 'Zm9v\nYg'],
    ['non-ASCII', 'Zm9vYé'],
  ])('refuses a character outside the alphabet: %s', (_label, text) => {
    expect(problem(text)).toMatch(/alphabet/);
  });

  it('refuses an impossible length (4n+1)', () => {
    expect(problem('Zm9vY')).toMatch(/length/);
  });

  it('refuses non-zero trailing bits (RFC 4648 §3.5), so each byte string has one encoding', () => {
    // "Zg" and "Zh" would both decode to "f" with a lax decoder.
    expect(decodeBase64url('Zg')).toEqual(new Uint8Array([0x66]));
    expect(problem('Zh')).toMatch(/unused bits/);
    expect(problem('Zm9')).toMatch(/unused bits/);
  });

  it('refuses non-strings with a typed error', () => {
    expect(problem(42)).toMatch(/string/);
    expect(problem(null)).toMatch(/string/);
  });

  it('every non-canonical variation of a valid encoding is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (bytes, n) => {
        const text = encodeBase64url(bytes);
        if (text.length % 4 === 0) return; // no unused bits to flip
        const last = text.charAt(text.length - 1);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const unusedBits = text.length % 4 === 2 ? 4 : 2;
        const flipped = alphabet.charAt(alphabet.indexOf(last) ^ (1 + (n % ((1 << unusedBits) - 1))));
        expect(() => decodeBase64url(text.slice(0, -1) + flipped)).toThrow(HutongError);
      }),
    );
  });

  it('encodeBase64urlOf a run of bytes is encodeBase64url of its copy, inside any buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(120), fc.nat(120), (bytes, a, b) => {
        const start = Math.min(a, b, bytes.length);
        const end = Math.min(Math.max(a, b), bytes.length);
        expect(encodeBase64urlOf(bytes, start, end)).toBe(encodeBase64url(bytes.slice(start, end)));
      }),
      { numRuns: 2_000 },
    );
  });
});
