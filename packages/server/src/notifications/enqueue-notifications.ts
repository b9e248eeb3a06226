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

/**
 * Writes one outbox message per active subscription that covers this licence, in the
 * caller's transaction (the transactional outbox: the message exists exactly when the
 * change does). The dispatcher delivers them afterwards. Returns how many were written.
 *
 * Subscriptions keep their type codes and series as JSON arrays of `[0-9A-Z.]` strings,
 * so a quoted LIKE match is exact and portable.
 *
 * @example await enqueueNotifications(trx, { type: 'licence.status', identifier, series, typeCode, issuerCode, at, details: { status: 'revoked' } });
 */
export async function enqueueNotifications(trx: Db, notification: LicenceNotification): Promise<number> {
  const subscriptions = await trx
    .selectFrom('webhook_subscriptions')
    .select(['id'])
    .where('active', '=', 1)
    .where((eb) =>
      eb.and([
        eb.or([eb('type_codes', 'is', null), eb('type_codes', 'like', `%"${notification.typeCode}"%`)]),
        eb.or([eb('identifiers', 'is', null), eb('identifiers', 'like', `%"${notification.series}"%`)]),
      ]),
    )
    .execute();
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
