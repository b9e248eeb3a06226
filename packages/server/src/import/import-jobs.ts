/**
 * Import jobs in the store: opening (or resuming) a job, advancing it batch by batch, ending
 * it. A job is identified by its file's SHA-256, the licence type, the issuer and the mode
 * (strict or `--legacy`): running the same command again after a crash resumes the job
 * after its last committed batch; once the job has ended, running it again is a new job.
 */

import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { ActingAs } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/index.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import type { Database } from '../store/database.js';
import { insertRows } from '../store/insert-rows.js';
import type { RowReason } from './check-import-row.js';
import type { ImportJobsTable } from './import.tables.js';
import type { ImportFile } from './import-file.js';

export const IMPORT_JOB_STATUSES = ['running', 'completed', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

export const IMPORT_ROW_OUTCOMES = ['accepted', 'rejected', 'skipped'] as const;
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];

export interface ImportCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
}

export interface ImportJob extends ImportCounts {
  readonly id: string;
  readonly fileSha256: string;
  readonly fileName: string;
  readonly format: string;
  readonly encoding: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly legacy: boolean;
  readonly status: ImportJobStatus;
  /** Rows up to this file row number are committed. */
  readonly rowsCommitted: number;
  readonly rowsTotal: number | undefined;
  readonly runner: string | undefined;
  readonly heartbeatAt: string | undefined;
  readonly reportPath: string | undefined;
  readonly createdAt: string;
  readonly finishedAt: string | undefined;
}

/** One row's outcome as the job records it. */
export interface ImportRowRecord {
  readonly rowNumber: number;
  readonly sourceKey: string | undefined;
  readonly outcome: ImportRowOutcome;
  readonly identifier?: string | undefined;
  readonly reasons?: readonly RowReason[] | undefined;
  readonly warnings?: readonly RowReason[] | undefined;
}

/**
 * A runner is presumed alive while it wrote a heartbeat within this time: a process that
 * holds a job or a dry run refreshes it every `IMPORT_HEARTBEAT_MS` (heartbeat.ts), so two
 * minutes of silence is a dozen missed beats — a dead, hung or cut-off process.
 */
export const IMPORT_HEARTBEAT_STALE_MS = 120_000;

/** Rows per INSERT: 7 columns, well under SQLite's 32,766 bound parameters. */
const ROWS_PER_INSERT = 500;

const IMPORT_ROW_COLUMNS = [
  'job_id',
  'row_number',
  'source_key',
  'outcome',
  'identifier',
  'reasons',
  'warnings',
] as const;

type Db = Kysely<Database> | Transaction<Database>;

function jobOf(row: ImportJobsTable): ImportJob {
  return {
    id: row.id,
    fileSha256: row.file_sha256,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding,
    typeCode: row.type_code,
    issuerCode: row.issuer_code,
    legacy: Number(row.legacy) === 1,
    status: row.status as ImportJobStatus,
    rowsCommitted: Number(row.rows_committed),
    rowsTotal: row.rows_total === null ? undefined : Number(row.rows_total),
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    skipped: Number(row.skipped),
    runner: row.runner ?? undefined,
    heartbeatAt: row.heartbeat_at ?? undefined,
    reportPath: row.report_path ?? undefined,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
  };
}

/**
 * Where a pid means one process: this boot of this machine (`/proc/sys/kernel/random/boot_id`)
 * and this pid namespace (`/proc/self/ns/pid`; containers have their own), hashed; `-` where
 * Linux's /proc does not say (then no pid is ever trusted). Two containers sharing a host name
 * (host networking) differ here, so neither reads the other's pid as its own.
 */
const PID_SCOPE = ((): string => {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const namespace = readlinkSync('/proc/self/ns/pid');
    return createHash('sha256').update(`${boot}\n${namespace}`).digest('hex').slice(0, 16);
  } catch {
    return '-';
  }
})();

/** Random per process: no other process has it, whatever its pid or machine. */
const INSTANCE = randomUUID();

