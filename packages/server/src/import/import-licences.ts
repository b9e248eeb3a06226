/**
 * Bulk legacy import (存量证照转化): turns a department's spreadsheet of paper-era records
 * into signed licences of one type, with the same rules and through the same storage code
 * as issuance (`prepareLicence`, `issuePreparedLicences`).
 *
 * The pipeline, and why it stays within constant memory whatever the file's size (CSV; an
 * XLSX workbook's shared-string table is held whole, see `readXlsx`):
 *   read (streaming CSV / XLSX; the file pauses while rows are not pulled)
 *   → check each row (`checkImportRow`: issuance's `prepareLicence`, every reason on refusal)
 *   → batches of `batchSize` rows, one committing while the next is checked
 *   → `issuePreparedLicences` (serials, status slots, signatures on the worker threads,
 *     licence rows and side records, in transactions of whole chunks)
 *   → the batch's row outcomes, counters and resume point, in one transaction.
 * At most two batches are in memory; the report is written from the store at the end.
 *
 * Idempotency: a row with a `sourceKey` is the department's record under that key (unique
 * per issuer); a row without one is recognised by the SHA-256 of its content (an issuance
 * idempotency record `import:<issuer>` / `row:<hash>`). Re-running a file therefore adds
 * nothing: its rows come out `skipped`. A killed run resumes after its last recorded batch;
 * licences the killed run committed in the batch it could not record are found by their
 * issue event's request id (`import-<job id>`) and counted as `accepted`, never issued twice.
 */
import { join } from 'node:path';
import { type Language, parseUnsignedLicence, type SigningKey } from '@hutong/core';
import type { Transaction } from 'kysely';
import type { ActingAs, AppContext } from '../app-context.js';
import { isServerError, ServerError } from '../errors.js';
import { recordChunkEvents, recordEvent } from '../events/index.js';
import { sharedSigningKey, useSharedSigningPool } from '../issuance/batch-signing-pool.js';
import { type IssuanceItem, issuePreparedLicences } from '../issuance/issue-prepared-licences.js';
import { loadIssuance } from '../issuance/load-issuance.js';
import { assembleLicence } from '../issuance/prepare-licence.js';
import type { LicenceWriteContext } from '../library/licence-write-context.js';
import { statusListUrl } from '../library/write-context-for.js';
import type { Database } from '../store/database.js';
import { type CheckedRow, checkImportRow, type RowCheckContext, reasonsOf } from './check-import-row.js';
import { keepBeating } from './heartbeat.js';
import { mapImportColumns } from './import-columns.js';
import { inspectImportFile } from './import-file.js';
import {
  beatImportJob,
  currentRunner,
  deleteCompletedImportRows,
  finishImportJob,
  type ImportCounts,
  type ImportJob,
  type ImportRowRecord,
  identifiersIssuedUnder,
  identifiersReportedBy,
  importRowPages,
  openImportJob,
  recordImportBatch,
} from './import-jobs.js';
import { openReportWriter, type ReportWriter } from './import-report.js';
import { readTable, scanCsv, type TableRow } from './read-table.js';
import { defaultSigningWorkers } from './signing-pool.js';
import { widenPageCache, widenWalCheckpoints } from './widen-wal-checkpoints.js';

export interface ImportRequest {
  /** Path of the `.csv` or `.xlsx` file. */
  readonly file: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  /** Accept early-pilot USCCs whose check character fails, flagged as warnings (standards.md §5). */
  readonly legacy?: boolean | undefined;
  /** Validate only: nothing is written to the store, not even the job. */
  readonly dryRun?: boolean | undefined;
  /** Where the report goes; default `<reportDir>/<job id>-report.csv`. */
  readonly reportPath?: string | undefined;
  /** The folder for default report paths (the CLI: `<dataDir>/imports`). */
  readonly reportDir: string;
  /** The language of the report's reasons (default `en`). */
  readonly language?: Language | undefined;
}

