/** Tables of `catalogue/` (migration 0002). Timestamps are RFC 3339 UTC text, dates `yyyyMMdd`. */

/** One row per licence type: its lifecycle and which version is in force. */
export interface LicenceTypesTable {
  type_code: string;
  /** `draft` (never published) | `published` | `retired` (core `LicenceTypeStatus`). */
  status: string;
  latest_version: number;
  /** The version new licences are issued under; null until the first publication. */
  published_version: number | null;
  /** Names of the latest version, for listings. */
  name_zh: string;
  name_en: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  retired_at: string | null;
}

/** Every version of every licence type's catalogue entry, as written. */
export interface LicenceTypeVersionsTable {
  type_code: string;
  version: number;
  /** `draft` | `published` | `retired` (superseded by a later version, or the type retired). */
  status: string;
  /** JSON of core's `LicenceType`. */
  document: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  retired_at: string | null;
}

/** The responsibility list (责任清单): which department issues which type, by when. */
export interface CatalogueResponsibilitiesTable {
  type_code: string;
  department_code: string;
  /** `yyyyMMdd`. */
  deadline: string;
  /** Read as a string by node-postgres (bigint): convert with Number(). */
  paper_count: number | string | null;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** The scenario (usage) list (应用场景清单): where a type is accepted. */
export interface CatalogueScenariosTable {
  id: string;
  type_code: string;
  matter_code: string | null;
  venue: string | null;
  description: string;
  created_by: string;
  created_at: string;
}
