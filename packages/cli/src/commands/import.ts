/**
 * `hutong import FILE --type CODE --issuer USCC [--data-dir DIR] [--legacy] [--dry-run]`:
 * bulk legacy import (存量证照转化) of a `.csv` or `.xlsx` file into the node's library.
 *
 * The CLI contract: the LAST line of stdout is one JSON object
 * `{"accepted":N,"rejected":N,"skipped":N,"report":"PATH"}`; exit 0 when no row was
 * rejected, 1 otherwise. Progress goes to stderr: on a terminal one line redrawn at most
 * every 200 ms (rows/s, accepted, rejected, skipped); otherwise a plain line per 10,000 rows.
 * A refusal of the whole file (unknown columns, a type the issuer may not issue, an unreadable
 * file, another process importing the same file) prints `{"error":{"code","message","field"}}`
 * and exits 1 before any row is imported; a usage mistake exits 2.
 *
 * It runs beside a server on the same data directory (SQLite WAL, busy timeout; PostgreSQL
 * with `$DATABASE_URL`), and uses the node's master key (`<dataDir>/secrets/master.key` or
 * `$HUTONG_MASTER_KEY`) to open the issuer's signing key. Killed, it is resumed by running
 * the same command again.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHutongError } from '@hutong/core';
import {
  createAppContext,
  DEFAULT_PUBLIC_URL,
  ensureNodeId,
  type ImportProgress,
  importDirFrom,
  importLicences,
  isServerError,
  loadSecrets,
  migrateToLatest,
  openStore,
  registerLogSink,
  registerOutboxSink,
  storeLocation,
} from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { languageOf } from '../language.js';

const USAGE = `Usage: hutong import FILE --type CODE --issuer USCC [--data-dir DIR] [--legacy] [--dry-run]
                     [--report PATH] [--workers N] [--batch-size N] [--lang en|zh-CN]

Imports legacy records (存量证照) from a .csv (UTF-8, or GB18030/GBK) or .xlsx file (first
worksheet) as licences of type CODE issued by the department USCC.
Columns: certificateHolderName, certificateHolderCode, certificateHolderTypeCode,
  certificateNumber, certificateIssuedDate, certificateEffectiveDate, [certificateExpiringDate],
  [sourceKey], and one column per face field of the type (dates yyyy-MM-dd or yyyyMMdd).
  --data-dir    the node's data directory (default: $HUTONG_DATA_DIR or ./data)
  --legacy      accept early-pilot USCCs whose check character fails, flagged as warnings
  --dry-run     validate only: nothing is written to the library
  --report      the report file (default: $HUTONG_IMPORT_DIR or <data-dir>/imports, <job>-report.csv)
  --workers     signing threads (default: one per core minus one, at least 1)
  --batch-size  rows per committed batch (default 5000)
  --lang        language of the report's reasons (default: en, or zh-CN when $LANG is zh_*)
Re-running a file adds nothing (its rows are skipped); an interrupted import resumes.
The last line of stdout is {"accepted":N,"rejected":N,"skipped":N,"report":"PATH"};
exit 0 when no row was rejected, 1 otherwise. Report columns (no header line): row, sourceKey,
outcome, identifier, reasons, warnings.
With $DATABASE_URL set (postgres://…), the library is that PostgreSQL database.
$HUTONG_PUBLIC_URL is the node's public URL (status-list URLs inside the licences).
`;

/** A progress line at most this often on a terminal. */
export const PROGRESS_INTERVAL_MS = 200;
/** A plain progress line every this many rows when stderr is not a terminal. */
export const PROGRESS_ROWS = 10_000;

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong import: ${problem}\n\n${USAGE}`);
  return 2;
}

function positiveInteger(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : null;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One progress line (without line end). */
export function progressLine(p: ImportProgress): string {
  const data = p.rowsTotal === undefined ? undefined : Math.max(0, p.row - 1);
  const fraction =
    p.rowsTotal !== undefined && p.rowsTotal > 0 && data !== undefined
      ? Math.min(1, data / p.rowsTotal)
      : p.bytesTotal > 0
        ? Math.min(1, p.bytesRead / p.bytesTotal)
        : 0;
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const rows =
    p.rowsTotal === undefined
      ? `row ${integer.format(p.row)}`
      : `${integer.format(data ?? 0)}/${integer.format(p.rowsTotal)} rows`;
  return `${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${rows}  ${integer.format(p.rowsPerSecond)} rows/s  accepted ${integer.format(p.accepted)}  rejected ${integer.format(p.rejected)}  skipped ${integer.format(p.skipped)}`;
}

/**
 * Shows progress on stderr: a redrawn line on a terminal (throttled), plain lines otherwise.
 *
 * @example const show = progressPrinter(io, true); show(progress);
 */
export function progressPrinter(io: CliIo, terminal: boolean, clock: () => number = () => performance.now()) {
  let lastShown = Number.NEGATIVE_INFINITY;
  let lastRows = 0;
  return (p: ImportProgress): void => {
    const handled = p.accepted + p.rejected + p.skipped;
    if (terminal) {
      const now = clock();
      if (p.phase !== 'done' && now - lastShown < PROGRESS_INTERVAL_MS) return;
      lastShown = now;
      io.stderr(`\r${progressLine(p)}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
      return;
    }
    if (p.phase === 'done' || Math.floor(handled / PROGRESS_ROWS) > Math.floor(lastRows / PROGRESS_ROWS)) {
      io.stderr(`hutong import: ${progressLine(p)}\n`);
    }
    lastRows = handled;
  };
}

