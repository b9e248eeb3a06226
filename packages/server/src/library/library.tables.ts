/** Tables of `library/` (migration 0003): licences, one row per version, and their encumbrances. */

/** Where a licence came from: issued here, aggregated (signed by its department), or imported from legacy stock. */
export type LicenceOrigin = 'issued' | 'aggregated' | 'imported';

export interface LicencesTable {
  /** GB/T 36904 identifier of this version. */
  identifier: string;
  /** `typeCode.issuerCode.serial`: shared by every version of one licence. */
  series: string;
  /** `001`, `002` … */
  version: string;
  type_code: string;
  issuer_code: string;
  serial: string;
  /** Keyed hash (hex) of holder code type + holder code: see `holderIndex`. */
  holder_index: string;
  /** Current status (core `LicenceStatus`). */
  status: string;
  /** JSON of core `LicenceStatusState` without its history (the history has its own table). */
  status_state: string;
  /**
   * JSON of the signed licence (`hutong-licence/1`), exactly as signed, packed
   * (store/packed-json.ts, migration 0017): read it with `licenceDocumentOf`. The column is
   * nullable in the schema only because it was added to a filled table; every writer fills it.
   */
  packed_document: Uint8Array;
  /**
   * SHA-256 of the signed document's RFC 8785 canonical form (library/licence-document-digest.ts,
   * migration 0027); null for rows written before it. Online verification compares it with the
   * presented document's.
   */
  document_digest: Uint8Array | null;
  /** The signing key's id (RFC 7638 thumbprint). */
  key_id: string;
  origin: LicenceOrigin;
  status_list_id: number;
  /** Read as a string by node-postgres (bigint): convert with Number(). */
  status_index: number | string;
  /** The 2-bit status-list value (core `statusListValue`). */
  status_value: number;
  effective_date: string;
  expiring_date: string | null;
  /** The department's own key for the record (batch and import idempotency), unique per issuer. */
  source_key: string | null;
  /** SHA-256 (hex) of the request that created the licence, to tell a retry from a conflicting reuse. */
  request_hash: string | null;
  created_by: string;
  issued_at: string;
  updated_at: string;
}

export interface LicenceEncumbrancesTable {
  identifier: string;
  encumbrance_id: string;
  kind: string;
  creditor: string | null;
  start_date: string;
  end_date: string | null;
  released_at: string | null;
}
