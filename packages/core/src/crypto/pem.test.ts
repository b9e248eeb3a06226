import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { decodePem, encodePem } from './pem.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HutongError) return error.code;
    throw error;
  }
  return undefined;
}

// An SM2 public key written by `openssl pkey -pubout` (shared/vectors/sm2.json).
const OPENSSL_PUBLIC = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEwh7jw1lKloy7FDzPmYDkLrAH1bgb
8IzdWAxbKg2k009etfhqft90B+KCUxh8jzGtlngSFiIBaopmzLXCz2/9FA==
-----END PUBLIC KEY-----
`;

describe('PEM (RFC 7468)', () => {
  it('decodes what OpenSSL writes and encodes it back identically', () => {
    const { label, der } = decodePem(OPENSSL_PUBLIC, ['PUBLIC KEY']);
    expect(label).toBe('PUBLIC KEY');
    expect(der.length).toBe(91);
    expect(encodePem('PUBLIC KEY', der)).toBe(OPENSSL_PUBLIC);
  });

  it('accepts CRLF line ends, surrounding blank lines and other line widths', () => {
    const crlf = `\r\n\r\n${OPENSSL_PUBLIC.replace(/\n/g, '\r\n')}\r\n`;
    expect(decodePem(crlf, ['PUBLIC KEY']).der.length).toBe(91);
    const joined = OPENSSL_PUBLIC.replace('bgb\n8Iz', 'bgb8Iz');
    expect(decodePem(joined, ['PUBLIC KEY']).der.length).toBe(91);
  });

  it('refuses the wrong label, naming the accepted ones', () => {
    try {
      decodePem(OPENSSL_PUBLIC, ['PRIVATE KEY']);
      expect.unreachable();
    } catch (error) {
      expect((error as HutongError).code).toBe('ERR_CRYPTO_PEM_LABEL_UNEXPECTED');
      expect((error as HutongError).params).toMatchObject({ label: 'PUBLIC KEY', expected: "'PRIVATE KEY'" });
    }
  });

  it('explains encrypted and traditional private keys instead of misreading them', () => {
    const encrypted = OPENSSL_PUBLIC.replace(/PUBLIC KEY/g, 'ENCRYPTED PRIVATE KEY');
    expect(codeOf(() => decodePem(encrypted, ['PRIVATE KEY']))).toBe('ERR_CRYPTO_KEY_FORM_UNSUPPORTED');
    const sec1 = OPENSSL_PUBLIC.replace(/PUBLIC KEY/g, 'EC PRIVATE KEY');
    expect(codeOf(() => decodePem(sec1, ['PRIVATE KEY']))).toBe('ERR_CRYPTO_KEY_FORM_UNSUPPORTED');
  });

  it('refuses two blocks, headers, text around the block, mismatched END and bad base64', () => {
    const malformed = [
      OPENSSL_PUBLIC + OPENSSL_PUBLIC,
      OPENSSL_PUBLIC.replace('-----\nMFkw', '-----\nProc-Type: 4,ENCRYPTED\n\nMFkw'),
      `Subject: someone\n${OPENSSL_PUBLIC}`,
      `${OPENSSL_PUBLIC}trailing words\n`,
      OPENSSL_PUBLIC.replace('END PUBLIC KEY', 'END PRIVATE KEY'),
      OPENSSL_PUBLIC.replace('MFkw', 'M*kw'),
      OPENSSL_PUBLIC.replace('FA==', 'FA='),
      OPENSSL_PUBLIC.replace('FA==', 'FB=='), // non-zero pad bits
      '-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----',
      '',
      'MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE',
    ];
    for (const text of malformed) {
      expect(
        codeOf(() => decodePem(text, ['PUBLIC KEY'])),
        JSON.stringify(text.slice(0, 60)),
      ).toBe('ERR_CRYPTO_PEM_MALFORMED');
    }
    expect(codeOf(() => decodePem(`${OPENSSL_PUBLIC}${' '.repeat(70_000)}`, ['PUBLIC KEY']))).toBe(
      'ERR_CRYPTO_PEM_MALFORMED',
    );
  });

  it('refuses input that is not text', () => {
    for (const value of [undefined, null, 42, new Uint8Array(3), {}]) {
      expect(codeOf(() => decodePem(value, ['PUBLIC KEY']))).toBe('ERR_CRYPTO_INPUT_TYPE');
    }
  });

  it('never throws anything but HutongError on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 60 }), (noise, bytes) => {
        const texts = [
          noise,
          `-----BEGIN PUBLIC KEY-----\n${noise}\n-----END PUBLIC KEY-----\n`,
          encodePem('PUBLIC KEY', bytes),
        ];
        for (const text of texts) {
          try {
            decodePem(text, ['PUBLIC KEY']);
          } catch (error) {
            expect(error).toBeInstanceOf(HutongError);
          }
        }
      }),
    );
  });
});
