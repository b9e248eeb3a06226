import type { LogEntryParts } from '../log/log-entry.js';

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
  /**
   * Parts of the side records already made from this very event, off the main thread (an
   * import's signing threads: `precomputeSideRecords`); `recordEvents` finishes them instead of
   * making them again. Absent: made in the transaction, as always.
   */
  readonly precomputed?: PrecomputedSideRecords | undefined;
}

/**
 * The parts of an event's side records that do not depend on the store's sequence numbers
 * (issue 3: the import's main thread is the bottleneck, its signing threads half idle). Each
 * gives exactly the bytes the main thread would make (tested): the records stay byte-for-byte
 * the same.
 */
export interface PrecomputedSideRecords {
  /** The details' RFC 8785 text and its packed form (`audit_records.packed_details`). */
  readonly auditDetails: { readonly text: string; readonly packed: Uint8Array };
  /** For a logged event: its log entry but for the audit seq, and the entry's random salt. */
  readonly logEntry?: { readonly parts: LogEntryParts; readonly salt: Uint8Array } | undefined;
}
