import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** The state of an uploaded import file (`/api/v1/imports/{id}`). */
export type ImportStatus = 'checking' | 'checked' | 'refused' | 'committing' | 'completed' | 'failed' | 'interrupted';

export interface ImportCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
}

export interface ImportReason {
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

export interface ImportUpload {
  readonly id: string;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly size: number;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly legacy: boolean;
  readonly status: ImportStatus;
  readonly preview?: ImportCounts;
  readonly error?: ImportReason;
  readonly job?: ImportCounts & { readonly id: string; readonly rowsTotal: number; readonly rowsDone: number };
  readonly reportReady: boolean;
  /** While the dry run runs: how much of the file it has read. */
  readonly checking?: { readonly bytesRead: number; readonly bytesTotal: number };
  readonly createdAt: string;
}

export interface PreviewRow {
  readonly row: number;
  readonly sourceKey?: string;
  readonly outcome: 'accepted' | 'rejected' | 'skipped';
  readonly identifier?: string;
  readonly reasons: readonly ImportReason[];
  readonly warnings: readonly ImportReason[];
}

const STATUSES: ReadonlySet<string> = new Set([
  'checking',
  'checked',
  'refused',
  'committing',
  'completed',
  'failed',
  'interrupted',
]);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isCounts = (value: unknown): value is ImportCounts =>
  isObject(value) && isCount(value.accepted) && isCount(value.rejected) && isCount(value.skipped);
const isReason = (value: unknown): value is ImportReason =>
  isObject(value) &&
  isString(value.code) &&
  isString(value.message) &&
  (value.field === undefined || isString(value.field));

const isJob = (value: unknown): value is NonNullable<ImportUpload['job']> =>
  isCounts(value) && isObject(value) && isCount(value.rowsTotal) && isCount(value.rowsDone) && isString(value.id);

export function isImportUpload(value: unknown): value is ImportUpload {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.fileName) &&
    (value.format === 'csv' || value.format === 'xlsx') &&
    isString(value.typeCode) &&
    isString(value.issuerCode) &&
    typeof value.status === 'string' &&
    STATUSES.has(value.status) &&
    (value.preview === undefined || isCounts(value.preview)) &&
    (value.error === undefined || isReason(value.error)) &&
    (value.job === undefined || isJob(value.job)) &&
    typeof value.reportReady === 'boolean' &&
    isString(value.createdAt)
  );
}

function isPreviewPage(value: unknown): value is { counts: ImportCounts; rows: PreviewRow[]; next?: number } {
  return (
    isObject(value) &&
    isCounts(value.counts) &&
    Array.isArray(value.rows) &&
    value.rows.every(
      (row) =>
        isObject(row) &&
        isCount(row.row) &&
        (row.outcome === 'accepted' || row.outcome === 'rejected' || row.outcome === 'skipped') &&
        Array.isArray(row.reasons) &&
        row.reasons.every(isReason) &&
        Array.isArray(row.warnings) &&
        row.warnings.every(isReason),
    ) &&
    (value.next === undefined || isCount(value.next))
  );
}

/** The media type the server reads the file as (its extension decides the format). */
function mediaTypeOf(file: File): string {
  return /\.xlsx$/i.test(file.name)
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : /\.csv$/i.test(file.name)
      ? 'text/csv'
      : 'application/octet-stream';
}

/**
 * `POST /api/v1/imports`: the file itself is the body (streamed by the browser, never read
 * into the page); its dry run starts on the server.
 */
export function uploadImport(
  language: Language,
  csrfToken: string,
  input: { readonly typeCode: string; readonly issuerCode: string; readonly legacy: boolean; readonly file: File },
): Promise<ImportUpload> {
  return apiRequest('/api/v1/imports', {
    language,
    method: 'POST',
    csrfToken,
    query: {
      typeCode: input.typeCode,
      issuerCode: input.issuerCode,
      fileName: input.file.name,
      legacy: input.legacy ? 'true' : undefined,
    },
    raw: { body: input.file, contentType: mediaTypeOf(input.file) },
    accept: isImportUpload,
  });
}

/** `GET /api/v1/imports`: the latest uploads of the operator's department, newest first. */
export function fetchImports(language: Language, signal?: AbortSignal): Promise<ImportUpload[]> {
  return apiRequest('/api/v1/imports', {
    language,
    signal,
    cache: 'no-store',
    query: { limit: '10' },
    accept: (value): value is { uploads: ImportUpload[] } =>
      isObject(value) && Array.isArray(value.uploads) && value.uploads.every(isImportUpload),
  }).then((answer) => answer.uploads);
}

/** `GET /api/v1/imports/{id}`: the state, the preview's counts and the job's progress. */
export function fetchImport(language: Language, id: string, signal?: AbortSignal): Promise<ImportUpload> {
  return apiRequest(`/api/v1/imports/${encodeURIComponent(id)}`, {
    language,
    signal,
    cache: 'no-store',
    accept: isImportUpload,
  });
}

/** `GET /api/v1/imports/{id}/preview`: rows of the dry run, rejected ones with their reasons. */
export function fetchImportPreview(
  language: Language,
  id: string,
  query: { readonly outcome?: PreviewRow['outcome']; readonly limit: number; readonly after?: number },
  signal?: AbortSignal,
): Promise<{ counts: ImportCounts; rows: PreviewRow[]; next?: number }> {
  return apiRequest(`/api/v1/imports/${encodeURIComponent(id)}/preview`, {
    language,
    signal,
    query: {
      outcome: query.outcome,
      limit: String(query.limit),
      after: query.after === undefined ? undefined : String(query.after),
    },
    accept: isPreviewPage,
  });
}

/** `POST /api/v1/imports/{id}/commit`: starts (or resumes) the import job; a retry changes nothing. */
export function commitImport(language: Language, csrfToken: string, id: string): Promise<ImportUpload> {
  return apiRequest(`/api/v1/imports/${encodeURIComponent(id)}/commit`, {
    language,
    method: 'POST',
    csrfToken,
    accept: isImportUpload,
  });
}

/** Where the report downloads from (a plain link: the session cookie goes with it). */
export function importReportUrl(id: string): string {
  return `/api/v1/imports/${encodeURIComponent(id)}/report.csv`;
}
