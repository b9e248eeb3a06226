import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { fromHex, toHex } from './bytes.js';
import { derToRawSignature, rawToDerSignature } from './signature-encoding.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HutongError) return error.code;
    throw error;
  }
  return undefined;
}

// The OpenSSL-made SM2 signature of shared/vectors/sm2.json: both integers need a 0x00 sign octet.
const OPENSSL_DER =
  '30460221008659c857484ea842f9edf9dd2388307c58b65b62ed675a81cdf94ab4990716bb0221009fb9f864ad6fb267ad84365271675bdb03be8119642ccd9f33f2d6969789a613';
const OPENSSL_RAW =
  '8659c857484ea842f9edf9dd2388307c58b65b62ed675a81cdf94ab4990716bb9fb9f864ad6fb267ad84365271675bdb03be8119642ccd9f33f2d6969789a613';

describe('DER ⇄ raw signatures', () => {
  it('converts an OpenSSL SM2 signature both ways', () => {
    expect(toHex(derToRawSignature(fromHex(OPENSSL_DER), 'sm2-sm3'))).toBe(OPENSSL_RAW);
    expect(toHex(rawToDerSignature(fromHex(OPENSSL_RAW)))).toBe(OPENSSL_DER);
  });

  it('left-pads short integers and writes them minimally', () => {
    const raw = new Uint8Array(64);
    raw[31] = 1; // r = 1
    raw[32] = 0x7f; // s has no leading zero and no sign octet
    const der = rawToDerSignature(raw);
    expect(toHex(der)).toBe(`3025020101 0220 7f${'00'.repeat(31)}`.replace(/ /g, ''));
    expect(derToRawSignature(der, 'ecdsa-p256')).toEqual(raw);
  });

  it('refuses BER leniencies and out-of-range integers with typed errors', () => {
    const cases: Array<[string, string]> = [
      ['300702020001020101', 'ERR_CRYPTO_DER_NON_CANONICAL'], // r = 0x0001: padded
      ['3006020101020180', 'ERR_CRYPTO_DER_VALUE_INVALID'], // s = 0x80: negative
      ['30060201010201', 'ERR_CRYPTO_DER_TRUNCATED'], // declared longer than it is
      ['300602010102010100', 'ERR_CRYPTO_DER_TRAILING_DATA'], // a byte after the sequence
      ['308106020101020101', 'ERR_CRYPTO_DER_NON_CANONICAL'], // long-form length for 6
      ['3009020101020101020101', 'ERR_CRYPTO_DER_TRAILING_DATA'], // a third integer
      ['3003020101', 'ERR_CRYPTO_DER_TRUNCATED'], // no s
      ['3006020100020101', 'ERR_CRYPTO_SIGNATURE_INTEGER_RANGE'], // r = 0
      [`3027 0222 0001${'00'.repeat(32)} 020101`.replace(/ /g, ''), 'ERR_CRYPTO_DER_NON_CANONICAL'],
      [`3026 0221 01${'00'.repeat(32)} 020101`.replace(/ /g, ''), 'ERR_CRYPTO_SIGNATURE_INTEGER_RANGE'], // r ≥ 2^256
      ['3180', 'ERR_CRYPTO_DER_UNEXPECTED_TAG'],
      ['', 'ERR_CRYPTO_DER_TRUNCATED'],
    ];
    for (const [hex, code] of cases)
      expect(
        codeOf(() => derToRawSignature(fromHex(hex), 'sm2-sm3')),
        hex,
      ).toBe(code);
  });

  it('has no DER form for Ed25519 and knows no other suite', () => {
    expect(codeOf(() => derToRawSignature(fromHex(OPENSSL_DER), 'ed25519'))).toBe('ERR_CRYPTO_SIGNATURE_NO_DER_FORM');
    expect(codeOf(() => derToRawSignature(fromHex(OPENSSL_DER), 'rsa'))).toBe('ERR_CRYPTO_SUITE_UNKNOWN');
  });

  it('refuses raw signatures of the wrong length or with a zero half', () => {
    expect(codeOf(() => rawToDerSignature(new Uint8Array(63)))).toBe('ERR_CRYPTO_SIGNATURE_LENGTH');
    expect(codeOf(() => rawToDerSignature(new Uint8Array(64)))).toBe('ERR_CRYPTO_SIGNATURE_INTEGER_RANGE');
    expect(codeOf(() => rawToDerSignature('00'))).toBe('ERR_CRYPTO_INPUT_TYPE');
    expect(codeOf(() => derToRawSignature(OPENSSL_DER, 'sm2-sm3'))).toBe('ERR_CRYPTO_INPUT_TYPE');
  });

  it('round-trips raw → DER → raw for every signature with non-zero halves', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (raw) => {
        const zeroHalf = raw.subarray(0, 32).every((b) => b === 0) || raw.subarray(32).every((b) => b === 0);
        if (zeroHalf) {
          expect(codeOf(() => rawToDerSignature(raw))).toBe('ERR_CRYPTO_SIGNATURE_INTEGER_RANGE');
          return;
        }
        const der = rawToDerSignature(raw);
        expect(der.length).toBeLessThanOrEqual(72);
        expect(derToRawSignature(der, 'ecdsa-p256')).toEqual(raw);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws anything but HutongError on random bytes, and accepts only canonical DER', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        let raw: Uint8Array;
        try {
          raw = derToRawSignature(bytes, 'sm2-sm3');
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
          return;
        }
        // Whatever was accepted is exactly the canonical encoding of its value.
        expect(rawToDerSignature(raw)).toEqual(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives mutations of a valid signature without throwing anything but HutongError', () => {
    const valid = fromHex(OPENSSL_DER);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), (index, value) => {
        const mutated = valid.slice();
        mutated[index] = value;
        try {
          const raw = derToRawSignature(mutated, 'sm2-sm3');
          expect(rawToDerSignature(raw)).toEqual(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
