import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { toHex } from './bytes.js';
import { jwkThumbprint } from './jwk.js';
import { exportPublicJwk, importSigningKeyJwk, importVerificationKeyJwk } from './keys.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError) return error.code;
    throw error;
  }
  return undefined;
}

// RFC 7638 §3.1.
const RFC7638_RSA = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

// RFC 8037 Appendix A.1/A.2 (the key of RFC 8032 §7.1 TEST 1).
const RFC8037_PRIVATE = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};
const { d: _d, ...RFC8037_PUBLIC } = RFC8037_PRIVATE;

describe('JWK thumbprints (RFC 7638) are key ids', () => {
  it('matches RFC 7638 §3.1', async () => {
    expect(await jwkThumbprint(RFC7638_RSA)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('matches RFC 8037 Appendix A.3, and is the key id of the imported key', async () => {
    expect(await jwkThumbprint(RFC8037_PUBLIC)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const key = await importVerificationKeyJwk(RFC8037_PUBLIC);
    expect(key.keyId).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(exportPublicJwk(key)).toEqual(RFC8037_PUBLIC);
  });

  it('ignores optional members and member order, uses the required ones only', async () => {
    const reordered = { x: RFC8037_PUBLIC.x, use: 'sig', crv: 'Ed25519', kid: 'anything', kty: 'OKP' };
    expect(await jwkThumbprint(reordered)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    // The private member is not part of the thumbprint either.
    expect(await jwkThumbprint(RFC8037_PRIVATE)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('refuses key types it cannot thumbprint and missing members', async () => {
    expect(await codeOf(jwkThumbprint({ kty: 'oct', k: 'AAAA' }))).toBe('ERR_CRYPTO_JWK_INVALID');
    expect(await codeOf(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' }))).toBe('ERR_CRYPTO_JWK_INVALID');
    expect(await codeOf(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA', y: 7 }))).toBe('ERR_CRYPTO_JWK_INVALID');
    expect(await codeOf(jwkThumbprint([]))).toBe('ERR_CRYPTO_INPUT_TYPE');
    expect(await codeOf(jwkThumbprint('{"kty":"OKP"}'))).toBe('ERR_CRYPTO_INPUT_TYPE');
    // An inherited member is not a member (no prototype pollution into key ids).
    expect(await codeOf(jwkThumbprint(Object.create({ kty: 'OKP', crv: 'Ed25519', x: 'AA' })))).toBe(
      'ERR_CRYPTO_JWK_INVALID',
    );
  });
});

describe('JWK import', () => {
  it('signs RFC 8032 §7.1 TEST 1 exactly (Ed25519 is deterministic)', async () => {
    const key = await importSigningKeyJwk(RFC8037_PRIVATE);
    expect(key.suite).toBe('ed25519');
    const signature = await key.sign(new Uint8Array(0));
    expect(toHex(signature)).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(await key.publicKey.verify(new Uint8Array(0), signature)).toBe(true);
  });

  it('refuses malformed members with the member named', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ ...RFC8037_PUBLIC, x: `${RFC8037_PUBLIC.x}A` }, 'ERR_CRYPTO_JWK_INVALID', 'x'],
      [{ ...RFC8037_PUBLIC, x: RFC8037_PUBLIC.x.slice(0, -1) }, 'ERR_CRYPTO_JWK_INVALID', 'x'],
      [{ ...RFC8037_PUBLIC, x: `${RFC8037_PUBLIC.x}=` }, 'ERR_CRYPTO_JWK_INVALID', 'x'],
      [{ ...RFC8037_PUBLIC, crv: 'Ed448' }, 'ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED', 'crv'],
      [{ ...RFC8037_PUBLIC, kty: 'EC' }, 'ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED', 'crv'],
      [{ kty: 'EC', crv: 'P-256', x: RFC8037_PUBLIC.x }, 'ERR_CRYPTO_JWK_INVALID', 'y'],
      [{ crv: 'Ed25519', x: RFC8037_PUBLIC.x }, 'ERR_CRYPTO_JWK_INVALID', 'kty'],
      [RFC8037_PRIVATE, 'ERR_CRYPTO_JWK_INVALID', 'd'], // a private member in a public key
    ];
    for (const [jwk, code, field] of cases) {
      try {
        await importVerificationKeyJwk(jwk);
        expect.unreachable(JSON.stringify(jwk));
      } catch (error) {
        expect((error as HutongError).code, JSON.stringify(jwk)).toBe(code);
        expect((error as HutongError).field, JSON.stringify(jwk)).toBe(field);
      }
    }
    expect(await codeOf(importSigningKeyJwk(RFC8037_PUBLIC))).toBe('ERR_CRYPTO_JWK_INVALID');
    expect(await codeOf(importSigningKeyJwk({ ...RFC8037_PRIVATE, d: 'AAAA' }))).toBe('ERR_CRYPTO_JWK_INVALID');
  });

  it('refuses a private JWK whose x does not belong to d', async () => {
    const other = { ...RFC8037_PRIVATE, x: 'Pcb_hsPfX5gvEvRKQDBTmFVHwNtU6iZKF-tTrHkRkEs' };
    expect(await codeOf(importSigningKeyJwk(other))).toBe('ERR_CRYPTO_KEY_INVALID');
  });
});
