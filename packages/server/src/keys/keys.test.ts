import {
  exportSpkiPem,
  generateSigningKey,
  licenceSigningBytes,
  signLicence,
  trustListResolver,
  type Verdict,
  verifyLicence,
} from '@hutong/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/create-organisation.js';
import {
  departmentInput,
  errorOf,
  openTestContext,
  TEST_USCC,
  type TestContext,
} from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { generateIssuerKey } from './generate-issuer-key.js';
import { getIssuerSigningKey } from './get-issuer-signing-key.js';
import { publishedKeyOf } from './issuer-key.js';
import { listIssuerKeys } from './list-issuer-keys.js';
import { registerExternalKey } from './register-external-key.js';
import { resolveVerificationKey } from './resolve-verification-key.js';
import { retireIssuerKey } from './retire-issuer-key.js';
import { revokeIssuerKey } from './revoke-issuer-key.js';
import { rotateIssuerKey } from './rotate-issuer-key.js';
import { sampleUnsignedLicence } from './test-support/sample-licence.js';
import { trustedIssuers } from './trusted-issuers.js';

const by = { actor: 'staff:admin', requestId: 'req-k' };
const ISSUER = TEST_USCC.police;
const HOUR = 3_600_000;

/** The verdict's outcome of the checks that depend on the key. */
function keyChecks(verdict: Verdict): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const check of verdict.checks) {
    if (check.name === 'signature' || check.name === 'key-valid-at-issue')
      out[check.name] = check.ok ? true : (check.code ?? 'failed');
  }
  return out;
}