/**
 * A runner id: `<host>:<pid>:<pid scope>:<instance>`. Host and pid tell a person which process
 * it is (`ERR_IMPORT_JOB_RUNNING` names it); the random instance is what makes it one process's
 * own — a pid is reused after its process dies, and a pid of another machine (or container)
 * means nothing here. Ownership rests on the id and the heartbeat; the pid only ever proves a
 * runner of this pid scope dead (`runnerMayBeAlive`).
 *
 * @example runnerId(4242, 'killed') // 'node-1:4242:9f3c…:killed'
 */
export function runnerId(pid: number, instance: string): string {
  return `${hostname()}:${pid}:${PID_SCOPE}:${instance}`;
}

/** This process, as the runner of a job or a dry run (`runnerId` with its own pid and random instance). */
export function currentRunner(): string {
  return runnerId(process.pid, INSTANCE);
}

/**
 * Whether the process a runner id names may still hold its job or dry run: this process does;
 * another, while its heartbeat is younger than `IMPORT_HEARTBEAT_STALE_MS` — unless it ran in
 * this pid scope and its pid is gone, which proves it dead at once (a node killed with SIGKILL
 * and started again resumes its import without waiting two minutes). A live pid proves nothing
 * (it may have been reused), so it never stands in for the heartbeat. Ids of the older form
 * `<host>:<pid>` (before the instance) are judged by their heartbeat alone.
 *
 * @example runnerMayBeAlive(job.runner, job.heartbeatAt, ctx.now())
 */
export function runnerMayBeAlive(runner: string | undefined, heartbeatAt: string | undefined, now: Date): boolean {
  if (runner === undefined) return false;
  if (runner === currentRunner()) return true;
  const parts = runner.split(':');
  if (parts.length >= 4 && parts[parts.length - 2] === PID_SCOPE && PID_SCOPE !== '-') {
    const pid = Number(parts[parts.length - 3]);
    if (Number.isSafeInteger(pid) && pid > 0 && !pidExists(pid)) return false;
  }
  const last = heartbeatAt === undefined ? Number.NaN : Date.parse(heartbeatAt);
  return !Number.isNaN(last) && now.getTime() - last < IMPORT_HEARTBEAT_STALE_MS;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** The key under which a job stays open: same file, type, issuer and mode resume the same job. */
export function openKeyOf(
  file: Pick<ImportFile, 'sha256'>,
  typeCode: string,
  issuerCode: string,
  legacy: boolean,
): string {
  return `${file.sha256}:${typeCode}:${issuerCode}:${legacy ? 'legacy' : 'strict'}`;
}

export interface OpenImportJob {
  readonly file: ImportFile;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly legacy: boolean;
  readonly rowsTotal: number | undefined;
  readonly by: ActingAs;
  readonly now: Date;
}

function running(job: ImportJob): ServerError {
  return new ServerError('ERR_IMPORT_JOB_RUNNING', {
    field: 'file',
    params: { jobId: job.id, runner: job.runner ?? '?', heartbeatAt: job.heartbeatAt ?? '?' },
  });
}

/**
 * Opens the job for a file, or resumes the open one whose runner is gone. Refuses with
 * `ERR_IMPORT_JOB_RUNNING` while another live process imports the same file. The start (or
 * resumption) is recorded through `recordEvent` in the same transaction.
 *
 * @example const { job, resumed } = await openImportJob(db, { file, typeCode, issuerCode, legacy: false, rowsTotal, by, now });
 */
export async function openImportJob(
  db: Kysely<Database>,
  open: OpenImportJob,
): Promise<{ readonly job: ImportJob; readonly resumed: boolean }> {
  const openKey = openKeyOf(open.file, open.typeCode, open.issuerCode, open.legacy);
  const at = open.now.toISOString();
  const runner = currentRunner();
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.selectFrom('import_jobs').selectAll().where('open_key', '=', openKey).executeTakeFirst();
    if (existing !== undefined) {
      const job = jobOf(existing);
      if (runnerMayBeAlive(job.runner, job.heartbeatAt, open.now)) throw running(job);
      const taken = await db.transaction().execute(async (trx) => {
        // Compare-and-set on the runner and its heartbeat: of two processes resuming at once, one wins.
        let update = trx
          .updateTable('import_jobs')
          .set({ runner, heartbeat_at: at, updated_at: at })
          .where('id', '=', job.id)
          .where('status', '=', 'running');
        update =
          existing.heartbeat_at === null
            ? update.where('heartbeat_at', 'is', null)
            : update.where('heartbeat_at', '=', existing.heartbeat_at);
        const result = await update.executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await recordEvent(trx, {
          type: 'import.resumed',
          actor: open.by.actor,
          requestId: open.by.requestId,
          target: job.id,
          details: {
            jobId: job.id,
            fileSha256: job.fileSha256,
            rowsCommitted: job.rowsCommitted,
            previousRunner: job.runner ?? null,
          },
          at,
        });
        return true;
      });
      if (!taken) continue;
      return { job: { ...job, runner, heartbeatAt: at }, resumed: true };
    }
    const row: ImportJobsTable = {
      id: randomUUID(),
      open_key: openKey,
      file_sha256: open.file.sha256,
      file_name: open.file.name,
      format: open.file.format,
      encoding: open.file.encoding,
      type_code: open.typeCode,
      issuer_code: open.issuerCode,
      legacy: open.legacy ? 1 : 0,
      status: 'running',
      rows_committed: 0,
      rows_total: open.rowsTotal ?? null,
      accepted: 0,
      rejected: 0,
      skipped: 0,
      runner,
      heartbeat_at: at,
      error: null,
      report_path: null,
      files_expired_at: null,
      created_by: open.by.actor,
      created_at: at,
      updated_at: at,
      finished_at: null,
    };
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('import_jobs').values(row).execute();
        await recordEvent(trx, {
          type: 'import.started',
          actor: open.by.actor,
          requestId: open.by.requestId,
          target: row.id,
          details: {
            jobId: row.id,
            fileSha256: row.file_sha256,
            format: row.format,
            typeCode: row.type_code,
            issuerCode: row.issuer_code,
            legacy: open.legacy,
            rowsTotal: open.rowsTotal ?? null,
          },
          at,
        });
      });
      return { job: jobOf(row), resumed: false };
    } catch (error) {
      // Another process opened the same job between our read and our insert: look again.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  const current = await db.selectFrom('import_jobs').selectAll().where('open_key', '=', openKey).executeTakeFirst();
  throw running(
    current === undefined
      ? ({ id: '?', runner: undefined, heartbeatAt: undefined } as unknown as ImportJob)
      : jobOf(current),
  );
}