export interface ImportProgress {
  readonly phase: 'checking' | 'importing' | 'reporting' | 'done';
  readonly jobId: string | undefined;
  /** The file row number reached (the header is row 1). */
  readonly row: number;
  /** Data rows of the file, when known (CSV). */
  readonly rowsTotal: number | undefined;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
  /** Rows handled by this run per second since it started importing. */
  readonly rowsPerSecond: number;
  readonly elapsedMs: number;
}

export interface ImportOptions {
  readonly by: ActingAs;
  /** The node's public base URL: licences carry their status list's URL under it. */
  readonly publicUrl: string;
  /** Signing threads; default one per core minus one, at least one. */
  readonly workers?: number | undefined;
  /** Rows per committed batch (default {@link DEFAULT_IMPORT_BATCH}). */
  readonly batchSize?: number | undefined;
  /** Called after every batch and at each phase (not throttled: the caller decides how often to show it). */
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
}

export interface ImportSummary extends ImportCounts {
  /** The report file. */
  readonly report: string;
  /** Undefined for a dry run. */
  readonly jobId: string | undefined;
  /** True when this run continued a job a killed run had started. */
  readonly resumed: boolean;
  readonly dryRun: boolean;
}

/**
 * Rows per batch. `issuePreparedLicences` pipelines a batch's chunks (`ISSUANCE_CHUNK`, 256):
 * chunk k+1 signs on the worker threads while chunk k is stored, but a batch's first chunk
 * is signed while the writer has nothing of that batch to store, and its last chunk is
 * stored while the signing threads have nothing to sign. At 500 rows (2 chunks) half of
 * every batch ran unoverlapped; at 5,000 (20 chunks) one chunk in twenty does. Fewer
 * batches also mean fewer commits (each a WAL fsync the writer waits for) and fewer
 * per-batch queries. Memory stays flat: two batches (~10,000 rows) at most.
 * A killed run redoes at most one batch, finding its licences rather than issuing them again.
 */
export const DEFAULT_IMPORT_BATCH = 5_000;
const MAX_IMPORT_BATCH = 10_000;

/** The idempotency principal under which rows without a sourceKey are remembered, per issuer. */
export function importIdempotencyPrincipal(issuerCode: string): string {
  return `import:${issuerCode}`;
}

/** The request id of a job's writes (stored with each licence's issue event and audit record). */
export function importRequestId(jobId: string): string {
  return `import-${jobId}`;
}

function importWriteContext(
  ctx: AppContext,
  by: ActingAs,
  publicUrl: string,
  requestId: string | undefined,
): LicenceWriteContext {
  return {
    db: ctx.store.db,
    now: ctx.now,
    actor: by.actor,
    requestId,
    holderIndexKey: ctx.secrets.purposeKey('holder-index'),
    statusListUri: (issuerCode, listId) => statusListUrl(publicUrl, issuerCode, listId),
    recordEvent: async (trx: Transaction<Database>, event) => {
      await recordEvent(trx, event);
    },
    recordChunkEvents: async (trx: Transaction<Database>, events) => {
      await recordChunkEvents(trx, events);
    },
  };
}

class Clock {
  readonly #start = performance.now();
  elapsed(): number {
    return performance.now() - this.#start;
  }
}

/**
 * Imports a file of legacy records as licences of one type for one issuer (see the module
 * comment). Refuses before any row is imported: an unreadable file, another format, text
 * that is neither UTF-8 nor GB18030, a malformed CSV, unknown/missing/repeated columns, a
 * type the issuer may not issue or that is not published, an issuer without a signing key,
 * and a job of the same file that another live process is running. Rows are refused one by
 * one, with every reason, in the report.
 *
 * @example
 * const summary = await importLicences(ctx, { file: 'stock.csv', typeCode, issuerCode, reportDir: './data/imports' },
 *   { by: { actor: 'cli' }, publicUrl: 'https://licences.xj.gov.cn' });
 * summary // { accepted: 998, rejected: 2, skipped: 0, report: './data/imports/…-report.csv', … }
 */
