/**
 * How the verifier shows a verdict of core's `verifyShowCode`: one tone for the whole screen
 * (green, amber, red), and each check's outcome in the interface's language.
 */
import {
  type ErrorParams,
  errorCatalogue,
  errorMessage,
  type HutongErrorCode,
  type Language,
  type PrintCodeVerdict,
  SHOW_PURPOSE_CODES,
  SHOW_PURPOSE_LABELS,
  type ShowCodeVerdict,
  type ShowPurposeCode,
  type Verdict,
} from '@hutong/core';

/** What the verifier checks: a show code (亮证码), a printed licence's print code (打印码), or a licence document. */
export type CodeVerdict = ShowCodeVerdict | PrintCodeVerdict | Verdict;

/** A check as any verdict lists it (offline from core, or online from the node). */
export interface NamedCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly reason: string;
  readonly code?: string | undefined;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  /** Chinese values of English-prose params (core's `HutongErrorOptions.zhParams`). */
  readonly zhParams?: Readonly<Record<string, unknown>> | undefined;
}

/** The node's answer to the public check (`POST /api/v1/verify/public`): what the page cannot know offline. */
export interface OnlineStatus {
  readonly valid: boolean;
  readonly checks: readonly NamedCheck[];
  readonly currentStatus?: { readonly identifier: string; readonly status: string } | undefined;
}

/** The checks only the node can run (the rest repeat the offline ones). */
export const ONLINE_ONLY_CHECKS: readonly string[] = ['current-status', 'library-face'];

/** `valid`: every check passed; `warning`: genuine and current, but the licence is suspended; `invalid`: anything else. */
export type VerdictTone = 'valid' | 'warning' | 'invalid';

/**
 * The tone of a verdict. Amber only when the code itself is genuine (format, signature,
 * node, time, issuer, type all pass) and the one failed check is the licence's status,
 * which says suspended: a reversible state the person at the gate must look at, not a forgery.
 *
 * @example verdictTone(await verifyShowCode(text, trust, { now })) // 'valid'
 */
export function verdictTone(verdict: CodeVerdict, online?: OnlineStatus): VerdictTone {
  const offline = offlineTone(verdict);
  if (online === undefined || offline === 'invalid') return offline;
  // The node knows the status now: a code made before a revocation is red, before a
  // suspension amber, whatever the code said when it was made.
  const failed = online.checks.filter((check) => ONLINE_ONLY_CHECKS.includes(check.name) && !check.ok);
  if (failed.length === 0) return offline;
  const suspendedOnly =
    failed.length === 1 && failed[0]?.name === 'current-status' && online.currentStatus?.status === 'suspended';
  return suspendedOnly ? 'warning' : 'invalid';
}

/** True for a licence document whose status could not be checked (no status list to be had). */
export function statusUnchecked(verdict: CodeVerdict): boolean {
  return (
    verdict.kind === 'licence' &&
    verdict.checks.some((check) => check.name === 'status' && check.code === 'ERR_VERIFY_STATUS_NOT_CHECKED')
  );
}

function offlineTone(verdict: CodeVerdict): VerdictTone {
  // A genuine licence whose status list could not be had is not shown as plainly valid.
  if (verdict.valid) return statusUnchecked(verdict) ? 'warning' : 'valid';
  if (verdict.kind === 'licence') {
    const failed = verdict.checks.filter((check) => !check.ok);
    const suspended = failed.length === 1 && failed[0]?.code === 'ERR_VERIFY_STATUS_SUSPENDED';
    return suspended ? 'warning' : 'invalid';
  }
  if (verdict.kind !== 'show-code') return 'invalid';
  const failed = verdict.checks.filter((check) => !check.ok);
  // Suspended (暂扣) is reversible: a warning, whether when shown or since (the cached status list).
  const suspendedOnly =
    failed.length === 1 &&
    ((failed[0]?.name === 'status-at-signing' && verdict.showCode?.statusAtSigning === 'suspended') ||
      failed[0]?.code === 'ERR_VERIFY_STATUS_SUSPENDED_SINCE');
  return suspendedOnly ? 'warning' : 'invalid';
}

let knownCodes: ReadonlySet<string> | undefined;

function isErrorCode(code: string | undefined): code is HutongErrorCode {
  knownCodes ??= new Set(errorCatalogue().map((entry) => entry.code));
  return code !== undefined && knownCodes.has(code);
}

/**
 * A failed check's reason in `language` (core's message table has both), or `undefined`
 * for a passed check (the interface words those itself).
 */
export function failureReason(check: NamedCheck, language: Language): string | undefined {
  if (check.ok) return undefined;
  if (!isErrorCode(check.code)) return check.reason;
  return errorMessage(
    check.code,
    (check.params ?? {}) as ErrorParams,
    language,
    check.zhParams === undefined ? undefined : (check.zhParams as ErrorParams),
  );
}

/** A purpose as a person reads it: the label of a purpose code, or the holder's own words. */
export function purposeLabel(purpose: string, language: Language): string {
  if (!(SHOW_PURPOSE_CODES as readonly string[]).includes(purpose)) return purpose;
  const label = SHOW_PURPOSE_LABELS[purpose as ShowPurposeCode];
  return language === 'en' ? label.en : label.zh;
}
