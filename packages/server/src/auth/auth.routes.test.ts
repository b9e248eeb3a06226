import { exportSpkiPem, generateSigningKey, type SigningKey, type SuiteName } from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { AppContext } from '../app-context.js';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import {
  createTestClient,
  createTestContext,
  createTestStaff,
  TEST_ORGANISATION_CODE,
} from '../test-support/principals.js';
import { hashToken } from './access-token.js';
import { CLIENT_ASSERTION_TYPE } from './client-assertion.js';
import { registerClient } from './register-client.js';
import { totpSecretOf } from './staff-users.js';
import { totpCode } from './totp.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const ALG: Record<SuiteName, string> = { ed25519: 'EdDSA', 'ecdsa-p256': 'ES256', 'sm2-sm3': 'SM2SM3' };

async function assertion(
  key: SigningKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const input = `${b64url({ alg: ALG[key.suite], typ: 'JWT', ...header })}.${b64url(claims)}`;
  const signature = await key.sign(new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

describe.each(TEST_DATABASES)('auth over HTTP on $dialect', ({ create }) => {
  let database: TestDatabase;
  let store: Store;
  let ctx: AppContext;
  let app: FastifyInstance;
  let clock = new Date('2026-11-29T12:00:00.000Z');

  beforeAll(async () => {
    database = await create();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    ctx = createTestContext(store, { now: () => clock });
    app = await buildApp({
      store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      auth: { rateLimit: false },
    });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await database.drop();
  });

  describe('the token endpoint (RFC 6749 §4.4)', () => {
    it('grants a token with client_secret_basic and client_secret_post, scoped as asked', async () => {
      const client = await createTestClient(ctx, { scopes: ['licence:read', 'verify'] });
      const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString(
        'base64',
      );
      const viaBasic = await app.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: { ...FORM, authorization: `Basic ${basic}` },
        payload: form({ grant_type: 'client_credentials', scope: 'verify' }),
      });
      expect(viaBasic.statusCode).toBe(200);
      expect(viaBasic.headers['cache-control']).toBe('no-store');
      expect(viaBasic.json()).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'verify' });
      const viaPost = await app.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: FORM,
        payload: form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }),
      });
      expect(viaPost.json()).toMatchObject({ scope: 'licence:read verify' });
      expect(viaPost.json().access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('refuses bad requests with problem details that OAuth clients also understand', async () => {
      const client = await createTestClient(ctx, { scopes: ['verify'] });
      const post = (fields: string, headers: Record<string, string> = {}) =>
        app.inject({ method: 'POST', url: '/api/v1/oauth/token', headers: { ...FORM, ...headers }, payload: fields });
      const good = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret };

      const wrongSecret = await post(form({ ...good, client_secret: 'not-the-secret' }));
      expect(wrongSecret.statusCode).toBe(401);
      expect(wrongSecret.headers['content-type']).toContain('application/problem+json');
      expect(wrongSecret.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_INVALID_CLIENT', error: 'invalid_client' });

      const unknownClient = await post(form({ ...good, client_id: 'nobody' }));
      expect(unknownClient.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_INVALID_CLIENT' });

      const grant = await post(form({ ...good, grant_type: 'password' }));
      expect(grant.statusCode).toBe(400);
      expect(grant.json()).toMatchObject({
        code: 'ERR_AUTH_OAUTH_UNSUPPORTED_GRANT_TYPE',
        error: 'unsupported_grant_type',
      });

      const scope = await post(form({ ...good, scope: 'verify licence:issue' }));
      expect(scope.json()).toMatchObject({
        code: 'ERR_AUTH_OAUTH_INVALID_SCOPE',
        error: 'invalid_scope',
        field: 'scope',
      });

      const repeated = await post(`${form(good)}&scope=verify&scope=verify`);
      expect(repeated.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_INVALID_REQUEST', error: 'invalid_request' });

      const basic = Buffer.from(`${client.clientId}:${client.secret}`).toString('base64');
      const twoMethods = await post(form(good), { authorization: `Basic ${basic}` });
      expect(twoMethods.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_INVALID_REQUEST' });

      const noGrant = await post(form({ client_id: client.clientId, client_secret: client.secret }));
      expect(noGrant.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_INVALID_REQUEST', field: 'grant_type' });

      const json = await app.inject({ method: 'POST', url: '/api/v1/oauth/token', payload: good });
      expect(json.statusCode).toBe(415);
    });

    it.each(['ed25519', 'ecdsa-p256', 'sm2-sm3'] as const)(
      'accepts private_key_jwt signed with %s, once',
      async (suite) => {
        const key = await generateSigningKey(suite, { provider: nodeCryptoProvider });
        const { client } = await registerClient(
          ctx,
          {
            name: `jwt ${suite}`,
            organisationCode: TEST_ORGANISATION_CODE,
            kind: 'relying-party',
            scopes: ['verify'],
            licenceTypes: '*',
            publicKeys: [exportSpkiPem(key.publicKey)],
          },
          { actor: 'system' },
        );
        expect(client.hasSecret).toBe(false);
        const now = Math.floor(clock.getTime() / 1000);
        const claims = {
          iss: client.clientId,
          sub: client.clientId,
          aud: `urn:hutong:node:${ctx.nodeId}`,
          exp: now + 120,
          jti: `j-${suite}`,
        };
        const token = (jwt: string) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/oauth/token',
            headers: FORM,
            payload: form({
              grant_type: 'client_credentials',
              client_assertion_type: CLIENT_ASSERTION_TYPE,
              client_assertion: jwt,
            }),
          });
        const jwt = await assertion(key, claims, { kid: key.keyId });
        const first = await token(jwt);
        expect(first.statusCode).toBe(200);
        expect(first.json()).toMatchObject({ scope: 'verify' });
        const replay = await token(jwt);
        expect(replay.json()).toMatchObject({ code: 'ERR_AUTH_OAUTH_ASSERTION_REPLAYED', error: 'invalid_client' });

        const refusals = [
          await assertion(key, { ...claims, jti: `aud-${suite}`, aud: 'https://elsewhere.example/token' }),
          await assertion(key, { ...claims, jti: `exp-${suite}`, exp: now - 3600 }),
          await assertion(key, { ...claims, jti: `far-${suite}`, exp: now + 86_400 }),
          await assertion(key, { ...claims, jti: `iss-${suite}`, iss: 'someone-else' }),
          await assertion(key, { ...claims, jti: undefined }),
          await assertion(key, { ...claims, jti: `alg-${suite}` }, { alg: 'HS256' }),
          (await assertion(key, { ...claims, jti: `sig-${suite}` })).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        ];
        for (const bad of refusals) {
          const response = await token(bad);
          expect(response.statusCode).toBe(401);
          expect(response.json().code).toBe('ERR_AUTH_OAUTH_ASSERTION_INVALID');
        }
        // A key the client never registered.
        const stranger = await generateSigningKey(suite, { provider: nodeCryptoProvider });
        const forged = await token(await assertion(stranger, { ...claims, jti: `forged-${suite}` }));
        expect(forged.json().code).toBe('ERR_AUTH_OAUTH_ASSERTION_INVALID');
      },
    );
  });

  describe('bearer tokens on protected routes', () => {
    it('answers 401 without credentials and with a bad token, 403 without the scope, 200 with it', async () => {
      const anonymous = await app.inject({ url: '/api/v1/audit' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="hutong"');
      expect(anonymous.json().code).toBe('ERR_AUTH_REQUIRED');

      const bad = await app.inject({ url: '/api/v1/audit', headers: { authorization: `Bearer ${'x'.repeat(43)}` } });
      expect(bad.statusCode).toBe(401);
      expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(bad.json().code).toBe('ERR_AUTH_TOKEN_INVALID');

      const reader = await createTestClient(ctx, { scopes: ['licence:read'] });
      const forbidden = await app.inject({
        url: '/api/v1/audit',
        headers: { authorization: reader.authorization, 'accept-language': 'en' },
      });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json()).toMatchObject({ code: 'ERR_AUTH_FORBIDDEN' });
      expect(forbidden.json().detail).toBe(
        `client ${reader.clientId} (scopes: licence:read) may not call GET /api/v1/audit.`,
      );
      // Chinese by default: the caller described in Chinese too, not "client … (scopes: …)".
      const forbiddenZh = await app.inject({ url: '/api/v1/audit', headers: { authorization: reader.authorization } });
      expect(forbiddenZh.json()).toMatchObject({
        code: 'ERR_AUTH_FORBIDDEN',
        detail: `客户端 ${reader.clientId}（权限范围：licence:read） 无权调用 GET /api/v1/audit。`,
      });

      const auditor = await createTestClient(ctx, { scopes: ['audit:read'] });
      const allowed = await app.inject({
        url: '/api/v1/audit?limit=2',
        headers: { authorization: auditor.authorization },
      });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json().items).toHaveLength(2);
    });

    it('stops a token at expiry, at revocation, and when its client is disabled', async () => {
      const client = await createTestClient(ctx, { scopes: ['audit:read'] });
      const call = () => app.inject({ url: '/api/v1/audit?limit=1', headers: { authorization: client.authorization } });
      expect((await call()).statusCode).toBe(200);
      const saved = clock;
      clock = new Date(saved.getTime() + 601_000);
      expect((await call()).json().code).toBe('ERR_AUTH_TOKEN_INVALID');
      clock = saved;

      const revoke = await app.inject({
        method: 'POST',
        url: '/api/v1/oauth/revoke',
        headers: FORM,
        payload: form({ token: client.token, client_id: client.clientId, client_secret: client.secret }),
      });
      expect(revoke.statusCode).toBe(200);
      expect((await call()).statusCode).toBe(401);

      // A device signs out with its token alone; the same client's other device keeps its own.
      const device = await createTestClient(ctx, { scopes: ['audit:read'] });
      const secondDevice = await app.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: FORM,
        payload: form({ grant_type: 'client_credentials', client_id: device.clientId, client_secret: device.secret }),
      });
      const second = { authorization: `Bearer ${secondDevice.json().access_token as string}` };
      const signOut = await app.inject({
        method: 'DELETE',
        url: '/api/v1/oauth/token',
        headers: { authorization: device.authorization },
      });
      expect(signOut.statusCode).toBe(204);
      const afterSignOut = await app.inject({ url: '/api/v1/audit', headers: { authorization: device.authorization } });
      expect(afterSignOut.json().code).toBe('ERR_AUTH_TOKEN_INVALID');
      // The sign-out is audited: who, which client, the request — never the token nor its hash.
      const signedOut = await store.db
        .selectFrom('audit_records')
        .selectAll()
        .where('action', '=', 'client.signed-out')
        .where('target', '=', device.clientId)
        .execute();
      expect(signedOut).toHaveLength(1);
      expect(signedOut[0]).toMatchObject({ actor: `client:${device.clientId}`, outcome: 'success' });
      expect(signedOut[0]?.request_id).toEqual(expect.any(String));
      const inClear = JSON.stringify(auditInClear(signedOut));
      expect(inClear).not.toContain(device.token);
      expect(inClear).not.toContain(hashToken(device.token));
      expect((await app.inject({ url: '/api/v1/audit?limit=1', headers: second })).statusCode).toBe(200);
      // Refused to callers without a client token: nothing to sign out (401), a staff session (403).
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/oauth/token' })).statusCode).toBe(401);
      const staff = await createTestStaff(ctx, { roles: ['platform-admin'] });
      expect(
        (await app.inject({ method: 'DELETE', url: '/api/v1/oauth/token', headers: staff.headers })).statusCode,
      ).toBe(403);
      expect((await app.inject({ url: '/api/v1/audit?limit=1', headers: second })).statusCode).toBe(200);

      const other = await createTestClient(ctx, { scopes: ['audit:read'] });
      const admin = await createTestStaff(ctx, { roles: ['platform-admin'] });
      const disable = await app.inject({
        method: 'POST',
        url: `/api/v1/clients/${other.clientId}/disable`,
        headers: admin.headers,
      });
      expect(disable.statusCode).toBe(200);
      expect(disable.json().status).toBe('disabled');
      const after = await app.inject({ url: '/api/v1/audit', headers: { authorization: other.authorization } });
      expect(after.json().code).toBe('ERR_AUTH_TOKEN_INVALID');
    });
  });

  describe('client administration', () => {
    it('lets a platform administrator register a client (secret shown once) and refuses others', async () => {
      const admin = await createTestStaff(ctx, { roles: ['platform-admin'] });
      const body = {
        name: '市场监督管理局',
        organisationCode: TEST_ORGANISATION_CODE,
        kind: 'department',
        scopes: ['licence:issue', 'licence:status'],
        licenceTypes: ['11100000000013338W032'],
      };
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: admin.headers,
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const { clientId } = created.json().client;
      const read = await app.inject({ url: `/api/v1/clients/${clientId}`, headers: { cookie: admin.cookie } });
      expect(read.json()).toMatchObject({ clientId, hasSecret: true, licenceTypes: ['11100000000013338W032'] });
      expect(JSON.stringify(read.json())).not.toContain(created.json().clientSecret);

      const badUscc = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: admin.headers,
        payload: { ...body, organisationCode: '91350100M000100Y44' },
      });
      expect(badUscc.statusCode).toBe(422);
      expect(badUscc.json()).toMatchObject({ code: 'ERR_AUTH_CLIENT_INVALID', field: 'organisationCode' });
      const badKey = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: admin.headers,
        payload: { ...body, publicKeys: ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'] },
      });
      expect(badKey.json()).toMatchObject({ code: 'ERR_AUTH_CLIENT_KEY_INVALID', field: 'publicKeys/0' });
      const missing = await app.inject({ url: '/api/v1/clients/no-such-client', headers: { cookie: admin.cookie } });
      expect(missing.json().code).toBe('ERR_AUTH_CLIENT_NOT_FOUND');

      const operator = await createTestStaff(ctx, { roles: ['department-operator'] });
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: operator.headers,
        payload: body,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('ERR_AUTH_FORBIDDEN');
      const noCsrf = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: { cookie: admin.cookie },
        payload: body,
      });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('ERR_AUTH_CSRF');
    });
  });

  describe('staff sign-in (password + TOTP)', () => {
    it('signs in, answers who am I, refuses a replayed code, needs CSRF to sign out', async () => {
      const admin = await createTestStaff(ctx, { roles: ['platform-admin'] });
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/staff',
        headers: admin.headers,
        payload: { username: 'li.si', password: 'a long enough password', roles: ['auditor'] },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const row = await store.db
        .selectFrom('staff_users')
        .selectAll()
        .where('username', '=', 'li.si')
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).not.toContain(created.json().totpSecret);
      expect(row.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);

      clock = new Date(clock.getTime() + 60_000);
      const code = totpCode(totpSecretOf(ctx, row), clock);
      const signIn = (totp: string, password = 'a long enough password') =>
        app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'li.si', password, totp } });
      const ok = await signIn(code);
      expect(ok.statusCode).toBe(201);
      const cookies = ([] as string[]).concat(ok.headers['set-cookie'] ?? []);
      expect(cookies[0]).toMatch(
        /^hutong-session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; SameSite=Strict; HttpOnly$/,
      );
      expect(cookies[1]).toMatch(/^hutong-csrf=/);
      expect(cookies[1]).not.toContain('HttpOnly');
      const cookie = (cookies[0] ?? '').split(';')[0] ?? '';
      const csrf = ok.json().csrfToken as string;

      const me = await app.inject({ url: '/api/v1/session', headers: { cookie } });
      expect(me.json()).toMatchObject({ username: 'li.si', roles: ['auditor'], csrfToken: csrf });
      const replay = await signIn(code);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('ERR_AUTH_LOGIN_FAILED');

      const noCsrf = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
      expect(noCsrf.json().code).toBe('ERR_AUTH_CSRF');
      const out = await app.inject({
        method: 'DELETE',
        url: '/api/v1/session',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(204);
      const gone = await app.inject({ url: '/api/v1/session', headers: { cookie } });
      expect(gone.statusCode).toBe(401);
      expect(gone.json().code).toBe('ERR_AUTH_SESSION_INVALID');
    });

    it('ends an idle session and throttles repeated failures', async () => {
      const staff = await createTestStaff(ctx, { roles: ['auditor'] });
      const saved = clock;
      clock = new Date(saved.getTime() + 31 * 60_000);
      expect((await app.inject({ url: '/api/v1/session', headers: { cookie: staff.cookie } })).json().code).toBe(
        'ERR_AUTH_SESSION_INVALID',
      );
      for (let i = 0; i < 5; i++) {
        const wrong = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: staff.username, password: 'wrong password!!', totp: '000000' },
        });
        expect(wrong.json().code).toBe('ERR_AUTH_LOGIN_FAILED');
      }
      const throttled = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: staff.username, password: staff.password, totp: '000000' },
      });
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.json().code).toBe('ERR_AUTH_LOGIN_THROTTLED');
      clock = saved;
    });
  });

  it('audited every write it made, in an intact chain', async () => {
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });
});
