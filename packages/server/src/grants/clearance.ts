/**
 * The clearance of a relying-party client (分级分类, GB/T 43697-2024): the highest sensitivity
 * grade of a face field it sees unmasked when it fetches with a grant. A client without one
 * has clearance 1 (public fields only): clearance is given, never assumed.
 */
import { isSensitivityGrade, type SensitivityGrade } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { inputError } from './grant.js';

export const DEFAULT_CLEARANCE: SensitivityGrade = 1;

/** @example await clearanceOf(ctx, clientId) // 1 unless set */
export async function clearanceOf(ctx: Pick<AppContext, 'store'>, clientId: string): Promise<SensitivityGrade> {
  const row = await ctx.store.db
    .selectFrom('client_clearances')
    .select('clearance')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  const value = row === undefined ? DEFAULT_CLEARANCE : Number(row.clearance);
  return isSensitivityGrade(value) ? value : DEFAULT_CLEARANCE;
}

export interface ClientClearance {
  readonly clientId: string;
  readonly clearance: SensitivityGrade;
  readonly updatedAt?: string;
}

/**
 * Sets a relying-party client's clearance (platform administrators), recorded as
 * `client.clearance`. Only relying-party clients have one (`ERR_GRANTS_RELYING_PARTY_INVALID`).
 *
 * @example await setClearance(ctx, clientId, 3, { actor: 'staff:1' });
 */
export async function setClearance(
  ctx: AppContext,
  clientId: unknown,
  clearance: unknown,
  by: ActingAs,
): Promise<ClientClearance> {
  if (!isSensitivityGrade(clearance))
    throw inputError('clearance', 'a sensitivity grade from 1 to 4', '应为 1 至 4 的数据分级');
  const id = typeof clientId === 'string' ? clientId.slice(0, 64) : '';
  const at = ctx.now().toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    const client = await trx.selectFrom('api_clients').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
    if (client === undefined)
      throw new ServerError('ERR_AUTH_CLIENT_NOT_FOUND', { field: 'clientId', params: { clientId: id } });
    if (client.kind !== 'relying-party')
      throw new ServerError('ERR_GRANTS_RELYING_PARTY_INVALID', { field: 'clientId', params: { clientId: id } });
    const previous = await trx
      .selectFrom('client_clearances')
      .select('clearance')
      .where('client_id', '=', id)
      .executeTakeFirst();
    if (previous === undefined) {
      await trx
        .insertInto('client_clearances')
        .values({ client_id: id, clearance, updated_by: by.actor, updated_at: at })
        .execute();
    } else {
      await trx
        .updateTable('client_clearances')
        .set({ clearance, updated_by: by.actor, updated_at: at })
        .where('client_id', '=', id)
        .execute();
    }
    await recordEvent(trx, {
      type: 'client.clearance',
      actor: by.actor,
      requestId: by.requestId,
      target: id,
      details: { clearance, previous: previous === undefined ? DEFAULT_CLEARANCE : Number(previous.clearance) },
      at,
    });
  });
  return { clientId: id, clearance, updatedAt: at };
}

/** @example await getClearance(ctx, clientId) // { clientId, clearance: 1 } */
export async function getClearance(ctx: AppContext, clientId: unknown): Promise<ClientClearance> {
  const id = typeof clientId === 'string' ? clientId.slice(0, 64) : '';
  const client = await ctx.store.db
    .selectFrom('api_clients')
    .select(['id', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (client === undefined)
    throw new ServerError('ERR_AUTH_CLIENT_NOT_FOUND', { field: 'clientId', params: { clientId: id } });
  const row = await ctx.store.db
    .selectFrom('client_clearances')
    .select(['clearance', 'updated_at'])
    .where('client_id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? { clientId: id, clearance: DEFAULT_CLEARANCE }
    : { clientId: id, clearance: await clearanceOf(ctx, id), updatedAt: row.updated_at };
}
