/**
 * Uploaded import files in the store (`import_uploads`, migration 0014): what the API's
 * import wizard knows of a file between its upload and the end of the import job that
 * commits it. The job itself (`import_jobs`, 0007) stays the import's record of progress;
 * an upload only points at it.
 */
import type { Language } from '@hutong/core';
import type { Kysely, Transaction } from 'kysely';
import type { LocalizedError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { ImportUploadsTable } from './import.tables.js';
import { type ImportCounts, runnerMayBeAlive } from './import-jobs.js';

/**
 * checking → checked (the dry run went through the whole file) | refused (the file itself
 * is wrong: columns, syntax, encoding) → committing → completed | failed (the job stopped on
 * a fault of the file) | interrupted (the node stopped and could not resume the job: the
 * commit route resumes it).
 */
export const IMPORT_UPLOAD_STATUSES = [
  'checking',
  'checked',
  'refused',
  'committing',
  'completed',
  'failed',
  'interrupted',
] as const;
export type ImportUploadStatus = (typeof IMPORT_UPLOAD_STATUSES)[number];

/** An error as an upload keeps it: both languages, so a later reader gets its own. */
export interface StoredProblem {
  readonly code: string;
  readonly field?: string | undefined;
  readonly en: string;
  readonly zh: string;
}

export interface ImportUpload {
  readonly id: string;
  readonly storedName: string;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly fileSha256: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly legacy: boolean;
  readonly language: Language;
  readonly status: ImportUploadStatus;
  /** The dry run's counts over the whole file (status `checked` and later). */
  readonly preview: ImportCounts | undefined;
  readonly error: StoredProblem | undefined;
  readonly jobId: string | undefined;
  /** When the retention sweep deleted the upload's files (sweep-import-files.ts); the counts stay. */
  readonly filesExpiredAt: string | undefined;
  /** The process running its dry run (import-jobs.ts `runnerId`), and its last sign of life. */
  readonly runner: string | undefined;
  readonly heartbeatAt: string | undefined;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

type Db = Kysely<Database> | Transaction<Database>;

export function storedProblemOf(error: LocalizedError): StoredProblem {
  return {
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    en: error.localize('en'),
    zh: error.localize('zh-CN'),
  };
}

function uploadOf(row: ImportUploadsTable): ImportUpload {
  const counted = row.preview_accepted !== null && row.preview_rejected !== null && row.preview_skipped !== null;
  return {
    id: row.id,
    storedName: row.stored_name,
    fileName: row.file_name,
    format: row.format === 'xlsx' ? 'xlsx' : 'csv',
    size: Number(row.size),
    fileSha256: row.file_sha256,
    typeCode: row.type_code,
    issuerCode: row.issuer_code,
    legacy: Number(row.legacy) === 1,
    language: row.language === 'en' ? 'en' : 'zh-CN',
    status: row.status as ImportUploadStatus,
    preview: counted
      ? {
          accepted: Number(row.preview_accepted),
          rejected: Number(row.preview_rejected),
          skipped: Number(row.preview_skipped),
        }
      : undefined,
    error: row.error === null ? undefined : (JSON.parse(row.error) as StoredProblem),
    jobId: row.job_id ?? undefined,
    filesExpiredAt: row.files_expired_at ?? undefined,
    runner: row.runner ?? undefined,
    heartbeatAt: row.heartbeat_at ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Inserts a new upload (status `checking`) in the caller's transaction, its dry run held by
 * `upload.runner` (the receiving process) from its creation.
 */
export async function insertImportUpload(
  trx: Db,
  upload: Omit<
    ImportUpload,
    'status' | 'preview' | 'error' | 'jobId' | 'filesExpiredAt' | 'heartbeatAt' | 'updatedAt' | 'runner'
  > & { readonly runner: string },
): Promise<void> {
  await trx
    .insertInto('import_uploads')
    .values({
      id: upload.id,
      stored_name: upload.storedName,
      file_name: upload.fileName,
      format: upload.format,
      size: upload.size,
      file_sha256: upload.fileSha256,
      type_code: upload.typeCode,
      issuer_code: upload.issuerCode,
      legacy: upload.legacy ? 1 : 0,
      language: upload.language,
      status: 'checking',
      preview_accepted: null,
      preview_rejected: null,
      preview_skipped: null,
      error: null,
      job_id: null,
      files_expired_at: null,
      runner: upload.runner,
      heartbeat_at: upload.createdAt,
      created_by: upload.createdBy,
      created_at: upload.createdAt,
      updated_at: upload.createdAt,
    })
    .execute();
}

/**
 * An upload by id, or undefined.
 *
 * @example const upload = await getImportUpload(ctx.store.db, id); upload?.status // 'checked'
 */
export async function getImportUpload(db: Db, id: string): Promise<ImportUpload | undefined> {
  const row = await db.selectFrom('import_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : uploadOf(row);
}

/** Uploads in the given statuses (oldest first): what a starting node has to take up again. */
export async function importUploadsIn(db: Db, statuses: readonly ImportUploadStatus[]): Promise<ImportUpload[]> {
  const rows = await db
    .selectFrom('import_uploads')
    .selectAll()
    .where('status', 'in', [...statuses])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(uploadOf);
}

/** The latest uploads for an issuer, newest first (at most `limit`). */
export async function listImportUploads(
  db: Db,
  issuerCode: string | undefined,
  limit: number,
): Promise<ImportUpload[]> {
  let query = db.selectFrom('import_uploads').selectAll();
  if (issuerCode !== undefined) query = query.where('issuer_code', '=', issuerCode);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(uploadOf);
}

export interface UploadChange {
  readonly status?: ImportUploadStatus;
  readonly preview?: ImportCounts;
  /** `null` clears a former error (a resumed commit). */
  readonly error?: StoredProblem | null;
  readonly jobId?: string;
}

/**
 * Changes an upload, only while its status is one of `from` and its files are kept
 * (compare-and-set: of two callers committing at once, one wins; a commit loses to the
 * retention sweep that marked the upload abandoned, sweep-import-files.ts). Returns whether
 * the row changed.
 */
export async function changeImportUpload(
  db: Db,
  id: string,
  from: readonly ImportUploadStatus[],
  change: UploadChange,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('import_uploads')
    .set({
      updated_at: now.toISOString(),
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.preview === undefined
        ? {}
        : {
            preview_accepted: change.preview.accepted,
            preview_rejected: change.preview.rejected,
            preview_skipped: change.preview.skipped,
          }),
      ...(change.error === undefined ? {} : { error: change.error === null ? null : JSON.stringify(change.error) }),
      ...(change.jobId === undefined ? {} : { job_id: change.jobId }),
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .where('files_expired_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the dry run of a `checking` upload for `runner`, unless a live process holds it
 * (`runnerMayBeAlive`: a heartbeat within `IMPORT_HEARTBEAT_STALE_MS`; a runner of this pid
 * scope whose pid is gone is dead at once). Compare-and-set on the runner and heartbeat read: of two
 * processes taking it up at once, one wins. Returns whether `runner` holds it now.
 */
export async function claimImportCheck(db: Db, upload: ImportUpload, runner: string, now: Date): Promise<boolean> {
  if (upload.runner !== runner && runnerMayBeAlive(upload.runner, upload.heartbeatAt, now)) return false;
  const at = now.toISOString();
  let query = db
    .updateTable('import_uploads')
    .set({ runner, heartbeat_at: at })
    .where('id', '=', upload.id)
    .where('status', '=', 'checking');
  query =
    upload.runner === undefined
      ? query.where('runner', 'is', null)
      : query
          .where('runner', '=', upload.runner)
          .where('heartbeat_at', upload.heartbeatAt === undefined ? 'is' : '=', upload.heartbeatAt ?? null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Refreshes the heartbeat of a dry run `runner` holds (a sign of life for the store's other processes); false once it no longer holds it. */
export async function beatImportCheck(db: Db, id: string, runner: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('import_uploads')
    .set({ heartbeat_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'checking')
    .where('runner', '=', runner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
