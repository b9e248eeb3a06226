/**
 * Retention of the import folder (`<dataDir>/imports`, issue 3 item 7, leftover): uploaded
 * files, dry-run previews and reports of finished imports are deleted once older than the
 * node's retention (`HUTONG_IMPORT_RETENTION_DAYS`, default 30), so the folder no longer grows
 * forever. The rows stay with their counts and get `files_expired_at` (migration 0023): the
 * API then answers `ERR_IMPORT_FILES_EXPIRED` for a swept report or preview instead of a
 * missing file.
 *
 * An upload checked and then never committed (the wizard left after its preview) is
 * abandoned once the retention passed since its last activity — the end of its dry run, the
 * last change of its row: its files go the same way, and a commit then answers
 * `ERR_IMPORT_FILES_EXPIRED` too. Such a row is marked before its files go, in the
 * transaction that deletes them: a commit racing the sweep either takes the upload first (it
 * is then `committing`, no longer swept) or finds it marked (changeImportUpload never changes
 * a marked row), never a commit of a half-deleted file.
 *
 * An upload `interrupted` (its commit stopped; the commit route would resume its open job) and
 * not resumed within the retention since it stopped ends the same way, and its job with it:
 * the job is closed `failed` in the transaction that marks the upload `failed` with the
 * account of what happened (`ERR_IMPORT_INTERRUPTED_EXPIRED`: when it stopped, the licences it
 * issued, which stay). Otherwise the file and the open job were kept forever (resuming needs
 * both), and the job's open key kept a later `hutong import` of the same file resuming it.
 *
 * Only files the node itself named in its folder are deleted: a report `hutong import
 * --report PATH` wrote elsewhere is the operator's. Files are deleted first and the row marked
 * after, so a sweep stopped in between simply does it again at the next round (`rm` of a
 * missing file is no error): idempotent.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/index.js';
import { closeImportJob, getImportJob, runnerMayBeAlive } from './import-jobs.js';
import { commitReportPath, previewReportPath, uploadPath } from './import-upload-runner.js';
import { type ImportUpload, storedProblemOf } from './import-uploads.js';

/** The default retention of a finished import's files, in days. */
export const DEFAULT_IMPORT_RETENTION_DAYS = 30;

/** Upload statuses after which nothing will read the files again but a download (import-uploads.ts). */
const FINISHED_UPLOADS = ['refused', 'completed', 'failed'] as const;
/** Job statuses of an ended job (import-jobs.ts); a `running` job may still be resumed. */
const FINISHED_JOBS = ['completed', 'failed'] as const;
/** `hutong import --dry-run`'s default report (import-licences.ts): no row names it. */
const DRY_RUN_REPORT = /^dry-run-[0-9a-f]{16}-report\.csv$/;

const DAY_MS = 86_400_000;

export interface ImportSweep {
  /** Uploads of finished imports whose files were deleted. */
  readonly uploads: number;
  /** Uploads checked and never committed within the retention (abandoned) whose files were deleted. */
  readonly abandonedUploads: number;
  /**
   * Uploads `interrupted` and not resumed within the retention whose files were deleted: each
   * ended `failed`, its open job closed (the licences it issued stay).
   */
  readonly interruptedUploads: number;
  /** Import jobs (the CLI's) whose report was deleted. */
  readonly jobs: number;
  /** Dry-run reports of the CLI deleted by their age. */
  readonly dryRunReports: number;
}

/**
 * `HUTONG_IMPORT_RETENTION_DAYS` as a number of days: a whole number from 1 to 36,500 (unset or
 * empty: the default). Anything else stops the start with `ERR_IMPORT_OPTIONS`.
 *
 * @example importRetentionDaysFrom({ HUTONG_IMPORT_RETENTION_DAYS: '90' }) // 90
 */
export function importRetentionDaysFrom(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.HUTONG_IMPORT_RETENTION_DAYS;
  if (text === undefined || text === '') return DEFAULT_IMPORT_RETENTION_DAYS;
  const days = /^[0-9]{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(days >= 1 && days <= 36_500)) {
    throw new ServerError('ERR_IMPORT_OPTIONS', {
      field: 'HUTONG_IMPORT_RETENTION_DAYS',
      params: { option: 'HUTONG_IMPORT_RETENTION_DAYS', rule: 'a whole number of days from 1 to 36500' },
    });
  }
  return days;
}

function inside(dir: string, path: string): boolean {
  return resolve(path).startsWith(resolve(dir) + sep);
}

/**
 * Refuses to read an upload whose files the sweep deleted (`ERR_IMPORT_FILES_EXPIRED`, 410):
 * its preview, its report, its commit.
 */
