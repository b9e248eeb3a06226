// Public surface of `import/` (bulk legacy import, 存量证照转化): for the CLI and, later, the API.

export { type CheckedRow, checkImportRow, formatReasons, type RowReason } from './check-import-row.js';
export { importErrors } from './error-codes.js';
export { type ImportColumns, mapImportColumns, OPTIONAL_COLUMNS, REQUIRED_METADATA_COLUMNS } from './import-columns.js';
export { ensureSharedImportDir, importDirFrom } from './import-dir.js';
export {
  type CsvEncoding,
  type ImportFile,
  type ImportFormat,
  importFormatOf,
  inspectImportFile,
} from './import-file.js';
export {
  getImportJob,
  IMPORT_JOB_STATUSES,
  IMPORT_ROW_OUTCOMES,
  type ImportCounts,
  type ImportJob,
  type ImportJobStatus,
  type ImportRowOutcome,
} from './import-jobs.js';
export {
  DEFAULT_IMPORT_BATCH,
  type ImportOptions,
  type ImportProgress,
  type ImportRequest,
  type ImportSummary,
  importLicences,
} from './import-licences.js';
export { IMPORT_REPORT_COLUMNS } from './import-report.js';
export { createSigningPool, defaultSigningWorkers, type SigningPool } from './signing-pool.js';
