import type { AppContext } from '../app-context.js';
import { getDepartment } from '../organisations/get-organisation.js';
import { type IssuerKey, issuerKeyOf } from './issuer-key.js';

/**
 * An issuer's keys, newest first, every status (`GET /api/v1/issuers/{uscc}/keys` publishes
 * their public view: verifiers need retired and revoked keys too). Unknown issuer →
 * `ERR_ORGANISATIONS_NOT_FOUND`; a relying party → `ERR_ORGANISATIONS_NOT_DEPARTMENT`.
 *
 * @example const keys = await listIssuerKeys(ctx, '116500000100000122');
 */
export async function listIssuerKeys(ctx: Pick<AppContext, 'store'>, issuerCode: unknown): Promise<IssuerKey[]> {
  const issuer = await getDepartment(ctx, issuerCode);
  const rows = await ctx.store.db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('issuer_code', '=', issuer.code)
    .orderBy('created_at', 'desc')
    .orderBy('key_id')
    .execute();
  return rows.map(issuerKeyOf);
}
