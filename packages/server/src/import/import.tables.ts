/** Tables of `import/` (migration 0007-import): bulk legacy import jobs (存量证照转化) and their rows. */

/**
 * One run of an import over one file. A killed run is resumed (same file SHA-256, type,
 * issuer and legacy flag, still `running`); a finished one is never reopened: importing the
 * same file again is a new job whose rows come out `skipped`.
 */
export interface ImportJobsTable {
  id: string;
  /**
   * `<file sha256>:<type>:<issuer>:<strict|legacy>` while the job is `running`, null once it
   * ended: unique, so at most one open job per file, type, issuer and mode (NULLs are
   * distinct on both engines).
   */
  open_key: string | null;
  file_sha256: string;
  /** The file's base name (never its directory: paths can carry personal data). */
  file_name: string;
  /** `csv` | `xlsx` (`ImportFormat`). */
  format: string;
  /** `utf-8` | `gb18030` for CSV; `xlsx` for workbooks. */
  encoding: string;
  type_code: string;
  issuer_code: string;
  /** 1 when old USCCs that fail their check are accepted as flagged warnings. */
  legacy: number;
  /** `running` | `completed` | `failed` (`ImportJobStatus`). */
  status: string;
  /** The last input row (file row number) whose batch is committed: a resumed run starts after it. */
  rows_committed: number | string;
  /** Data rows in the file when known (CSV: counted before the first row is imported). */
  rows_total: number | string | null;
  accepted: number | string;
  rejected: number | string;
  skipped: number | string;
  /** The process running the job (`<host>:<pid>:<pid scope>:<random instance>`, import-jobs.ts `runnerId`). */
  runner: string | null;
  /** RFC 3339 UTC: the runner's last sign of life (every 10 s, heartbeat.ts, and each committed batch). */
  heartbeat_at: string | null;
  /** JSON `{ code, message }` of the error that stopped a failed job. */
  error: string | null;
  report_path: string | null;
  /** RFC 3339 UTC: when the retention sweep deleted the job's report (migration 0023); null while kept. */
  files_expired_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** The outcome of one input row of a job, written in the transaction that advances `rows_committed`. */
export interface ImportRowsTable {
  job_id: string;
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row_number: number | string;
  source_key: string | null;
  /** `accepted` | `rejected` | `skipped` (`ImportRowOutcome`). */
  outcome: string;
  /** The licence identifier for accepted and skipped rows. */
  identifier: string | null;
  /** JSON array of `{ code, field?, en, zh }` for rejected rows. */
  reasons: string | null;
  /** JSON array of `{ code, field?, en, zh }`: defects tolerated by `--legacy`, flagged, never dropped. */
  warnings: string | null;
}

/**
 * A file uploaded for import through the API (migration 0014-import-uploads): kept under the
 * node's import folder as `stored_name`, previewed by a dry run, then committed as an
 * import job (`job_id`).
 */
export interface ImportUploadsTable {
  id: string;
  /** The file's name in the import folder (`<id>.csv` | `<id>.xlsx`): never a path from the request. */
  stored_name: string;
  /** The name the operator's file had (its base name only, at most 255 characters). */
  file_name: string;
  /** `csv` | `xlsx`. */
  format: string;
  size: number | string;
  file_sha256: string;
  type_code: string;
  issuer_code: string;
  /** 1 when old USCCs that fail their check are accepted as flagged warnings. */
  legacy: number;
  /** The language of the preview's and the report's reasons (`zh-CN` | `en`). */
  language: string;
  /** `ImportUploadStatus`: checking → checked | refused → committing → completed | failed | interrupted. */
  status: string;
  /** The dry run's counts, once it has run over the whole file. */
  preview_accepted: number | string | null;
  preview_rejected: number | string | null;
  preview_skipped: number | string | null;
  /** JSON `{ code, field?, en, zh }`: why the dry run refused the file, or why the commit stopped. */
  error: string | null;
  /** The import job committing the file (`import_jobs.id`), once it has started. */
  job_id: string | null;
  /**
   * RFC 3339 UTC: when the retention sweep deleted the upload's files — the file, the preview
   * and the report (migration 0023); null while they are kept. The counts stay.
   */
  files_expired_at: string | null;
  /** The process running the dry run (import-jobs.ts `runnerId`), while `checking` (migration 0029). */
  runner: string | null;
  /** RFC 3339 UTC: the dry run's last sign of life (0029). */
  heartbeat_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