function reasonsJson(reasons: readonly RowReason[] | undefined): string | null {
  return reasons === undefined || reasons.length === 0 ? null : JSON.stringify(reasons);
}

/**
 * Records a committed batch: its rows' outcomes, the job's counters and resume point, and
 * the runner's heartbeat, in one transaction (a crash leaves the batch wholly recorded or
 * not at all; a batch not recorded is done again on resume, and its licences are found,
 * not issued twice).
 */
export async function recordImportBatch(
  db: Kysely<Database>,
  job: Pick<ImportJob, 'id' | 'runner'>,
  rows: readonly ImportRowRecord[],
  progress: ImportCounts & { readonly rowsCommitted: number },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    // Compare-and-set on the runner first: a process that fell silent past
    // IMPORT_HEARTBEAT_STALE_MS and was taken over records nothing more (its batch's licences
    // are found by their request id by the new runner, never issued twice).
    const held = await trx
      .updateTable('import_jobs')
      .set({
        rows_committed: progress.rowsCommitted,
        accepted: progress.accepted,
        rejected: progress.rejected,
        skipped: progress.skipped,
        heartbeat_at: at,
        updated_at: at,
      })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('runner', job.runner === undefined ? 'is' : '=', job.runner ?? null)
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) !== 1) throw await lostJob(trx, job.id);
    // Compiled once per row count (store/insert-rows.ts): a batch is thousands of rows.
    await insertRows(
      trx,
      'import_rows',
      IMPORT_ROW_COLUMNS,
      rows.map((r) => ({
        job_id: job.id,
        row_number: r.rowNumber,
        source_key: r.sourceKey ?? null,
        outcome: r.outcome,
        identifier: r.identifier ?? null,
        reasons: reasonsJson(r.reasons),
        warnings: reasonsJson(r.warnings),
      })),
      ROWS_PER_INSERT,
    );
  });
}

