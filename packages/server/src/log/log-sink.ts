/**
 * The transparency log as a `recordEvent` sink (server-conventions.md, "Events, audit, log,
 * outbox"): every logged event (issuance, new version, status change, encumbrance, grant,
 * fetch) gets its leaf in the event's own transaction, after its audit record. A failure
 * here rolls the whole write back: an acknowledged event always has its leaf.
 */
import { type EventSink, registerEventSink } from '../events/index.js';
import { isLoggedEvent } from './log-entry.js';
import { sequenceLogEntries } from './sequence-log-entries.js';

export const logEventSink: EventSink = {
  name: 'transparency-log',
  async write(trx, events) {
    // One sequencing for the whole write: one index allocation, one insert per 500 leaves.
    const logged = events.filter(({ event }) => isLoggedEvent(event.type));
    if (logged.length > 0)
      await sequenceLogEntries(
        trx,
        logged.map(({ event, audit }) => ({ event, auditSeq: audit.seq })),
      );
  },
};

/**
 * Registers the log sink (idempotent: sinks are keyed by name). `buildApp` does it at start-up.
 *
 * @example registerLogSink(); // before any licence is written
 */
export function registerLogSink(): () => void {
  return registerEventSink(logEventSink);
}
