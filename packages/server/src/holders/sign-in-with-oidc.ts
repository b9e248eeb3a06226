/**
 * OpenID Connect sign-in for production nodes (issue 5 item 1): the authorization-code flow
 * (OIDC Core 1.0 §3.1) with PKCE S256 (RFC 7636), `state` and `nonce`, through
 * `openid-client` (discovery from the issuer's `/.well-known/openid-configuration`). The ID
 * token is checked for its signature against the issuer's JWKS (`enableNonRepudiationChecks`:
 * not only TLS), and for `iss`, `aud`, `exp`, `iat` and `nonce`. The holder code comes from a
 * configurable claim (default `sub`), its type from a claim or a fixed type (default `111`),
 * the person's name from `name`; the code is validated (check characters) before a session
 * opens. The request in flight (PKCE verifier, nonce, return path) is stored under the
 * SHA-256 of `state`, single-use, 10 min; `state` is also bound to the browser by a
 * short-lived HttpOnly cookie (login CSRF: a victim cannot be made to finish an attacker's sign-in).
 */
import { createHash } from 'node:crypto';
import { validateHolderCode } from '@hutong/core';
import * as oidc from 'openid-client';
import type { AppContext } from '../app-context.js';
import { isLoopbackHost } from '../auth/cookies.js';
import { ServerError } from '../errors.js';
import { type HolderSessionPolicy, type HolderSignedIn, openHolderSession } from './holder-session.js';

/** What a node needs to sign holders in with an OpenID provider. */
export interface OidcSettings {
  /** The issuer identifier (`HUTONG_OIDC_ISSUER`), e.g. `https://id.example.gov.cn`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** This node's callback, registered at the provider: `https://<node>/api/v1/holder/sign-in/oidc/callback`. */
  readonly redirectUri: string;
  /** Default `openid profile`. */
  readonly scope?: string | undefined;
  /** The claim carrying the holder code (default `sub`). */
  readonly holderCodeClaim?: string | undefined;
  /** A claim carrying the holder code type; without it, `holderCodeType`. */
  readonly holderCodeTypeClaim?: string | undefined;
  /** The holder code type when no claim gives it (default `111`, citizen ID). */
  readonly holderCodeType?: string | undefined;
  /** The claim with the person's name (default `name`). */
  readonly nameClaim?: string | undefined;
  /**
   * Plain-http issuers are refused unless this is set AND the issuer is a loopback address
   * (a provider on the same machine, tests).
   */
  readonly allowInsecureLoopback?: boolean | undefined;
}

/** A request in flight lives this long (the person is at the provider's login page). */
export const OIDC_REQUEST_SECONDS = 600;
export const OIDC_STATE_COOKIE = 'hutong-holder-oidc';

function stateHash(state: string): string {
  return createHash('sha256').update(`oidc-state\n${state}`, 'utf8').digest('hex');
}

/** A same-origin path to return to after sign-in; anything else becomes `/`. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/';
  // One leading slash, not two (`//evil.example` is another origin), no backslash tricks.
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : '/';
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function failed(reason: string, reasonZh: string, cause?: unknown): ServerError {
  return new ServerError('ERR_HOLDER_OIDC_FAILED', { params: { reason }, zhParams: { reason: reasonZh }, cause });
}

/** An OpenID Connect client of one provider: discovery once (retried after a failure). */
export class OidcSignIn {
  readonly settings: OidcSettings;
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(settings: OidcSettings) {
    const issuer = new URL(settings.issuer);
    if (issuer.protocol !== 'https:' && !(settings.allowInsecureLoopback === true && isLoopbackHost(issuer.host))) {
      throw new Error(
        `OIDC issuer ${settings.issuer} must be https (plain http only for a loopback issuer, when allowed)`,
      );
    }
    new URL(settings.redirectUri);
    this.settings = settings;
  }

