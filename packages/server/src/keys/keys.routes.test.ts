import { exportSpkiPem, generateSigningKey, importVerificationKeyPem } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/create-organisation.js';
import { openTestApp, type TestApp } from '../organisations/test-support/test-app.js';
import { departmentInput, TEST_USCC } from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';

const ISSUER = TEST_USCC.police;
const base = `/api/v1/issuers/${ISSUER}/keys`;

describe.each(TEST_DATABASES)('key routes on $dialect', ({ create }) => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await openTestApp(create);
    await createOrganisation(t.ctx, departmentInput(ISSUER), { actor: 'system' });
    await createOrganisation(
      t.ctx,
      { ...departmentInput(TEST_USCC.hotel), kind: 'relying-party' },
      { actor: 'system' },
    );
    admin = { ...(await t.staff('platform-admin')).headers };
  });
  afterAll(async () => {
    await t.close();
  });

  it('generates, rotates, retires and revokes keys; publishes every key’s public half to anyone', async () => {
    const generated = await t.app.inject({ method: 'POST', url: base, payload: { custody: 'node' }, headers: admin });
    expect(generated.statusCode).toBe(201);
    expect(generated.json()).toMatchObject({ suite: 'sm2-sm3', custody: 'node', status: 'active', issuerCode: ISSUER });
    const rotated = await t.app.inject({ method: 'POST', url: `${base}/rotate`, payload: {}, headers: admin });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().retired.keyId).toBe(generated.json().keyId);
    const own = await generateSigningKey('ed25519');
    const external = await t.app.inject({
      method: 'POST',
      url: base,
      payload: { custody: 'external', publicKeyPem: exportSpkiPem(own), validFrom: '2026-01-01T00:00:00+08:00' },
      headers: admin,
    });
    expect(external.statusCode).toBe(201);
    expect(external.json()).toMatchObject({
      keyId: own.keyId,
      custody: 'external',
      validFrom: '2025-12-31T16:00:00.000Z',
    });
    const retired = await t.app.inject({ method: 'POST', url: `${base}/${own.keyId}/retire`, headers: admin });
    expect(retired.json().status).toBe('retired');
    const revoked = await t.app.inject({
      method: 'POST',
      url: `${base}/${rotated.json().key.keyId}/revoke`,
      payload: { reason: 'HSM lost' },
      headers: admin,
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revocationReason: 'HSM lost' });

    const published = await t.app.inject({ url: base });
    expect(published.statusCode).toBe(200);
    expect(published.headers['cache-control']).toMatch(/max-age/);
    const keys = published.json() as Array<Record<string, unknown>>;
    expect(keys.map((k) => k.status).sort()).toEqual(['retired', 'retired', 'revoked']);
    for (const key of keys) {
      expect(
        Object.keys(key).every((name) =>
          ['keyId', 'suite', 'publicKeyPem', 'jwk', 'validFrom', 'validUntil', 'status', 'revokedAt'].includes(name),
        ),
      ).toBe(true);
      // Each published PEM is the key its id names.
      expect((await importVerificationKeyPem(key.publicKeyPem)).keyId).toBe(key.keyId);
    }
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE|sealed|"d":/);
  });

  it('refuses key changes to anyone but a platform administrator', async () => {
    const payloads: Array<[string, string, unknown]> = [
      ['POST', base, { custody: 'node', suite: 'ed25519' }],
      ['POST', `${base}/rotate`, {}],
      ['POST', `${base}/${'A'.repeat(43)}/retire`, undefined],
      ['POST', `${base}/${'A'.repeat(43)}/revoke`, { reason: 'x' }],
    ];
    const operator = (await t.staff('department-operator')).headers;
    const issuerClient = await t.client('licence:issue', 'catalogue:admin');
    for (const [method, url, payload] of payloads) {
      const request = {
        method: method as 'POST',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      };
      expect([url, (await t.app.inject(request)).statusCode]).toEqual([url, 401]);
      expect([url, (await t.app.inject({ ...request, headers: operator })).statusCode]).toEqual([url, 403]);
      expect([url, (await t.app.inject({ ...request, headers: { authorization: issuerClient } })).statusCode]).toEqual([
        url,
        403,
      ]);
    }
  });

  it('answers bad input with precise problem details and writes nothing', async () => {
    const before = (await t.app.inject({ url: base })).json().length;
    const cases: Array<[string, unknown, number, string]> = [
      [base, { custody: 'node', suite: 'rsa' }, 400, 'ERR_API_BAD_REQUEST'],
      [base, { custody: 'node', validFrom: 'yesterday' }, 400, 'ERR_KEYS_INPUT'],
      [
        base,
        { custody: 'node', validFrom: '2026-03-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' },
        422,
        'ERR_KEYS_VALIDITY',
      ],
      [base, { custody: 'external', publicKeyPem: 'not a key' }, 422, 'ERR_CRYPTO_PEM_MALFORMED'],
      [base, { custody: 'node', extra: 1 }, 400, 'ERR_API_BAD_REQUEST'],
      [`/api/v1/issuers/${TEST_USCC.hotel}/keys`, { custody: 'node' }, 422, 'ERR_ORGANISATIONS_NOT_DEPARTMENT'],
      [`/api/v1/issuers/${TEST_USCC.market}/keys`, { custody: 'node' }, 404, 'ERR_ORGANISATIONS_NOT_FOUND'],
      [`${base}/short/revoke`, { reason: 'x' }, 400, 'ERR_KEYS_INPUT'],
      [`${base}/${'A'.repeat(43)}/revoke`, { reason: 'x' }, 404, 'ERR_KEYS_NOT_FOUND'],
      [`${base}/${'A'.repeat(43)}/revoke`, {}, 400, 'ERR_API_BAD_REQUEST'],
    ];
    for (const [url, payload, status, code] of cases) {
      const response = await t.app.inject({ method: 'POST', url, payload: payload as object, headers: admin });
      expect([url, payload, response.statusCode, response.json().code]).toEqual([url, payload, status, code]);
    }
    expect((await t.app.inject({ url: base })).json().length).toBe(before);
    expect((await t.app.inject({ url: `/api/v1/issuers/${TEST_USCC.market}/keys` })).statusCode).toBe(404);
  });
});
