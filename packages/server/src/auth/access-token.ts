/**
 * Opaque bearer access tokens (RFC 6750): 256 random bits, handed out once and stored only as
 * their SHA-256, with the client, the granted scopes and an expiry. A stolen database holds no
 * usable token; a token is checked against the client's current state at every use, so
 * disabling a client or narrowing its scopes takes effect at once.
 */
import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { recordEvent } from '../events/record-event.js';
import type { Database } from '../store/database.js';
import { generationOf } from '../store/generation.js';
import { readLicenceTypes, readScopes } from './json-columns.js';
import type { ClientPrincipal, Scope } from './principal.js';

/** Ten minutes: short enough that a leaked token soon stops working, long enough for a batch job. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 600;

/** RFC 6750 §2.1 b64token; Hutong's tokens are exactly 43 base64url characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  // One-shot crypto.hash (Node >= 20.12, UTF-8 input): no Hash object per request.
  return hash('sha256', token, 'hex');
}

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly expiresAt: string;
  readonly scopes: readonly Scope[];
}

/**
 * Creates a token for a client and drops the client's expired ones.
 *
 * @example const { accessToken } = await issueAccessToken(db, { clientId, scopes: ['licence:read'], now: new Date() });
 */
export async function issueAccessToken(
  db: Kysely<Database>,
  grant: {
    readonly clientId: string;
    readonly scopes: readonly Scope[];
    readonly now: Date;
    readonly lifetimeSeconds?: number | undefined;
  },
): Promise<IssuedAccessToken> {
  const lifetime = grant.lifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS;
  const accessToken = randomBytes(32).toString('base64url');
  const issuedAt = grant.now.toISOString();
  const expiresAt = new Date(grant.now.getTime() + lifetime * 1000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('access_tokens')
      .where('client_id', '=', grant.clientId)
      .where('expires_at', '<=', issuedAt)
      .execute();
    await trx
      .insertInto('access_tokens')
      .values({
        token_hash: hashToken(accessToken),
        client_id: grant.clientId,
        scopes: JSON.stringify(grant.scopes),
        issued_at: issuedAt,
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
  });
  return { accessToken, expiresIn: lifetime, expiresAt, scopes: grant.scopes };
}

/** A principal resolved from the store, kept until `auth_generation` moves or the token expires. */
interface KeptPrincipal {
  readonly principal: ClientPrincipal;
  /** The token's expiry in ms: a kept token is judged without writing `now` as text per request. */
  readonly expiresAtMs: number;
}

/** What a node keeps of resolved tokens, per store (exact: dropped whenever `auth_generation` moves). */
interface TokenCache {
  generation: number;
  readonly entries: Map<string, KeptPrincipal>;
  /** Requests answered from the cache and from the store (tests read them; never used for decisions). */
  hits: number;
  misses: number;
}

/** Live tokens a node keeps at most; past it the cache starts over (tokens live ten minutes). */
const MAX_KEPT_TOKENS = 10_000;
const tokenCaches = new WeakMap<Kysely<Database>, TokenCache>();

/**
 * The token cache's counters for the store behind `db` (undefined before its first request).
 *
 * @example const before = accessTokenCacheStats(store.db)?.hits ?? 0;
 */
export function accessTokenCacheStats(
  db: Kysely<Database>,
): { readonly hits: number; readonly misses: number } | undefined {
  const cache = tokenCaches.get(db);
  return cache === undefined ? undefined : { hits: cache.hits, misses: cache.misses };
}

/**
 * The client principal of a bearer token, or undefined when the token is malformed, unknown,
 * expired, revoked, or its client is disabled. The token's scopes are intersected with the
 * client's current ones.
 *
 * Every call reads `auth_generation` (migration 0020, one row bumped by triggers on every write
 * to `access_tokens` and `api_clients`, in the writer's transaction) BEFORE anything else: a
 * principal resolved at the same generation is still exact, so it is answered from memory
 * (issue 5: the token join was ~5 % of online verification's CPU); when the row moved, every
 * kept principal is dropped. A revocation, a disabled client or narrowed scopes — from this
 * process or any other — therefore take effect on the very next request.
 *
 * @example const principal = await resolveAccessToken(db, token, new Date());
 */
export async function resolveAccessToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ClientPrincipal | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const tokenHash = hashToken(token);
  // Inside a transaction the caller sees its own uncommitted writes: no cache there.
  let cache: TokenCache | undefined;
  let generation: number | undefined;
  if (!db.isTransaction) generation = await generationOf(db, 'auth_generation');
  if (generation !== undefined) {
    cache = tokenCaches.get(db);
    if (cache === undefined) {
      cache = { generation, entries: new Map(), hits: 0, misses: 0 };
      tokenCaches.set(db, cache);
    } else if (cache.generation !== generation) {
      cache.entries.clear();
      cache.generation = generation;
    }
    const kept = cache.entries.get(tokenHash);
    if (kept !== undefined) {
      cache.hits += 1;
      return kept.expiresAtMs <= now.getTime() ? undefined : kept.principal;
    }
    cache.misses += 1;
  }
  const at = now.toISOString();
  const row = await db
    .selectFrom('access_tokens')
    .innerJoin('api_clients', 'api_clients.id', 'access_tokens.client_id')
    .select([
      'access_tokens.scopes as token_scopes',
      'access_tokens.expires_at',
      'access_tokens.revoked_at',
      'api_clients.id as client_id',
      'api_clients.organisation_code',
      'api_clients.scopes as client_scopes',
      'api_clients.licence_types',
      'api_clients.status',
    ])
    .where('access_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.status !== 'active') return undefined;
  if (row.expires_at <= at) return undefined;
  const clientScopes = new Set(readScopes(row.client_scopes));
  const principal: ClientPrincipal = {
    kind: 'client',
    clientId: row.client_id,
    organisationCode: row.organisation_code,
    scopes: readScopes(row.token_scopes).filter((scope) => clientScopes.has(scope)),
    licenceTypes: readLicenceTypes(row.licence_types),
  };
  // Kept only under the generation read before the row: a change committed in between moved
  // the row, so the next request drops this entry (another request may have moved the cache on).
  // expires_at is written by issueAccessToken as toISOString's text, which compares as its
  // instant does; one that does not read back as that text is never kept (always asked again).
  const expiresAtMs = Date.parse(row.expires_at);
  if (
    cache !== undefined &&
    cache.generation === generation &&
    Number.isFinite(expiresAtMs) &&
    new Date(expiresAtMs).toISOString() === row.expires_at
  ) {
    if (cache.entries.size >= MAX_KEPT_TOKENS) cache.entries.clear();
    cache.entries.set(tokenHash, { principal, expiresAtMs });
  }
  return principal;
}

/**
 * Revokes one token of a client (RFC 7009 §2.1: a token of another client is left alone, and
 * the answer is the same either way). Says whether a live token was revoked by this call.
 */
export async function revokeAccessToken(
  db: Kysely<Database>,
  clientId: string,
  token: string,
  now: Date,
): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const result = await db
    .updateTable('access_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('token_hash', '=', hashToken(token))
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A device's sign-out (`DELETE /api/v1/oauth/token`): revokes the bearer token it was called
 * with and records `client.signed-out` in the same transaction (issue 3, item 9: every write
 * is audited) — the actor and the client, never the token (nor its hash: the record must not
 * help anyone find the row of a live token).
 *
 * @example await signOutDevice(ctx, { clientId, token, actor: 'client:42', requestId });
 */
export async function signOutDevice(
  ctx: Pick<AppContext, 'store' | 'now'>,
  signOut: {
    readonly clientId: string;
    readonly token: string;
    readonly actor: string;
    readonly requestId?: string | undefined;
  },
): Promise<void> {
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    // A token revoked meanwhile (a second sign-out racing the first) is recorded once.
    if (!(await revokeAccessToken(trx, signOut.clientId, signOut.token, now))) return;
    await recordEvent(trx, {
      type: 'client.signed-out',
      actor: signOut.actor,
      requestId: signOut.requestId,
      target: signOut.clientId,
      details: {},
      at: now.toISOString(),
    });
  });
}

/** Revokes every live token of a client (the client was disabled or its secret replaced). */
export async function revokeClientTokens(db: Kysely<Database>, clientId: string, now: Date): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .execute();
}
