/**
 * Runs the long parts of an uploaded import in the background of the node, each through
 * `importLicences` (the same use case as `hutong import`): the dry run that makes the
 * preview, and the commit. Their state is in the store (`import_uploads`, `import_jobs`), so
 * that a node that stops in the middle takes them up again when it starts (`resumeAll`): a
 * dry run is simply run again (it writes nothing), a commit resumes its job after the last
 * committed batch (import-licences.ts: "a killed run resumes after its last recorded batch").
 */
import { join } from 'node:path';
import { isHutongError } from '@hutong/core';
import type { FastifyBaseLogger } from 'fastify';
import type { ActingAs, AppContext } from '../app-context.js';
import { isServerError } from '../errors.js';
import { keepBeating } from './heartbeat.js';
import { currentRunner, getImportJob } from './import-jobs.js';
import { importLicences } from './import-licences.js';
import {
  beatImportCheck,
  changeImportUpload,
  claimImportCheck,
  getImportUpload,
  type ImportUpload,
  importUploadsIn,
  storedProblemOf,
} from './import-uploads.js';

export interface ImportUploadRunnerOptions {
  /** The node's import folder: uploaded files, previews and reports (`<dataDir>/imports`). */
  readonly dir: string;
  /** The node's public base URL (licences carry their status list's URL under it). */
  readonly publicUrl: string;
  /** Signing threads of a commit (default: `importLicences`'s, one per core minus one). */
  readonly workers?: number | undefined;
  /** Rows per committed batch (default: `importLicences`'s): progress moves once a batch. */
  readonly batchSize?: number | undefined;
  readonly log?: FastifyBaseLogger | undefined;
}

/** The file of an upload in the import folder. */
export function uploadPath(dir: string, upload: Pick<ImportUpload, 'storedName'>): string {
  return join(dir, upload.storedName);
}

/** The dry run's report: the preview's rows are read from it. */
export function previewReportPath(dir: string, uploadId: string): string {
  return join(dir, `${uploadId}-preview.csv`);
}

/** The commit's report (the same file `hutong import` writes: one line per input row). */
export function commitReportPath(dir: string, uploadId: string): string {
  return join(dir, `${uploadId}-report.csv`);
}

function isVerdict(error: unknown): error is Parameters<typeof storedProblemOf>[0] {
  return isServerError(error) || isHutongError(error);
}

export class ImportUploadRunner {
  readonly #ctx: AppContext;
  readonly #options: ImportUploadRunnerOptions;
  /** Uploads this process is working on (one task each). */
  readonly #running = new Map<string, Promise<void>>();
  /** How far each running dry run has read its file (kept in memory: a dry run is run again after a restart). */
  readonly #checked = new Map<string, { readonly bytesRead: number; readonly bytesTotal: number }>();
  #closing = false;

  constructor(ctx: AppContext, options: ImportUploadRunnerOptions) {
    this.#ctx = ctx;
    this.#options = options;
  }

  get dir(): string {
    return this.#options.dir;
  }

  /** How far the upload's dry run has read its file, while this process runs it. */
  checkProgress(uploadId: string): { readonly bytesRead: number; readonly bytesTotal: number } | undefined {
    return this.#checked.get(uploadId);
  }

  /** Whether this process is running the upload's dry run or commit now. */
  isRunning(uploadId: string): boolean {
    return this.#running.has(uploadId);
  }

  /**
   * Runs `task` for an upload in the background. A task already running for it wins over a
   * second `check` (resumeAll and an upload taking up one dry run twice); a `commit` (`after`)
   * runs once that task has ended instead of being dropped: the dry run's task is still
   * finishing — the promise of its last store write resolving — when the operator, who already
   * sees `checked` through another connection, commits. Dropped, that commit left the upload
   * `committing` with no task until the next start (import.routes.test.ts failed so on
   * PostgreSQL, where the read and the write answer on different connections).
   */
  #start(uploadId: string, task: () => Promise<void>, options: { readonly after?: boolean } = {}): void {
    const previous = this.#running.get(uploadId);
    if (this.#closing || (previous !== undefined && options.after !== true)) return;
    const run: Promise<void> = (previous ?? Promise.resolve())
      .then(task)
      .catch((error: unknown) => {
        // Only the code: an error of a row's check may quote a cell, and cells are personal data.
        this.#options.log?.error(
          { uploadId, code: (error as { code?: unknown } | null)?.code ?? 'unknown' },
          'import upload task stopped',
        );
      })
      .finally(() => {
        if (this.#running.get(uploadId) === run) this.#running.delete(uploadId);
      });
    this.#running.set(uploadId, run);
  }

