import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestSqliteDatabase } from './databases.js';
import { scratchDirs } from './scratch-dirs.js';
import { sqliteTestDirPrefix, sweepStaleSqliteTestDirs, UNNAMED_TEST_DIR_MAX_AGE_MS } from './sqlite-test-dirs.js';

const scratch = scratchDirs();
/** A process id no process has (Linux pids stay below 2^22). */
const NO_PID = 4194303;

describe('the temp folders of SQLite test stores', () => {
  it('are named after the process that made them', async () => {
    const database = await createTestSqliteDatabase();
    try {
      expect(database.dataDir.startsWith(join(tmpdir(), sqliteTestDirPrefix()))).toBe(true);
    } finally {
      await database.drop();
    }
    expect(existsSync(database.dataDir)).toBe(false);
  });

  it('of a run that is gone are swept; those of live processes, other files and recent unnamed ones stay', () => {
    const root = scratch('hutong-sweep-');
    const make = (name: string, ageMs = 0) => {
      mkdirSync(join(root, name));
      if (ageMs > 0) {
        const then = (Date.now() - ageMs) / 1000;
        utimesSync(join(root, name), then, then);
      }
    };
    make(`hutong-t-sqlite-${NO_PID}-aB3dEf`);
    make(`hutong-t-sqlite-template-${NO_PID}-Zz9yX8`);
    make(`hutong-t-sqlite-${process.pid}-live01`);
    make(`hutong-t-sqlite-${process.ppid}-live02`);
    make('hutong-t-sqlite-OLD123', UNNAMED_TEST_DIR_MAX_AGE_MS + 60_000);
    make('hutong-t-sqlite-new123');
    make('hutong-t-verify-abc123');
    make(`hutong-t-sqlite-${NO_PID}-too-long-a-name`);

    expect(sweepStaleSqliteTestDirs(root).sort()).toEqual(
      [
        `hutong-t-sqlite-${NO_PID}-aB3dEf`,
        `hutong-t-sqlite-template-${NO_PID}-Zz9yX8`,
        'hutong-t-sqlite-OLD123',
      ].sort(),
    );
    expect(readdirSync(root).sort()).toEqual(
      [
        `hutong-t-sqlite-${process.pid}-live01`,
        `hutong-t-sqlite-${process.ppid}-live02`,
        'hutong-t-sqlite-new123',
        'hutong-t-verify-abc123',
        `hutong-t-sqlite-${NO_PID}-too-long-a-name`,
      ].sort(),
    );
  });

  it('sweeps nothing from a folder that does not exist', () => {
    expect(sweepStaleSqliteTestDirs(join(scratch('hutong-sweep-none-'), 'missing'))).toEqual([]);
  });
});
