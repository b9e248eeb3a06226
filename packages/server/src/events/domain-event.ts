import type { PreparedAuditRecord } from '../audit/append-audit.js';
import type { LogEntryParts } from '../log/log-entry.js';

/**
 * The side records of an event, made from it ahead of its transaction (a signing thread makes
 * them for a licence it signed: issue 3). They must be made from this very event by
 * `prepareAuditRecord` and `logEntryParts` (with `salt`); the transaction then only chains,
 * joins and inserts.
 */
export interface PreparedSideRecords {
  readonly audit: PreparedAuditRecord;
  readonly log: { readonly salt: Uint8Array; readonly parts: LogEntryParts };
}

/**
 * The side records of a write are made from one `DomainEvent` (server-conventions.md,
 * "Events, audit, log, outbox").
 */
export interface DomainEvent {
  /**
   * `<aggregate>.<what>`: `licence.issued`, `licence.version`, `licence.status`,
   * `licence.encumbrance`, `catalogue.changed`, `key.changed`, `client.registered` …
   */
  readonly type: `${string}.${string}`;
  /** `client:<id>` | `staff:<id>` | `system`. */
  readonly actor: string;
  readonly requestId?: string | undefined;
  /** Licence identifier, type code, key id, client id … */
  readonly target?: string | undefined;
  readonly useCause?: string | undefined;
  /** JSON; personal data only as keyed hashes (`hashPersonalData`). */
  readonly details: unknown;
  /** RFC 3339 UTC. */
  readonly at: string;
  /** Its audit record and log entry made ahead (see {@link PreparedSideRecords}). */
  readonly prepared?: PreparedSideRecords | undefined;
}
