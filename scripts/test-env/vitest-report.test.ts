import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closingLine, readVitestReport, summarizeVitestReport } from './vitest-report.mjs';

const FIXTURE = fileURLToPath(new URL('./fixtures/vitest-report/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the closing line of npm test', () => {
  it('counts a real Vitest report: skips and todos are skipped, a file broken before its tests is a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-t-report-'));
    try {
      const file = join(dir, 'report.json');
      // The installed Vitest, as the harness runs it, on a project of its own.
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--root',
          FIXTURE,
          '--config',
          join(FIXTURE, 'vitest.config.mjs'),
          '--reporter=json',
          `--outputFile.json=${file}`,
        ],
        { encoding: 'utf8', cwd: FIXTURE },
      );
      expect(run.status).toBe(1);
      const summary = summarizeVitestReport(readVitestReport(file), run.status ?? 1);
      expect(summary).toMatchObject({ passed: 1, failed: 2, skipped: 2 });
      expect(summary.notes.join('\n')).toContain('broken.fixture.ts');
      expect(closingLine(summary)).toBe('1 passed, 2 failed, 2 skipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads a clean run as passed, without a skipped count', () => {
    const summary = summarizeVitestReport({ numPassedTests: 3, numFailedTests: 0, testResults: [] }, 0);
    expect(summary).toEqual({ passed: 3, failed: 0, skipped: 0, notes: [] });
    expect(closingLine(summary)).toBe('3 passed, 0 failed');
  });

  it('counts a failing exit without failed tests (unhandled errors) as a failure', () => {
    expect(summarizeVitestReport({ numPassedTests: 3, testResults: [] }, 1)).toMatchObject({ passed: 3, failed: 1 });
  });

  it('counts a missing report, or a run where nothing ran, as a failure', () => {
    expect(summarizeVitestReport(undefined, 1)).toMatchObject({ passed: 0, failed: 1 });
    expect(summarizeVitestReport({ numPassedTests: 0, testResults: [] }, 0)).toMatchObject({ passed: 0, failed: 1 });
    expect(readVitestReport('/nonexistent/report.json')).toBeUndefined();
  });
});
