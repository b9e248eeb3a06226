import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { scratchDirs } from '../test-support/scratch-dirs.js';
import { IMPORT_HEARTBEAT_MS, keepBeating } from './heartbeat.js';
import { inspectImportFile } from './import-file.js';
import {
  beatImportJob,
  currentRunner,
  deleteCompletedImportRows,
  finishImportJob,
  getImportJob,
  IMPORT_HEARTBEAT_STALE_MS,
  openImportJob,
  recordImportBatch,
  runnerId,
  runnerMayBeAlive,
} from './import-jobs.js';
import { IMPORT_COLUMNS, IMPORT_ISSUER, IMPORT_TYPE, validRow, writeCsv } from './test-support/import-fixtures.js';

const scratch = scratchDirs();

const NOW = new Date('2026-11-30T09:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
/** A process id no process has (Linux pids stay below 2^22). */
const NO_PID = 4194303;

/**
 * The pid of a process that exists here and is not this one, alive until stopped. It used to
 * live 60 s, and the tests that need its pid alive failed when the file ran longer on a loaded
 * machine; now it lives until killed, or until this process goes (its stdin, a pipe from here,
 * then ends), so no child outlives a crashed run either.
 */
function otherProcess(): { readonly pid: number; stop(): void } {
  const child = spawn(process.execPath, ['-e', "process.stdin.on('end', () => process.exit(0)).resume()"], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  if (child.pid === undefined) throw new Error('no child process');
  return { pid: child.pid, stop: () => child.kill('SIGKILL') };
}

describe('a runner id and its liveness (runnerMayBeAlive)', () => {
  const live = otherProcess();
  afterAll(() => live.stop());

  it('is <host>:<pid>:<pid scope>:<random instance>, the same for the whole process', () => {
    expect(currentRunner()).toMatch(
      new RegExp(
        `^${hostname()}:${process.pid}:([0-9a-f]{16}|-):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
      ),
    );
    expect(currentRunner()).toBe(currentRunner());
  });

  it('holds for this process whatever its heartbeat says', () => {
    expect(runnerMayBeAlive(currentRunner(), undefined, NOW)).toBe(true);
    expect(runnerMayBeAlive(undefined, NOW.toISOString(), NOW)).toBe(false);
  });

  it('rests on the heartbeat: alive within two minutes of silence, dead after', () => {
    const elsewhere = 'node-b:1234:0123456789abcdef:6f1c2d8e-0000-4000-8000-000000000001';
    expect(runnerMayBeAlive(elsewhere, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS - 1))).toBe(true);
    expect(runnerMayBeAlive(elsewhere, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS))).toBe(false);
    expect(runnerMayBeAlive(elsewhere, undefined, NOW)).toBe(false);
  });

  it('does not take a reused pid for the runner: another instance on a live pid is dead once silent', () => {
    // The pid exists (another process has it now), but the instance is not that process.
    expect(() => process.kill(live.pid, 0), 'the other process is alive').not.toThrow();
    const reused = runnerId(live.pid, 'a-process-that-died');
    expect(runnerMayBeAlive(reused, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS + 1))).toBe(false);
    expect(runnerMayBeAlive(reused, NOW.toISOString(), at(1_000))).toBe(true);
    // Nor this very pid under another instance (a process before a restart into the same pid).
    const samePid = runnerId(process.pid, 'before-the-restart');
    expect(runnerMayBeAlive(samePid, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS + 1))).toBe(false);
  });

  it('does not read a pid of another machine or container as one of its own, even with the same host name', () => {
    // Host networking: the same host name, another pid namespace, where pid 1 is the server.
    const container = `${hostname()}:${process.pid}:fedcba9876543210:6f1c2d8e-0000-4000-8000-000000000002`;
    expect(runnerMayBeAlive(container, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS + 1))).toBe(false);
    expect(runnerMayBeAlive(container, NOW.toISOString(), at(1_000))).toBe(true);
    const gonePidThere = `${hostname()}:${NO_PID}:fedcba9876543210:6f1c2d8e-0000-4000-8000-000000000003`;
    expect(runnerMayBeAlive(gonePidThere, NOW.toISOString(), at(1_000))).toBe(true);
  });

  it('knows a runner of this pid scope whose pid is gone is dead at once (a node killed and started again resumes now)', () => {
    if (currentRunner().split(':')[2] === '-') return expect.fail('no /proc here: the pid scope is unknown');
    expect(runnerMayBeAlive(runnerId(NO_PID, 'killed'), NOW.toISOString(), NOW)).toBe(false);
  });

  it('judges ids of the older form <host>:<pid> by their heartbeat alone', () => {
    expect(runnerMayBeAlive(`${hostname()}:${NO_PID}`, NOW.toISOString(), at(1_000))).toBe(true);
    expect(runnerMayBeAlive(`${hostname()}:${live.pid}`, NOW.toISOString(), at(IMPORT_HEARTBEAT_STALE_MS))).toBe(false);
  });
});

describe('keepBeating', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats every IMPORT_HEARTBEAT_MS until stopped, and stops by itself once the beat says the hold is lost', async () => {
    vi.useFakeTimers();
    let beats = 0;
    const stop = keepBeating(async () => {
      beats += 1;
      return true;
    });
    await vi.advanceTimersByTimeAsync(IMPORT_HEARTBEAT_MS * 3);
    expect(beats).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(IMPORT_HEARTBEAT_MS * 3);
    expect(beats).toBe(3);

    let lost = 0;
    keepBeating(async () => {
      lost += 1;
      return false;
    });
    await vi.advanceTimersByTimeAsync(IMPORT_HEARTBEAT_MS * 5);
    expect(lost).toBe(1);

    let failing = 0;
    const stopFailing = keepBeating(async () => {
      failing += 1;
      throw new Error('the store is away');
    });
    await vi.advanceTimersByTimeAsync(IMPORT_HEARTBEAT_MS * 2);
    expect(failing).toBe(2);
    stopFailing();
  });
});

describe.each(TEST_DATABASES)('an import job held by its runner on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let dir: string;
  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    dir = scratch('hutong-import-jobs-');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('is taken over only after two minutes of silence; the runner that lost it records, beats and finishes nothing', async () => {
    const path = join(dir, 'held.csv');
    writeCsv(path, IMPORT_COLUMNS, [validRow(900)]);
    const open = async (now: Date) =>
      openImportJob(t.store.db, {
        file: await inspectImportFile(path),
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: 1,
        by: { actor: 'system' },
        now,
      });
    const { job } = await open(NOW);
    expect(job.runner).toBe(currentRunner());
    expect(await beatImportJob(t.store.db, job.id, currentRunner(), at(5_000))).toBe(true);
    expect((await getImportJob(t.store.db, job.id))?.heartbeatAt).toBe(at(5_000).toISOString());

    // A process on another machine took it over (this one was silent too long, say).
    const other = 'node-b:77:0123456789abcdef:6f1c2d8e-0000-4000-8000-00000000000b';
    await t.store.db
      .updateTable('import_jobs')
      .set({ runner: other, heartbeat_at: at(200_000).toISOString() })
      .where('id', '=', job.id)
      .execute();
    const progress = { accepted: 1, rejected: 0, skipped: 0, rowsCommitted: 2 };
    await expect(
      recordImportBatch(
        t.store.db,
        job,
        [{ rowNumber: 2, sourceKey: undefined, outcome: 'accepted' }],
        progress,
        at(201_000),
      ),
    ).rejects.toMatchObject({ code: 'ERR_IMPORT_JOB_RUNNING' });
    const rows = await t.store.db.selectFrom('import_rows').select('row_number').where('job_id', '=', job.id).execute();
    expect(rows).toEqual([]);
    expect(await beatImportJob(t.store.db, job.id, currentRunner(), at(201_000))).toBe(false);
    await expect(
      finishImportJob(
        t.store.db,
        job,
        {
          status: 'completed',
          counts: { accepted: 1, rejected: 0, skipped: 0 },
          rowsCommitted: 2,
          reportPath: join(dir, 'r.csv'),
        },
        { actor: 'system' },
        at(201_000),
      ),
    ).rejects.toMatchObject({ code: 'ERR_IMPORT_JOB_RUNNING' });
    expect(await getImportJob(t.store.db, job.id)).toMatchObject({
      status: 'running',
      runner: other,
      rowsCommitted: 0,
    });

    // While the other's heartbeat is fresh this process may not take the job back; after two minutes it may.
    await expect(open(at(200_000 + IMPORT_HEARTBEAT_STALE_MS - 1))).rejects.toMatchObject({
      code: 'ERR_IMPORT_JOB_RUNNING',
    });
    const back = await open(at(200_000 + IMPORT_HEARTBEAT_STALE_MS));
    expect(back).toMatchObject({ resumed: true, job: { id: job.id, runner: currentRunner() } });
    await recordImportBatch(
      t.store.db,
      back.job,
      [{ rowNumber: 2, sourceKey: undefined, outcome: 'accepted' }],
      progress,
      at(330_000),
    );
    expect(await getImportJob(t.store.db, job.id)).toMatchObject({ rowsCommitted: 2, accepted: 1 });
  });

  it('keeps a job’s rows through its closing; deletes a completed job’s afterwards, slice by slice, and never a failed or running job’s', async () => {
    const rowsOf = async (id: string) =>
      (
        await t.store.db
          .selectFrom('import_rows')
          .select('row_number')
          .where('job_id', '=', id)
          .orderBy('row_number')
          .execute()
      ).map((r) => Number(r.row_number));
    const jobWithRows = async (name: string, rows: number) => {
      const path = join(dir, `${name}.csv`);
      writeCsv(path, IMPORT_COLUMNS, [validRow(950 + rows)]);
      const { job } = await openImportJob(t.store.db, {
        file: await inspectImportFile(path),
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: rows,
        by: { actor: 'system' },
        now: NOW,
      });
      const records = Array.from({ length: rows }, (_, i) => ({
        rowNumber: i + 2,
        sourceKey: undefined,
        outcome: 'rejected' as const,
      }));
      await recordImportBatch(
        t.store.db,
        job,
        records,
        { accepted: 0, rejected: rows, skipped: 0, rowsCommitted: rows + 1 },
        NOW,
      );
      return job;
    };
    const completed = await jobWithRows('completed', 7);
    const failed = await jobWithRows('failed', 3);
    const running = await jobWithRows('running', 2);
    await finishImportJob(
      t.store.db,
      completed,
      {
        status: 'completed',
        counts: { accepted: 0, rejected: 7, skipped: 0 },
        rowsCommitted: 8,
        reportPath: join(dir, 'c.csv'),
      },
      { actor: 'system' },
      NOW,
    );
    await finishImportJob(
      t.store.db,
      failed,
      { status: 'failed', error: { code: 'ERR_IMPORT_CSV_SYNTAX', message: 'x' } },
      { actor: 'system' },
      NOW,
    );
    // Closing leaves the rows: they go in slices after (a process killed in between leaves them to the next import).
    expect(await rowsOf(completed.id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // Slices of 3 rows: 3 + 3 + the last one.
    await deleteCompletedImportRows(t.store.db, undefined, 3);
    expect(await rowsOf(completed.id)).toEqual([]);
    expect(await rowsOf(failed.id)).toEqual([2, 3, 4]);
    expect(await rowsOf(running.id)).toEqual([2, 3]);
    // Only the job named, when one is.
    await deleteCompletedImportRows(t.store.db, running.id);
    expect(await rowsOf(running.id)).toEqual([2, 3]);
  });
});