export function assertImportFilesKept(upload: ImportUpload, retentionDays: number | false): void {
  if (upload.filesExpiredAt === undefined) return;
  throw new ServerError('ERR_IMPORT_FILES_EXPIRED', {
    field: 'id',
    params: { id: upload.id, expiredAt: upload.filesExpiredAt, days: String(retentionDays) },
  });
}

/** The files the node keeps for an upload in its folder: the file itself, its preview, its report. */
function uploadFiles(dir: string, upload: { readonly id: string; readonly stored_name: string }): string[] {
  // `stored_name` is the node's own `<id>.csv|xlsx`; checked all the same before a delete.
  return [
    uploadPath(dir, { storedName: upload.stored_name }),
    previewReportPath(dir, upload.id),
    commitReportPath(dir, upload.id),
  ].filter((path) => inside(dir, path));
}

/**
 * Deletes the files of imports that finished more than `retentionDays` ago, and of uploads
 * checked and left uncommitted, or interrupted and not resumed, as long, and marks their rows.
 *
 * @example await sweepImportFiles(ctx, { dir: '/data/imports', retentionDays: 30 }) // { uploads: 2, abandonedUploads: 1, interruptedUploads: 0, jobs: 1, dryRunReports: 0 }
 */
export async function sweepImportFiles(
  ctx: AppContext,
  options: { readonly dir: string; readonly retentionDays: number },
): Promise<ImportSweep> {
  const { dir } = options;
  const now = ctx.now();
  // RFC 3339 UTC text compares in time order (server-conventions.md §Store).
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS).toISOString();
  const db = ctx.store.db;
  const mark = async (table: 'import_uploads' | 'import_jobs', id: string, details: Record<string, string>) =>
    db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable(table)
        .set({ files_expired_at: now.toISOString() })
        .where('id', '=', id)
        .where('files_expired_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordEvent(trx, {
        type: 'import.files-expired',
        actor: 'system',
        target: id,
        details: { ...details, retentionDays: options.retentionDays },
        at: now.toISOString(),
      });
      return true;
    });

  let uploads = 0;
  // `updated_at` of a finished upload is when it reached that status: nothing changes it later.
  const finishedUploads = await db
    .selectFrom('import_uploads')
    .select(['id', 'stored_name', 'job_id'])
    .where('status', 'in', [...FINISHED_UPLOADS])
    .where('files_expired_at', 'is', null)
    .where('updated_at', '<', cutoff)
    .execute();
  for (const upload of finishedUploads) {
    for (const path of uploadFiles(dir, upload)) await rm(path, { force: true });
    if (await mark('import_uploads', upload.id, { uploadId: upload.id })) uploads += 1;
  }

  let abandonedUploads = 0;
  // `updated_at` of a `checked` upload is the end of its dry run: nothing else changes it
  // until a commit, which moves it out of `checked`.
  const abandoned = await db
    .selectFrom('import_uploads')
    .select(['id', 'stored_name'])
    .where('status', '=', 'checked')
    .where('files_expired_at', 'is', null)
    .where('updated_at', '<', cutoff)
    .execute();
  for (const upload of abandoned) {
    const swept = await db.transaction().execute(async (trx) => {
      // Compare-and-set on the status: a commit that took the upload meanwhile keeps its file.
      const result = await trx
        .updateTable('import_uploads')
        .set({ files_expired_at: now.toISOString() })
        .where('id', '=', upload.id)
        .where('status', '=', 'checked')
        .where('files_expired_at', 'is', null)
        .where('updated_at', '<', cutoff)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      // Inside the transaction: a sweep stopped before its commit leaves the row unmarked, and
      // the next round does it again (`rm` of a missing file is no error).
      for (const path of uploadFiles(dir, upload)) await rm(path, { force: true });
      await recordEvent(trx, {
        type: 'import.files-expired',
        actor: 'system',
        target: upload.id,
        details: { uploadId: upload.id, status: 'checked', retentionDays: options.retentionDays },
        at: now.toISOString(),
      });
      return true;
    });
    if (swept) abandonedUploads += 1;
  }

  let interruptedUploads = 0;
  // `updated_at` of an `interrupted` upload is when its commit stopped: nothing changes it
  // until a commit resumes it, which moves it to `committing`.
  const interrupted = await db
    .selectFrom('import_uploads')
    .select(['id', 'stored_name', 'job_id', 'updated_at'])
    .where('status', '=', 'interrupted')
    .where('files_expired_at', 'is', null)
    .where('updated_at', '<', cutoff)
    .execute();
  for (const upload of interrupted) {
    if (await endInterruptedUpload(ctx, upload, { dir, cutoff, retentionDays: options.retentionDays })) {
      interruptedUploads += 1;
    }
  }

  let jobs = 0;
  const finishedJobs = await db
    .selectFrom('import_jobs')
    .select(['id', 'report_path'])
    .where('status', 'in', [...FINISHED_JOBS])
    .where('files_expired_at', 'is', null)
    .where('finished_at', '<', cutoff)
    .where('report_path', 'is not', null)
    .execute();
  for (const job of finishedJobs) {
    // A report written outside the node's folder (`hutong import --report PATH`) is left alone.
    if (job.report_path === null || !inside(dir, job.report_path)) continue;
    await rm(job.report_path, { force: true });
    if (await mark('import_jobs', job.id, { jobId: job.id })) jobs += 1;
  }

  let dryRunReports = 0;
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  for (const name of names) {
    if (!DRY_RUN_REPORT.test(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || info.mtime.toISOString() >= cutoff) continue;
    await rm(path, { force: true });
    dryRunReports += 1;
  }
  return { uploads, abandonedUploads, interruptedUploads, jobs, dryRunReports };
}

