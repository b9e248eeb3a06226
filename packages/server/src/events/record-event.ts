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
import {
  appendChunkAudit,
  type ChunkAuditDetails,
  type ChunkAuditMember,
  chunkAuditDetails,
} from '../audit/append-chunk-audit.js';
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

/**
 * The details of a chunk record for `events`, or undefined when they are not one chunk's issue
 * events: two or more `licence.issued` events of the same actor, request, use cause and time,
 * each about its own licence, whose details factor ({@link chunkAuditDetails}).
 */
function chunkDetailsOf(events: readonly DomainEvent[]): ChunkAuditDetails | undefined {
  const first = events[0];
  if (events.length < 2 || first === undefined || first.type !== 'licence.issued') return undefined;
  const members: ChunkAuditMember[] = [];
  for (const event of events) {
    if (
      event.type !== first.type ||
      event.actor !== first.actor ||
      event.requestId !== first.requestId ||
      event.useCause !== first.useCause ||
      event.at !== first.at ||
      event.target === undefined ||
      typeof event.details !== 'object' ||
      event.details === null ||
      Array.isArray(event.details)
    )
      return undefined;
    members.push({ identifier: event.target, details: event.details as Record<string, unknown> });
  }
  return chunkAuditDetails(members);
}

/**
 * Records the issue events of one committed chunk (a batch issuance's or an import's
 * transaction, `issuePreparedLicences`) with ONE audit record listing its licences
 * (audit/append-chunk-audit.ts; docs/design/write-path-budget.md, proposal 1), then every sink
 * with all of them, each event carrying that shared record (the log entry's `audit` names it).
 * Anything else (a single event, events that are not one chunk's issuance) is recorded as
 * {@link recordEvents} does, one record per event.
 *
 * @example await recordChunkEvents(trx, licences.map((licence) => issuedEvent(licence, context)));
 */
export async function recordChunkEvents(
  trx: Transaction<Database>,
  events: readonly DomainEvent[],
): Promise<AppendedAudit[]> {
  const details = chunkDetailsOf(events);
  const first = events[0];
  if (details === undefined || first === undefined) return recordEvents(trx, events);
  const audit = await appendChunkAudit(
    trx,
    { at: first.at, actor: first.actor, action: first.type, useCause: first.useCause, requestId: first.requestId },
    details,
  );
  const recorded: RecordedEvent[] = events.map((event) => ({ event, audit }));
  for (const sink of registeredEventSinks()) await sink.write(trx, recorded);
  return events.map(() => audit);
}