/**
 * Builds the command around an environment and whether stderr is a terminal (tests pass their own).
 *
 * @example const code = await createImport(process.env, false)(['stock.csv', '--type', code, '--issuer', uscc], io);
 */
export function createImport(env: Readonly<Record<string, string | undefined>>, stderrIsTerminal: boolean): Command {
  return async (argv, io) => {
    let values: {
      type?: string;
      issuer?: string;
      'data-dir'?: string;
      legacy?: boolean;
      'dry-run'?: boolean;
      report?: string;
      workers?: string;
      'batch-size'?: string;
      lang?: string;
      help?: boolean;
    };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...argv],
        options: {
          type: { type: 'string' },
          issuer: { type: 'string' },
          'data-dir': { type: 'string' },
          legacy: { type: 'boolean' },
          'dry-run': { type: 'boolean' },
          report: { type: 'string' },
          workers: { type: 'string' },
          'batch-size': { type: 'string' },
          lang: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
        strict: true,
      }));
    } catch (error) {
      // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown options and missing values.
      return usageError(io, error instanceof Error ? error.message : String(error));
    }
    if (values.help === true) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length !== 1) return usageError(io, 'give exactly one FILE (.csv or .xlsx)');
    if (values.type === undefined) return usageError(io, '--type CODE is required');
    if (values.issuer === undefined) return usageError(io, '--issuer USCC is required');
    const workers = positiveInteger(values.workers);
    if (workers === null || (workers ?? 1) > 256) return usageError(io, '--workers must be 1 to 256');
    const batchSize = positiveInteger(values['batch-size']);
    if (batchSize === null || (batchSize ?? 1) > 10_000) return usageError(io, '--batch-size must be 1 to 10000');
    const language = languageOf(values.lang, env);
    if (language === null) return usageError(io, '--lang must be en or zh-CN');

    const file = resolve(io.cwd, positionals[0] as string);
    const dataDir = resolve(io.cwd, values['data-dir'] ?? (env.HUTONG_DATA_DIR || './data'));
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    try {
      store = await openStore(storeLocation({ dataDir, databaseUrl: env.DATABASE_URL || undefined }));
      // A data directory the server has not opened yet gets its schema here (the same
      // migrations, under the migration lock, so a server starting at the same time is safe).
      await migrateToLatest(store.db);
      // The side records every licence write makes on a node, as the server registers them at
      // start-up: the transparency-log leaf and the subscribers' outbox messages, in the
      // licence's own transaction.
      registerLogSink();
      registerOutboxSink();
      const ctx = createAppContext({
        store,
        nodeId: await ensureNodeId(store.db),
        secrets: loadSecrets({ dataDir, env }),
      });
      const summary = await importLicences(
        ctx,
        {
          file,
          typeCode: values.type,
          issuerCode: values.issuer,
          legacy: values.legacy === true,
          dryRun: values['dry-run'] === true,
          reportPath: values.report === undefined ? undefined : resolve(io.cwd, values.report),
          // The server's import folder (HUTONG_IMPORT_DIR), where its retention sweeps reports.
          reportDir: importDirFrom(env, dataDir, io.cwd),
          language,
        },
        {
          by: { actor: 'cli' },
          publicUrl: env.HUTONG_PUBLIC_URL || DEFAULT_PUBLIC_URL,
          workers,
          batchSize,
          onProgress: progressPrinter(io, stderrIsTerminal),
        },
      );
      if (summary.resumed) io.stderr(`hutong import: resumed job ${summary.jobId} where an interrupted run stopped\n`);
      io.stderr(`hutong import: report written to ${summary.report}\n`);
      printJson(io, {
        accepted: summary.accepted,
        rejected: summary.rejected,
        skipped: summary.skipped,
        report: summary.report,
      });
      return summary.rejected === 0 ? 0 : 1;
    } catch (error) {
      const known = isServerError(error) || isHutongError(error);
      const message = known
        ? error.localize(language)
        : `the import stopped: ${error instanceof Error ? error.message : String(error)}`;
      const code = known ? error.code : 'ERR_CLI_IMPORT_FAILED';
      const field = known ? error.field : undefined;
      printJson(io, { error: { code, message, ...(field === undefined ? {} : { field }) } });
      io.stderr(`hutong import: ${message}\n`);
      return 1;
    } finally {
      await store?.close();
    }
  };
}

export const importCommand: Command = createImport(process.env, process.stderr.isTTY === true);