  /**
   * Starts the dry run of a `checking` upload; it ends `checked` with its counts, or `refused`.
   * Only when no other live process runs it (`claimImportCheck`): two processes of one store
   * would otherwise write the same preview at once.
   */
  check(upload: ImportUpload): void {
    this.#start(upload.id, async () => {
      const { dir, publicUrl } = this.#options;
      const db = this.#ctx.store.db;
      const runner = currentRunner();
      if (!(await claimImportCheck(db, upload, runner, this.#ctx.now()))) return;
      // A sign of life for the other processes of the store, also while the reader waits.
      const stopBeating = keepBeating(() => beatImportCheck(db, upload.id, runner, this.#ctx.now()));
      try {
        const summary = await importLicences(
          this.#ctx,
          {
            file: uploadPath(dir, upload),
            typeCode: upload.typeCode,
            issuerCode: upload.issuerCode,
            legacy: upload.legacy,
            dryRun: true,
            reportDir: dir,
            reportPath: previewReportPath(dir, upload.id),
            language: upload.language,
          },
          {
            by: { actor: upload.createdBy },
            publicUrl,
            onProgress: (progress) => {
              this.#checked.set(upload.id, { bytesRead: progress.bytesRead, bytesTotal: progress.bytesTotal });
            },
          },
        );
        await changeImportUpload(
          this.#ctx.store.db,
          upload.id,
          ['checking'],
          {
            status: 'checked',
            preview: { accepted: summary.accepted, rejected: summary.rejected, skipped: summary.skipped },
          },
          this.#ctx.now(),
        );
        this.#checked.delete(upload.id);
      } catch (error) {
        this.#checked.delete(upload.id);
        // A verdict on the file (its columns, its syntax, a type since retired) is final; anything
        // else (the store closing under us) leaves the upload `checking`, to run again at start.
        if (!isVerdict(error)) throw error;
        await changeImportUpload(
          this.#ctx.store.db,
          upload.id,
          ['checking'],
          { status: 'refused', error: storedProblemOf(error) },
          this.#ctx.now(),
        );
      } finally {
        stopBeating();
      }
    });
  }

  /**
   * Starts (or resumes) the commit of a `committing` upload as an import job. It ends
   * `completed`; `failed` when the job failed on a fault of the file; `interrupted` when it
   * stopped for any other reason (the job stays open and resumes on the next commit).
   */
  commit(upload: ImportUpload, by: ActingAs): void {
    const task = async () => {
      const { dir, publicUrl, workers, batchSize } = this.#options;
      const db = this.#ctx.store.db;
      // Run after an earlier task of the upload: only while the upload still waits for it.
      if ((await getImportUpload(db, upload.id))?.status !== 'committing') return;
      let jobId = upload.jobId;
      try {
        await importLicences(
          this.#ctx,
          {
            file: uploadPath(dir, upload),
            typeCode: upload.typeCode,
            issuerCode: upload.issuerCode,
            legacy: upload.legacy,
            reportDir: dir,
            reportPath: commitReportPath(dir, upload.id),
            language: upload.language,
          },
          {
            by,
            publicUrl,
            workers,
            batchSize,
            onProgress: (progress) => {
              // The job's id is known once the job is open: the upload points at it from then on.
              if (progress.jobId !== undefined && jobId === undefined) {
                jobId = progress.jobId;
                changeImportUpload(db, upload.id, ['committing'], { jobId }, this.#ctx.now()).catch(() => {});
              }
            },
          },
        );
        // From `interrupted` too: a process starting meanwhile may have marked the upload so
        // when it found this live process holding the job (resumeAll); the job's end is the truth.
        await changeImportUpload(
          db,
          upload.id,
          ['committing', 'interrupted'],
          { status: 'completed', error: null, ...(jobId === undefined ? {} : { jobId }) },
          this.#ctx.now(),
        );
      } catch (error) {
        if (this.#closing && !isVerdict(error)) {
          // The store closes under a node that stops: the upload stays `committing` and the
          // next start resumes it.
          throw error;
        }
        const job = jobId === undefined ? undefined : await getImportJob(db, jobId);
        await changeImportUpload(
          db,
          upload.id,
          ['committing'],
          {
            status: job?.status === 'failed' ? 'failed' : 'interrupted',
            error: isVerdict(error)
              ? storedProblemOf(error)
              : { code: 'ERR_API_INTERNAL', en: 'The import stopped unexpectedly.', zh: '导入意外中止。' },
            ...(jobId === undefined ? {} : { jobId }),
          },
          this.#ctx.now(),
        );
        if (!isVerdict(error)) throw error;
      }
    };
    this.#start(upload.id, task, { after: true });
  }

  /**
   * Takes up what a stopped node left: dry runs still `checking` run again (unless another live
   * process runs them), commits still
   * `committing` resume their job (or, when another live process holds the job, end
   * `interrupted` with that reason, to be resumed by the commit route).
   */
  async resumeAll(): Promise<number> {
    const pending = await importUploadsIn(this.#ctx.store.db, ['checking', 'committing']);
    for (const upload of pending) {
      if (upload.status === 'checking') this.check(upload);
      else this.commit(upload, { actor: 'system' });
    }
    return pending.length;
  }

  /**
   * Stops taking work and waits up to `timeoutMs` for the running tasks (a node closing): an
   * import that takes longer stays `committing` in the store and resumes at the next start.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    await this.settle(timeoutMs);
  }

  /** Waits until no task runs, or `timeoutMs` passed; returns whether all ended. */
  async settle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    try {
      while (this.#running.size > 0) {
        const ended = await Promise.race([Promise.all([...this.#running.values()]).then(() => true), timeout]);
        if (!ended) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