export async function importLicences(
  ctx: AppContext,
  request: ImportRequest,
  options: ImportOptions,
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_IMPORT_BATCH) {
    throw new ServerError('ERR_IMPORT_OPTIONS', {
      field: 'batchSize',
      params: { option: 'batchSize', rule: `1 to ${MAX_IMPORT_BATCH} rows` },
    });
  }
  const workers = options.workers ?? defaultSigningWorkers();
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 256) {
    throw new ServerError('ERR_IMPORT_OPTIONS', {
      field: 'workers',
      params: { option: 'workers', rule: '1 to 256 threads' },
    });
  }
  const legacy = request.legacy === true;
  const dryRun = request.dryRun === true;
  const language = request.language ?? 'en';
  const clock = new Clock();

  // 1. Everything that can refuse the whole file, before anything is written.
  const file = await inspectImportFile(request.file);
  // Issuance's own lookup: the published type the issuer is responsible for, the issuer as
  // licences name it, its active key (of a suite the type requires).
  const { type, issuer, key: signingKey } = await loadIssuance(ctx, request.typeCode, request.issuerCode);
  // A CSV is read to its end first: its rows counted (progress) and its syntax checked
  // before anything is written; the scan also tells whether the record splitter can read it.
  const scanned = file.format === 'csv' ? await scanCsv(file) : undefined;
  const rowsTotal = scanned?.rows;
  const table = readTable(file, { plain: scanned?.plain });
  const rows = table.rows[Symbol.asyncIterator]();
  let report: ReportWriter | undefined;
  let job: ImportJob | undefined;
  let releasePool: (() => Promise<void>) | undefined;
  let narrowCheckpoints: (() => Promise<void>) | undefined;
  let shrinkCache: (() => Promise<void>) | undefined;
  let stopBeating: (() => void) | undefined;
  try {
    const first = await rows.next();
    if (first.done === true) throw new ServerError('ERR_IMPORT_NO_HEADER', { field: 'file' });
    const header = first.value;
    if (header.rowNumber !== 1) throw new ServerError('ERR_IMPORT_NO_HEADER', { field: 'file' });
    const columns = mapImportColumns(header.cells, type);
    const check: RowCheckContext = {
      type,
      issuer,
      columns,
      strictWidth: file.format === 'csv',
      legacy,
      now: ctx.now(),
    };
    const counts = { accepted: 0, rejected: 0, skipped: 0 };
    let row = 1;
    let handled = 0;
    const progress = (phase: ImportProgress['phase']) => {
      const elapsedMs = clock.elapsed();
      options.onProgress?.({
        phase,
        jobId: job?.id,
        row,
        rowsTotal,
        bytesRead: table.bytesRead(),
        bytesTotal: file.size,
        ...counts,
        rowsPerSecond: elapsedMs > 0 ? (handled * 1000) / elapsedMs : 0,
        elapsedMs,
      });
    };

    if (dryRun) {
      // 2a. Validate only: the report is written as rows are checked; the store is only read.
      const path = request.reportPath ?? join(request.reportDir, `dry-run-${file.sha256.slice(0, 16)}-report.csv`);
      report = await openReportWriter(path, language);
      let lines: ImportRowRecord[] = [];
      const earlierInFile: EarlierInFile = new Map();
      for (let next = await rows.next(); next.done !== true; next = await rows.next()) {
        const checked = checkImportRow(next.value, check);
        row = next.value.rowNumber;
        handled += 1;
        lines.push(await dryRunOutcome(ctx, checked, issuer.code, earlierInFile));
        const last = lines[lines.length - 1];
        if (last !== undefined) counts[last.outcome] += 1;
        if (lines.length >= batchSize) {
          await report.write(lines);
          lines = [];
          progress('checking');
        }
      }
      await report.write(lines);
      await report.close();
      report = undefined;
      progress('done');
      return { ...counts, report: path, jobId: undefined, resumed: false, dryRun: true };
    }

    // 2b. The job: new, or resumed after a killed run. First, rows that a completed job of a
    // killed process had not deleted yet (deleteCompletedImportRows).
    await deleteCompletedImportRows(ctx.store.db);
    const opened = await openImportJob(ctx.store.db, {
      file,
      typeCode: type.certificateTypeCode,
      issuerCode: issuer.code,
      legacy,
      rowsTotal,
      by: options.by,
      now: ctx.now(),
    });
    job = opened.job;
    const jobId = job.id;
    const runner = job.runner ?? currentRunner();
    // A sign of life on a timer: a batch, or the report after the last one, may take longer
    // than another process waits before it takes a silent job over (heartbeat.ts).
    stopBeating = keepBeating(() => beatImportJob(ctx.store.db, jobId, runner, ctx.now()));
    counts.accepted = job.accepted;
    counts.rejected = job.rejected;
    counts.skipped = job.skipped;
    let committed = job.rowsCommitted;
    const requestId = importRequestId(jobId);
    const wctx = importWriteContext(ctx, options.by, options.publicUrl, requestId);

    // The process's shared pool of this size: a second import (or the next 1,000-row job)
    // does not start threads again. Held until the job ends, so that the close of the app
    // that started it does not stop its threads mid-import.
    releasePool = useSharedSigningPool(workers);
    const key = await sharedSigningKey(signingKey, workers);
    // SQLite: a checkpoint about once a batch rather than in nearly every chunk's COMMIT (widen-wal-checkpoints.ts).
    narrowCheckpoints = await widenWalCheckpoints(ctx.store);
    // SQLite: the holder index's random leaves stay in memory instead of being read back for nearly every row.
    shrinkCache = await widenPageCache(ctx.store);

    const commit = async (batch: readonly CheckedRow[]): Promise<void> => {
      const records = await commitBatch(wctx, batch, key, jobId, requestId, issuer.code);
      for (const record of records) counts[record.outcome] += 1;
      const last = batch[batch.length - 1];
      if (last !== undefined) committed = last.rowNumber;
      await recordImportBatch(ctx.store.db, opened.job, records, { ...counts, rowsCommitted: committed }, ctx.now());
      handled += batch.length;
      progress('importing');
    };

    // 3. Rows: one batch commits while the next is read and checked (signing runs on the
    // worker threads meanwhile); batches commit one after another, in file order.
    let batch: CheckedRow[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    for (let next = await rows.next(); next.done !== true; next = await rows.next()) {
      const current: TableRow = next.value;
      row = current.rowNumber;
      if (current.rowNumber <= committed) continue; // recorded by an earlier run of this job
      batch.push(checkImportRow(current, check));
      if (batch.length >= batchSize) {
        const full = batch;
        batch = [];
        await inFlight;
        inFlight = commit(full);
        // Awaited at the next batch or after the loop; marked handled so that a failure
        // while the reader waits on the disk is not reported as unhandled.
        inFlight.catch(() => {});
      }
    }
    await inFlight;
    if (batch.length > 0) await commit(batch);

    // 4. The report, from the store: complete across every run of the job.
    progress('reporting');
    const path = request.reportPath ?? join(request.reportDir, `${jobId}-report.csv`);
    report = await openReportWriter(path, language);
    for await (const page of importRowPages(ctx.store.db, jobId)) await report.write(page);
    await report.close();
    report = undefined;
    await finishImportJob(
      ctx.store.db,
      job,
      { status: 'completed', counts, rowsCommitted: committed, reportPath: path },
      options.by,
      ctx.now(),
    );
    // The job is complete and its report synced: its rows go now, a slice per transaction. A
    // failure here does not undo the import; the next import deletes what is left.
    await deleteCompletedImportRows(ctx.store.db, jobId).catch(() => {});
    progress('done');
    return { ...counts, report: path, jobId, resumed: opened.resumed, dryRun: false };
  } catch (error) {
    // A fault of the file's content will not go away on a retry: the job ends as failed (a
    // corrected file is a new job; what this one imported is then skipped). Anything else
    // (a lost connection, a full disk) leaves the job open, to resume after the fix.
    if (job !== undefined && isServerError(error) && FILE_FAULTS.has(error.code)) {
      await finishImportJob(
        ctx.store.db,
        job,
        { status: 'failed', error: { code: error.code, message: error.localize('en') } },
        options.by,
        ctx.now(),
      ).catch(() => {});
    }
    throw error;
  } finally {
    stopBeating?.();
    report?.abort();
    table.close();
    // Only the speed of later checkpoints and reads rests on them: a failure here must not fail the import.
    await narrowCheckpoints?.().catch(() => {});
    await shrinkCache?.().catch(() => {});
    await releasePool?.();
  }
}

