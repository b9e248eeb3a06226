/** Listing, reading, disabling registered clients and replacing their secrets (platform administrators). */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { revokeClientTokens } from './access-token.js';
import { type ClientView, clientViewOf } from './client-view.js';
import { hashSecret } from './secret-hash.js';

export interface ClientPage {
  readonly items: readonly ClientView[];
  /** Pass as `after` for the next page; null on the last. */
  readonly next: string | null;
}

/**
 * Lists clients by id (keyset pagination), optionally of one organisation.
 *
 * @example const { items, next } = await listClients(ctx, { limit: 50 });
 */
export async function listClients(
  ctx: AppContext,
  query: {
    readonly organisationCode?: string | undefined;
    readonly after?: string | undefined;
    readonly limit: number;
  },
): Promise<ClientPage> {
  let select = ctx.store.db
    .selectFrom('api_clients')
    .selectAll()
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.organisationCode !== undefined) select = select.where('organisation_code', '=', query.organisationCode);
  if (query.after !== undefined) select = select.where('id', '>', query.after);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(clientViewOf),
    next: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** One client, or ERR_AUTH_CLIENT_NOT_FOUND. */
export async function getClient(ctx: AppContext, clientId: string): Promise<ClientView> {
  const row = await ctx.store.db.selectFrom('api_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  if (row === undefined)
    throw new ServerError('ERR_AUTH_CLIENT_NOT_FOUND', { field: 'clientId', params: { clientId } });
  return clientViewOf(row);
}

/**
 * Disables a client and revokes its tokens at once; it can no longer obtain new ones.
 *
 * @example await disableClient(ctx, clientId, { actor: 'staff:1' });
 */
export async function disableClient(
  ctx: AppContext,
  clientId: string,
  by: { readonly actor: string; readonly requestId?: string | undefined },
): Promise<ClientView> {
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_clients')
      .set({ status: 'disabled', updated_at: now.toISOString() })
      .where('id', '=', clientId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new ServerError('ERR_AUTH_CLIENT_NOT_FOUND', { field: 'clientId', params: { clientId } });
    }
    await revokeClientTokens(trx, clientId, now);
    await recordEvent(trx, {
      type: 'client.disabled',
      actor: by.actor,
      requestId: by.requestId,
      target: clientId,
      details: {},
      at: now.toISOString(),
    });
  });
  return getClient(ctx, clientId);
}

/**
 * Replaces a client's secret (the old one stops working, its tokens are revoked) and returns
 * the new secret, shown only here.
 */
export async function replaceClientSecret(
  ctx: AppContext,
  clientId: string,
  by: { readonly actor: string; readonly requestId?: string | undefined },
): Promise<{ readonly client: ClientView; readonly clientSecret: string }> {
  const clientSecret = randomBytes(32).toString('base64url');
  const secretHash = await hashSecret(clientSecret);
  const now = ctx.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_clients')
      .set({ secret_hash: secretHash, updated_at: now.toISOString() })
      .where('id', '=', clientId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new ServerError('ERR_AUTH_CLIENT_NOT_FOUND', { field: 'clientId', params: { clientId } });
    }
    await revokeClientTokens(trx, clientId, now);
    await recordEvent(trx, {
      type: 'client.secret-replaced',
      actor: by.actor,
      requestId: by.requestId,
      target: clientId,
      details: {},
      at: now.toISOString(),
    });
  });
  return { client: await getClient(ctx, clientId), clientSecret };
}
