/**
 * Reading an uploaded import: its state with the job's progress, and the rows of its
 * preview (the dry run's report, with each rejected row's reasons).
 */
import { createReadStream, existsSync } from 'node:fs';
import type { Language } from '@hutong/core';
import { parse } from 'csv-parse';
import type { AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import type { Principal } from '../auth/principal.js';
import { isServerError, ServerError } from '../errors.js';
import { getImportJob, type ImportRowOutcome } from './import-jobs.js';
import { previewReportPath } from './import-upload-runner.js';
import { getImportUpload, type ImportUpload } from './import-uploads.js';

/**
 * The upload, if the caller may act for its issuer and type. Another issuer's upload is "not
 * found" rather than "forbidden": its id tells nothing about another department's work.
 *
 * @example const upload = await findImportUpload(ctx, request.principal, request.params.id);
 */
export async function findImportUpload(ctx: AppContext, principal: Principal, id: string): Promise<ImportUpload> {
  const notFound = () =>
    new ServerError('ERR_IMPORT_UPLOAD_NOT_FOUND', { field: 'id', params: { id: id.slice(0, 64) } });
  const upload = await getImportUpload(ctx.store.db, id);
  if (upload === undefined) throw notFound();
  try {
    assertMayActFor(principal, { issuerCode: upload.issuerCode, typeCode: upload.typeCode });
  } catch (error) {
    if (isServerError(error)) throw notFound();
    throw error;
  }
  return upload;
}

export interface ImportUploadView {
  readonly id: string;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly legacy: boolean;
  readonly status: ImportUpload['status'];
  /** The dry run's counts over the whole file. */
  readonly preview?: { accepted: number; rejected: number; skipped: number };
  readonly error?: { code: string; field?: string; message: string };
  /** The import job committing the file, with its progress. */
  readonly job?: {
    id: string;
    status: string;
    rowsTotal: number;
    rowsDone: number;
    accepted: number;
    rejected: number;
    skipped: number;
  };
  readonly reportReady: boolean;
  /** `expired`: the retention sweep deleted the files (report and preview); the counts stay. */
  readonly reportState: 'pending' | 'ready' | 'expired';
  /** While the dry run runs in this process: how much of the file it has read. */
  readonly checking?: { bytesRead: number; bytesTotal: number };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The upload as the API shows it, with its job's progress (rows done of the rows the dry run
 * counted; the job's own counters move once per committed batch).
 */
export async function describeImportUpload(
  ctx: AppContext,
  upload: ImportUpload,
  language: Language,
  checking?: { readonly bytesRead: number; readonly bytesTotal: number } | undefined,
): Promise<ImportUploadView> {
  const job = upload.jobId === undefined ? undefined : await getImportJob(ctx.store.db, upload.jobId);
  const previewTotal =
    upload.preview === undefined
      ? undefined
      : upload.preview.accepted + upload.preview.rejected + upload.preview.skipped;
  return {
    id: upload.id,
    fileName: upload.fileName,
    format: upload.format,
    size: upload.size,
    typeCode: upload.typeCode,
    issuerCode: upload.issuerCode,
    legacy: upload.legacy,
    status: upload.status,
    ...(upload.preview === undefined ? {} : { preview: { ...upload.preview } }),
    ...(upload.error === undefined
      ? {}
      : {
          error: {
            code: upload.error.code,
            ...(upload.error.field === undefined ? {} : { field: upload.error.field }),
            message: language === 'en' ? upload.error.en : upload.error.zh,
          },
        }),
    ...(job === undefined
      ? {}
      : {
          job: {
            id: job.id,
            status: job.status,
            rowsTotal: job.rowsTotal ?? previewTotal ?? 0,
            rowsDone: job.accepted + job.rejected + job.skipped,
            accepted: job.accepted,
            rejected: job.rejected,
            skipped: job.skipped,
          },
        }),
    reportReady: upload.status === 'completed' && upload.filesExpiredAt === undefined,
    reportState: upload.filesExpiredAt !== undefined ? 'expired' : upload.status === 'completed' ? 'ready' : 'pending',
    ...(upload.status === 'checking' && checking !== undefined ? { checking: { ...checking } } : {}),
    createdAt: upload.createdAt,
    updatedAt: upload.updatedAt,
  };
}

export interface PreviewRow {
  readonly row: number;
  readonly sourceKey?: string;
  readonly outcome: ImportRowOutcome;
  readonly identifier?: string;
  readonly reasons: ReadonlyArray<{ code: string; field?: string; message: string }>;
  readonly warnings: ReadonlyArray<{ code: string; field?: string; message: string }>;
}

/** A report cell of reasons (`CODE [column]: message | …`, import-report.ts) as a list. */
function reasonsOfCell(cell: string): PreviewRow['reasons'] {
  if (cell === '') return [];
  const reasons: Array<{ code: string; field?: string; message: string }> = [];
  for (const part of cell.split(' | ')) {
    const match = /^(ERR_[A-Z0-9_]+)(?: \[([^\]]*)\])?: ([\s\S]*)$/.exec(part);
    const last = reasons[reasons.length - 1];
    if (match === null && last !== undefined) {
      // A message that itself contained " | ".
      last.message = `${last.message} | ${part}`;
      continue;
    }
    const [, code = 'ERR_IMPORT_ROW', field, message = part] = match ?? [];
    reasons.push({ code, ...(field === undefined ? {} : { field }), message });
  }
  return reasons;
}

/**
 * Rows of the preview, in file order: after row `after`, only `outcome` ones when given, at
 * most `limit`. Read from the dry run's report as a stream (the report has a line per input
 * row; only one page is kept).
 *
 * @example const { rows, next } = await readImportPreview(dir, upload, { outcome: 'rejected', limit: 50 });
 */
export async function readImportPreview(
  dir: string,
  upload: ImportUpload,
  query: {
    readonly outcome?: ImportRowOutcome | undefined;
    readonly after?: number | undefined;
    readonly limit: number;
  },
): Promise<{ rows: PreviewRow[]; next: number | undefined }> {
  if (upload.preview === undefined) {
    throw new ServerError('ERR_IMPORT_UPLOAD_STATE', {
      field: 'id',
      params: { status: upload.status, action: 'preview', actionZh: '预览', expected: 'checked' },
    });
  }
  const path = previewReportPath(dir, upload.id);
  if (!existsSync(path)) return { rows: [], next: undefined };
  const rows: PreviewRow[] = [];
  const after = query.after ?? 0;
  const stream = createReadStream(path);
  const parser = stream.pipe(parse({ relax_column_count: true }));
  let more = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const [rowText = '', sourceKey = '', outcome = '', identifier = '', reasons = '', warnings = ''] = record;
      const row = Number(rowText);
      if (!(row > after)) continue;
      if (query.outcome !== undefined && outcome !== query.outcome) continue;
      if (rows.length === query.limit) {
        more = true;
        break;
      }
      rows.push({
        row,
        ...(sourceKey === '' ? {} : { sourceKey }),
        outcome: outcome as ImportRowOutcome,
        ...(identifier === '' ? {} : { identifier }),
        reasons: reasonsOfCell(reasons),
        warnings: reasonsOfCell(warnings),
      });
    }
  } finally {
    stream.destroy();
  }
  return { rows, next: more ? rows[rows.length - 1]?.row : undefined };
}
