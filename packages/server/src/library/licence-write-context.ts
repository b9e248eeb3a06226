import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database.js';

/** A domain event as `recordEvent` (src/events) takes it; see docs/design/server-conventions.md. */
export interface LicenceDomainEvent {
  readonly type: 'licence.issued' | 'licence.version' | 'licence.status' | 'licence.encumbrance';
  /** `client:<id>` | `staff:<id>` | `system`. */
  readonly actor: string;
  readonly requestId?: string;
  /** The licence identifier. */
  readonly target: string;
  readonly useCause?: string;
  /** JSON; no personal data in clear (the holder appears only as the keyed holder index). */
  readonly details: {
    readonly typeCode: string;
    readonly issuerCode: string;
    readonly series: string;
    readonly [name: string]: unknown;
  };
  /** RFC 3339 UTC. */
  readonly at: string;
}

/**
 * What the licence writes need besides their input, resolved once per request from the
 * app context: the store, the clock, who acts, the holder-index key, where status lists
 * are published, and `recordEvent`/`recordChunkEvents` (the audit record, the log leaf and the outbox message
 * of each write, in the write's own transaction).
 */
export interface LicenceWriteContext {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly actor: string;
  readonly requestId?: string | undefined;
  readonly holderIndexKey: Uint8Array;
  /** The absolute URL of an issuer's status list (what licences carry in `statusReference.uri`). */
  readonly statusListUri: (issuerCode: string, listId: number) => string;
  readonly recordEvent: (trx: Transaction<Database>, event: LicenceDomainEvent) => Promise<void>;
  /**
   * The issue events of one committed chunk (`recordChunkEvents`, events/record-event.ts): one
   * audit record listing the chunk's licences (write-path-budget.md, proposal 1), one insert per
   * kind of other side record.
   */
  readonly recordChunkEvents: (trx: Transaction<Database>, events: readonly LicenceDomainEvent[]) => Promise<void>;
}
