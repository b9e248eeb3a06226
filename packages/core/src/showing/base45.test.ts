import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { decodeBase45, decodeBase45After, encodeBase45 } from './base45.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function refusal(text: string): HutongError {
  try {
    decodeBase45(text);
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError');
}

describe('base45: RFC 9285 §4.3 examples', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
  ])('encodes %j as %j', (plain, encoded) => {
    expect(encodeBase45(utf8(plain))).toBe(encoded);
    expect(decodeBase45(encoded)).toEqual(utf8(plain));
  });

  it('decodes "QED8WEX0" as "ietf!"', () => {
    expect(new TextDecoder().decode(decodeBase45('QED8WEX0'))).toBe('ietf!');
  });

  it('encodes the edges: nothing, 0x00, 0xff, 0xffff', () => {
    expect(encodeBase45(new Uint8Array())).toBe('');
    expect(encodeBase45(new Uint8Array([0]))).toBe('00');
    expect(encodeBase45(new Uint8Array([255]))).toBe('U5');
    expect(encodeBase45(new Uint8Array([255, 255]))).toBe('FGW');
  });
});

describe('base45: strict decoding (RFC 9285 §4.2)', () => {
  it.each([
    ['a triplet worth more than 65535', 'GGW', 1],
    ['a final pair worth more than 255', 'V5', 1],
    ['a lower-case letter', 'bb8', 1],
    ['a character outside the alphabet', 'BB8_', 4],
    ['a length of 3n+1', 'BB8A', 4],
    ['a non-ASCII character', 'BB8中00', 4],
  ])('refuses %s', (_name, text, position) => {
    const error = refusal(text);
    expect(error.code).toBe('ERR_SHOWING_BASE45');
    expect(error.params.position).toBe(position);
  });

  it('round-trips any bytes, and each byte string has exactly one encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase45(bytes);
        expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
        expect(text.length).toBe(Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2);
        expect(decodeBase45(text)).toEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:') }), (text) => {
        try {
          // Whatever decodes re-encodes to the very same text: no second spelling.
          expect(encodeBase45(decodeBase45(text))).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
    );
  });
});

describe('decodeBase45After: regions of shared slabs', () => {
  it('gives every code a region of its own: writing one leaves every other as decoded', () => {
    const texts = Array.from({ length: 200 }, (_, i) => encodeBase45(new Uint8Array(150 + (i % 7)).fill(i & 0xff)));
    const decoded = texts.map((text) => decodeBase45After(text, 0, 19));
    for (const [i, bytes] of decoded.entries()) {
      expect(bytes.length).toBe(19 + 150 + (i % 7));
      bytes.fill(0xee, 0, 19);
    }
    for (const [i, bytes] of decoded.entries()) {
      expect(bytes.subarray(19)).toEqual(new Uint8Array(150 + (i % 7)).fill(i & 0xff));
      expect(bytes.subarray(0, 19)).toEqual(new Uint8Array(19).fill(0xee));
    }
  });

  it('decodes on after the buffer of a region was transferred away (a detached slab is replaced)', () => {
    const text = encodeBase45(new Uint8Array(100).fill(7));
    const first = decodeBase45After(text, 0, 0);
    structuredClone(first.buffer, { transfer: [first.buffer] });
    expect(first.length).toBe(0);
    expect(decodeBase45After(text, 0, 0)).toEqual(new Uint8Array(100).fill(7));
  });

  it('decodeBase45 answers a buffer of its own, never a slab', () => {
    const bytes = decodeBase45(encodeBase45(new Uint8Array(100).fill(3)));
    expect([bytes.byteOffset, bytes.buffer.byteLength]).toEqual([0, 100]);
  });
});
