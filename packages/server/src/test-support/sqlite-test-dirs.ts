/**
 * The temp folders of SQLite test stores (test-only; excluded from the build): named after the
 * process that made them, `hutong-t-sqlite-<pid>-XXXXXX`, so that the next run can tell the
 * folders of a run killed before its cleanup (the process is gone) from those of a run still
 * going, as it does for PostgreSQL test databases (`hutong_t_<pid>_…`, postgres-admin.mjs).
 * No Vitest import: the global setup, which is not a test, sweeps with it.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `hutong-t-sqlite-<pid>-` for this process: the prefix of `mkdtemp`. */
export function sqliteTestDirPrefix(kind: 'store' | 'template' = 'store', pid: number = process.pid): string {
  return kind === 'template' ? `hutong-t-sqlite-template-${pid}-` : `hutong-t-sqlite-${pid}-`;
}

/** A test store folder, with the pid of its maker when the name has one (older runs' folders do not). */
const TEST_DIR = /^hutong-t-sqlite-(?:template-)?(?:(\d+)-)?[A-Za-z0-9]{6}$/;

/** Folders of the older form, without a pid, are removed once this old: no run lasts a day. */
export const UNNAMED_TEST_DIR_MAX_AGE_MS = 24 * 60 * 60 * 1000;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes from `root` (the temp folder) the SQLite test folders whose process is gone, and
 * those without a pid older than a day; returns their names. A folder of a live process (this
 * run's or another's going on beside it) stays.
 *
 * @example sweepStaleSqliteTestDirs(tmpdir()) // ['hutong-t-sqlite-41203-aB3dEf']
 */
export function sweepStaleSqliteTestDirs(root: string, now: number = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEST_DIR.exec(name);
    if (match === null) continue;
    const path = join(root, name);
    try {
      const pid = match[1];
      const stale =
        pid === undefined
          ? now - statSync(path).mtimeMs > UNNAMED_TEST_DIR_MAX_AGE_MS
          : Number(pid) !== process.pid && !processIsAlive(Number(pid));
      if (!stale) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to remove: the next run tries again.
    }
  }
  return removed;
}
