import { createHash } from 'node:crypto';
import { HutongError, parseUscc } from '@hutong/core';
import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { statusListUrl } from '../library/write-context-for.js';
import type { Database } from '../store/database.js';
import { packStatusList, signStatusListToken } from './status-list-token.js';

/** How long verifiers may cache a list (`Cache-Control: max-age`, the token's `ttl`). */
export const STATUS_LIST_TTL_SECONDS = 300;
/** The token's `exp`: a copy older than this must not be relied on, even offline. */
export const STATUS_LIST_LIFETIME_SECONDS = 86_400;

export interface ServedStatusList {
  /** The Status List Token (JWT compact serialisation). */
  readonly token: string;
  /** A strong ETag of exactly these bytes. */
  readonly etag: string;
  readonly maxAge: number;
  readonly revision: number;
}

interface Cached {
  readonly revision: number;
  readonly builtAt: number;
  readonly served: ServedStatusList;
}

/** Built tokens by store, issuer and list: rebuilt when the revision moves or half the lifetime passed. */
const cache = new WeakMap<Kysely<Database>, Map<string, Promise<Cached>>>();

function parseListId(value: unknown): number {
  const text = typeof value === 'string' ? value : String(value);
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new ServerError('ERR_STATUS_LIST_NOT_FOUND', {
      field: 'listId',
      params: { issuerCode: '', listId: text.slice(0, 16) },
    });
  }
  return Number(text);
}

async function build(
  ctx: AppContext,
  issuerCode: string,
  listId: number,
  capacity: number,
  revision: number,
  publicUrl: string,
): Promise<Cached> {
  const rows = await ctx.store.db
    .selectFrom('licences')
    .select(['status_index', 'status_value'])
    .where('issuer_code', '=', issuerCode)
    .where('status_list_id', '=', listId)
    // Values are 0, 1, 2. The literal 0 (not a bound parameter) lets both engines use the
    // partial index `licences_status_set` (migration 0017), which holds only these rows.
    .where('status_value', '>', sql.lit(0))
    .execute();
  const list = packStatusList(
    capacity,
    rows.map((row) => [Number(row.status_index), Number(row.status_value)] as const),
  );
  const { signingKey } = await getIssuerSigningKey(ctx, issuerCode);
  const now = ctx.now();
  const token = await signStatusListToken(
    {
      uri: statusListUrl(publicUrl, issuerCode, listId),
      issuer: issuerCode,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + STATUS_LIST_LIFETIME_SECONDS * 1000),
      ttl: STATUS_LIST_TTL_SECONDS,
      list,
    },
    signingKey,
  );
  const etag = `"${createHash('sha256').update(token).digest('base64url').slice(0, 32)}"`;
  return { revision, builtAt: now.getTime(), served: { token, etag, maxAge: STATUS_LIST_TTL_SECONDS, revision } };
}

/**
 * An issuer's status list as an IETF Token Status List JWT (docs/design/status-lists.md),
 * signed with the issuer's active key. Built once per change of the list (its revision
 * moves in the same transaction as every status change) and reused until then, or until
 * half its lifetime has passed.
 *
 * @example const { token, etag } = await getStatusList(ctx, issuerCode, '1', { publicUrl });
 */
export async function getStatusList(
  ctx: AppContext,
  issuerCode: unknown,
  listId: unknown,
  options: { readonly publicUrl: string },
): Promise<ServedStatusList> {
  let issuer: string;
  try {
    issuer = parseUscc(issuerCode);
  } catch (error) {
    if (error instanceof HutongError)
      throw new HutongError(error.code, { field: 'issuerUscc', params: error.params, cause: error });
    throw error;
  }
  const id = parseListId(listId);
  const row = await ctx.store.db
    .selectFrom('status_lists')
    .select(['capacity', 'revision'])
    .where('issuer_code', '=', issuer)
    .where('list_id', '=', id)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ServerError('ERR_STATUS_LIST_NOT_FOUND', { field: 'listId', params: { issuerCode: issuer, listId: id } });
  }
  const revision = Number(row.revision);
  let byList = cache.get(ctx.store.db);
  if (byList === undefined) {
    byList = new Map();
    cache.set(ctx.store.db, byList);
  }
  const key = `${issuer}/${id}/${options.publicUrl}`;
  const cached = await byList.get(key)?.catch(() => undefined);
  const fresh =
    cached !== undefined &&
    cached.revision === revision &&
    ctx.now().getTime() - cached.builtAt < (STATUS_LIST_LIFETIME_SECONDS * 1000) / 2;
  if (fresh) return cached.served;
  const building = build(ctx, issuer, id, Number(row.capacity), revision, options.publicUrl);
  byList.set(key, building);
  return (await building).served;
}
