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
}
