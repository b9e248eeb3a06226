import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What a subscriber is told about a licence change: identifiers and codes, never personal data. */
export interface LicenceNotification {
  /** `licence.issued`, `licence.status`, `licence.version`, `licence.encumbrance`. */
  readonly type: string;
  readonly identifier: string;
  /** `typeCode.issuerCode.serial`: subscriptions to a licence follow all its versions. */
  readonly series: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  /** RFC 3339 UTC. */
  readonly at: string;
  /** Event details safe to share: status, event type, the successor's identifier … */
  readonly details: Readonly<Record<string, unknown>>;
}

interface ActiveSubscription {
  readonly id: string;
  readonly typeCodes: readonly string[] | null;
  readonly series: readonly string[] | null;
}

/**
 * The active subscriptions, read once per transaction: a batch writes hundreds of events in
 * one transaction, and each would otherwise query the same table. Keyed by the transaction
 * object, so a later transaction reads afresh (a subscription made meanwhile counts from then on).
 */
const perTransaction = new WeakMap<object, Promise<ActiveSubscription[]>>();

async function readActive(trx: Db): Promise<ActiveSubscription[]> {
  const rows = await trx
    .selectFrom('webhook_subscriptions')
    .select(['id', 'type_codes', 'identifiers'])
    .where('active', '=', 1)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    typeCodes: row.type_codes === null ? null : (JSON.parse(row.type_codes) as string[]),
    series: row.identifiers === null ? null : (JSON.parse(row.identifiers) as string[]),
  }));
}

function activeSubscriptions(trx: Db): Promise<ActiveSubscription[]> {
  if (!trx.isTransaction) return readActive(trx);
  let found = perTransaction.get(trx);
  if (found === undefined) {
    found = readActive(trx);
    perTransaction.set(trx, found);
  }
  return found;
}

/**
 * Writes one outbox message per active subscription that covers this licence, in the
 * caller's transaction (the transactional outbox: the message exists exactly when the
 * change does). The dispatcher delivers them afterwards. Returns how many were written.
 *
 * The subscriptions are read once per transaction (see `activeSubscriptions`).
 *
 * @example await enqueueNotifications(trx, { type: 'licence.status', identifier, series, typeCode, issuerCode, at, details: { status: 'revoked' } });
 */
export async function enqueueNotifications(trx: Db, notification: LicenceNotification): Promise<number> {
  const subscriptions = (await activeSubscriptions(trx)).filter(
    (s) =>
      (s.typeCodes === null || s.typeCodes.includes(notification.typeCode)) &&
      (s.series === null || s.series.includes(notification.series)),
  );
  if (subscriptions.length === 0) return 0;
  const rows = subscriptions.map((subscription) => {
    const id = randomUUID();
    const payload = {
      id,
      type: notification.type,
      occurredAt: notification.at,
      licence: {
        identifier: notification.identifier,
        typeCode: notification.typeCode,
        issuerCode: notification.issuerCode,
      },
      details: notification.details,
    };
    return {
      id,
      subscription_id: subscription.id,
      event_type: notification.type,
      target: notification.identifier,
      payload: JSON.stringify(payload),
      status: 'pending' as const,
      attempts: 0,
      next_attempt_at: notification.at,
      last_error: null,
      created_at: notification.at,
      delivered_at: null,
    };
  });
  await trx.insertInto('outbox_messages').values(rows).execute();
  return rows.length;
}