/** The job as another runner now holds it (`ERR_IMPORT_JOB_RUNNING`): this one lost it. */
async function lostJob(db: Db, id: string): Promise<ServerError> {
  const current = await getImportJob(db, id);
  return running(current ?? ({ id, runner: undefined, heartbeatAt: undefined } as unknown as ImportJob));
}

/**
 * Refreshes the heartbeat of a job `runner` holds (heartbeat.ts beats every
 * `IMPORT_HEARTBEAT_MS`, also while a batch or the report takes long). False once the job is
 * no longer this runner's (taken over, or ended).
 */
export async function beatImportJob(db: Db, id: string, runner: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('import_jobs')
    .set({ heartbeat_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('runner', '=', runner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Of `identifiers`, those this job already reported (a duplicate row of an earlier batch).
 *
 * @example const seen = await identifiersReportedBy(db, job.id, ['1.2.156.3005.2.…']);
 */
export async function identifiersReportedBy(
  db: Db,
  jobId: string,
  identifiers: readonly string[],
): Promise<Set<string>> {
  if (identifiers.length === 0) return new Set();
  const rows = await db
    .selectFrom('import_rows')
    .select('identifier')
    .where('job_id', '=', jobId)
    .where('identifier', 'in', [...identifiers])
    .execute();
  return new Set(rows.map((r) => r.identifier).filter((id): id is string => id !== null));
}

/**
 * Of `identifiers`, those first issued under `requestId` (their issue event carries it): a
 * resumed batch's licences that the killed run committed before it could record the batch.
 */
export async function identifiersIssuedUnder(
  db: Db,
  requestId: string,
  identifiers: readonly string[],
): Promise<Set<string>> {
  if (identifiers.length === 0) return new Set();
  const rows = await db
    .selectFrom('licence_status_events')
    .select('identifier')
    .where('seq', '=', 1)
    .where('request_id', '=', requestId)
    .where('identifier', 'in', [...identifiers])
    .execute();
  return new Set(rows.map((r) => r.identifier));
}

/** How a job ends: `completed` with its report, or `failed` with the error that stopped it. */
export type ImportJobEnd =
  | {
      readonly status: 'completed';
      readonly counts: ImportCounts;
      readonly rowsCommitted: number;
      readonly reportPath: string;
    }
  | { readonly status: 'failed'; readonly error: { readonly code: string; readonly message: string } };

/**
 * Ends a job: `completed` with its report, or `failed` with the error that stopped it. Either
 * way the job closes (a later run of the same file is a new job) and the end is recorded. Only
 * while `job.runner` still holds it (`ERR_IMPORT_JOB_RUNNING` otherwise: it was taken over).
 */
export async function finishImportJob(
  db: Kysely<Database>,
  job: Pick<ImportJob, 'id' | 'fileSha256' | 'typeCode' | 'issuerCode' | 'runner'>,
  end: ImportJobEnd,
  by: ActingAs,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await closeImportJob(trx, job, end, by, now))) throw await lostJob(trx, job.id);
  });
}

/**
 * Ends a job in the caller's transaction, by compare-and-set on its holder as read: still
 * `running`, under `job.runner` and, when `heartbeatAt` is given, that heartbeat (the
 * retention sweep closing a job no one runs: a runner that came back meanwhile keeps it).
 * Returns whether it ended here; the end is recorded in the same transaction.
 */
export async function closeImportJob(
  trx: Transaction<Database>,
  job: Pick<ImportJob, 'id' | 'fileSha256' | 'typeCode' | 'issuerCode' | 'runner'>,
  end: ImportJobEnd,
  by: ActingAs,
  now: Date,
  /** The heartbeat as read (null: none), compared too; left out, only the runner is. */
  heartbeatAt?: string | null,
): Promise<boolean> {
  const at = now.toISOString();
  let update = trx
    .updateTable('import_jobs')
    .set({
      status: end.status,
      open_key: null,
      finished_at: at,
      updated_at: at,
      ...(end.status === 'completed'
        ? { report_path: end.reportPath, rows_committed: end.rowsCommitted, ...end.counts }
        : { error: JSON.stringify(end.error) }),
    })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('runner', job.runner === undefined ? 'is' : '=', job.runner ?? null);
  if (heartbeatAt !== undefined) {
    update = update.where('heartbeat_at', heartbeatAt === null ? 'is' : '=', heartbeatAt);
  }
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  // A completed job's rows are deleted after this transaction, a bounded slice at a time
  // (deleteCompletedImportRows); a failed job keeps them: they are its only account of what it did.
  await recordEvent(trx, {
    type: end.status === 'completed' ? 'import.completed' : 'import.failed',
    actor: by.actor,
    requestId: by.requestId,
    target: job.id,
    details: {
      jobId: job.id,
      fileSha256: job.fileSha256,
      typeCode: job.typeCode,
      issuerCode: job.issuerCode,
      ...(end.status === 'completed' ? { ...end.counts, rows: end.rowsCommitted } : { error: end.error.code }),
    },
    at,
  });
  return true;
}

