/**
 * Staff sessions: sign-in with password + TOTP, a random session id in an HttpOnly cookie
 * (stored only as its SHA-256), an absolute lifetime and an idle timeout, and a CSRF token
 * bound to the session (HMAC of the session id under the `session` purpose key) that the web
 * UI echoes in `X-CSRF-Token` on every change (the double-submit pattern, OWASP CSRF
 * Prevention Cheat Sheet, "signed double-submit cookie").
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { readRoles } from './json-columns.js';
import type { LoginThrottle } from './login-throttle.js';
import type { StaffPrincipal } from './principal.js';
import { decoyHash, verifySecret } from './secret-hash.js';
import { type StaffUserView, staffUserViewOf, totpSecretOf } from './staff-users.js';
import { matchTotp } from './totp.js';

export interface SessionPolicy {
  /** A session ends this long after sign-in, whatever happens (default 8 h: one working day). */
  readonly absoluteSeconds: number;
  /** …or after this long without a request (default 30 min). */
  readonly idleSeconds: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteSeconds: 8 * 3600, idleSeconds: 30 * 60 };

/** `last_seen_at` is written at most this often (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

/**
 * The CSRF token of a session.
 *
 * @example reply.header('x-csrf-token', csrfTokenFor(ctx.secrets, sessionId));
 */
export function csrfTokenFor(secrets: AppContext['secrets'], sessionId: string): string {
  return createHmac('sha256', secrets.purposeKey('session')).update(`csrf\n${sessionId}`).digest('base64url');
}

/** Constant-time check of a submitted CSRF token. */
export function csrfTokenMatches(secrets: AppContext['secrets'], sessionId: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secrets, sessionId));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SignedIn {
  /** The cookie value; never stored. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: StaffUserView;
}

/**
 * Signs a staff user in. Every failure (unknown name, wrong password, wrong or reused code,
 * disabled account) is the same `ERR_AUTH_LOGIN_FAILED`, after the same scrypt work.
 *
 * @example const { sessionId, csrfToken } = await signIn(ctx, { username, password, totp, address: request.ip }, throttle);
 */
export async function signIn(
  ctx: AppContext,
  attempt: {
    readonly username: string;
    readonly password: string;
    readonly totp: string;
    readonly address: string;
    readonly requestId?: string | undefined;
  },
  throttle: LoginThrottle,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SignedIn> {
  const now = ctx.now();
  const username = attempt.username.trim().toLowerCase().slice(0, 64);
  const wait = throttle.retryAfter(username, attempt.address, now);
  if (wait > 0) throw new ServerError('ERR_AUTH_LOGIN_THROTTLED', { params: { retryAfter: wait } });
  const failed = (): ServerError => {
    throttle.failed(username, attempt.address, now);
    return new ServerError('ERR_AUTH_LOGIN_FAILED');
  };

  const row = await ctx.store.db
    .selectFrom('staff_users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  const passwordOk = await verifySecret(attempt.password, row?.password_hash ?? (await decoyHash()));
  if (row === undefined || row.status !== 'active' || !passwordOk) throw failed();
  const step = matchTotp(totpSecretOf(ctx, row), attempt.totp.trim(), now);
  if (step === undefined) throw failed();

  const sessionId = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.absoluteSeconds * 1000).toISOString();
  const signedIn = await ctx.store.db.transaction().execute(async (trx) => {
    // RFC 6238 §5.2: one code, one use. The conditional update is atomic on both engines, so
    // two sign-ins racing with the same code cannot both pass.
    const used = await trx
      .updateTable('staff_users')
      .set({ totp_last_step: step })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('staff_sessions')
      .values({
        id_hash: hashSessionId(sessionId),
        user_id: row.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    await recordEvent(trx, {
      type: 'staff.signed-in',
      actor: `staff:${row.id}`,
      requestId: attempt.requestId,
      target: row.id,
      details: {},
      at: now.toISOString(),
    });
    return true;
  });
  if (!signedIn) throw failed();
  throttle.succeeded(username);
  return { sessionId, csrfToken: csrfTokenFor(ctx.secrets, sessionId), expiresAt, user: staffUserViewOf(row) };
}

/**
 * The staff principal of a session cookie, or undefined when the session is unknown, signed
 * out, expired, idle too long, or its user disabled. Refreshes `last_seen_at` (at most once a minute).
 */
export async function resolveSession(
  ctx: AppContext,
  sessionId: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<StaffPrincipal | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  const now = ctx.now();
  const idHash = hashSessionId(sessionId);
  const row = await ctx.store.db
    .selectFrom('staff_sessions')
    .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.user_id')
    .select([
      'staff_sessions.last_seen_at',
      'staff_sessions.expires_at',
      'staff_sessions.revoked_at',
      'staff_users.id as user_id',
      'staff_users.username',
      'staff_users.roles',
      'staff_users.organisation_code',
      'staff_users.status',
    ])
    .where('staff_sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.status !== 'active') return undefined;
  if (row.expires_at <= now.toISOString()) return undefined;
  const lastSeen = Date.parse(row.last_seen_at);
  if (now.getTime() - lastSeen > policy.idleSeconds * 1000) return undefined;
  if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) {
    await ctx.store.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return {
    kind: 'staff',
    userId: row.user_id,
    username: row.username,
    organisationCode: row.organisation_code,
    roles: readRoles(row.roles),
  };
}

/** Ends a session (sign-out). */
export async function signOut(
  ctx: AppContext,
  sessionId: string,
  by: { readonly actor: string; readonly requestId?: string | undefined },
): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('id_hash', '=', hashSessionId(sessionId))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) {
      await recordEvent(trx, {
        type: 'staff.signed-out',
        actor: by.actor,
        requestId: by.requestId,
        details: {},
        at: now,
      });
    }
  });
}
