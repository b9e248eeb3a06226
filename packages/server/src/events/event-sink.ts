/**
 * The extension point of `recordEvent`: the transparency log (issue 4) and the notification
 * outbox register a sink at start-up; `recordEvents` calls each, in registration order, in the
 * caller's transaction, after the audit records, with every event of the write at once (a
 * batch write makes one insert per sink, not one per event). A sink that throws rolls the
 * whole write back: a licence never exists without its log leaf or outbox message.
 */
import type { Transaction } from 'kysely';
import type { AppendedAudit } from '../audit/append-audit.js';
import type { Database } from '../store/database.js';
import type { DomainEvent } from './domain-event.js';

/** An event as the sinks receive it: with the audit record `recordEvents` made for it. */
export interface RecordedEvent {
  readonly event: DomainEvent;
  readonly audit: AppendedAudit;
}

export interface EventSink {
  /** Unique: registering a second sink with the same name replaces the first. */
  readonly name: string;
  /** Writes the side records of `events` (one or more, in order) in the caller's transaction. */
  write(trx: Transaction<Database>, events: readonly RecordedEvent[]): Promise<void>;
}

const sinks: EventSink[] = [];

/**
 * Registers a sink for every later `recordEvent`; returns its removal.
 *
 * @example const unregister = registerEventSink({ name: 'outbox', write: (trx, events) => enqueue(trx, events) });
 */
export function registerEventSink(sink: EventSink): () => void {
  const existing = sinks.findIndex((candidate) => candidate.name === sink.name);
  if (existing >= 0) sinks.splice(existing, 1, sink);
  else sinks.push(sink);
  return () => {
    const index = sinks.indexOf(sink);
    if (index >= 0) sinks.splice(index, 1);
  };
}

/** The registered sinks, in order. */
export function registeredEventSinks(): readonly EventSink[] {
  return [...sinks];
}
