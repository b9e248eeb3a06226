import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { requireHolder } from './grant.js';

/** A relying party a holder may grant to: an active registered client of kind `relying-party`. */
export interface RelyingParty {
  readonly clientId: string;
  /** The client's (system's) name, e.g. 政务服务一网通办平台. */
  readonly name: string;
  readonly organisationCode: string;
  /** The organisation's name, when it is registered on this node. */
  readonly organisationName?: { readonly zh: string; readonly en: string };
}

/** At most this many are listed: a node has tens of relying parties, not thousands. */
export const MAX_RELYING_PARTIES = 500;

/**
 * The relying parties a signed-in holder may grant to (the choice a grant form offers), by name.
 *
 * @example (await listRelyingParties(ctx, holder))[0] // { clientId, name: '政务服务一网通办平台', organisationCode, organisationName }
 */
export async function listRelyingParties(ctx: AppContext, principal: Principal): Promise<RelyingParty[]> {
  requireHolder(principal);
  const rows = await ctx.store.db
    .selectFrom('api_clients as c')
    .leftJoin('organisations as o', 'o.code', 'c.organisation_code')
    .select(['c.id', 'c.name', 'c.organisation_code', 'o.name_zh', 'o.name_en'])
    .where('c.kind', '=', 'relying-party')
    .where('c.status', '=', 'active')
    .orderBy('c.name')
    .orderBy('c.id')
    .limit(MAX_RELYING_PARTIES)
    .execute();
  return rows.map((row) => ({
    clientId: row.id,
    name: row.name,
    organisationCode: row.organisation_code,
    ...(row.name_zh === null || row.name_en === null ? {} : { organisationName: { zh: row.name_zh, en: row.name_en } }),
  }));
}
