/**
 * `recordAccess`: every read of licence data by a relying party (or staff) leaves an audit
 * record with its use cause (GB/T 36906 practice: each sharing call states and records why).
 */
import type { Kysely } from 'kysely';
import {
  type AppendedAudit,
  type AuditOutcome,
  type AuditRecordInput,
  appendAudit,
  appendAuditRecords,
  appendAuditRecordsSqlite,
} from '../audit/append-audit.js';
import { parseUseCause } from '../audit/use-cause.js';
import type { Database } from '../store/database.js';
import { type GroupCommitWriter, groupCommitFor } from '../store/group-commit.js';
import { accessRecordWriterFor } from '../store/store.js';

export interface LicenceAccess {
  /** `client:<id>` | `staff:<id>` | `holder` … (`actorOf(principal)`). */
  readonly actor: string;
  /** Default `licence.read`; e.g. `licence.query`, `licence.history`, `audit.read`. */
  readonly action?: `${string}.${string}` | undefined;
  /** The licence identifier read, or a description of the query's target (never a holder code in clear). */
  readonly target?: string | undefined;
  /** Required for relying parties; checked (1–200 characters). Staff reads may pass undefined. */
  readonly useCause: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  readonly requestId?: string | undefined;
  /** JSON; personal data only as `hashPersonalData` values. */
  readonly details?: unknown;
  /** RFC 3339 UTC. */
  readonly at: string;
}

/**
 * Records a read: in the caller's transaction when `db` is one, else through the store's
 * group commit — on SQLite its access-record writer thread (store/access-record-writer.ts),
 * on PostgreSQL store/group-commit.ts: one transaction for the records of all concurrent
 * reads, and this call returns only once that transaction committed, so an answered read is
 * a recorded read.
 *
 * @example await recordAccess(ctx.store.db, { actor: actorOf(request.principal), target: id, useCause, at: ctx.now().toISOString() });
 */
export async function recordAccess(db: Kysely<Database>, access: LicenceAccess): Promise<AppendedAudit> {
  const record = {
    at: access.at,
    actor: access.actor,
    action: access.action ?? 'licence.read',
    target: access.target,
    useCause: access.useCause === undefined ? undefined : parseUseCause(access.useCause),
    outcome: access.outcome,
    requestId: access.requestId,
    details: access.details,
  };
  if (db.isTransaction) return appendAudit(db as Parameters<typeof appendAudit>[0], record);
  // SQLite: on the store's writer thread, off the event loop (store/access-record-writer.ts).
  const writer = accessRecordWriterFor(db);
  if (writer !== undefined) return writer.append(record);
  return groupCommitFor(db).runBatched(AUDIT_WRITER, record);
}

/**
 * The access records of one group-commit batch (PostgreSQL, and SQLite without the writer
 * thread): one chain-head lock and one insert for all (issue 5 profile); on SQLite in one
 * synchronous transaction (`writeSqlite`).
 */
const AUDIT_WRITER: GroupCommitWriter<AuditRecordInput, AppendedAudit> = {
  write: appendAuditRecords,
  writeSqlite: appendAuditRecordsSqlite,
};
