import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { formatVerificationMethod, isKeyId, parseVerificationMethod } from './verification-method.js';

// RFC 7638 §3.1's example thumbprint: a real SHA-256 key id.
const KEY_ID = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const ISSUER = '91350100M000100Y43';

function failure(value: unknown): { code: string; field: string | undefined } {
  try {
    parseVerificationMethod(value);
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('verification methods', () => {
  it('splits <issuer USCC>#<key id>', () => {
    expect(parseVerificationMethod(`${ISSUER}#${KEY_ID}`)).toEqual({ issuerCode: ISSUER, keyId: KEY_ID });
    expect(formatVerificationMethod(ISSUER, KEY_ID)).toBe(`${ISSUER}#${KEY_ID}`);
  });

  it('knows a key id when it sees one', () => {
    expect(isKeyId(KEY_ID)).toBe(true);
    expect(isKeyId(`${KEY_ID}=`)).toBe(false);
    expect(isKeyId(KEY_ID.slice(1))).toBe(false);
    expect(isKeyId(`${KEY_ID.slice(0, 42)}t`)).toBe(false); // non-zero trailing bits
    expect(isKeyId(42)).toBe(false);
  });

  it.each([
    ['no #', `${ISSUER}${KEY_ID}`, 'ERR_LICENCE_VERIFICATION_METHOD'],
    ['two #', `${ISSUER}#${KEY_ID}#x`, 'ERR_LICENCE_VERIFICATION_METHOD'],
    ['not a string', 7, 'ERR_LICENCE_VERIFICATION_METHOD'],
    ['a URL', `did:web:example.cn#${KEY_ID}`, 'ERR_USCC_CHARSET'],
    ['a bad issuer check character', `91350100M000100Y44#${KEY_ID}`, 'ERR_USCC_CHECK'],
    ['an empty key id', `${ISSUER}#`, 'ERR_LICENCE_KEY_ID'],
    ['a padded key id', `${ISSUER}#${KEY_ID}=`, 'ERR_LICENCE_KEY_ID'],
    ['a short key id', `${ISSUER}#abc`, 'ERR_LICENCE_KEY_ID'],
  ])('refuses %s', (_label, value, code) => {
    expect(failure(value)).toEqual({ code, field: 'proof.verificationMethod' });
  });
});
