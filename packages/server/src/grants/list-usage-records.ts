import type { AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { decodeCursor, encodeCursor, holderIndexOf, readLimit, requireHolder } from './grant.js';
import type { UsageVia } from './grants.tables.js';

/** One use of one of the holder's licences (用证记录), as the holder sees it. */
export interface UsageRecord {
  readonly id: string;
  readonly at: string;
  /** Who used it: the relying party's client and organisation (USCC). */
  readonly relyingParty: { readonly clientId: string; readonly organisationCode: string; readonly name?: string };
  readonly identifier: string;
  readonly typeCode: string;
  readonly via: UsageVia;
  readonly grantId?: string;
  readonly useCause: string;
  /** The field keys delivered. */
  readonly fields: readonly string[];
}

export interface UsageRecordPage {
  readonly items: readonly UsageRecord[];
  readonly nextCursor?: string;
}

/**
 * The signed-in holder's usage records, newest first (keyset pagination on `(at, id)`).
 *
 * @example const { items } = await listUsageRecords(ctx, holder, {}); items[0].useCause // '办理不动产登记'
 */
export async function listUsageRecords(
  ctx: AppContext,
  principal: Principal,
  query: { readonly limit?: unknown; readonly cursor?: unknown } = {},
): Promise<UsageRecordPage> {
  const index = holderIndexOf(ctx, requireHolder(principal));
  const limit = readLimit(query.limit);
  const after = decodeCursor(query.cursor);
  let select = ctx.store.db
    .selectFrom('usage_records as u')
    .leftJoin('api_clients as c', 'c.id', 'u.client_id')
    .select([
      'u.id',
      'u.at',
      'u.client_id',
      'u.organisation_code',
      'u.identifier',
      'u.type_code',
      'u.via',
      'u.grant_id',
      'u.use_cause',
      'u.fields',
      'c.name as client_name',
    ])
    .where('u.holder_index', '=', index);
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([eb('u.at', '<', after.at), eb.and([eb('u.at', '=', after.at), eb('u.id', '<', after.id)])]),
    );
  }
  const rows = await select
    .orderBy('u.at', 'desc')
    .orderBy('u.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at,
      relyingParty: {
        clientId: row.client_id,
        organisationCode: row.organisation_code,
        ...(row.client_name === null ? {} : { name: row.client_name }),
      },
      identifier: row.identifier,
      typeCode: row.type_code,
      via: row.via,
      ...(row.grant_id === null ? {} : { grantId: row.grant_id }),
      useCause: row.use_cause,
      fields: JSON.parse(row.fields) as string[],
    })),
    ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(last.at, last.id) } : {}),
  };
}
