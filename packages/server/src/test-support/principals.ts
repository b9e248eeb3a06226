/**
 * Real principals for HTTP tests (test-only): each helper registers a real client or staff
 * user through the use cases the API uses, then obtains its credential the way a caller does
 * — the token grant of `POST /api/v1/oauth/token`, the sign-in of `POST /api/v1/session`,
 * the development provider's one-time code for holders (`signInHolder`).
 * Nothing bypasses the auth plugin. Build the app with the same context
 * (`buildApp({ store, nodeId, context: ctx })`) so that session CSRF tokens and sealed TOTP
 * secrets agree.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type AppContext, createAppContext } from '../app-context.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { ClientKind, Scope, StaffRole } from '../auth/principal.js';
import { registerClient } from '../auth/register-client.js';
import { requestAccessToken } from '../auth/request-access-token.js';
import { signIn } from '../auth/staff-session.js';
import { createStaffUser, totpSecretOf } from '../auth/staff-users.js';
import { totpCode } from '../auth/totp.js';
import { createSecrets } from '../secrets/secrets.js';
import type { Store } from '../store/store.js';

/** A valid USCC (GB 32100 check verified) for tests that do not care which organisation. */
export const TEST_ORGANISATION_CODE = '91350100M000100Y43';

/**
 * A context for tests: a fresh random master key, the system clock, node id `test-node`.
 *
 * @example const ctx = createTestContext(store); const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx });
 */
export function createTestContext(
  store: Store,
  overrides: Partial<Pick<AppContext, 'now' | 'nodeId'>> = {},
): AppContext {
  return createAppContext({
    store,
    nodeId: overrides.nodeId ?? 'test-node',
    secrets: createSecrets(new Uint8Array(randomBytes(32))),
    now: overrides.now,
  });
}

function contextOf(target: AppContext | Store): AppContext {
  return 'store' in target ? target : createTestContext(target);
}

export interface TestClient {
  readonly clientId: string;
  readonly secret: string;
  readonly token: string;
  /** `Bearer <token>`, for the Authorization header. */
  readonly authorization: string;
}

/**
 * Registers a client (secret authentication) and obtains an access token for it.
 *
 * @example
 * const issuer = await createTestClient(ctx, { organisationCode: uscc, scopes: ['licence:issue'], licenceTypes: [typeCode] });
 * await app.inject({ method: 'POST', url: '/api/v1/licences', headers: { authorization: issuer.authorization }, payload });
 */
export async function createTestClient(
  target: AppContext | Store,
  options: {
    readonly organisationCode?: string;
    readonly scopes: readonly Scope[];
    readonly licenceTypes?: readonly string[] | '*';
    readonly kind?: ClientKind;
    readonly name?: string;
  },
): Promise<TestClient> {
  const ctx = contextOf(target);
  const { client, clientSecret } = await registerClient(
    ctx,
    {
      name: options.name ?? 'test client',
      organisationCode: options.organisationCode ?? TEST_ORGANISATION_CODE,
      kind: options.kind ?? 'department',
      scopes: options.scopes,
      licenceTypes: options.licenceTypes ?? '*',
      withSecret: true,
    },
    { actor: 'system' },
  );
  if (clientSecret === undefined) throw new Error('registerClient returned no secret');
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: clientSecret,
  };
  // A client without scopes asks for none and gets a token with none.
  const token = await requestAccessToken(ctx, form, undefined, { audiences: [] });
  return {
    clientId: client.clientId,
    secret: clientSecret,
    token: token.access_token,
    authorization: `Bearer ${token.access_token}`,
  };
}

export interface TestStaff {
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  /** The Cookie header value. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** Both headers a state-changing request needs. */
  readonly headers: { readonly cookie: string; readonly 'x-csrf-token': string };
}

let staffCounter = 0;

/**
 * Creates a staff user and signs it in with its password and current TOTP code.
 *
 * @example const auditor = await createTestStaff(ctx, { roles: ['auditor'] });
 * await app.inject({ url: '/api/v1/audit', headers: { cookie: auditor.cookie } });
 */
