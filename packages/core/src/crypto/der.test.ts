import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { fromHex } from './bytes.js';
import {
  DerReader,
  derBitString,
  derOctetString,
  derOid,
  derSequence,
  derSmallInteger,
  derTlv,
  derUnsignedInteger,
  readDerSequence,
} from './der.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HutongError) return error.code;
    throw error;
  }
  return undefined;
}

describe('DER reader (X.690 §10)', () => {
  it('reads a well-formed structure', () => {
    const der = derSequence(derSmallInteger(1), derOid('1.2.156.10197.1.301'), derOctetString(Uint8Array.of(1, 2)));
    const seq = readDerSequence(der, 'Test');
    expect(seq.smallInteger('version')).toBe(1);
    expect(seq.oid('curve')).toBe('1.2.156.10197.1.301');
    expect(seq.octetString('value')).toEqual(Uint8Array.of(1, 2));
    seq.end();
  });

  it('decodes and encodes OIDs with multi-byte arcs (X.690 §8.19)', () => {
    for (const oid of [
      '1.2.840.10045.2.1',
      '1.2.840.10045.3.1.7',
      '1.3.101.112',
      '2.999.3',
      '0.0',
      '1.2.156.10197.1.501',
    ]) {
      expect(new DerReader(derOid(oid), 'oid').oid('')).toBe(oid);
    }
    // id-ecPublicKey as OpenSSL writes it.
    expect(toHexString(derOid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201');
  });

  it('refuses non-minimal, indefinite and oversized lengths', () => {
    expect(codeOf(() => readDerSequence(fromHex('308105020101'), 'T'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL'); // long form for 5
    expect(codeOf(() => readDerSequence(fromHex('3080020101 0000'.replace(/ /g, '')), 'T'))).toBe(
      'ERR_CRYPTO_DER_NON_CANONICAL',
    ); // indefinite
    expect(codeOf(() => readDerSequence(fromHex('30820003020101'), 'T'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL'); // leading zero length octet
    expect(codeOf(() => readDerSequence(fromHex('3085ffffffffff'), 'T'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL'); // 5 length octets
    expect(codeOf(() => readDerSequence(fromHex('3084ffffffff'), 'T'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
  });

  it('refuses truncation, trailing bytes, wrong tags and multi-byte tags', () => {
    expect(codeOf(() => readDerSequence(fromHex('3004020101'), 'T'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
    expect(codeOf(() => readDerSequence(fromHex('300302010100'), 'T'))).toBe('ERR_CRYPTO_DER_TRAILING_DATA');
    expect(codeOf(() => readDerSequence(fromHex('3100'), 'T'))).toBe('ERR_CRYPTO_DER_UNEXPECTED_TAG');
    expect(codeOf(() => readDerSequence(new Uint8Array(0), 'T'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
    expect(codeOf(() => readDerSequence(fromHex('30'), 'T'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
    expect(codeOf(() => new DerReader(fromHex('1f0100'), 'T').read('x'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    const seq = readDerSequence(fromHex('3003020101'), 'T');
    seq.smallInteger('a');
    expect(codeOf(() => seq.smallInteger('b'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
  });

  it('refuses non-minimal and negative INTEGERs (X.690 §8.3.2)', () => {
    const read = (hex: string) => () => new DerReader(fromHex(hex), 'T').unsignedInteger('n');
    expect(codeOf(read('02020001'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    expect(codeOf(read('0202ff80'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    expect(codeOf(read('0200'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    expect(codeOf(read('020180'))).toBe('ERR_CRYPTO_DER_VALUE_INVALID');
    expect(new DerReader(fromHex('02020080'), 'T').unsignedInteger('n')).toEqual(Uint8Array.of(0x80));
    expect(new DerReader(fromHex('020100'), 'T').unsignedInteger('n')).toEqual(Uint8Array.of(0));
  });

  it('refuses OIDs with padded arcs, truncated arcs or no content', () => {
    expect(codeOf(() => new DerReader(fromHex('0603808101'), 'T').oid('o'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    expect(codeOf(() => new DerReader(fromHex('06022a86'), 'T').oid('o'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
    expect(codeOf(() => new DerReader(fromHex('0600'), 'T').oid('o'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
    expect(codeOf(() => new DerReader(fromHex('060a2affffffffffffffff7f'), 'T').oid('o'))).toBe(
      'ERR_CRYPTO_DER_VALUE_INVALID',
    );
  });

  it('refuses bit strings with unused bits and NULLs with content', () => {
    expect(codeOf(() => new DerReader(fromHex('03020100'), 'T').bitStringBytes('b'))).toBe(
      'ERR_CRYPTO_DER_VALUE_INVALID',
    );
    expect(codeOf(() => new DerReader(fromHex('0300'), 'T').bitStringBytes('b'))).toBe('ERR_CRYPTO_DER_TRUNCATED');
    expect(new DerReader(derBitString(Uint8Array.of(4, 5)), 'T').bitStringBytes('b')).toEqual(Uint8Array.of(4, 5));
    expect(codeOf(() => new DerReader(fromHex('050100'), 'T').null('n'))).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
  });

  it('names the element at fault and its offset', () => {
    try {
      const seq = readDerSequence(fromHex('300502010105 00'.replace(/ /g, '')), 'PrivateKeyInfo');
      seq.smallInteger('version');
      seq.oid('algorithm');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HutongError);
      expect((error as HutongError).code).toBe('ERR_CRYPTO_DER_UNEXPECTED_TAG');
      expect((error as HutongError).field).toBe('PrivateKeyInfo.algorithm');
      expect((error as HutongError).params.offset).toBe(5);
    }
  });

  it('writes minimal INTEGERs and long-form lengths', () => {
    expect(toHexString(derUnsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(toHexString(derUnsignedInteger(Uint8Array.of(0x80)))).toBe('02020080');
    expect(toHexString(derUnsignedInteger(Uint8Array.of(0, 0)))).toBe('020100');
    expect(toHexString(derSmallInteger(0))).toBe('020100');
    expect(toHexString(derTlv(0x04, new Uint8Array(200))).slice(0, 6)).toBe('0481c8');
    expect(toHexString(derTlv(0x04, new Uint8Array(300))).slice(0, 8)).toBe('0482012c');
  });

  it('never throws anything but HutongError on random input, whatever is asked of it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 6 }), (bytes, op) => {
        try {
          const reader = new DerReader(bytes, 'Fuzz');
          switch (op) {
            case 0:
              readDerSequence(bytes, 'Fuzz').end();
              break;
            case 1:
              reader.oid('o');
              break;
            case 2:
              reader.unsignedInteger('i');
              break;
            case 3:
              reader.bitStringBytes('b');
              break;
            case 4:
              reader.smallInteger('s');
              break;
            case 5:
              reader.sequence('q').read('x');
              break;
            default:
              reader.null('n');
          }
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        (octets, magnitude) => {
          const seq = readDerSequence(derSequence(derOctetString(octets), derUnsignedInteger(magnitude)), 'T');
          expect(seq.octetString('o')).toEqual(octets);
          const m = seq.unsignedInteger('i');
          seq.end();
          let i = 0;
          while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
          expect(m).toEqual(magnitude.subarray(i));
        },
      ),
    );
  });
});

function toHexString(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