/** Thrown inside the transaction to roll it back: the job is no longer as read (resumed meanwhile). */
class JobTakenMeanwhile extends Error {}

/**
 * Ends an upload `interrupted` longer than the retention: its files are deleted and the row
 * marked (`files_expired_at`) by compare-and-set on `interrupted`, in the transaction that ends
 * its job — `failed` with `ERR_IMPORT_FILES_EXPIRED`, by compare-and-set on the job's runner and
 * heartbeat as read — and records both (`import.files-expired`, `import.failed`). The upload
 * becomes `failed`, its error (`ERR_IMPORT_INTERRUPTED_EXPIRED`) saying what happened: when it
 * stopped, that its files went, how many licences it issued (they stay: an issued licence is
 * the library's, its log entry and audit record with it). Left alone when the job is alive
 * (a `hutong import` of the same file resumed it) or taken between the read and the write: a
 * commit racing the sweep resumes the upload or finds it ended, never a half-deleted file.
 */
async function endInterruptedUpload(
  ctx: AppContext,
  upload: {
    readonly id: string;
    readonly stored_name: string;
    readonly job_id: string | null;
    readonly updated_at: string;
  },
  options: { readonly dir: string; readonly cutoff: string; readonly retentionDays: number },
): Promise<boolean> {
  const now = ctx.now();
  const at = now.toISOString();
  const db = ctx.store.db;
  const job = upload.job_id === null ? undefined : await getImportJob(db, upload.job_id);
  const open = job?.status === 'running' ? job : undefined;
  if (open !== undefined && runnerMayBeAlive(open.runner, open.heartbeatAt, now)) return false;
  const problem = new ServerError('ERR_IMPORT_INTERRUPTED_EXPIRED', {
    field: 'id',
    params: {
      stoppedAt: upload.updated_at,
      days: String(options.retentionDays),
      expiredAt: at,
      jobId: job?.id ?? '-',
      accepted: String(job?.accepted ?? 0),
      rowsCommitted: String(job?.rowsCommitted ?? 1),
    },
  });
  try {
    return await db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('import_uploads')
        .set({
          status: 'failed',
          error: JSON.stringify(storedProblemOf(problem)),
          files_expired_at: at,
          updated_at: at,
        })
        .where('id', '=', upload.id)
        .where('status', '=', 'interrupted')
        .where('files_expired_at', 'is', null)
        .where('updated_at', '<', options.cutoff)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) return false;
      if (open !== undefined) {
        const ended = await closeImportJob(
          trx,
          open,
          { status: 'failed', error: { code: 'ERR_IMPORT_FILES_EXPIRED', message: problem.localize('en') } },
          { actor: 'system' },
          now,
          open.heartbeatAt ?? null,
        );
        if (!ended) throw new JobTakenMeanwhile();
      }
      // Inside the transaction, as for an abandoned upload: a sweep stopped before its commit
      // leaves the row unmarked and the next round does it again.
      for (const path of uploadFiles(options.dir, upload)) await rm(path, { force: true });
      await recordEvent(trx, {
        type: 'import.files-expired',
        actor: 'system',
        target: upload.id,
        details: {
          uploadId: upload.id,
          status: 'interrupted',
          jobId: job?.id ?? null,
          accepted: job?.accepted ?? 0,
          rowsCommitted: job?.rowsCommitted ?? 0,
          retentionDays: options.retentionDays,
        },
        at,
      });
      return true;
    });
  } catch (error) {
    if (error instanceof JobTakenMeanwhile) return false;
    throw error;
  }
}
