import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  base64UrlDecode,
  base64UrlEncode,
  bigIntToBytes,
  bytesToBigInt,
  fromHex,
  toHex,
} from './bytes.js';

describe('base64 and base64url (RFC 4648)', () => {
  it('encodes the RFC 4648 §10 test vectors', () => {
    const cases: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of cases) {
      const bytes = new TextEncoder().encode(plain);
      expect(base64Encode(bytes)).toBe(encoded);
      expect(base64Decode(encoded)).toEqual(bytes);
      expect(base64UrlEncode(bytes)).toBe(encoded.replace(/=+$/, ''));
      expect(base64UrlDecode(encoded.replace(/=+$/, ''))).toEqual(bytes);
    }
  });

  it('uses the URL-safe alphabet without padding (RFC 7515 §2)', () => {
    expect(base64UrlEncode(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(base64UrlDecode('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it('refuses non-canonical and malformed text (RFC 4648 §3.5)', () => {
    expect(base64UrlDecode('Zh')).toBeUndefined(); // 'f' is Zg: the pad bits of h are not zero
    expect(base64UrlDecode('Zg==')).toBeUndefined(); // padding is not base64url
    expect(base64UrlDecode('Z')).toBeUndefined(); // one character cannot encode a byte
    expect(base64UrlDecode('Zm9v+')).toBeUndefined();
    expect(base64Decode('Zm9')).toBeUndefined(); // unpadded
    expect(base64Decode('Zm9v\n')).toBeUndefined();
    expect(base64Decode('Zh==')).toBeUndefined();
    expect(base64Decode('Z===')).toBeUndefined();
    expect(base64Decode('Zm=v')).toBeUndefined();
    expect(base64Decode('Zm9vé===')).toBeUndefined();
  });

  it('round-trips any bytes, and decoding never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
        expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const a = base64Decode(text);
        const b = base64UrlDecode(text);
        // Whatever decodes must re-encode to the same text: one byte string, one text form.
        if (a !== undefined) expect(base64Encode(a)).toBe(text);
        if (b !== undefined) expect(base64UrlEncode(b)).toBe(text);
      }),
    );
  });
});

describe('hex and big-endian integers', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(bigIntToBytes(bytesToBigInt(bytes), 32)).toEqual(bytes);
      }),
    );
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
  });
});
