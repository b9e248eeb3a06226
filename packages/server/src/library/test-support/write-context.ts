/**
 * Test-only: a LicenceWriteContext over a test store. Side records go to the real outbox
 * (`enqueueNotifications`); the audit and log records belong to `recordEvent` (src/events),
 * which the ctx-level tests exercise.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { enqueueNotifications } from '../../notifications/enqueue-notifications.js';
import { notificationOf } from '../../notifications/notification-of.js';
import type { Database } from '../../store/database.js';
import type { LicenceDomainEvent, LicenceWriteContext } from '../licence-write-context.js';

export function testWriteContext(
  db: Kysely<Database>,
  options: { now?: () => Date; events?: LicenceDomainEvent[]; failOn?: (event: LicenceDomainEvent) => boolean } = {},
): LicenceWriteContext {
  const events = options.events ?? [];
  return {
    db,
    now: options.now ?? (() => new Date('2026-11-29T04:00:00.000Z')),
    actor: 'client:test-department',
    requestId: 'req-test',
    holderIndexKey: randomBytes(32),
    statusListUri: (issuerCode, listId) => `http://127.0.0.1:8080/api/v1/status-lists/${issuerCode}/${listId}`,
    recordEvent: async (trx, event) => {
      if (options.failOn?.(event) === true) throw new Error('side record failed');
      events.push(event);
      await enqueueNotifications(trx, notificationOf(event));
    },
  };
}
