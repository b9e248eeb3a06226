import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import type { Principal } from '../auth/principal.js';
import { recordEvent } from '../events/record-event.js';
import { type Grant, grantOf, requireHolder } from './grant.js';
import { holderGrantRow } from './list-grants.js';

/**
 * Revokes a grant of the signed-in holder with immediate effect: the next fetch with it is
 * refused (`ERR_GRANTS_REVOKED`). Idempotent: revoking a revoked grant answers it unchanged
 * and records nothing more. The update is conditional on the row still being active, so two
 * concurrent revocations record one event.
 *
 * @example const grant = await revokeGrant(ctx, holder, id); grant.status // 'revoked'
 */
export async function revokeGrant(
  ctx: AppContext,
  principal: Principal,
  grantId: unknown,
  options: { readonly requestId?: string | undefined } = {},
): Promise<Grant> {
  const holder = requireHolder(principal);
  const row = await holderGrantRow(ctx, principal, grantId);
  if (row.status === 'revoked') return grantOf(row, ctx.now());
  const at = ctx.now().toISOString();
  const revoked = await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('grants')
      .set({ status: 'revoked', revoked_at: at })
      .where('id', '=', row.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordEvent(trx, {
      type: 'grant.revoked',
      actor: 'holder',
      requestId: options.requestId,
      target: row.id,
      details: {
        holder: hashPersonalData(ctx.secrets, `${holder.holderCodeType}\u0000${holder.holderCode}`),
        clientId: row.client_id,
      },
      at,
    });
    return true;
  });
  const current = revoked
    ? { ...row, status: 'revoked' as const, revoked_at: at }
    : await holderGrantRow(ctx, principal, row.id);
  return grantOf(current, ctx.now());
}
