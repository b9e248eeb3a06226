/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) and token revocation (RFC 7009),
 * with three client authentication methods: `client_secret_basic` and `client_secret_post`
 * (RFC 6749 §2.3.1) and `private_key_jwt` (RFC 7523 §2.2, see client-assertion.ts).
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { type IssuedAccessToken, issueAccessToken, revokeAccessToken } from './access-token.js';
import type { ApiClientsTable } from './auth.tables.js';
import { CLIENT_ASSERTION_TYPE, decodeClientAssertion, verifyClientAssertion } from './client-assertion.js';
import { readScopes } from './json-columns.js';
import { isScope, type Scope } from './principal.js';
import { decoyHash, verifySecret } from './secret-hash.js';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface TokenEndpointOptions {
  /** Accepted `aud` values of client assertions. */
  readonly audiences: readonly string[];
  readonly accessTokenLifetimeSeconds?: number | undefined;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function invalidRequest(reason: string, reasonZh: string, field?: string): ServerError {
  return new ServerError('ERR_AUTH_OAUTH_INVALID_REQUEST', {
    params: { reason },
    zhParams: { reason: reasonZh },
    ...(field ? { field } : {}),
  });
}

function invalidClient(): ServerError {
  return new ServerError('ERR_AUTH_OAUTH_INVALID_CLIENT', { field: 'client_id' });
}

/** RFC 6749 §2.3.1: Basic credentials are the form-urlencoded id and secret. */
function parseBasic(header: string): { clientId: string; secret: string } {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (match === null)
    throw invalidRequest(
      'the Authorization header is not Basic credentials',
      'Authorization 头部不是 Basic 凭据',
      'authorization',
    );
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw invalidRequest(
      'Basic credentials need client_id:client_secret',
      'Basic 凭据须为 client_id:client_secret',
      'authorization',
    );
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw invalidRequest(
      'Basic credentials are not form-urlencoded',
      'Basic 凭据不是 form-urlencoded 编码',
      'authorization',
    );
  }
}

async function clientById(ctx: AppContext, clientId: string): Promise<Selectable<ApiClientsTable> | undefined> {
  if (clientId.length === 0 || clientId.length > 200) return undefined;
  return ctx.store.db.selectFrom('api_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
}

async function bySecret(ctx: AppContext, clientId: string, secret: string): Promise<Selectable<ApiClientsTable>> {
  const client = await clientById(ctx, clientId);
  // Unknown, disabled or secret-less clients cost the same scrypt run as a wrong secret.
  const stored = client?.status === 'active' && client.secret_hash !== null ? client.secret_hash : await decoyHash();
  const matches = await verifySecret(secret, stored);
  if (!matches || client === undefined || client.status !== 'active' || client.secret_hash === null)
    throw invalidClient();
  return client;
}

/**
 * Authenticates the client of a token or revocation request by exactly one method
 * (RFC 6749 §2.3: a client MUST NOT use more than one).
 *
 * @example const { client, method } = await authenticateClient(ctx, form, request.headers.authorization, options);
 */
export async function authenticateClient(
  ctx: AppContext,
  form: Readonly<Record<string, string>>,
  authorization: string | undefined,
  options: Pick<TokenEndpointOptions, 'audiences'>,
): Promise<{ readonly client: Selectable<ApiClientsTable>; readonly method: ClientAuthenticationMethod }> {
  const basic = authorization !== undefined && authorization !== '';
  const post = form.client_secret !== undefined;
  const jwt = form.client_assertion !== undefined || form.client_assertion_type !== undefined;
  const methods = [basic, post, jwt].filter(Boolean).length;
  if (methods > 1) throw invalidRequest('use exactly one client authentication method', '须恰好使用一种客户端认证方式');
  if (methods === 0) throw invalidClient();
  if (basic) {
    const { clientId, secret } = parseBasic(authorization ?? '');
    if (form.client_id !== undefined && form.client_id !== clientId)
      throw invalidRequest(
        'client_id differs from the Basic credentials',
        'client_id 与 Basic 凭据不一致',
        'client_id',
      );
    return { client: await bySecret(ctx, clientId, secret), method: 'client_secret_basic' };
  }
  if (post) {
    if (form.client_id === undefined)
      throw invalidRequest('client_secret needs client_id', 'client_secret 须与 client_id 一起给出', 'client_id');
    return { client: await bySecret(ctx, form.client_id, form.client_secret ?? ''), method: 'client_secret_post' };
  }
  if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    throw invalidRequest(
      `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`,
      `client_assertion_type 须为 ${CLIENT_ASSERTION_TYPE}`,
      'client_assertion_type',
    );
  }
  if (form.client_assertion === undefined)
    throw invalidRequest('client_assertion is missing', '缺少 client_assertion', 'client_assertion');
  const decoded = decodeClientAssertion(form.client_assertion);
  const subject = decoded.claims.sub;
  if (typeof subject !== 'string') {
    throw new ServerError('ERR_AUTH_OAUTH_ASSERTION_INVALID', {
      field: 'client_assertion',
      params: { reason: 'sub must be the client id' },
      zhParams: { reason: 'sub 须为客户端标识' },
    });
  }
  // RFC 7521 §4.2: a client_id beside the assertion must name the same client.
  if (form.client_id !== undefined && form.client_id !== subject)
    throw invalidRequest('client_id differs from the assertion’s sub', 'client_id 与断言的 sub 不一致', 'client_id');
  const client = await clientById(ctx, subject);
  if (client === undefined || client.status !== 'active') throw invalidClient();
  await verifyClientAssertion(ctx, client, decoded, options);
  return { client, method: 'private_key_jwt' };
}

