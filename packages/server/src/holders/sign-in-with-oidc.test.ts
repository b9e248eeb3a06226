import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { AppContext } from '../app-context.js';
import { type LibraryTestStore, openLibraryTestStore } from '../library/test-support/library-store.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { createTestContext } from '../test-support/principals.js';
import { OidcSignIn, oidcSettingsFromEnv, safeReturnPath } from './sign-in-with-oidc.js';
import { startTestOidcIssuer, type TestOidcIssuer } from './test-support/oidc-issuer.js';

const HOOK_TIMEOUT = 120_000;
const REDIRECT_URI = 'http://localhost/api/v1/holder/sign-in/oidc/callback';
const CITIZEN_ID = '11010519491231002X';

describe.each(TEST_DATABASES)('OpenID Connect sign-in against a real local provider on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let ctx: AppContext;
  let app: FastifyInstance;
  let issuer: TestOidcIssuer;

  beforeAll(async () => {
    issuer = await startTestOidcIssuer({
      redirectUri: REDIRECT_URI,
      user: { sub: 'person-1', claims: { name: '张三', id_number: CITIZEN_ID } },
    });
    t = await openLibraryTestStore(create);
    ctx = createTestContext(t.store);
    app = await buildApp({
      store: t.store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      log: false,
      auth: { rateLimit: false },
      holders: {
        oidc: {
          issuer: issuer.issuer,
          clientId: issuer.clientId,
          clientSecret: issuer.clientSecret,
          redirectUri: REDIRECT_URI,
          holderCodeClaim: 'id_number',
          allowInsecureLoopback: true,
        },
      },
    });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await t?.close();
    await issuer?.close();
  }, HOOK_TIMEOUT);

  const cookiesOf = (header: unknown): string[] =>
    (Array.isArray(header) ? header : header === undefined ? [] : [header]).map(String);

  /** Start at the node, sign in at the provider (real HTTP), come back: the callback's answer. */
  async function signIn(options: { returnTo?: string; cookie?: (bound: string) => string } = {}) {
    const start = await app.inject({
      url: `/api/v1/holder/sign-in/oidc${options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`}`,
    });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.origin).toBe(issuer.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const bound = cookiesOf(start.headers['set-cookie'])[0]?.split(';')[0] ?? '';
    expect(cookiesOf(start.headers['set-cookie'])[0]).toMatch(/HttpOnly/);
    const atProvider = await fetch(authorize, { redirect: 'manual' });
    expect(atProvider.status).toBe(302);
    const back = new URL(atProvider.headers.get('location') ?? '');
    const callback = await app.inject({
      url: `${back.pathname}${back.search}`,
      headers: { cookie: options.cookie === undefined ? bound : options.cookie(bound), 'accept-language': 'en' },
    });
    return { callback, back };
  }

  it('signs a holder in: PKCE, state, nonce, a verified ID token, claims mapped to the holder', async () => {
    const { callback } = await signIn({ returnTo: '/me/licences' });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/me/licences');
    const cookies = cookiesOf(callback.headers['set-cookie']);
    const session = cookies.find((c) => c.startsWith('hutong-holder-session='));
    expect(session).toMatch(/HttpOnly/);
    expect(cookies.some((c) => c.startsWith('hutong-holder-oidc=;') && c.includes('Max-Age=0'))).toBe(true);
    const me = await app.inject({ url: '/api/v1/holder/me', headers: { cookie: session?.split(';')[0] ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      holderCodeType: '111',
      holderCode: CITIZEN_ID,
      provider: 'oidc',
      person: { name: '张三' },
    });
  });

  it('refuses a callback without the browser’s state cookie, or one replayed', async () => {
    const { callback, back } = await signIn({ cookie: () => '' });
    expect(callback.statusCode).toBe(400);
    expect(callback.json().code).toBe('ERR_HOLDER_OIDC_STATE');
    const state = back.searchParams.get('state') ?? '';
    const first = await signIn();
    expect(first.callback.statusCode).toBe(302);
    const replay = await app.inject({
      url: `${first.back.pathname}${first.back.search}`,
      headers: { cookie: `hutong-holder-oidc=${first.back.searchParams.get('state')}` },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('ERR_HOLDER_OIDC_STATE');
    expect(state).not.toBe('');
  });

  it.each([
    ['a wrong nonce', { nonce: 'not-the-nonce' }],
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['an expired ID token', { expiresIn: -600 }],
    ['a signature by a key not in the JWKS', { foreignKey: true }],
  ])('refuses %s, and opens no session', async (_what, misbehaviour) => {
    const before = await t.store.db
      .selectFrom('holder_sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    issuer.misbehave = misbehaviour;
    const { callback } = await signIn();
    expect(callback.statusCode).toBe(401);
    expect(callback.json().code).toBe('ERR_HOLDER_OIDC_FAILED');
    expect(cookiesOf(callback.headers['set-cookie']).some((c) => c.startsWith('hutong-holder-session='))).toBe(false);
    const after = await t.store.db
      .selectFrom('holder_sessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses an ID token whose mapped claim is not a valid holder code', async () => {
    issuer.user = { sub: 'person-2', claims: { name: '王五', id_number: '11010519491231002Y' } };
    try {
      const { callback } = await signIn();
      expect(callback.statusCode).toBe(403);
      expect(callback.json()).toMatchObject({ code: 'ERR_HOLDER_OIDC_CLAIMS' });
    } finally {
      issuer.user = { sub: 'person-1', claims: { name: '张三', id_number: CITIZEN_ID } };
    }
  });

  it('never returns to another origin', async () => {
    const { callback } = await signIn({ returnTo: '//evil.example/x' });
    expect(callback.headers.location).toBe('/');
  });

  it('says which providers the node offers, and the dev provider is off here', async () => {
    expect((await app.inject({ url: '/api/v1/holder/sign-in/providers' })).json()).toEqual({ dev: false, oidc: true });
  });
});

describe('OIDC settings', () => {
  it('keeps every return path same-origin', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (value) => {
        const path = safeReturnPath(value);
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//') || path.startsWith('/\\')).toBe(false);
        expect(new URL(path, 'https://node.example').origin).toBe('https://node.example');
      }),
    );
  });

  it('refuses a plain-http issuer that is not on this machine', () => {
    const settings = { clientId: 'c', clientSecret: 's', redirectUri: REDIRECT_URI, allowInsecureLoopback: true };
    expect(() => new OidcSignIn({ ...settings, issuer: 'http://id.example.gov.cn' })).toThrow(/https/);
    expect(() => new OidcSignIn({ ...settings, issuer: 'http://127.0.0.1:9', allowInsecureLoopback: false })).toThrow(
      /https/,
    );
    expect(new OidcSignIn({ ...settings, issuer: 'https://id.example.gov.cn' }).settings.issuer).toBe(
      'https://id.example.gov.cn',
    );
  });

  it('reads the settings from the environment, all four or none', () => {
    expect(oidcSettingsFromEnv({})).toBeUndefined();
    expect(() => oidcSettingsFromEnv({ HUTONG_OIDC_ISSUER: 'https://id.example.gov.cn' })).toThrow(
      /HUTONG_OIDC_CLIENT_ID/,
    );
    expect(
      oidcSettingsFromEnv({
        HUTONG_OIDC_ISSUER: 'https://id.example.gov.cn',
        HUTONG_OIDC_CLIENT_ID: 'hutong',
        HUTONG_OIDC_CLIENT_SECRET: 'secret',
        HUTONG_OIDC_REDIRECT_URI: 'https://node.example/api/v1/holder/sign-in/oidc/callback',
        HUTONG_OIDC_HOLDER_CODE_CLAIM: 'id_number',
      }),
    ).toMatchObject({ clientId: 'hutong', holderCodeClaim: 'id_number', scope: undefined });
  });
});
