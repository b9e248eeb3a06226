/**
 * How the verifier shows a verdict of core's `verifyShowCode`: one tone for the whole screen
 * (green, amber, red), and each check's outcome in the interface's language.
 */
import {
  errorCatalogue,
  HutongError,
  type HutongErrorCode,
  type Language,
  SHOW_PURPOSE_CODES,
  SHOW_PURPOSE_LABELS,
  type ShowCodeCheck,
  type ShowCodeVerdict,
  type ShowPurposeCode,
} from '@hutong/core';

/** `valid`: every check passed; `warning`: genuine and current, but the licence is suspended; `invalid`: anything else. */
export type VerdictTone = 'valid' | 'warning' | 'invalid';

/**
 * The tone of a verdict. Amber only when the code itself is genuine (format, signature,
 * node, time, issuer, type all pass) and the one failed check is the licence's status,
 * which says suspended: a reversible state the person at the gate must look at, not a forgery.
 *
 * @example verdictTone(await verifyShowCode(text, trust, { now })) // 'valid'
 */
export function verdictTone(verdict: ShowCodeVerdict): VerdictTone {
  if (verdict.valid) return 'valid';
  const failed = verdict.checks.filter((check) => !check.ok);
  const suspendedOnly =
    failed.length === 1 && failed[0]?.name === 'status-at-signing' && verdict.showCode?.statusAtSigning === 'suspended';
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
export function failureReason(check: ShowCodeCheck, language: Language): string | undefined {
  if (check.ok) return undefined;
  if (!isErrorCode(check.code)) return check.reason;
  return new HutongError(check.code, { params: check.params ?? {} }).localize(language);
}

/** A purpose as a person reads it: the label of a purpose code, or the holder's own words. */
export function purposeLabel(purpose: string, language: Language): string {
  if (!(SHOW_PURPOSE_CODES as readonly string[]).includes(purpose)) return purpose;
  const label = SHOW_PURPOSE_LABELS[purpose as ShowPurposeCode];
  return language === 'en' ? label.en : label.zh;
}