describe.each(TEST_DATABASES)('issuer keys on $dialect', ({ create }) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await openTestContext(create);
    await createOrganisation(t.ctx, departmentInput(ISSUER, '公安厅', 'Police'), by);
  });
  afterEach(async () => {
    await t.close();
  });

  async function verifyAt(licence: unknown, at: Date): Promise<Verdict> {
    return verifyLicence(licence, { keys: trustListResolver(await trustedIssuers(t.ctx)), at });
  }

  it('generates an SM2 key by default, sealed at rest, and publishes only its public half', async () => {
    const key = await generateIssuerKey(t.ctx, ISSUER, {}, by);
    expect(key).toMatchObject({
      suite: 'sm2-sm3',
      custody: 'node',
      status: 'active',
      validFrom: '2026-03-01T08:00:00.000Z',
    });
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(key.jwk).toMatchObject({ kty: 'EC', crv: 'SM2' });
    const row = await t.ctx.store.db.selectFrom('issuer_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.sealed_private_key).toMatch(new RegExp(`^v1\\.${t.ctx.secrets.masterKeyId}\\.`));
    expect(row.master_key_id).toBe(t.ctx.secrets.masterKeyId);
    const published = publishedKeyOf(key);
    expect(Object.keys(published).sort()).toEqual(['jwk', 'keyId', 'publicKeyPem', 'status', 'suite', 'validFrom']);
    expect(JSON.stringify(published)).not.toMatch(/"d"|PRIVATE/);
    const audit = await t.ctx.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', 'key.changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.target).toBe(key.keyId);
  });

  it('signs with the prepared key, decrypting it once per process', async () => {
    const key = await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    const first = await getIssuerSigningKey(t.ctx, ISSUER);
    expect(first).toMatchObject({ keyId: key.keyId, suite: 'ed25519' });
    const second = await getIssuerSigningKey(t.ctx, ISSUER);
    expect(second.signingKey).toBe(first.signingKey);
    const licence = await signLicence(sampleUnsignedLicence(ISSUER), first.signingKey, { created: t.clock.now() });
    const resolved = await resolveVerificationKey(t.ctx, ISSUER, key.keyId);
    const { proof, ...unsigned } = licence;
    const signature = new Uint8Array(Buffer.from(proof.signatureValue, 'base64url'));
    expect(await resolved.key.verify(licenceSigningBytes(unsigned), signature)).toBe(true);
    expect(resolved).toMatchObject({ suite: 'ed25519', custody: 'node', status: 'active', revokedAt: undefined });
  });

  it('keeps one active node key per suite, and picks the national default suite first', async () => {
    await generateIssuerKey(t.ctx, ISSUER, { suite: 'ecdsa-p256' }, by);
    expect(await errorOf(generateIssuerKey(t.ctx, ISSUER, { suite: 'ecdsa-p256' }, by))).toEqual({
      code: 'ERR_KEYS_ACTIVE_EXISTS',
      field: 'suite',
    });
    expect((await getIssuerSigningKey(t.ctx, ISSUER)).suite).toBe('ecdsa-p256');
    await generateIssuerKey(t.ctx, ISSUER, { suite: 'sm2-sm3' }, by);
    expect((await getIssuerSigningKey(t.ctx, ISSUER)).suite).toBe('sm2-sm3');
    expect((await getIssuerSigningKey(t.ctx, ISSUER, undefined, 'ecdsa-p256')).suite).toBe('ecdsa-p256');
    expect(await errorOf(getIssuerSigningKey(t.ctx, ISSUER, undefined, 'ed25519'))).toEqual({
      code: 'ERR_KEYS_NO_SIGNING_KEY',
      field: 'issuerCode',
    });
  });

  it('refuses to sign outside a key’s validity, and for an issuer with no node key', async () => {
    await generateIssuerKey(
      t.ctx,
      ISSUER,
      { suite: 'ed25519', validFrom: '2026-04-01T00:00:00Z', validUntil: '2027-04-01T00:00:00+08:00' },
      by,
    );
    expect((await errorOf(getIssuerSigningKey(t.ctx, ISSUER))).code).toBe('ERR_KEYS_NO_SIGNING_KEY');
    expect((await getIssuerSigningKey(t.ctx, ISSUER, new Date('2026-05-01T00:00:00Z'))).suite).toBe('ed25519');
    expect((await errorOf(getIssuerSigningKey(t.ctx, ISSUER, new Date('2027-03-31T16:00:00Z')))).code).toBe(
      'ERR_KEYS_NO_SIGNING_KEY',
    );
    expect((await errorOf(getIssuerSigningKey(t.ctx, TEST_USCC.market))).code).toBe('ERR_ORGANISATIONS_NOT_FOUND');
    expect((await errorOf(getIssuerSigningKey(t.ctx, 'nonsense'))).field).toBe('issuerCode');
  });

  it('rotates: the new key signs from now on, the old one still verifies what it signed while valid', async () => {
    const old = await generateIssuerKey(t.ctx, ISSUER, { suite: 'sm2-sm3' }, by);
    const oldSigner = (await getIssuerSigningKey(t.ctx, ISSUER)).signingKey;
    const before = await signLicence(sampleUnsignedLicence(ISSUER, '2026000001'), oldSigner, {
      created: t.clock.now(),
    });
    t.clock.advance(HOUR);
    const { key, retired } = await rotateIssuerKey(t.ctx, ISSUER, {}, by);
    expect(retired).toMatchObject({ keyId: old.keyId, status: 'retired', validUntil: '2026-03-01T09:00:00.000Z' });
    expect(key).toMatchObject({ status: 'active', validFrom: '2026-03-01T09:00:00.000Z' });
    const signer = await getIssuerSigningKey(t.ctx, ISSUER);
    expect(signer.keyId).toBe(key.keyId);
    const after = await signLicence(sampleUnsignedLicence(ISSUER, '2026000002'), signer.signingKey, {
      created: t.clock.now(),
    });

    const later = new Date('2026-06-01T00:00:00Z');
    expect(keyChecks(await verifyAt(before, later))).toEqual({ signature: true, 'key-valid-at-issue': true });
    expect(keyChecks(await verifyAt(after, later))).toEqual({ signature: true, 'key-valid-at-issue': true });
    // Whoever still holds the retired key cannot make licences that verify.
    const stale = await signLicence(sampleUnsignedLicence(ISSUER, '2026000003'), oldSigner, { created: t.clock.now() });
    expect(keyChecks(await verifyAt(stale, later))['key-valid-at-issue']).toBe('ERR_VERIFY_KEY_EXPIRED');
    expect(await errorOf(getIssuerSigningKey(t.ctx, ISSUER, new Date('2026-03-01T08:30:00Z')))).toEqual({
      code: 'ERR_KEYS_NO_SIGNING_KEY',
      field: 'issuerCode',
    });
    const keys = await listIssuerKeys(t.ctx, ISSUER);
    expect(keys.map((k) => [k.keyId, k.status])).toEqual([
      [key.keyId, 'active'],
      [old.keyId, 'retired'],
    ]);
  });

  it('revokes: nothing signed at or after revokedAt verifies, what came before still does', async () => {
    const key = await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    const { signingKey } = await getIssuerSigningKey(t.ctx, ISSUER);
    const early = await signLicence(sampleUnsignedLicence(ISSUER, '1'), signingKey, {
      created: new Date('2026-03-01T09:00:00Z'),
    });
    const late = await signLicence(sampleUnsignedLicence(ISSUER, '2'), signingKey, {
      created: new Date('2026-03-01T11:00:00Z'),
    });
    t.clock.set('2026-03-02T00:00:00Z');
    const revoked = await revokeIssuerKey(
      t.ctx,
      ISSUER,
      key.keyId,
      { reason: '私钥泄露', revokedAt: '2026-03-01T10:00:00Z' },
      by,
    );
    expect(revoked).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-03-01T10:00:00.000Z',
      revocationReason: '私钥泄露',
    });
    expect((await errorOf(getIssuerSigningKey(t.ctx, ISSUER))).code).toBe('ERR_KEYS_NO_SIGNING_KEY');
    const at = new Date('2026-03-02T00:00:00Z');
    expect(keyChecks(await verifyAt(early, at))).toEqual({ signature: true, 'key-valid-at-issue': true });
    expect(keyChecks(await verifyAt(late, at))['key-valid-at-issue']).toBe('ERR_VERIFY_KEY_REVOKED');
    expect(await errorOf(revokeIssuerKey(t.ctx, ISSUER, key.keyId, { reason: 'again' }, by))).toEqual({
      code: 'ERR_KEYS_STATUS',
      field: 'keyId',
    });
  });

  it('refuses a revocation time before the key existed or in the future', async () => {
    const key = await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    for (const revokedAt of ['2026-02-28T00:00:00Z', '2026-03-02T00:00:00Z']) {
      expect(await errorOf(revokeIssuerKey(t.ctx, ISSUER, key.keyId, { reason: 'x', revokedAt }, by))).toEqual({
        code: 'ERR_KEYS_REVOKED_AT',
        field: 'revokedAt',
      });
    }
    expect((await resolveVerificationKey(t.ctx, ISSUER, key.keyId)).status).toBe('active');
  });

  it('registers a department’s external key: it verifies aggregated licences but never signs here', async () => {
    const own = await generateSigningKey('sm2-sm3');
    const key = await registerExternalKey(
      t.ctx,
      ISSUER,
      { publicKeyPem: exportSpkiPem(own), validFrom: '2026-01-01T00:00:00Z' },
      by,
    );
    expect(key).toMatchObject({ keyId: own.keyId, suite: 'sm2-sm3', custody: 'external', status: 'active' });
    expect((await errorOf(getIssuerSigningKey(t.ctx, ISSUER))).code).toBe('ERR_KEYS_NO_SIGNING_KEY');
    const licence = await signLicence(sampleUnsignedLicence(ISSUER), own, { created: t.clock.now() });
    expect(keyChecks(await verifyAt(licence, t.clock.now()))).toEqual({ signature: true, 'key-valid-at-issue': true });
    expect(await errorOf(registerExternalKey(t.ctx, ISSUER, { publicKeyPem: exportSpkiPem(own) }, by))).toEqual({
      code: 'ERR_KEYS_ALREADY_REGISTERED',
      field: 'publicKeyPem',
    });
    // Another issuer cannot claim the same key.
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.market), by);
    expect(
      (await errorOf(registerExternalKey(t.ctx, TEST_USCC.market, { publicKeyPem: exportSpkiPem(own) }, by))).code,
    ).toBe('ERR_KEYS_ALREADY_REGISTERED');
    const retired = await retireIssuerKey(t.ctx, ISSUER, key.keyId, by);
    expect(retired).toMatchObject({ status: 'retired', validUntil: '2026-03-01T08:00:00.000Z' });
    expect(await errorOf(retireIssuerKey(t.ctx, ISSUER, key.keyId, by))).toEqual({
      code: 'ERR_KEYS_STATUS',
      field: 'keyId',
    });
  });

  it.each([
    ['an unknown suite', { suite: 'rsa' }, 'ERR_CRYPTO_SUITE_UNKNOWN', 'suite'],
    ['an unknown member', { algorithm: 'sm2' }, 'ERR_KEYS_INPUT', 'algorithm'],
    ['a date without an offset', { validFrom: '2026-03-01T00:00:00' }, 'ERR_KEYS_INPUT', 'validFrom'],
    ['an impossible date', { validFrom: '2026-02-30T00:00:00Z' }, 'ERR_KEYS_INPUT', 'validFrom'],
    ['an end before the start', { validUntil: '2026-03-01T07:00:00Z' }, 'ERR_KEYS_VALIDITY', 'validUntil'],
  ])('refuses to generate with %s, writing nothing', async (_, input, code, field) => {
    expect(await errorOf(generateIssuerKey(t.ctx, ISSUER, input, by))).toEqual({ code, field });
    expect(await t.ctx.store.db.selectFrom('issuer_keys').selectAll().execute()).toEqual([]);
  });

  it.each([
    [
      'a private key',
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n',
    ],
    ['garbage', 'not a pem'],
    [
      'an RSA key',
      '-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMBVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVECAwEAAQ==\n-----END PUBLIC KEY-----\n',
    ],
  ])('refuses to register %s as a public key', async (_, pem) => {
    const error = await errorOf(registerExternalKey(t.ctx, ISSUER, { publicKeyPem: pem }, by));
    expect(error.field).toBe('publicKeyPem');
    expect(error.code).toMatch(/^ERR_CRYPTO_/);
  });

  it('refuses keys for a relying party and for an unknown organisation', async () => {
    await createOrganisation(t.ctx, { ...departmentInput(TEST_USCC.hotel), kind: 'relying-party' }, by);
    expect((await errorOf(generateIssuerKey(t.ctx, TEST_USCC.hotel, {}, by))).code).toBe(
      'ERR_ORGANISATIONS_NOT_DEPARTMENT',
    );
    expect((await errorOf(generateIssuerKey(t.ctx, TEST_USCC.health, {}, by))).code).toBe(
      'ERR_ORGANISATIONS_NOT_FOUND',
    );
    expect((await errorOf(listIssuerKeys(t.ctx, TEST_USCC.hotel))).code).toBe('ERR_ORGANISATIONS_NOT_DEPARTMENT');
  });

  it('does not open a private key moved to another row (AAD binds issuer and key id)', async () => {
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.market), by);
    const a = await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    await generateIssuerKey(t.ctx, TEST_USCC.market, { suite: 'ed25519' }, by);
    const stolen = await t.ctx.store.db
      .selectFrom('issuer_keys')
      .select('sealed_private_key')
      .where('key_id', '=', a.keyId)
      .executeTakeFirstOrThrow();
    await t.ctx.store.db
      .updateTable('issuer_keys')
      .set({ sealed_private_key: stolen.sealed_private_key })
      .where('issuer_code', '=', TEST_USCC.market)
      .execute();
    expect((await errorOf(getIssuerSigningKey(t.ctx, TEST_USCC.market))).code).toBe('ERR_SECRETS_DECRYPT_FAILED');
    // The failure is not cached as a key: the real owner still signs.
    expect((await getIssuerSigningKey(t.ctx, ISSUER)).keyId).toBe(a.keyId);
  });

  it('lets one of two racing rotations win and keeps a single active key', async () => {
    await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    const results = await Promise.allSettled([
      rotateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by),
      rotateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason.code).toBe('ERR_KEYS_ACTIVE_EXISTS');
    }
    const active = (await listIssuerKeys(t.ctx, ISSUER)).filter((k) => k.status === 'active');
    expect(active).toHaveLength(1);
  });

  it('lists departments, their keys with validity windows and their types for core’s verifier', async () => {
    const key = await generateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    // Rotated at the instant it was made: an empty window, left out (core refuses such an entry).
    await rotateIssuerKey(t.ctx, ISSUER, { suite: 'ed25519' }, by);
    const issuers = await trustedIssuers(t.ctx);
    expect(issuers).toHaveLength(1);
    expect(issuers[0]?.issuerCode).toBe(ISSUER);
    expect(issuers[0]?.keys.map((k) => k.keyId)).not.toContain(key.keyId);
    expect(issuers[0]?.keys).toHaveLength(1);
    expect(issuers[0]?.types).toEqual([]);
    expect(() => trustListResolver(issuers)).not.toThrow();
  });
});
