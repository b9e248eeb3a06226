/**
 * Test-only: a LicenceWriteContext over a test store, with the real `recordEvent` (audit
 * record + registered sinks, the notification outbox among them). `failOn` makes a side
 * record fail, to prove the write rolls back whole.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordChunkEvents, recordEvent } from '../../events/index.js';
import { registerOutboxSink } from '../../notifications/outbox-sink.js';
import type { Database } from '../../store/database.js';
import type { LicenceDomainEvent, LicenceWriteContext } from '../licence-write-context.js';

export function testWriteContext(
  db: Kysely<Database>,
  options: { now?: () => Date; events?: LicenceDomainEvent[]; failOn?: (event: LicenceDomainEvent) => boolean } = {},
): LicenceWriteContext {
  const events = options.events ?? [];
  registerOutboxSink();
  return {
    db,
    now: options.now ?? (() => new Date('2026-11-29T04:00:00.000Z')),
    actor: 'client:test-department',
    requestId: 'req-test',
    holderIndexKey: randomBytes(32),
    statusListUri: (issuerCode, listId) => `http://127.0.0.1:8080/api/v1/status-lists/${issuerCode}/${listId}`,
    recordEvent: async (trx, event) => {
      events.push(event);
      await recordEvent(trx, event);
      // After the audit record and the outbox message were written: they must roll back too.
      if (options.failOn?.(event) === true) throw new Error('side record failed');
    },
    recordChunkEvents: async (trx, batch) => {
      events.push(...batch);
      await recordChunkEvents(trx, batch);
      if (batch.some((event) => options.failOn?.(event) === true)) throw new Error('side record failed');
    },
  };
}
