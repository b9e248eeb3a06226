import { parseUscc } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { optional, readObject, readText, readTimestamp, within } from '../organisations/strict-input.js';
import { type IssuerKey, issuerKeyOf } from './issuer-key.js';
import { issuerKeyRow, keyStatusError, readKeyId } from './key-lookup.js';
import { recordKeyEvent } from './key-rows.js';

const MAX_REASON = 500;

/**
 * Revokes a key that is compromised or withdrawn: `revoked`, with the reason and the moment
 * it stopped being safe (`revokedAt`, default now, between its `validFrom` and now). Nothing
 * it signed at or after `revokedAt` verifies; what it signed before still does — revocation
 * is not retroactive, so set `revokedAt` as early as the compromise may have begun.
 * Input: `{ reason, revokedAt? }`. A revoked key cannot be revoked again.
 *
 * @example await revokeIssuerKey(ctx, issuerCode, keyId, { reason: '私钥泄露', revokedAt: '2026-03-01T00:00:00Z' }, by);
 */
export async function revokeIssuerKey(
  ctx: AppContext,
  issuerCode: unknown,
  keyId: unknown,
  input: unknown,
  by: ActingAs,
): Promise<IssuerKey> {
  const issuer = within('issuerCode', () => parseUscc(issuerCode));
  const id = readKeyId(keyId);
  const object = readObject('ERR_KEYS_INPUT', input, ['reason'], ['revokedAt']);
  const reason = readText('ERR_KEYS_INPUT', object.reason, 'reason', MAX_REASON);
  const now = ctx.now().toISOString();
  const given = optional(object, 'revokedAt');
  const revokedAt = given === undefined ? now : readTimestamp('ERR_KEYS_INPUT', given, 'revokedAt');
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await issuerKeyRow(trx, issuer, id);
    if (row.status === 'revoked') throw keyStatusError(row, 'revoked');
    if (revokedAt < row.valid_from || revokedAt > now) {
      throw new ServerError('ERR_KEYS_REVOKED_AT', {
        field: 'revokedAt',
        params: { revokedAt, validFrom: row.valid_from },
      });
    }
    const change = { status: 'revoked', revoked_at: revokedAt, revocation_reason: reason, updated_at: now };
    await trx.updateTable('issuer_keys').set(change).where('key_id', '=', id).execute();
    await recordKeyEvent(trx, row, 'revoked', by, now, { revokedAt, reason });
    return issuerKeyOf({ ...row, ...change });
  });
}