export async function createTestStaff(
  target: AppContext | Store,
  options: {
    readonly roles: readonly StaffRole[];
    readonly organisationCode?: string | null;
    readonly username?: string;
  },
): Promise<TestStaff> {
  const ctx = contextOf(target);
  staffCounter += 1;
  const username = options.username ?? `staff-${process.pid}-${staffCounter}-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const organisationCode =
    options.organisationCode !== undefined
      ? options.organisationCode
      : options.roles.includes('department-operator') || options.roles.includes('counter-clerk')
        ? TEST_ORGANISATION_CODE
        : null;
  const { user } = await createStaffUser(
    ctx,
    { username, password, roles: options.roles, organisationCode },
    { actor: 'system' },
  );
  const row = await ctx.store.db
    .selectFrom('staff_users')
    .select(['id', 'totp_secret'])
    .where('id', '=', user.userId)
    .executeTakeFirstOrThrow();
  const signedIn = await signIn(
    ctx,
    { username, password, totp: totpCode(totpSecretOf(ctx, row), ctx.now()), address: '127.0.0.1' },
    new LoginThrottle(),
  );
  const cookie = `hutong-session=${signedIn.sessionId}`;
  return {
    userId: user.userId,
    username,
    password,
    cookie,
    csrfToken: signedIn.csrfToken,
    headers: { cookie, 'x-csrf-token': signedIn.csrfToken },
  };
}

export interface TestHolder {
  readonly holderCodeType: string;
  readonly holderCode: string;
  /** The Cookie header value (`hutong-holder-session=…`). */
  readonly cookie: string;
  readonly csrfToken: string;
  /** Both headers a state-changing request needs. */
  readonly headers: { readonly cookie: string; readonly 'x-csrf-token': string };
}

/**
 * Signs a holder in through the real development-provider flow over HTTP: `POST
 * /api/v1/holder/sign-in/start`, the code read from `GET /api/v1/dev/mailbox`, `POST
 * /api/v1/holder/sign-in/verify`; returns the session cookie and CSRF token. The app must be
 * built with the development provider: `buildApp({ …, holders: { devProvider: true } })`.
 * The holder code must be valid (check characters included), e.g. from `citizenIdOf`
 * (demo/demo-codes.ts) or the demo's holders.
 *
 * @example
 * const holder = await signInHolder(app, { holderCodeType: '111', holderCode: '65010219900307002X' });
 * await app.inject({ url: '/api/v1/me/licences', headers: { cookie: holder.cookie } });
 * await app.inject({ method: 'PUT', url: '/api/v1/holder/acting-for', headers: holder.headers, payload });
 */
export async function signInHolder(
  app: FastifyInstance,
  holder: { readonly holderCodeType: string; readonly holderCode: string },
): Promise<TestHolder> {
  const start = await app.inject({
    method: 'POST',
    url: '/api/v1/holder/sign-in/start',
    payload: { holderCodeType: holder.holderCodeType, holderCode: holder.holderCode },
  });
  if (start.statusCode !== 201) throw new Error(`holder sign-in start: ${start.statusCode} ${start.body}`);
  const { challengeId } = start.json() as { challengeId: string };
  const mailbox = await app.inject({ url: `/api/v1/dev/mailbox?challengeId=${encodeURIComponent(challengeId)}` });
  const code = (mailbox.json() as { messages?: Array<{ code: string }> }).messages?.[0]?.code;
  if (code === undefined) throw new Error(`holder sign-in: no code in the dev mailbox (${mailbox.statusCode})`);
  const verify = await app.inject({
    method: 'POST',
    url: '/api/v1/holder/sign-in/verify',
    payload: { challengeId, code },
  });
  if (verify.statusCode !== 201) throw new Error(`holder sign-in verify: ${verify.statusCode} ${verify.body}`);
  const setCookie = verify.headers['set-cookie'];
  const session = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
    .map((value) => String(value).split(';')[0] ?? '')
    .find((pair) => /^(__Host-)?hutong-holder-session=/.test(pair));
  if (session === undefined) throw new Error('holder sign-in verify: no session cookie');
  const cookie = session.replace(/^__Host-/, '');
  const csrfToken = (verify.json() as { csrfToken: string }).csrfToken;
  return {
    holderCodeType: holder.holderCodeType,
    holderCode: holder.holderCode,
    cookie,
    csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken },
  };
}