/**
 * RFC 6749 §3.3: the requested scopes must all be granted to the client; none requested
 * means all of the client's.
 */
function grantedScopes(client: Selectable<ApiClientsTable>, requested: string | undefined): Scope[] {
  const allowed = readScopes(client.scopes);
  if (requested === undefined || requested.trim() === '') return allowed;
  // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), space-delimited.
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(requested)) {
    throw invalidRequest('scope must be space-separated scope tokens', 'scope 须为以空格分隔的权限范围', 'scope');
  }
  const scopes = [...new Set(requested.split(' '))];
  for (const scope of scopes) {
    if (!isScope(scope) || !allowed.includes(scope)) {
      throw new ServerError('ERR_AUTH_OAUTH_INVALID_SCOPE', { field: 'scope', params: { scope: scope.slice(0, 40) } });
    }
  }
  return scopes as Scope[];
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

/**
 * Handles a token request: authenticates the client, checks the grant type and scope,
 * issues an access token (RFC 6749 §5.1 response members).
 *
 * @example const response = await requestAccessToken(ctx, form, request.headers.authorization, { audiences });
 */
export async function requestAccessToken(
  ctx: AppContext,
  form: Readonly<Record<string, string>>,
  authorization: string | undefined,
  options: TokenEndpointOptions,
): Promise<TokenResponse> {
  if (form.grant_type === undefined) throw invalidRequest('grant_type is missing', '缺少 grant_type', 'grant_type');
  const { client } = await authenticateClient(ctx, form, authorization, options);
  if (form.grant_type !== 'client_credentials') {
    throw new ServerError('ERR_AUTH_OAUTH_UNSUPPORTED_GRANT_TYPE', {
      field: 'grant_type',
      params: { grantType: form.grant_type.slice(0, 60) },
    });
  }
  const scopes = grantedScopes(client, form.scope);
  const issued: IssuedAccessToken = await issueAccessToken(ctx.store.db, {
    clientId: client.id,
    scopes,
    now: ctx.now(),
    lifetimeSeconds: options.accessTokenLifetimeSeconds,
  });
  return {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: scopes.join(' '),
  };
}

/**
 * RFC 7009 §2: the client revokes one of its own tokens; the answer is the same whether the
 * token existed or not.
 */
export async function revokeToken(
  ctx: AppContext,
  form: Readonly<Record<string, string>>,
  authorization: string | undefined,
  options: Pick<TokenEndpointOptions, 'audiences'>,
): Promise<void> {
  if (form.token === undefined) throw invalidRequest('token is missing', '缺少 token', 'token');
  const { client } = await authenticateClient(ctx, form, authorization, options);
  await revokeAccessToken(ctx.store.db, client.id, form.token, ctx.now());
}
