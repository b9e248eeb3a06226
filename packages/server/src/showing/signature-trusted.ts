/**
 * Whether every named check of a verdict passed: online verification looks a licence up only
 * when its signature verified with a trusted key (showing/README.md, `current-status`).
 *
 * @example signatureTrusted(verdict.checks, ['signature', 'issuer-trusted'])
 */
export function signatureTrusted(checks: readonly { name: string; ok: boolean }[], names: readonly string[]): boolean {
  return names.every((name) => checks.find((c) => c.name === name)?.ok === true);
}
