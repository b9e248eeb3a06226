import type { LicenceDomainEvent } from '../library/licence-write-context.js';
import type { LicenceNotification } from './enqueue-notifications.js';

/** Details a subscriber may see: codes and statuses, never the holder (not even hashed). */
const SHAREABLE = ['version', 'origin', 'status', 'previousStatus', 'event', 'successor', 'predecessor', 'encumbrance'];

/**
 * The notification a licence event gives subscribers (for `recordEvent` to pass to
 * `enqueueNotifications` in the event's transaction).
 *
 * @example await enqueueNotifications(trx, notificationOf(event));
 */
export function notificationOf(event: LicenceDomainEvent): LicenceNotification {
  const details: Record<string, unknown> = {};
  for (const name of SHAREABLE) if (event.details[name] !== undefined) details[name] = event.details[name];
  return {
    type: event.type,
    identifier: event.target,
    series: event.details.series,
    typeCode: event.details.typeCode,
    issuerCode: event.details.issuerCode,
    at: event.at,
    details,
  };
}
