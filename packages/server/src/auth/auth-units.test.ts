import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { hashToken } from './access-token.js';
import { assertMayActFor } from './assert-may-act-for.js';
import { parseCookieHeader, sessionCookies, sessionCookieValue } from './cookies.js';
import { LoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import { RateLimiter } from './rate-limit.js';
import { hashSecret, verifySecret } from './secret-hash.js';
import { base32Encode, hotp, matchTotp, totpStep } from './totp.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('TOTP (RFC 6238 Appendix B, SHA-1)', () => {
  const secret = new TextEncoder().encode('12345678901234567890');
  // RFC 6238 Appendix B: time (s) → 8-digit TOTP for the SHA-1 seed.
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('at %i s the code is %s', (seconds, code) => {
    expect(hotp(secret, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });

  it('matches the current code and one step either side, nothing further', () => {
    const now = new Date(1_800_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(secret, hotp(secret, step), now)).toBe(step);
    expect(matchTotp(secret, hotp(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, hotp(secret, step + 1), now)).toBe(step + 1);
    expect(matchTotp(secret, hotp(secret, step - 2), now)).toBeUndefined();
    expect(matchTotp(secret, '12345', now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('encodes base32 as RFC 4648 §10 does', () => {
    const enc = (s: string) => base32Encode(new TextEncoder().encode(s));
    expect([enc(''), enc('f'), enc('fo'), enc('foo'), enc('foob'), enc('fooba'), enc('foobar')]).toEqual([
      '',
      'MY',
      'MZXQ',
      'MZXW6',
      'MZXW6YQ',
      'MZXW6YTB',
      'MZXW6YTBOI',
    ]);
  });
});

describe('access token hashes', () => {
  it('are the hex SHA-256 of the token’s UTF-8, as every stored access_tokens.token_hash was written', () => {
    // FIPS 180-4 example: SHA-256("abc").
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (token) => {
        expect(hashToken(token)).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
      }),
    );
  });
});

describe('secret hashes (scrypt)', () => {
  it('verifies the right secret only, and never throws on a foreign stored value', async () => {
    const stored = await hashSecret('correct horse battery staple', { logN: 10, r: 8, p: 1 });
    expect(await verifySecret('correct horse battery staple', stored)).toBe(true);
    expect(await verifySecret('correct horse battery stapl', stored)).toBe(false);
    expect(await verifySecret('x', 'plain-text-password')).toBe(false);
    expect(
      await verifySecret('x', 'scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).toBe(false);
  });
});

describe('assertMayActFor', () => {
  const client: Principal = {
    kind: 'client',
    clientId: 'c',
    organisationCode: '91350100M000100Y43',
    scopes: ['licence:issue'],
    licenceTypes: ['11100000000013338W032'],
  };
  it('lets a client act for its own organisation on its own types only', () => {
    expect(
      codeOf(() => assertMayActFor(client, { issuerCode: '91350100M000100Y43', typeCode: '11100000000013338W032' })),
    ).toBeUndefined();
    expect(codeOf(() => assertMayActFor(client, { issuerCode: '11220000013544541J' }))).toBe(
      'ERR_AUTH_ISSUER_FORBIDDEN',
    );
    expect(codeOf(() => assertMayActFor(client, { typeCode: '11100000000013338W011' }))).toBe(
      'ERR_AUTH_TYPE_FORBIDDEN',
    );
    expect(
      codeOf(() => assertMayActFor({ ...client, licenceTypes: '*' }, { typeCode: '11100000000013338W011' })),
    ).toBeUndefined();
  });
  it('binds staff to their organisation unless they are platform staff, and refuses the anonymous', () => {
    const operator: Principal = {
      kind: 'staff',
      userId: 'u',
      username: 'u',
      organisationCode: '91350100M000100Y43',
      roles: ['department-operator'],
    };
    expect(codeOf(() => assertMayActFor(operator, { issuerCode: '11220000013544541J' }))).toBe(
      'ERR_AUTH_ISSUER_FORBIDDEN',
    );
    expect(
      codeOf(() => assertMayActFor({ ...operator, organisationCode: null }, { issuerCode: '11220000013544541J' })),
    ).toBeUndefined();
    expect(codeOf(() => assertMayActFor({ kind: 'anonymous' }, { typeCode: '11100000000013338W032' }))).toBe(
      'ERR_AUTH_TYPE_FORBIDDEN',
    );
  });
});

describe('rate limiter (token bucket)', () => {
  it('allows a burst, then one request per refill interval, with an honest Retry-After', () => {
    const limiter = new RateLimiter();
    const settings = { burst: 3, perSecond: 0.5 };
    expect([0, 0, 0].map((_, i) => limiter.take('k', settings, 1000 + i))).toEqual([0, 0, 0]);
    expect(limiter.take('k', settings, 1003)).toBe(2);
    expect(limiter.take('other', settings, 1003)).toBe(0);
    expect(limiter.take('k', settings, 3100)).toBe(0);
  });
  it('keeps memory bounded', () => {
    const limiter = new RateLimiter(10);
    for (let i = 0; i < 1000; i++) limiter.take(`k${i}`, { burst: 1, perSecond: 1 }, 0);
    // The oldest key was evicted: it starts with a full bucket again.
    expect(limiter.take('k0', { burst: 1, perSecond: 1 }, 0)).toBe(0);
  });
});

describe('login throttle', () => {
  it('refuses a user name after five failures for the window, and forgets after it', () => {
    const throttle = new LoginThrottle({ windowSeconds: 60 });
    const t0 = new Date(0);
    for (let i = 0; i < 5; i++) throttle.failed('zhang', '10.0.0.1', t0);
    expect(throttle.retryAfter('zhang', '10.0.0.2', t0)).toBe(60);
    expect(throttle.retryAfter('li', '10.0.0.2', t0)).toBe(0);
    expect(throttle.retryAfter('zhang', '10.0.0.2', new Date(61_000))).toBe(0);
  });
  it('refuses an address that sprays many names', () => {
    const throttle = new LoginThrottle({ maxPerAddress: 3 });
    const t0 = new Date(0);
    for (const name of ['a', 'b', 'c']) throttle.failed(name, '10.0.0.9', t0);
    expect(throttle.retryAfter('d', '10.0.0.9', t0)).toBeGreaterThan(0);
  });
});

describe('session cookies', () => {
  it('parses hostile Cookie headers without throwing and finds either name form', () => {
    fc.assert(fc.property(fc.string(), (header) => void parseCookieHeader(header)));
    expect(sessionCookieValue('a=1; __Host-hutong-session=abc; hutong-session=def')).toBe('abc');
    expect(sessionCookieValue('hutong-session=def')).toBe('def');
    expect(sessionCookieValue(undefined)).toBeUndefined();
  });
  it('marks cookies Secure with the __Host- prefix except on plain-http loopback', () => {
    const [session, csrf] = sessionCookies('s', 'c', { secure: true, maxAge: 60 });
    expect(session).toBe('__Host-hutong-session=s; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure');
    expect(csrf).toBe('__Host-hutong-csrf=c; Path=/; Max-Age=60; SameSite=Strict; Secure');
  });
});
