/** The Kysely table interfaces of `audit/` (migrations 0005-audit, 0017, 0019, 0030). */

/**
 * One audit record: who did what to which licence, when, why, with what outcome. `hash` =
 * SHA-256(previous record's hash ‖ RFC 8785 canonical JSON of the record's fields), so that
 * any edit, deletion or reordering breaks the chain (`verifyAuditChain`).
 */
export interface AuditRecordsTable {
  /** 1, 2, 3… gap-free (bigint on PostgreSQL, read as number). */
  seq: number;
  /** RFC 3339 UTC. */
  at: string;
  /** `client:<id>` | `staff:<id>` | `system` | `anonymous`. */
  actor: string;
  /** The event or access type, e.g. `licence.issued`, `licence.read`. */
  action: string;
  target: string | null;
  use_cause: string | null;
  /** `success` | `refused` | `failed` | `not-found`. */
  outcome: string;
  request_id: string | null;
  /**
   * Canonical JSON; personal data only as keyed hashes (`hashPersonalData`). Packed since
   * migration 0017 (store/packed-json.ts): read it with `auditDetailsOf`. The column is
   * nullable in the schema only because it was added to a filled table; every writer fills it.
   */
  packed_details: Uint8Array;
  /**
   * The 32-byte SHA-256 chain hash (binary since migration 0019; the API and the head row give
   * it as hex). The previous record's hash is not stored again: it is that record's `hash`.
   */
  hash: Uint8Array;
}

/** The chain head: one row (id 1), the last sequence number and hash, locked by each append. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/**
 * The licences a chunk's audit record lists (migration 0030): one row per licence, keyed
 * (identifier, seq), so that a licence's audit records are found from an index although one
 * record covers a whole chunk. `hutong audit verify` checks the rows of each record against
 * the list in its (chained) details.
 */
export interface AuditLicencesTable {
  /** The licence identifier (GB/T 36904). */
  identifier: string;
  /** The chunk record's `seq` (bigint on PostgreSQL, read as number or string). */
  seq: number;
}
