/**
 * `POST /api/v1/oauth/token` and `POST /api/v1/oauth/revoke`: form-encoded (RFC 6749 §4.4.2,
 * RFC 7009 §2.1). Refusals are RFC 9457 problem details that also carry RFC 6749 §5.2's
 * `error` and `error_description`, so off-the-shelf OAuth clients understand them.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { signOutDevice } from './access-token.js';
import { RevokeRequest, TokenRequest, TokenResponse } from './auth.schema.js';
import type { ResolvedAuth } from './auth-plugin.js';
import { actorOf } from './principal.js';
import { requestAccessToken, revokeToken } from './request-access-token.js';

const FORM = 'application/x-www-form-urlencoded';

/** RFC 6749 §5.2 error codes of each refusal. */
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  ERR_AUTH_OAUTH_INVALID_REQUEST: 'invalid_request',
  ERR_AUTH_OAUTH_UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  ERR_AUTH_OAUTH_INVALID_SCOPE: 'invalid_scope',
  ERR_AUTH_OAUTH_INVALID_CLIENT: 'invalid_client',
  ERR_AUTH_OAUTH_ASSERTION_INVALID: 'invalid_client',
  ERR_AUTH_OAUTH_ASSERTION_REPLAYED: 'invalid_client',
  ERR_API_INTERNAL: 'server_error',
  ERR_AUTH_RATE_LIMITED: 'temporarily_unavailable',
};

/**
 * The form body as single-valued strings. RFC 6749 §3.1: parameters MUST NOT be included
 * more than once — a repeated one is refused rather than one copy silently chosen.
 */
function parseForm(body: string): Record<string, string> {
  const form: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(form, name)) {
      throw new ServerError('ERR_AUTH_OAUTH_INVALID_REQUEST', {
        field: name,
        params: { reason: `${name.slice(0, 40)} is repeated` },
        zhParams: { reason: `${name.slice(0, 40)} 重复出现` },
      });
    }
    form[name] = value;
  }
  return form;
}

export function registerOAuthRoutes(app: FastifyInstance, ctx: AppContext, auth: ResolvedAuth): void {
  app.register(async (scope) => {
    // RFC 6749 §4.4.2: these endpoints speak form encoding only; JSON is a 415 here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    // Add `error` / `error_description` to every problem these routes send.
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (
        typeof payload !== 'string' ||
        !String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')
      ) {
        return payload;
      }
      const problem = JSON.parse(payload) as { code?: string; detail?: string };
      const error = OAUTH_ERRORS[problem.code ?? ''] ?? 'invalid_request';
      // RFC 6749 §5.2: 401 for a client that tried HTTP authentication, with its scheme.
      if (error === 'invalid_client' && reply.request.headers.authorization !== undefined) {
        reply.header('www-authenticate', 'Basic realm="hutong"');
      }
      return JSON.stringify({ ...problem, error, error_description: problem.detail });
    });

    scope.post(
      '/api/v1/oauth/token',
      {
        schema: {
          tags: ['auth'],
          consumes: [FORM],
          body: TokenRequest,
          response: { 200: TokenResponse },
        },
      },
      async (request, reply) => {
        const form = request.body as Record<string, string>;
        const token = await requestAccessToken(ctx, form, request.headers.authorization, {
          audiences: auth.audiences,
          accessTokenLifetimeSeconds: auth.accessTokenLifetimeSeconds,
        });
        // RFC 6749 §5.1: the response MUST NOT be cached.
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return token;
      },
    );

    // A device's sign-out. RFC 7009's endpoint needs the client's own credentials, which a
    // venue's or inspector's device does not keep (only its token, in memory); the token
    // itself is proof enough to end itself. Other tokens of the same client (other devices)
    // stay valid. 204 also for a token revoked meanwhile: the auth hook already refused an
    // invalid one with 401.
    scope.delete(
      '/api/v1/oauth/token',
      { schema: { tags: ['auth'], response: { 204: { type: 'null', description: 'the token is revoked' } } } },
      async (request, reply) => {
        const bearer = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
        const principal = request.principal;
        if (bearer === null || principal.kind !== 'client') {
          throw new ServerError('ERR_AUTH_OAUTH_INVALID_REQUEST', {
            field: 'authorization',
            params: { reason: 'the access token to revoke is sent as Authorization: Bearer' },
            zhParams: { reason: '要撤销的访问令牌须以 Authorization: Bearer 发送' },
          });
        }
        await signOutDevice(ctx, {
          clientId: principal.clientId,
          token: bearer[1] ?? '',
          actor: actorOf(principal),
          requestId: request.id,
        });
        return reply.code(204).header('cache-control', 'no-store').send();
      },
    );

    scope.post(
      '/api/v1/oauth/revoke',
      { schema: { tags: ['auth'], consumes: [FORM], body: RevokeRequest } },
      async (request, reply) => {
        await revokeToken(ctx, request.body as Record<string, string>, request.headers.authorization, {
          audiences: auth.audiences,
        });
        // RFC 7009 §2.2: 200 whether or not the token was valid.
        return reply.code(200).header('cache-control', 'no-store').send();
      },
    );
  });
}
