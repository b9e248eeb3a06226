import { type EventSink, registerEventSink } from '../events/index.js';
import type { LicenceDomainEvent } from '../library/licence-write-context.js';
import { enqueueNotifications } from './enqueue-notifications.js';
import { notificationOf } from './notification-of.js';

const LICENCE_EVENTS: ReadonlySet<string> = new Set([
  'licence.issued',
  'licence.version',
  'licence.status',
  'licence.encumbrance',
]);

function isLicenceEvent(event: {
  readonly type: string;
  readonly target?: string | undefined;
  readonly details: unknown;
}): event is LicenceDomainEvent {
  if (!LICENCE_EVENTS.has(event.type) || typeof event.target !== 'string') return false;
  const details = event.details as Record<string, unknown> | null;
  return (
    typeof details === 'object' &&
    details !== null &&
    typeof details.typeCode === 'string' &&
    typeof details.issuerCode === 'string' &&
    typeof details.series === 'string'
  );
}

/**
 * The notification outbox as a `recordEvent` sink: every licence event writes its outbox
 * messages in the event's own transaction (all of a write's events in one insert) (a status change and its notification commit
 * or roll back together).
 */
export const outboxEventSink: EventSink = {
  name: 'notifications-outbox',
  async write(trx, events) {
    const notifications = events.flatMap(({ event }) => (isLicenceEvent(event) ? [notificationOf(event)] : []));
    if (notifications.length > 0) await enqueueNotifications(trx, notifications);
  },
};

/**
 * Registers the outbox sink (idempotent: a sink is keyed by its name).
 *
 * @example registerOutboxSink(); // at start-up, before any licence is written
 */
export function registerOutboxSink(): () => void {
  return registerEventSink(outboxEventSink);
}
