/** Tables of `issuance/` (migration 0003): per-issuer serial counters and idempotency records. */

export interface LicenceSerialsTable {
  issuer_code: string;
  /** The next serial number to hand out (read as a string by node-postgres). */
  next_serial: number | string;
}

export interface IdempotencyRecordsTable {
  /** Who sent the request (`client:<id>`): keys are per client. */
  principal: string;
  idempotency_key: string;
  /** `issue`, `batch` … a key reused for another operation is a conflict. */
  operation: string;
  /** SHA-256 (hex) of the canonical request body. */
  request_hash: string;
  /** JSON of the answer given the first time. */
  response: string;
  created_at: string;
}
