/**
 * A defect that a caller chose to tolerate (legacy import: GB 32100 codes issued in early
 * pilots whose check characters do not compute). Flagged, never dropped, never fixed.
 *
 * Codes: `WARN_USCC_CHECK` (GB 32100 check character), `WARN_USCC_ORGANISATION_CODE_CHECK`
 * (GB 11714 check character of characters 9–17).
 */
export interface IdentifierWarning {
  readonly code: string;
  /** English; the code is the stable part. */
  readonly message: string;
  /** The segment at fault, as in `HutongError.field`. */
  readonly field: string;
}
