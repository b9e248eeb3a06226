/**
 * The report of an import: a CSV file (RFC 4180 quoting, UTF-8, LF line ends) with one line
 * per input row, in file order and without a header line, so that line N of the report is
 * the N-th data row of the input:
 *
 *   row number, sourceKey, outcome (`accepted` | `rejected` | `skipped`), licence identifier
 *   (accepted and skipped rows), reasons (rejected rows: every reason, `CODE [column]: message`
 *   joined by ` | `), warnings (accepted rows under `--legacy`: defects tolerated, flagged)
 *
 * Written to `<path>.partial` and renamed when complete: a report that exists is whole.
 */
import { once } from 'node:events';
import {
  closeSync,
  createWriteStream,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Language } from '@hutong/core';
import { ServerError } from '../errors.js';
import { formatReasons } from './check-import-row.js';
import type { ImportRowRecord } from './import-jobs.js';

/** The report's columns, in order (documentation; the file has no header line). */
export const IMPORT_REPORT_COLUMNS = ['row', 'sourceKey', 'outcome', 'identifier', 'reasons', 'warnings'] as const;

/**
 * One CSV field. Quoted when it holds a separator, quote or line break (RFC 4180 §2). A text
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first: OWASP "CSV
 * Injection") gets a leading `'`: a sourceKey comes from the imported file, and the report
 * is opened in Excel by the department.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One report line (with its line feed).
 *
 * @example reportLine({ rowNumber: 2, sourceKey: 'A-1', outcome: 'accepted', identifier: '1.2.156.3005.2.…' }, 'en')
 * // '2,A-1,accepted,1.2.156.3005.2.…,,\n'
 */
export function reportLine(record: ImportRowRecord, language: Language): string {
  return `${[
    String(record.rowNumber),
    record.sourceKey ?? '',
    record.outcome,
    record.identifier ?? '',
    formatReasons(record.reasons ?? [], language),
    formatReasons(record.warnings ?? [], language),
  ]
    .map(csvField)
    .join(',')}\n`;
}

export interface ReportWriter {
  /** Appends lines (waits when the disk is slower than the import). */
  write(records: readonly ImportRowRecord[]): Promise<void>;
  /** Completes the file (renames it into place). */
  close(): Promise<void>;
  /** Removes the partial file. */
  abort(): void;
}

function unwritable(path: string, cause: unknown): ServerError {
  const code = (cause as { code?: unknown } | null)?.code;
  return new ServerError('ERR_IMPORT_REPORT_UNWRITABLE', {
    field: 'report',
    params: { file: basename(path), reason: typeof code === 'string' ? code : String(cause) },
    cause,
  });
}

/**
 * Opens a report for writing.
 *
 * @example
 * const report = await openReportWriter('/data/imports/7f…-report.csv', 'zh-CN');
 * await report.write(records);
 * await report.close();
 */
export async function openReportWriter(path: string, language: Language): Promise<ReportWriter> {
  const partial = `${path}.partial`;
  let stream: WriteStream;
  try {
    mkdirSync(dirname(path), { recursive: true });
    stream = createWriteStream(partial, { flags: 'w' });
    await once(stream, 'open');
  } catch (error) {
    throw unwritable(path, error);
  }
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
  });
  return {
    async write(records) {
      if (failure !== undefined) throw unwritable(path, failure);
      if (records.length === 0) return;
      const text = records.map((record) => reportLine(record, language)).join('');
      try {
        // events.once rejects when 'error' fires first, and leaves no listener behind either way.
        if (!stream.write(text)) await once(stream, 'drain');
      } catch (error) {
        throw unwritable(path, error);
      }
      if (failure !== undefined) throw unwritable(path, failure);
    },
    async close() {
      try {
        stream.end();
        await once(stream, 'finish');
        if (failure !== undefined) throw failure;
        // Synced before it is named: once the job completes, the report is the only record of
        // its rows (deleteCompletedImportRows then deletes them).
        const fd = openSync(partial, 'r+');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(partial, path);
      } catch (error) {
        throw unwritable(path, error);
      }
    },
    abort() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}
