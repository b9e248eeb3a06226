import { parseUscc } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { within } from '../organisations/strict-input.js';
import { type IssuerKey, issuerKeyOf } from './issuer-key.js';
import { issuerKeyRow, keyStatusError, readKeyId } from './key-lookup.js';
import { recordKeyEvent } from './key-rows.js';

/**
 * Retires a key without a replacement (an external key the department no longer uses, or a
 * node key whose issuer stops issuing): `retired`, `validUntil` = now (or its earlier planned
 * end). What it signed before stays verifiable. Only an `active` key can be retired.
 *
 * @example await retireIssuerKey(ctx, issuerCode, keyId, { actor: 'staff:u1' });
 */
export async function retireIssuerKey(
  ctx: AppContext,
  issuerCode: unknown,
  keyId: unknown,
  by: ActingAs,
): Promise<IssuerKey> {
  const issuer = within('issuerCode', () => parseUscc(issuerCode));
  const id = readKeyId(keyId);
  const at = ctx.now().toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await issuerKeyRow(trx, issuer, id);
    if (row.status !== 'active') throw keyStatusError(row, 'retired');
    const validUntil = row.valid_until !== null && row.valid_until < at ? row.valid_until : at;
    await trx
      .updateTable('issuer_keys')
      .set({ status: 'retired', valid_until: validUntil, updated_at: at })
      .where('key_id', '=', id)
      .execute();
    await recordKeyEvent(trx, row, 'retired', by, at, { validUntil });
    return issuerKeyOf({ ...row, status: 'retired', valid_until: validUntil, updated_at: at });
  });
}