const FILE_FAULTS: ReadonlySet<string> = new Set([
  'ERR_IMPORT_CSV_SYNTAX',
  'ERR_IMPORT_ENCODING',
  'ERR_IMPORT_XLSX_INVALID',
  'ERR_IMPORT_FILE_UNREADABLE',
]);

/**
 * Issues a batch's valid rows through issuance and turns the outcomes into row records, in
 * file order. `existing` (issuance found an earlier licence of the same record) is `skipped`,
 * unless this job itself issued it in a run that died before recording the batch.
 */
async function commitBatch(
  wctx: LicenceWriteContext,
  batch: readonly CheckedRow[],
  key: SigningKey,
  jobId: string,
  requestId: string,
  issuerCode: string,
): Promise<ImportRowRecord[]> {
  const valid = batch.filter((r): r is Extract<CheckedRow, { kind: 'valid' }> => r.kind === 'valid');
  const items: IssuanceItem[] = valid.map((r) => ({
    prepared: r.prepared,
    key,
    requestHash: r.requestHash,
    origin: 'imported',
    ...(r.sourceKey === undefined
      ? { idempotency: { principal: importIdempotencyPrincipal(issuerCode), key: `row:${r.requestHash}` } }
      : { sourceKey: r.sourceKey }),
  }));
  const outcomes = await issuePreparedLicences(wctx, items);
  const existing = outcomes.flatMap((o) => (o.status === 'existing' ? [o.licence.metadata.certificateIdentifier] : []));
  const reported = await identifiersReportedBy(wctx.db, jobId, existing);
  const ours = await identifiersIssuedUnder(wctx.db, requestId, existing);
  const acceptedHere = new Set<string>();
  const byRow = new Map<number, ImportRowRecord>();
  valid.forEach((r, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) throw new Error('issuance returned fewer outcomes than items');
    if (outcome.status === 'rejected') {
      byRow.set(r.rowNumber, {
        rowNumber: r.rowNumber,
        sourceKey: r.sourceKey,
        outcome: 'rejected',
        reasons: reasonsOf(outcome.error),
      });
      return;
    }
    const identifier = outcome.licence.metadata.certificateIdentifier;
    const accepted =
      outcome.status === 'issued' ||
      (ours.has(identifier) && !reported.has(identifier) && !acceptedHere.has(identifier));
    if (accepted) acceptedHere.add(identifier);
    byRow.set(r.rowNumber, {
      rowNumber: r.rowNumber,
      sourceKey: r.sourceKey,
      outcome: accepted ? 'accepted' : 'skipped',
      identifier,
      ...(accepted && r.warnings.length > 0 ? { warnings: r.warnings } : {}),
    });
  });
  return batch.map(
    (r) =>
      byRow.get(r.rowNumber) ??
      ({
        rowNumber: r.rowNumber,
        sourceKey: r.sourceKey,
        outcome: 'rejected',
        reasons: r.kind === 'invalid' ? r.reasons : [],
      } satisfies ImportRowRecord),
  );
}

