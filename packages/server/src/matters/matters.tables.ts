/** Tables of `matters/` (migration 0011). Timestamps are RFC 3339 UTC text. */

/** One row per service matter: the version in force and what listings need. */
export interface MattersTable {
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  /** USCC of the department that handles the matter. */
  department_code: string;
  /** `person` (个人事项) | `organisation` (法人事项). */
  holder_category: string;
  /** JSON of the matter (`Matter` without `version`). */
  document: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

/** Every version of every matter, as written (a matter is changed by writing its next version). */
export interface MatterVersionsTable {
  code: string;
  version: number;
  document: string;
  created_by: string;
  created_at: string;
}

/**
 * A self-service (全自助) session at a kiosk. No personal data in clear: the holder is the
 * keyed `holder_index` and the identifier of the licence they identified with; the submitted
 * form is kept only as its digest (the result licence carries what was issued).
 */
export interface KioskSessionsTable {
  id: string;
  /** The kiosk's API client. */
  client_id: string;
  matter_code: string;
  matter_version: number;
  /** `started` | `identified` | `consented` | `submitted` | `cancelled`. */
  state: string;
  identity_licence: string | null;
  holder_index: string | null;
  consented_at: string | null;
  /** JSON array of the identifiers the holder consented to (the licences used for the matter). */
  licences: string | null;
  submission_digest: string | null;
  /** The identifier of the licence issued back to the holder, for matters that produce one. */
  result_licence: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}
