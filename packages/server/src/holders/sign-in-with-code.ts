/**
 * The built-in development identity provider (issue 5 item 1): a holder gives their code
 * (citizen ID, USCC …), a one-time code goes to the dev mailbox, and the code opens a
 * session. The code is random (6 digits from the CSPRNG), short-lived (5 min), single-use,
 * attempt-limited (5 wrong tries kill the challenge), and stored only as an HMAC under the
 * `session` purpose key, bound to its challenge. A holder may have at most 5 challenges
 * in 15 minutes (besides the per-address rate limit of anonymous callers).
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { validateHolderCode } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { holderNameFromLicences } from './act-for-organisation.js';
import { type DevMailbox, maskHolderCode } from './dev-mailbox.js';
import { type HolderSessionPolicy, type HolderSignedIn, openHolderSession } from './holder-session.js';

export const CODE_LIFETIME_SECONDS = 300;
export const MAX_CODE_ATTEMPTS = 5;
export const MAX_CHALLENGES = 5;
export const CHALLENGE_WINDOW_SECONDS = 900;

const CHALLENGE_ID = /^[A-Za-z0-9_-]{22}$/;

function codeHash(ctx: AppContext, challengeId: string, code: string): Buffer {
  return createHmac('sha256', ctx.secrets.purposeKey('session')).update(`holder-otp\n${challengeId}\n${code}`).digest();
}

export interface CodeChallenge {
  readonly challengeId: string;
  readonly expiresAt: string;
  /** Where the code went: the dev mailbox. */
  readonly delivery: 'dev-mailbox';
}

/**
 * Starts a sign-in: validates the holder code (check characters included), writes the
 * challenge, and delivers the code to the dev mailbox.
 *
 * @example const { challengeId } = await startCodeSignIn(ctx, mailbox, { holderCodeType: '111', holderCode });
 */
export async function startCodeSignIn(
  ctx: AppContext,
  mailbox: DevMailbox,
  input: { readonly holderCodeType: unknown; readonly holderCode: unknown },
): Promise<CodeChallenge> {
  const holder = validateHolderCode(input.holderCodeType, input.holderCode);
  const now = ctx.now();
  const since = new Date(now.getTime() - CHALLENGE_WINDOW_SECONDS * 1000).toISOString();
  const challengeId = randomBytes(16).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_SECONDS * 1000).toISOString();
  const refused = await ctx.store.db.transaction().execute(async (trx) => {
    const recent = await trx
      .selectFrom('holder_sign_in_challenges')
      .select(['created_at'])
      .where('holder_code_type', '=', holder.holderCodeType)
      .where('holder_code', '=', holder.holderCode)
      .where('created_at', '>', since)
      .orderBy('created_at')
      .execute();
    if (recent.length >= MAX_CHALLENGES) {
      const oldest = Date.parse(recent[0]?.created_at ?? now.toISOString());
      return Math.max(1, Math.ceil((oldest + CHALLENGE_WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
    }
    // Old challenges go as new ones come: the table holds the last window only.
    await trx.deleteFrom('holder_sign_in_challenges').where('created_at', '<=', since).execute();
    await trx
      .insertInto('holder_sign_in_challenges')
      .values({
        id: challengeId,
        holder_code_type: holder.holderCodeType,
        holder_code: holder.holderCode,
        code_hash: codeHash(ctx, challengeId, code).toString('hex'),
        attempts: 0,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    return 0;
  });
  if (refused > 0) throw new ServerError('ERR_HOLDER_SIGN_IN_THROTTLED', { params: { retryAfter: refused } });
  mailbox.deliver({
    messageId: randomBytes(8).toString('hex'),
    challengeId,
    holderCodeType: holder.holderCodeType,
    to: maskHolderCode(holder.holderCode),
    code,
    text: {
      zh: `【互通】您的登录验证码为 ${code}，${CODE_LIFETIME_SECONDS / 60} 分钟内有效。请勿告知他人。`,
      en: `[Hutong] Your sign-in code is ${code}, valid for ${CODE_LIFETIME_SECONDS / 60} minutes. Do not share it.`,
    },
    sentAt: now.toISOString(),
    expiresAt,
  });
  return { challengeId, expiresAt, delivery: 'dev-mailbox' };
}

/**
 * Checks a one-time code and opens the session in the same transaction that spends the
 * code. Every failure (unknown challenge, wrong, expired, used, too many tries) is the same
 * `ERR_HOLDER_SIGN_IN_FAILED`; a wrong code counts against the challenge.
 *
 * @example const { sessionId, csrfToken } = await verifyCodeSignIn(ctx, { challengeId, code }, { policy });
 */
export async function verifyCodeSignIn(
  ctx: AppContext,
  input: { readonly challengeId: string; readonly code: string },
  options: { readonly policy: HolderSessionPolicy; readonly requestId?: string | undefined },
): Promise<HolderSignedIn> {
  if (!CHALLENGE_ID.test(input.challengeId)) throw new ServerError('ERR_HOLDER_SIGN_IN_FAILED', { field: 'code' });
  const now = ctx.now().toISOString();
  const signedIn = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('holder_sign_in_challenges')
      .selectAll()
      .where('id', '=', input.challengeId)
      .executeTakeFirst();
    if (row === undefined || row.used_at !== null || row.expires_at <= now || row.attempts >= MAX_CODE_ATTEMPTS) {
      return undefined;
    }
    const expected = Buffer.from(row.code_hash, 'hex');
    const given = codeHash(ctx, row.id, input.code.trim());
    if (!(given.length === expected.length && timingSafeEqual(given, expected))) {
      await trx
        .updateTable('holder_sign_in_challenges')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
      await trx
        .updateTable('holder_sign_in_challenges')
        .set({ used_at: now })
        .where('id', '=', row.id)
        .where('attempts', '>=', MAX_CODE_ATTEMPTS)
        .execute();
      return undefined;
    }
    // One code, one session: the conditional update is atomic on both engines, so two
    // verifications racing with the right code cannot both pass.
    const spent = await trx
      .updateTable('holder_sign_in_challenges')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return undefined;
    // The development provider knows only the code; the name the session (and `/holder/me`)
    // shows is the one on the holder's own licences here, as acting-for uses it.
    const name = await holderNameFromLicences(ctx, trx, row.holder_code_type, row.holder_code);
    return openHolderSession(
      ctx,
      trx,
      { holderCodeType: row.holder_code_type, holderCode: row.holder_code, ...(name === undefined ? {} : { name }) },
      'dev',
      options,
    );
  });
  if (signedIn === undefined) throw new ServerError('ERR_HOLDER_SIGN_IN_FAILED', { field: 'code' });
  return signedIn;
}