/**
 * A dry run's verdict on a row: rejected with its reasons, or what a real run would do
 * (skip a record the library already holds under its sourceKey or content, else accept).
 * Reads only. Two rows of the same record within the file are both `accepted` here (a real
 * run skips the second): remembering every row would cost memory in proportion to the file.
 */
/**
 * The rows a dry run found importable so far, by what the real import recognises them by
 * (`source:<sourceKey>`, or `row:<request hash>` without one) → their request hash. One
 * short entry per importable row of the file (an upload is at most 64 MiB).
 */
type EarlierInFile = Map<string, string>;

function sourceKeyConflict(sourceKey: string): ServerError {
  return new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', {
    field: 'sourceKey',
    params: { key: sourceKey.slice(0, 128) },
  });
}

/**
 * What the real import would do with a row, from the store and the rows before it in the
 * file: a row the file already had (same sourceKey and content, or the same content without
 * one) is skipped, as issuance skips it once the first is issued; the same sourceKey with
 * other content is refused, as issuance refuses it.
 */
async function dryRunOutcome(
  ctx: AppContext,
  checked: CheckedRow,
  issuerCode: string,
  earlierInFile: EarlierInFile,
): Promise<ImportRowRecord> {
  if (checked.kind === 'invalid') {
    return {
      rowNumber: checked.rowNumber,
      sourceKey: checked.sourceKey,
      outcome: 'rejected',
      reasons: checked.reasons,
    };
  }
  try {
    // The check issuance makes before its transaction (`issuePreparedLicences`): what signLicence would refuse.
    parseUnsignedLicence(assembleLicence(checked.prepared, '0', undefined), { legacyHolderCode: true });
  } catch (error) {
    return {
      rowNumber: checked.rowNumber,
      sourceKey: checked.sourceKey,
      outcome: 'rejected',
      reasons: reasonsOf(error),
    };
  }
  const db = ctx.store.db;
  let identifier: string | undefined;
  if (checked.sourceKey !== undefined) {
    const row = await db
      .selectFrom('licences')
      .select(['identifier', 'request_hash'])
      .where('issuer_code', '=', issuerCode)
      .where('source_key', '=', checked.sourceKey)
      .executeTakeFirst();
    if (row !== undefined && row.request_hash !== checked.requestHash) {
      return {
        rowNumber: checked.rowNumber,
        sourceKey: checked.sourceKey,
        outcome: 'rejected',
        reasons: reasonsOf(sourceKeyConflict(checked.sourceKey)),
      };
    }
    identifier = row?.identifier;
  } else {
    const row = await db
      .selectFrom('idempotency_records')
      .select('response')
      .where('principal', '=', importIdempotencyPrincipal(issuerCode))
      .where('idempotency_key', '=', `row:${checked.requestHash}`)
      .executeTakeFirst();
    if (row !== undefined) identifier = (JSON.parse(row.response) as { identifier?: string }).identifier;
  }
  if (identifier !== undefined) {
    return { rowNumber: checked.rowNumber, sourceKey: checked.sourceKey, outcome: 'skipped', identifier };
  }
  const inFile = checked.sourceKey !== undefined ? `source:${checked.sourceKey}` : `row:${checked.requestHash}`;
  const earlier = earlierInFile.get(inFile);
  if (earlier !== undefined && checked.sourceKey !== undefined && earlier !== checked.requestHash) {
    return {
      rowNumber: checked.rowNumber,
      sourceKey: checked.sourceKey,
      outcome: 'rejected',
      reasons: reasonsOf(sourceKeyConflict(checked.sourceKey)),
    };
  }
  // Not issued yet, so no identifier to name: the report says which row it repeats by its sourceKey or content.
  if (earlier !== undefined) return { rowNumber: checked.rowNumber, sourceKey: checked.sourceKey, outcome: 'skipped' };
  earlierInFile.set(inFile, checked.requestHash);
  return {
    rowNumber: checked.rowNumber,
    sourceKey: checked.sourceKey,
    outcome: 'accepted',
    ...(checked.warnings.length > 0 ? { warnings: checked.warnings } : {}),
  };
}
