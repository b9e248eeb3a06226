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
  readonly clientId: string;
  readonly typeCodes: readonly string[] | null;
  readonly series: readonly string[] | null;
}

/** The active subscriptions, and the clients among them that hold at least one active grant. */
interface Subscribers {
  readonly subscriptions: readonly ActiveSubscription[];
  readonly grantees: ReadonlySet<string>;
}

/**
 * The active subscriptions, read once per transaction: a batch writes hundreds of events in
 * one transaction, and each would otherwise query the same table. Keyed by the transaction
 * object, so a later transaction reads afresh (a subscription made meanwhile counts from then on).
 */
const perTransaction = new WeakMap<object, Promise<Subscribers>>();

async function readActive(trx: Db): Promise<Subscribers> {
  const rows = await trx
    .selectFrom('webhook_subscriptions')
    .select(['id', 'client_id', 'type_codes', 'identifiers'])
    .where('active', '=', 1)
    .execute();
  const subscriptions = rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    typeCodes: row.type_codes === null ? null : (JSON.parse(row.type_codes) as string[]),
    series: row.identifiers === null ? null : (JSON.parse(row.identifiers) as string[]),
  }));
  const clientIds = [...new Set(subscriptions.map((s) => s.clientId))];
  const grantees =
    clientIds.length === 0
      ? []
      : await trx
          .selectFrom('grants')
          .select('client_id')
          .distinct()
          .where('status', '=', 'active')
          .where('client_id', 'in', clientIds)
          .execute();
  return { subscriptions, grantees: new Set(grantees.map((g) => g.client_id)) };
}

/**
 * The clients (among `clientIds`) holding a grant that covers this licence now: active, not
 * expired, of the licence's holder, naming its type or its series (用证授权 entitles a relying
 * party to hear about what it may use, whatever types its registration lists).
 */
async function coveringGrantees(
  trx: Db,
  notification: LicenceNotification,
  clientIds: readonly string[],
): Promise<Set<string>> {
  const licence = await trx
    .selectFrom('licences')
    .select('holder_index')
    .where('identifier', '=', notification.identifier)
    .executeTakeFirst();
  if (licence === undefined) return new Set();
  const rows = await trx
    .selectFrom('grants')
    .select('client_id')
    .where('client_id', 'in', clientIds)
    .where('holder_index', '=', licence.holder_index)
    .where('status', '=', 'active')
    .where('valid_until', '>', notification.at)
    .where((eb) =>
      eb.or([
        // JSON arrays of codes: the quoted code matches exactly one element, never a prefix.
        eb('type_codes', 'like', `%${JSON.stringify(notification.typeCode)}%`),
        eb('series', 'like', `%${JSON.stringify(notification.series)}%`),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.client_id));
}

function activeSubscriptions(trx: Db): Promise<Subscribers> {
  if (!trx.isTransaction) return readActive(trx);
  let found = perTransaction.get(trx);
  if (found === undefined) {
    found = readActive(trx);
    perTransaction.set(trx, found);
  }
  return found;
}

/** Rows per INSERT (11 columns a row): under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;

/** The outbox rows of one licence change, for every active subscription that covers it. */
async function outboxRows(trx: Db, notification: LicenceNotification) {
  const { subscriptions: active, grantees } = await activeSubscriptions(trx);
  const inSeries = active.filter((s) => s.series === null || s.series.includes(notification.series));
  const byType = inSeries.filter((s) => s.typeCodes === null || s.typeCodes.includes(notification.typeCode));
  // Subscriptions whose type filter leaves the licence out still hear about it when their
  // client holds a live grant covering it (asked only when such a client exists).
  const candidates = inSeries.filter((s) => !byType.includes(s) && grantees.has(s.clientId));
  const covered =
    candidates.length === 0
      ? new Set<string>()
      : await coveringGrantees(trx, notification, [...new Set(candidates.map((s) => s.clientId))]);
  const subscriptions = [...byType, ...candidates.filter((s) => covered.has(s.clientId))];
  return subscriptions.map((subscription) => {
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
}

/**
 * Writes one outbox message per active subscription that covers each licence change — by
 * its type and series filters, or through a live grant of the subscriber's client — in the
 * caller's transaction (the transactional outbox: the message exists exactly when the
 * change does). The dispatcher delivers them afterwards. A batch write passes all its
 * changes at once: their messages go in one multi-row insert. Returns how many were written.
 *
 * The subscriptions are read once per transaction (see `activeSubscriptions`).
 *
 * @example await enqueueNotifications(trx, { type: 'licence.status', identifier, series, typeCode, issuerCode, at, details: { status: 'revoked' } });
 */
export async function enqueueNotifications(
  trx: Db,
  notifications: LicenceNotification | readonly LicenceNotification[],
): Promise<number> {
  const list: readonly LicenceNotification[] = Array.isArray(notifications)
    ? notifications
    : [notifications as LicenceNotification];
  if (list.length === 0) return 0;
  if ((await activeSubscriptions(trx)).subscriptions.length === 0) return 0;
  const rows = [];
  for (const notification of list) rows.push(...(await outboxRows(trx, notification)));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('outbox_messages')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .execute();
  }
  return rows.length;
}
