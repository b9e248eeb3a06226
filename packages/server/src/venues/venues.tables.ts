/** The Kysely table interfaces of `venues/` (migration 0012-venues-inspections). */
export interface VenueEntriesTable {
  id: string;
  client_id: string;
  organisation_code: string;
  /** The day of the entry in China Standard Time, `yyyyMMdd`: the register's page. */
  day: string;
  entered_at: string;
  /** The show code's nonce: one entry per code, node-wide. */
  nonce: string;
  identifier: string;
  type_code: string;
  issuer_code: string;
  /** JSON: the fields the code disclosed, as the register keeps them (ID numbers masked). */
  fields: string;
  use_cause: string;
  idempotency_key: string | null;
}
