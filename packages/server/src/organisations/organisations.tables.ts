/** Tables of `organisations/` (migration 0002). Timestamps are RFC 3339 UTC text. */

export interface OrganisationsTable {
  /** GB 32100 unified social credit code. */
  code: string;
  name_zh: string;
  name_en: string;
  /** `department` | `relying-party` (`OrganisationKind`). */
  kind: string;
  /** GB/T 36902 level (core `AuthorityLevel`). */
  level: string;
  /** GB/T 2260 area code. */
  area_code: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
