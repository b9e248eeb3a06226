/** Holder sign-in, the holder session, acting for an organisation, and the dev mailbox. */

import { HOLDER_CODE_TYPES, type HolderCodeType } from '@hutong/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { ResolvedAuth } from '../auth/auth-plugin.js';
import { clearedHolderSessionCookies, holderSessionCookies, parseCookieHeader } from '../auth/cookies.js';
import type { HolderPrincipal } from '../auth/principal.js';
import { csrfTokenFor } from '../auth/staff-session.js';
import { ServerError } from '../errors.js';
import { actForOrganisation } from './act-for-organisation.js';
import { DevMailbox } from './dev-mailbox.js';
import { type HolderSessionState, type HolderSignedIn, resolveHolderSession, signOutHolder } from './holder-session.js';
import {
  ActingForBody,
  HolderMeSchema,
  MailboxQuery,
  MailboxSchema,
  MyLicencePageSchema,
  MyLicenceParams,
  MyLicencesQuery,
  OidcCallbackQuery,
  OidcStartQuery,
  ProvidersSchema,
  SignInChallengeSchema,
  SignInStartBody,
  SignInVerifyBody,
} from './holders.schema.js';
import { downloadMyLicence, getMyLicence, listMyLicences } from './my-licences.js';
import { MyLicenceDetailSchema } from './my-licences.schema.js';
import { startCodeSignIn, verifyCodeSignIn } from './sign-in-with-code.js';
import { OIDC_REQUEST_SECONDS, OIDC_STATE_COOKIE, type OidcSettings, OidcSignIn } from './sign-in-with-oidc.js';

export interface HolderSignInOptions {
  /** OpenID Connect sign-in (production): the provider's settings (`oidcSettingsFromEnv`). */
  readonly oidc?: OidcSettings | undefined;
  /**
   * The built-in development identity provider (one-time codes to the dev mailbox). On for
   * `serve --demo` only: it lets anyone sign in as anyone who can read the mailbox.
   */
  readonly devProvider?: boolean | undefined;
  /** The development provider's mailbox (default a new one; serve-cluster's workers pass one that relays to the others). */
  readonly devMailbox?: DevMailbox | undefined;
}

/** The session behind the request's holder cookie (the auth plugin admitted it), freshly read. */
export async function holderSessionOf(
  ctx: AppContext,
  auth: ResolvedAuth,
  request: FastifyRequest,
): Promise<{ sessionId: string; session: HolderSessionState }> {
  const sessionId = request.sessionKind === 'holder' ? request.sessionId : undefined;
  const session = sessionId === undefined ? undefined : await resolveHolderSession(ctx, sessionId, auth.holderSession);
  if (sessionId === undefined || session === undefined) throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
  return { sessionId, session };
}

function meOf(ctx: AppContext, sessionId: string, session: HolderSessionState) {
  const { principal } = session;
  const type = HOLDER_CODE_TYPES[principal.holderCodeType as HolderCodeType];
  return {
    holderCodeType: principal.holderCodeType,
    holderCode: principal.holderCode,
    holderKind: type?.holder ?? 'person',
    provider: session.provider,
    person: session.person,
    ...(principal.representative === undefined ? {} : { representative: principal.representative }),
    csrfToken: csrfTokenFor(ctx.secrets, sessionId),
    expiresAt: session.expiresAt,
  };
}

/**
 * Sets the session cookies of a new holder session, after ending the one the request came
 * with (a new sign-in never leaves the old session alive in the same browser).
 */
export async function sendHolderSignedIn(
  ctx: AppContext,
  auth: ResolvedAuth,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn: HolderSignedIn,
): Promise<void> {
  if (request.sessionKind === 'holder' && request.sessionId !== undefined) {
    await signOutHolder(ctx, request.sessionId, { requestId: request.id });
  }
  const secure = auth.secureCookies(request);
  reply.header(
    'set-cookie',
    holderSessionCookies(signedIn.sessionId, signedIn.csrfToken, {
      secure,
      maxAge: auth.holderSession.absoluteSeconds,
    }),
  );
}

