/**
 * `recordEvent`: the single place a write's side records are made, in the caller's
 * transaction (server-conventions.md). Today: the hash-chained audit record, then every
 * registered `EventSink` (log leaf, outbox message).
 */
import type { Transaction } from 'kysely';
import { type AppendedAudit, appendAudit } from '../audit/append-audit.js';
import type { Database } from '../store/database.js';
import type { DomainEvent } from './domain-event.js';
import { registeredEventSinks } from './event-sink.js';

/**
 * Records a domain event in the caller's transaction.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('licences').values(row).execute();
 *   await recordEvent(trx, { type: 'licence.issued', actor: actorOf(principal), target: id, details: { typeCode }, at });
 * });
 */
export async function recordEvent(trx: Transaction<Database>, event: DomainEvent): Promise<AppendedAudit> {
  const audit = await appendAudit(trx, {
    at: event.at,
    actor: event.actor,
    action: event.type,
    target: event.target,
    useCause: event.useCause,
    requestId: event.requestId,
    details: event.details,
  });
  for (const sink of registeredEventSinks()) await sink.write(trx, event, audit);
  return audit;
}
