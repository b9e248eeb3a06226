/**
 * `recordEvents` / `recordEvent`: the single place a write's side records are made, in the
 * caller's transaction (server-conventions.md). Today: the hash-chained audit records, then
 * every registered `EventSink` (log leaves, outbox messages).
 *
 * A batch write (issuance of a chunk, an import batch) passes all its events at once: one
 * head update and one multi-row insert for the audit records (the hash chain is computed in
 * memory), and each sink gets the whole list (one sequence allocation and one insert for the
 * log leaves, one insert for the outbox messages). `recordEvent` is the one-event form of the
 * same code path.
 */
import type { Transaction } from 'kysely';
import { type AppendedAudit, type AuditRecordInput, appendAuditRecords } from '../audit/append-audit.js';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { DomainEvent } from './domain-event.js';
import { type RecordedEvent, registeredEventSinks } from './event-sink.js';

/** The audit record an event makes. */
function auditInputOf(event: DomainEvent): AuditRecordInput {
  return {
    at: event.at,
    actor: event.actor,
    action: event.type,
    target: event.target,
    useCause: event.useCause,
    requestId: event.requestId,
    details: event.details,
  };
}

/**
 * Records domain events, in order, in the caller's transaction; returns their audit records.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('licences').values(rows).execute();
 *   await recordEvents(trx, rows.map((row) => ({ type: 'licence.issued', actor, target: row.identifier, details, at })));
 * });
 */
export async function recordEvents(
  trx: Transaction<Database>,
  events: readonly DomainEvent[],
): Promise<AppendedAudit[]> {
  if (events.length === 0) return [];
  const audits = await appendAuditRecords(trx, events.map(auditInputOf));
  const recorded: RecordedEvent[] = events.map((event, i) => {
    const audit = audits[i];
    if (audit === undefined) throw new ServerError('ERR_AUDIT_CHAIN_HEAD_MISSING');
    return { event, audit };
  });
  for (const sink of registeredEventSinks()) await sink.write(trx, recorded);
  return audits;
}

/**
 * Records one domain event in the caller's transaction (see {@link recordEvents}).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('licences').values(row).execute();
 *   await recordEvent(trx, { type: 'licence.issued', actor: actorOf(principal), target: id, details: { typeCode }, at });
 * });
 */
export async function recordEvent(trx: Transaction<Database>, event: DomainEvent): Promise<AppendedAudit> {
  const [audit] = await recordEvents(trx, [event]);
  if (audit === undefined) throw new ServerError('ERR_AUDIT_CHAIN_HEAD_MISSING');
  return audit;
}
