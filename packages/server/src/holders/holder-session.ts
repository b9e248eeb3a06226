/**
 * Holder sessions: a random session id in an HttpOnly cookie (`hutong-holder-session`,
 * stored only as its SHA-256), an absolute lifetime and an idle timeout, revocable
 * (sign-out), and the same signed double-submit CSRF token as staff sessions
 * (`csrfTokenFor`: HMAC of the session id under the `session` purpose key). The session
 * names the person who signed in and, when they switched, the organisation they act for.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import type { HolderPrincipal } from '../auth/principal.js';
import { csrfTokenFor } from '../auth/staff-session.js';
import { recordEvent } from '../events/record-event.js';
import type { Database } from '../store/database.js';

export interface HolderSessionPolicy {
  /** A session ends this long after sign-in, whatever happens (default 4 h). */
  readonly absoluteSeconds: number;
  /** …or after this long without a request (default 30 min). */
  readonly idleSeconds: number;
}

export const DEFAULT_HOLDER_SESSION_POLICY: HolderSessionPolicy = { absoluteSeconds: 4 * 3600, idleSeconds: 30 * 60 };

/** The identity providers a holder session may come from. */
export type HolderProvider = 'dev' | 'oidc';

/** `last_seen_at` is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function hashHolderSessionId(sessionId: string): string {
  return createHash('sha256').update(`holder\n${sessionId}`, 'utf8').digest('hex');
}

/** A person as an identity provider vouched for them. */
export interface SignedInPerson {
  readonly holderCodeType: string;
  readonly holderCode: string;
  /** From the provider (OIDC `name`), when it gives one. */
  readonly name?: string | undefined;
}

export interface HolderSignedIn {
  /** The cookie value; never stored. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/**
 * Opens a holder session inside the caller's transaction (the sign-in that vouched for the
 * person commits with it) and records `holder.signed-in` (the holder code only as a keyed hash).
 */
export async function openHolderSession(
  ctx: AppContext,
  trx: Transaction<Database>,
  person: SignedInPerson,
  provider: HolderProvider,
  options: { readonly policy: HolderSessionPolicy; readonly requestId?: string | undefined },
): Promise<HolderSignedIn> {
  const now = ctx.now();
  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + options.policy.absoluteSeconds * 1000).toISOString();
  await trx
    .insertInto('holder_sessions')
    .values({
      id_hash: hashHolderSessionId(sessionId),
      provider,
      person_code_type: person.holderCodeType,
      person_code: person.holderCode,
      person_name: person.name ?? null,
      acting_code_type: null,
      acting_code: null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  await recordEvent(trx, {
    type: 'holder.signed-in',
    actor: 'holder',
    requestId: options.requestId,
    details: {
      provider,
      holderCodeType: person.holderCodeType,
      holder: hashPersonalData(ctx.secrets, person.holderCode),
    },
    at: now.toISOString(),
  });
  return { sessionId, csrfToken: csrfTokenFor(ctx.secrets, sessionId), expiresAt };
}

/** A live session as stored. */
export interface HolderSessionState {
  readonly principal: HolderPrincipal;
  readonly provider: HolderProvider;
  readonly person: { readonly holderCodeType: string; readonly holderCode: string; readonly name: string | null };
  readonly expiresAt: string;
}

/**
 * The session behind a cookie value, or undefined when it is unknown, signed out, expired or
 * idle too long. Refreshes `last_seen_at` (at most once a minute).
 */
export async function resolveHolderSession(
  ctx: AppContext,
  sessionId: string,
  policy: HolderSessionPolicy = DEFAULT_HOLDER_SESSION_POLICY,
): Promise<HolderSessionState | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  const now = ctx.now();
  const idHash = hashHolderSessionId(sessionId);
  const row = await ctx.store.db
    .selectFrom('holder_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null) return undefined;
  if (row.expires_at <= now.toISOString()) return undefined;
  const lastSeen = Date.parse(row.last_seen_at);
  if (now.getTime() - lastSeen > policy.idleSeconds * 1000) return undefined;
  if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) {
    await ctx.store.db
      .updateTable('holder_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  const person = { holderCodeType: row.person_code_type, holderCode: row.person_code };
  const principal: HolderPrincipal =
    row.acting_code_type !== null && row.acting_code !== null
      ? { kind: 'holder', holderCodeType: row.acting_code_type, holderCode: row.acting_code, representative: person }
      : { kind: 'holder', ...person };
  return {
    principal,
    provider: row.provider === 'oidc' ? 'oidc' : 'dev',
    person: { ...person, name: row.person_name },
    expiresAt: row.expires_at,
  };
}

/** Ends a holder session (sign-out); a second sign-out changes nothing. */
export async function signOutHolder(
  ctx: AppContext,
  sessionId: string,
  by: { readonly requestId?: string | undefined },
): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('holder_sessions')
      .set({ revoked_at: now })
      .where('id_hash', '=', hashHolderSessionId(sessionId))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) {
      await recordEvent(trx, {
        type: 'holder.signed-out',
        actor: 'holder',
        requestId: by.requestId,
        details: {},
        at: now,
      });
    }
  });
}

/**
 * Sets (or, with undefined, clears) the organisation a session acts for; with `personName`,
 * also remembers the name the person was recognised by.
 */
export async function setActingFor(
  db: Kysely<Database> | Transaction<Database>,
  sessionId: string,
  acting: { readonly holderCodeType: string; readonly holderCode: string } | undefined,
  personName?: string,
): Promise<void> {
  await db
    .updateTable('holder_sessions')
    .set({
      acting_code_type: acting?.holderCodeType ?? null,
      acting_code: acting?.holderCode ?? null,
      ...(personName === undefined ? {} : { person_name: personName }),
    })
    .where('id_hash', '=', hashHolderSessionId(sessionId))
    .execute();
}