export function registerHolderRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  auth: ResolvedAuth,
  options: HolderSignInOptions = {},
): void {
  const mailbox = options.devProvider === true ? (options.devMailbox ?? new DevMailbox()) : undefined;
  const devMailbox = (): DevMailbox => {
    if (mailbox === undefined) throw new ServerError('ERR_HOLDER_PROVIDER_DISABLED', { params: { provider: 'dev' } });
    return mailbox;
  };

  app.post<{ Body: SignInStartBody }>(
    '/api/v1/holder/sign-in/start',
    { schema: { tags: ['holders'], body: SignInStartBody, response: { 201: SignInChallengeSchema } } },
    async (request, reply) => {
      const challenge = await startCodeSignIn(ctx, devMailbox(), request.body).catch((error: unknown) => {
        if (error instanceof ServerError && error.code === 'ERR_HOLDER_SIGN_IN_THROTTLED') {
          reply.header('retry-after', String(error.params.retryAfter));
        }
        throw error;
      });
      return reply.code(201).send(challenge);
    },
  );

  app.post<{ Body: SignInVerifyBody }>(
    '/api/v1/holder/sign-in/verify',
    { schema: { tags: ['holders'], body: SignInVerifyBody, response: { 201: HolderMeSchema } } },
    async (request, reply) => {
      devMailbox();
      const signedIn = await verifyCodeSignIn(ctx, request.body, {
        policy: auth.holderSession,
        requestId: request.id,
      });
      await sendHolderSignedIn(ctx, auth, request, reply, signedIn);
      const session = await resolveHolderSession(ctx, signedIn.sessionId, auth.holderSession);
      if (session === undefined) throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
      return reply.code(201).send(meOf(ctx, signedIn.sessionId, session));
    },
  );

  const oidcSignIn = options.oidc === undefined ? undefined : new OidcSignIn(options.oidc);
  const oidcOf = (): OidcSignIn => {
    if (oidcSignIn === undefined)
      throw new ServerError('ERR_HOLDER_PROVIDER_DISABLED', { params: { provider: 'oidc' } });
    return oidcSignIn;
  };
  const stateCookie = (request: FastifyRequest, value: string, maxAge: number): string => {
    const secure = auth.secureCookies(request);
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    return [
      `${secure ? '__Host-' : ''}${OIDC_STATE_COOKIE}=${value}`,
      'Path=/',
      `Max-Age=${maxAge}`,
      'SameSite=Lax',
      'HttpOnly',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  };

  app.get(
    '/api/v1/holder/sign-in/providers',
    { schema: { tags: ['holders'], response: { 200: ProvidersSchema } } },
    async () => ({ dev: mailbox !== undefined, oidc: oidcSignIn !== undefined }),
  );

  app.get<{ Querystring: OidcStartQuery }>(
    '/api/v1/holder/sign-in/oidc',
    { schema: { tags: ['holders'], querystring: OidcStartQuery } },
    async (request, reply) => {
      const { url, state } = await oidcOf().start(ctx, request.query.returnTo);
      return reply
        .code(302)
        .header('location', url)
        .header('cache-control', 'no-store')
        .header('set-cookie', stateCookie(request, state, OIDC_REQUEST_SECONDS))
        .send();
    },
  );

  app.get<{ Querystring: OidcCallbackQuery }>(
    '/api/v1/holder/sign-in/oidc/callback',
    { schema: { tags: ['holders'], querystring: OidcCallbackQuery } },
    async (request, reply) => {
      const provider = oidcOf();
      const cookies = parseCookieHeader(request.headers.cookie);
      const bound = cookies.get(`__Host-${OIDC_STATE_COOKIE}`) ?? cookies.get(OIDC_STATE_COOKIE);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      reply.header('cache-control', 'no-store');
      const signedIn = await provider.finish(ctx, query, bound, { policy: auth.holderSession, requestId: request.id });
      await sendHolderSignedIn(ctx, auth, request, reply, signedIn);
      reply.header('set-cookie', [...(reply.getHeader('set-cookie') as string[]), stateCookie(request, '', 0)]);
      return reply.code(302).header('location', signedIn.returnTo).send();
    },
  );

  app.get<{ Querystring: MailboxQuery }>(
    '/api/v1/dev/mailbox',
    { schema: { tags: ['holders'], querystring: MailboxQuery, response: { 200: MailboxSchema } } },
    async (request, reply) => {
      const messages = devMailbox().read(ctx.now(), { challengeId: request.query.challengeId });
      return reply.header('cache-control', 'no-store').send({ messages });
    },
  );

  app.get(
    '/api/v1/holder/me',
    { schema: { tags: ['holders'], response: { 200: HolderMeSchema } } },
    async (request) => {
      const { sessionId, session } = await holderSessionOf(ctx, auth, request);
      return meOf(ctx, sessionId, session);
    },
  );

  app.delete('/api/v1/holder/session', { schema: { tags: ['holders'] } }, async (request, reply) => {
    const { sessionId } = await holderSessionOf(ctx, auth, request);
    await signOutHolder(ctx, sessionId, { requestId: request.id });
    return reply
      .code(204)
      .header('set-cookie', clearedHolderSessionCookies(auth.secureCookies(request)))
      .send();
  });

  app.put<{ Body: ActingForBody }>(
    '/api/v1/holder/acting-for',
    { schema: { tags: ['holders'], body: ActingForBody, response: { 200: HolderMeSchema } } },
    async (request) => {
      const { sessionId, session } = await holderSessionOf(ctx, auth, request);
      await actForOrganisation(ctx, sessionId, session, request.body, { requestId: request.id });
      const updated = await resolveHolderSession(ctx, sessionId, auth.holderSession);
      if (updated === undefined) throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
      return meOf(ctx, sessionId, updated);
    },
  );

  app.delete(
    '/api/v1/holder/acting-for',
    { schema: { tags: ['holders'], response: { 200: HolderMeSchema } } },
    async (request) => {
      const { sessionId, session } = await holderSessionOf(ctx, auth, request);
      await actForOrganisation(ctx, sessionId, session, undefined, { requestId: request.id });
      const updated = await resolveHolderSession(ctx, sessionId, auth.holderSession);
      if (updated === undefined) throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
      return meOf(ctx, sessionId, updated);
    },
  );

  const holderOf = (request: FastifyRequest): HolderPrincipal => {
    if (request.principal.kind !== 'holder') throw new ServerError('ERR_HOLDER_SESSION_REQUIRED');
    return request.principal;
  };

  app.get<{ Querystring: MyLicencesQuery }>(
    '/api/v1/me/licences',
    { schema: { tags: ['holders'], querystring: MyLicencesQuery, response: { 200: MyLicencePageSchema } } },
    async (request, reply) => {
      const page = await listMyLicences(ctx, holderOf(request), request.query, { requestId: request.id });
      return reply.header('cache-control', 'private, no-store').send(page);
    },
  );

  app.get<{ Params: MyLicenceParams }>(
    '/api/v1/me/licences/:identifier',
    { schema: { tags: ['holders'], params: MyLicenceParams, response: { 200: MyLicenceDetailSchema } } },
    async (request, reply) => {
      const detail = await getMyLicence(ctx, holderOf(request), request.params.identifier, { requestId: request.id });
      return reply.header('cache-control', 'private, no-store').send(detail);
    },
  );

  app.get<{ Params: MyLicenceParams }>(
    '/api/v1/me/licences/:identifier/licence.json',
    { schema: { tags: ['holders'], params: MyLicenceParams } },
    async (request, reply) => {
      const { identifier, json } = await downloadMyLicence(ctx, holderOf(request), request.params.identifier, {
        requestId: request.id,
      });
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${identifier}.json"`)
        .header('cache-control', 'private, no-store')
        .send(json);
    },
  );
}
