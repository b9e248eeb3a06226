import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';

export interface Delivery {
  readonly id: string;
  readonly messageId: string;
  readonly eventType: string;
  readonly target: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'failed';
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/**
 * The delivery log of one of the client's subscriptions, newest first (at most `limit`).
 * Another client's subscription answers as not found (no enumeration of others' ids).
 *
 * @example const deliveries = await listDeliveries(store.db, 'client-1', subscriptionId, 50);
 */
export async function listDeliveries(
  db: Kysely<Database>,
  clientId: string,
  subscriptionId: string,
  limit = 100,
): Promise<Delivery[]> {
  const subscription = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('id', '=', subscriptionId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (subscription === undefined) {
    throw new ServerError('ERR_NOTIFICATIONS_NOT_FOUND', { field: 'id', params: { id: subscriptionId.slice(0, 64) } });
  }
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('outbox_messages as m', 'm.id', 'd.message_id')
    .select([
      'd.id',
      'd.message_id',
      'm.event_type',
      'm.target',
      'd.attempt',
      'd.at',
      'd.outcome',
      'd.http_status',
      'd.error',
      'd.duration_ms',
    ])
    .where('d.subscription_id', '=', subscriptionId)
    .orderBy('d.at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    messageId: row.message_id,
    eventType: row.event_type,
    target: row.target,
    attempt: Number(row.attempt),
    at: row.at,
    outcome: row.outcome,
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
    durationMs: Number(row.duration_ms),
  }));
}
