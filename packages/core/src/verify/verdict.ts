import type { ErrorParams, HutongErrorCode } from '../errors.js';
import type { MaskedHolder } from './mask-holder.js';

/** The checks of a licence verdict, in the order a verdict lists them. */
export const CHECK_NAMES = [
  'format',
  'signature',
  'issuer-trusted',
  'key-valid-at-issue',
  'type-allowed',
  'not-expired',
  'effective',
  'status',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * One check's outcome. `reason` is English prose for people and logs; `code` (with
 * `params`) is stable, for localisation (`HutongError`'s table) and for programs. A check
 * that could not run has `ok: false` and a `ERR_VERIFY_SKIPPED_*` code — except `status`
 * when no status list was given, which is `ok: true` with `ERR_VERIFY_STATUS_NOT_CHECKED`
 * (see docs/design/licence-format.md §6).
 */
export type VerdictCheck = Check<CheckName>;

/** One check of a verdict (of a licence, a show code, a print code, a consent receipt): its name is the kind's own. */
export interface Check<Name extends string> {
  readonly name: Name;
  readonly ok: boolean;
  readonly reason: string;
  readonly code?: HutongErrorCode;
  /** The input field at fault, when the failure is about one (format errors). */
  readonly field?: string;
  readonly params?: ErrorParams;
  /** The Chinese values of some of `params` (English prose), for the zh-CN message; see `HutongErrorOptions.zhParams`. */
  readonly zhParams?: ErrorParams;
}

/** What the verdict says about the licence, when it could be read. */
export interface VerdictLicence {
  readonly identifier: string;
  readonly name: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly issuerName: string;
  readonly version: string;
  /** Masked for persons: a verdict is printed and logged. */
  readonly holder: MaskedHolder;
}

/** A tolerated defect (legacy holder code), flagged rather than failed. */
export interface VerdictWarning {
  readonly code: string;
  readonly message: string;
  readonly field: string;
}

/**
 * The answer of `verifyLicence`: plain JSON (what `hutong verify` prints). `valid` is true
 * exactly when every check is ok; there is never a bare boolean without its reasons.
 */
export interface Verdict {
  readonly valid: boolean;
  readonly kind: 'licence';
  /** The instant the licence was judged at (RFC 3339 UTC). */
  readonly at: string;
  readonly checks: readonly VerdictCheck[];
  readonly licence?: VerdictLicence;
  readonly warnings?: readonly VerdictWarning[];
}
