/**
 * Temporary folders of one test file, removed once the file's tests are done, so that a run
 * leaves nothing behind in the temp folder (test-only; excluded from the build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Call once at a test file's top level; the function it returns makes a fresh folder in the
 * temp folder, removed with the others after the file's last test.
 *
 * @example const scratch = scratchDirs(); const dir = scratch('hutong-read-table-');
 */
export function scratchDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