/** Rows per deleting transaction (deleteCompletedImportRows): the size of a batch. */
const ROWS_PER_DELETE = 5_000;

/**
 * Deletes the rows of completed jobs (`jobId`'s alone, or every completed job's), a slice of
 * `rowsPerDelete` rows per transaction. A completed job's rows served its report, written and
 * synced at its `reportPath` before the job completed; nothing reads them again (running the
 * file again is a new job), and kept they would be about a tenth of the library's bytes per
 * licence (issue 7: ≤ 3 KiB per licence). Why slices: deleted in the job's closing
 * transaction (as before), a 1,000,000-row job's rows were one transaction holding the store's
 * write lock for seconds (the delete cost ~1.7 µs of CPU per row on an idle-ish core, measured
 * at 30,000 rows; every other writer of the node waited meanwhile) and committed as one piece
 * of WAL. Rows a process killed mid-way left behind are deleted by the next call without
 * `jobId` (every import makes one before it starts). Failed and running jobs keep theirs.
 *
 * @example await deleteCompletedImportRows(db, job.id);
 */
export async function deleteCompletedImportRows(
  db: Kysely<Database>,
  jobId?: string,
  rowsPerDelete = ROWS_PER_DELETE,
): Promise<void> {
  let completed = db
    .selectFrom('import_jobs')
    .select('id')
    .where('status', '=', 'completed')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('import_rows').select('row_number').whereRef('import_rows.job_id', '=', 'import_jobs.id'),
      ),
    );
  if (jobId !== undefined) completed = completed.where('id', '=', jobId);
  for (const { id } of await completed.execute()) {
    for (;;) {
      // The last row number of the next slice (keyset on the primary key), or none: the rest is one slice.
      const last = await db
        .selectFrom('import_rows')
        .select('row_number')
        .where('job_id', '=', id)
        .orderBy('row_number')
        .offset(rowsPerDelete - 1)
        .limit(1)
        .executeTakeFirst();
      let slice = db.deleteFrom('import_rows').where('job_id', '=', id);
      if (last !== undefined) slice = slice.where('row_number', '<=', last.row_number);
      await slice.execute();
      if (last === undefined) break;
    }
  }
}

/**
 * A job by id, or undefined.
 *
 * @example const job = await getImportJob(store.db, jobId); job?.accepted
 */
export async function getImportJob(db: Db, id: string): Promise<ImportJob | undefined> {
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : jobOf(row);
}

/**
 * A job's rows in file order, a page at a time (keyset on the row number), for its report.
 *
 * @example for await (const rows of importRowPages(db, job.id)) writeLines(rows);
 */
export async function* importRowPages(db: Db, jobId: string, pageSize = 2_000): AsyncGenerator<ImportRowRecord[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('import_rows')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('row_number', '>', after)
      .orderBy('row_number')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      rowNumber: Number(r.row_number),
      sourceKey: r.source_key ?? undefined,
      outcome: r.outcome as ImportRowOutcome,
      identifier: r.identifier ?? undefined,
      reasons: r.reasons === null ? undefined : (JSON.parse(r.reasons) as RowReason[]),
      warnings: r.warnings === null ? undefined : (JSON.parse(r.warnings) as RowReason[]),
    }));
    after = Number(rows[rows.length - 1]?.row_number ?? after);
    if (rows.length < pageSize) return;
  }
}
