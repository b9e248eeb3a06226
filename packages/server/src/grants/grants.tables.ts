/** Tables of `grants/` (migration 0010-grants). Timestamps RFC 3339 UTC text; lists JSON text. */

export type GrantStatus = 'active' | 'revoked';

/** A holder's consent for a relying party (用证授权), with its signed consent receipt. */
export interface GrantsTable {
  id: string;
  /** The library's keyed holder index (`library/holder-index.ts`): never the holder code in clear. */
  holder_index: string;
  holder_code_type: string;
  /** The relying party's API client. */
  client_id: string;
  /** The relying party's organisation (USCC), as it was when the grant was made. */
  organisation_code: string;
  /** JSON array of licence type codes covered (every licence of the holder of each type). */
  type_codes: string;
  /** JSON array of licence series (`typeCode.issuerCode.serial`) covered (every version of each). */
  series: string;
  matter_code: string;
  purpose: string;
  valid_from: string;
  valid_until: string;
  status: GrantStatus;
  revoked_at: string | null;
  /** The signed consent receipt (`hutong-consent-receipt/1`), exactly as signed. */
  receipt: string;
  created_at: string;
}

/** How a use was authorised: a grant, a show code presented, or consent at a self-service kiosk (`matters/`). */
export type UsageVia = 'grant' | 'show-code' | 'kiosk';

/** One use of one licence by a relying party (用证记录): the holder's timeline. */
export interface UsageRecordsTable {
  id: string;
  holder_index: string;
  client_id: string;
  organisation_code: string;
  /** The licence identifier (the version delivered). */
  identifier: string;
  type_code: string;
  via: UsageVia;
  grant_id: string | null;
  use_cause: string;
  /** JSON array of the field keys delivered (face fields and metadata). */
  fields: string;
  at: string;
}

/** The clearance of a relying-party client: the highest sensitivity grade (1–4) it sees unmasked. */
export interface ClientClearancesTable {
  client_id: string;
  clearance: number;
  updated_by: string;
  updated_at: string;
}
