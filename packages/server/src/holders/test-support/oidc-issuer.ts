/**
 * Test-only: a minimal but real OpenID provider on a local HTTP server — discovery, an
 * authorization endpoint that signs in the configured user at once, a token endpoint (client
 * secret basic or post, single-use codes, PKCE S256, redirect URI match) issuing ES256 ID
 * tokens signed with `jose`, and a JWKS. Knobs let a test make the provider misbehave (wrong
 * nonce, audience, issuer, expiry, a key not in the JWKS) to prove the client refuses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface IssuerUser {
  readonly sub: string;
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface Misbehaviour {
  readonly nonce?: string;
  readonly aud?: string;
  readonly iss?: string;
  /** Seconds from now (negative: already expired). */
  readonly expiresIn?: number;
  /** Sign with a key the JWKS does not publish. */
  readonly foreignKey?: boolean;
}

export interface TestOidcIssuer {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who the authorization endpoint signs in next. */
  user: IssuerUser;
  /** How the next ID token is spoiled (reset after each token). */
  misbehave: Misbehaviour | undefined;
  /** Token requests served (for "the code was exchanged once"). */
  tokenRequests: number;
  close(): Promise<void>;
}

interface PendingCode {
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | null;
  readonly user: IssuerUser;
}

async function body(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startTestOidcIssuer(options: {
  readonly redirectUri: string;
  readonly user: IssuerUser;
}): Promise<TestOidcIssuer> {
  const clientId = 'hutong-test-client';
  const clientSecret = randomBytes(16).toString('base64url');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  let issuer = '';

  const state: TestOidcIssuer = {
    get issuer() {
      return issuer;
    },
    clientId,
    clientSecret,
    user: options.user,
    misbehave: undefined,
    tokenRequests: 0,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };

  const json = (response: import('node:http').ServerResponse, status: number, value: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(value));
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', issuer);
      if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        return json(response, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['ES256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        });
      }
      if (request.method === 'GET' && url.pathname === '/jwks') return json(response, 200, { keys: [jwk] });
      if (request.method === 'GET' && url.pathname === '/authorize') {
        const q = url.searchParams;
        if (
          q.get('client_id') !== clientId ||
          q.get('redirect_uri') !== options.redirectUri ||
          q.get('response_type') !== 'code' ||
          q.get('code_challenge_method') !== 'S256' ||
          !q.get('scope')?.split(' ').includes('openid')
        ) {
          return json(response, 400, { error: 'invalid_request' });
        }
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          redirectUri: options.redirectUri,
          challenge: q.get('code_challenge') ?? '',
          nonce: q.get('nonce'),
          user: state.user,
        });
        const back = new URL(options.redirectUri);
        back.searchParams.set('code', code);
        if (q.get('state') !== null) back.searchParams.set('state', q.get('state') ?? '');
        back.searchParams.set('iss', issuer);
        response.writeHead(302, { location: back.href });
        return response.end();
      }
      if (request.method === 'POST' && url.pathname === '/token') {
        state.tokenRequests += 1;
        const form = await body(request);
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
        const [id, secret] = basic
          ? Buffer.from(basic[1] ?? '', 'base64')
              .toString('utf8')
              .split(':')
              .map((part) => decodeURIComponent(part))
          : [form.get('client_id'), form.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) return json(response, 401, { error: 'invalid_client' });
        const code = form.get('code') ?? '';
        const pending = codes.get(code);
        codes.delete(code);
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          form.get('grant_type') !== 'authorization_code' ||
          pending === undefined ||
          pending.redirectUri !== form.get('redirect_uri') ||
          pending.challenge !== challenge
        ) {
          return json(response, 400, { error: 'invalid_grant' });
        }
        const spoil = state.misbehave ?? {};
        state.misbehave = undefined;
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT({
          ...(pending.user.claims ?? {}),
          ...(spoil.nonce !== undefined
            ? { nonce: spoil.nonce }
            : pending.nonce === null
              ? {}
              : { nonce: pending.nonce }),
        })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
          .setIssuer(spoil.iss ?? issuer)
          .setAudience(spoil.aud ?? clientId)
          .setSubject(pending.user.sub)
          .setIssuedAt(now)
          .setExpirationTime(now + (spoil.expiresIn ?? 300))
          .sign(spoil.foreignKey === true ? foreign.privateKey : privateKey);
        return json(response, 200, {
          access_token: randomBytes(16).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
        });
      }
      return json(response, 404, { error: 'not_found' });
    })().catch((error: unknown) => json(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