  configuration(): Promise<oidc.Configuration> {
    if (this.#configuration === undefined) {
      const { issuer, clientId, clientSecret, allowInsecureLoopback } = this.settings;
      const insecure = allowInsecureLoopback === true && new URL(issuer).protocol === 'http:';
      this.#configuration = oidc
        .discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
          execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
        })
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw failed(`discovery of ${issuer} failed`, `${issuer} 的服务发现失败`, error);
        });
    }
    return this.#configuration;
  }

  /**
   * Starts a sign-in: stores the request in flight and answers the provider's authorization
   * URL and the `state` (for the browser-binding cookie).
   */
  async start(ctx: AppContext, returnTo: unknown): Promise<{ readonly url: string; readonly state: string }> {
    const configuration = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const now = ctx.now();
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('holder_oidc_requests').where('expires_at', '<=', now.toISOString()).execute();
      await trx
        .insertInto('holder_oidc_requests')
        .values({
          state_hash: stateHash(state),
          code_verifier: codeVerifier,
          nonce,
          return_to: safeReturnPath(returnTo),
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + OIDC_REQUEST_SECONDS * 1000).toISOString(),
          used_at: null,
        })
        .execute();
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scope ?? 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Finishes a sign-in from the provider's redirect (its query string): spends the request in
   * flight, exchanges the code, checks the ID token, maps its claims to a holder, and opens
   * the session. `boundState` is the browser-binding cookie's value.
   */
  async finish(
    ctx: AppContext,
    query: string,
    boundState: string | undefined,
    options: { readonly policy: HolderSessionPolicy; readonly requestId?: string | undefined },
  ): Promise<HolderSignedIn & { readonly returnTo: string }> {
    const params = new URLSearchParams(query);
    const state = params.get('state');
    if (state === null || state.length > 512 || boundState === undefined || boundState !== state) {
      throw new ServerError('ERR_HOLDER_OIDC_STATE', { field: 'state' });
    }
    const now = ctx.now().toISOString();
    // Spent first, in its own transaction: a code exchange that fails still uses the state up.
    const request = await ctx.store.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('holder_oidc_requests')
        .selectAll()
        .where('state_hash', '=', stateHash(state))
        .executeTakeFirst();
      if (row === undefined || row.used_at !== null || row.expires_at <= now) return undefined;
      const spent = await trx
        .updateTable('holder_oidc_requests')
        .set({ used_at: now })
        .where('state_hash', '=', row.state_hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(spent.numUpdatedRows) === 1 ? row : undefined;
    });
    if (request === undefined) throw new ServerError('ERR_HOLDER_OIDC_STATE', { field: 'state' });

    const configuration = await this.configuration();
    const callback = new URL(this.settings.redirectUri);
    callback.search = params.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: request.code_verifier,
        expectedState: state,
        expectedNonce: request.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The OpenID client's own words, quoted as they are: no Chinese reading exists for them.
      throw failed(reason.slice(0, 200), `认证库报告“${reason.slice(0, 200)}”`, error);
    }
    const person = this.holderOf(claims);
    const signedIn = await ctx.store.db
      .transaction()
      .execute((trx) => openHolderSession(ctx, trx, person, 'oidc', options));
    return { ...signedIn, returnTo: request.return_to };
  }

  /** The holder an ID token's claims name (validated), per the claim mapping. */
  holderOf(claims: Readonly<Record<string, unknown>>): { holderCodeType: string; holderCode: string; name?: string } {
    const codeClaim = this.settings.holderCodeClaim ?? 'sub';
    const typeClaim = this.settings.holderCodeTypeClaim;
    const code = claims[codeClaim];
    const type = typeClaim === undefined ? (this.settings.holderCodeType ?? '111') : claims[typeClaim];
    let holder: { holderCodeType: string; holderCode: string };
    try {
      holder = validateHolderCode(type, code);
    } catch (error) {
      throw new ServerError('ERR_HOLDER_OIDC_CLAIMS', { params: { claim: codeClaim }, cause: error });
    }
    const name = claims[this.settings.nameClaim ?? 'name'];
    return {
      ...holder,
      ...(typeof name === 'string' && name.trim() !== '' ? { name: name.trim().slice(0, 100) } : {}),
    };
  }
}

/**
 * The OIDC settings from the environment, or undefined when `HUTONG_OIDC_ISSUER` is unset.
 * All of issuer, client id, client secret and redirect URI are then required.
 *
 * @example const settings = oidcSettingsFromEnv(process.env);
 */
export function oidcSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): OidcSettings | undefined {
  const issuer = env.HUTONG_OIDC_ISSUER;
  if (issuer === undefined || issuer === '') return undefined;
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`${name} is required with HUTONG_OIDC_ISSUER`);
    return value;
  };
  return {
    issuer,
    clientId: required('HUTONG_OIDC_CLIENT_ID'),
    clientSecret: required('HUTONG_OIDC_CLIENT_SECRET'),
    redirectUri: required('HUTONG_OIDC_REDIRECT_URI'),
    scope: env.HUTONG_OIDC_SCOPE || undefined,
    holderCodeClaim: env.HUTONG_OIDC_HOLDER_CODE_CLAIM || undefined,
    holderCodeTypeClaim: env.HUTONG_OIDC_HOLDER_CODE_TYPE_CLAIM || undefined,
    holderCodeType: env.HUTONG_OIDC_HOLDER_CODE_TYPE || undefined,
    nameClaim: env.HUTONG_OIDC_NAME_CLAIM || undefined,
  };
}
