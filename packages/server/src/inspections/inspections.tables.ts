/** The Kysely table interfaces of `inspections/` (migration 0012-venues-inspections). */
export interface InspectionsTable {
  id: string;
  identifier: string;
  type_code: string;
  issuer_code: string;
  /** The inspector's client and its organisation (the inspecting agency). */
  client_id: string;
  organisation_code: string;
  /** `pass` | `issues-found` | `closed`. */
  result: string;
  notes: string | null;
  place: string;
  inspected_at: string;
  recorded_at: string;
  /** `show-code` | `printed-licence`: what the inspector verified. */
  code_kind: string;
  /** 1 when the online verdict was valid. */
  code_valid: number;
  /** JSON array of the verdict's failed check names. */
  failed_checks: string;
  /** The licence's status in the library at the inspection. */
  licence_status: string | null;
  idempotency_key: string | null;
}
