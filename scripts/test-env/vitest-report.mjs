// Reads Vitest's JSON report (Jest's format, `--reporter=json`) into the harness's closing
// line. Kept apart from scripts/test.mjs so that a test can hold it to a real report.
import { existsSync, readFileSync } from 'node:fs';

/**
 * Counts a run. `report` is the parsed JSON report (undefined when Vitest wrote none),
 * `exitCode` Vitest's exit code. Returns `{ passed, failed, skipped, notes }`:
 * - a file that failed before its tests ran (import error, failing beforeAll) counts as
 *   one failure, since it has no failed test of its own;
 * - a non-zero exit without any failure (unhandled errors, a crash, no report) counts as one;
 * - a run where nothing ran at all counts as one (a filter that matched nothing);
 * - skipped and todo tests are `skipped`, and the caller fails the run on them.
 */
export function summarizeVitestReport(report, exitCode) {
  const notes = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (report === undefined) {
    notes.push('vitest wrote no JSON report');
  } else {
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    );
    for (const file of brokenFiles) notes.push(`failed before its tests ran: ${file.name}`);
    passed = report.numPassedTests ?? 0;
    failed = (report.numFailedTests ?? 0) + brokenFiles.length;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (exitCode !== 0 && failed === 0) {
    notes.push(
      `vitest exited with ${exitCode} without a failed test (unhandled errors or a crash): counted as one failure`,
    );
    failed = 1;
  }
  if (passed + failed + skipped === 0) {
    notes.push('no test ran: check the arguments given to vitest');
    failed = 1;
  }
  if (skipped > 0)
    notes.push(`${skipped} test(s) skipped or left as todo: that fails the run (never skip a test silently)`);
  return { passed, failed, skipped, notes };
}

/** `N passed, N failed`, with `, N skipped` only when some were. */
export function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** Parses the report file; undefined when it is missing or unreadable (then the run counts as failed). */
export function readVitestReport(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
