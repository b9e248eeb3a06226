/// <reference path="./unzipper.d.ts" />
// (The declaration travels with this file: programs that compile it from the sources — the CLI's, the e2e's — see it too.)
/**
 * Streaming readers of an import file's rows: CSV through `csv-parse` (after decoding UTF-8
 * or GB18030), XLSX through exceljs' part parsers over the package's ZIP central directory
 * (first worksheet; its shared strings on disk, xlsx-shared-strings.ts). Both
 * yield the header row first, then each data row with the number a spreadsheet shows for
 * it (the header is row 1), one row at a time: the consumer pulls, and the file stream
 * pauses while it does not (Node stream backpressure), so a file of a million rows never
 * holds more than a few chunks in memory.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { type CentralDirectoryFile, Open, type ZipSource } from 'unzipper';
import { ServerError } from '../errors.js';
import type { CsvEncoding, ImportFile } from './import-file.js';
import { CsvRecordSplitter } from './split-csv-records.js';
import { openSharedStringTable, type SharedStringTable } from './xlsx-shared-strings.js';

/** A cell that holds no usable value, with what it holds instead. */
export interface CellProblem {
  /** `precision`: a number past 2^53 (an ID typed as a number); `error`: `#N/A` and kin; `formula`: no cached result. */
  readonly problem: 'precision' | 'error' | 'formula';
  /** What the cell shows, for the message. */
  readonly shown: string;
}

/** A cell as text (trimmed; dates `yyyy-MM-dd`; booleans `true`/`false`), or the reason it has none. */
export type Cell = string | CellProblem;

export interface TableRow {
  /** The row's number in the sheet: the header is 1. Blank rows are not yielded but keep their numbers. */
  readonly rowNumber: number;
  readonly cells: readonly Cell[];
}

export interface TableReader {
  /** The header first, then every non-blank row. Throws `ServerError` for a file that cannot be read on. */
  readonly rows: AsyncIterable<TableRow>;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead(): number;
  /** Stops reading and releases the file (also after a partial iteration). */
  close(): void;
}

/**
 * The longest CSV record accepted (csv-parse `max_record_size`, in characters): a face photo
 * as a data URI is at most about 2.8 M characters (core's 2 MiB image limit); beyond that a
 * missing closing quote would otherwise swallow the rest of the file into one field.
 */
export const MAX_CSV_RECORD_CHARS = 4 * 1024 * 1024;

function isBlank(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === '');
}

/** Decodes bytes to text as a stream (TextDecoder keeps a multi-byte character split across chunks). */
class DecodeStream extends Transform {
  readonly #decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: CsvEncoding) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    // fatal: a byte sequence that is not text stops the import (the file was checked before,
    // so this only fires when the file changed underneath).
    this.#decoder = new TextDecoder(encoding, { fatal: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      callback(null, this.#decoder.decode(chunk, { stream: true }));
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.#decoder.decode());
    } catch (error) {
      callback(error as Error);
    }
  }
}

function csvFailure(error: unknown, file: ImportFile): ServerError {
  if (error instanceof ServerError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new ServerError('ERR_IMPORT_CSV_SYNTAX', {
      field: 'file',
      params: { line: line ?? '?', reason: error.message.replace(/\.$/, '') },
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    return new ServerError('ERR_IMPORT_ENCODING', { field: 'file', params: { offset: '?' }, cause: error });
  }
  return new ServerError('ERR_IMPORT_FILE_UNREADABLE', {
    field: 'file',
    params: { file: file.name, reason: typeof code === 'string' ? code : String(error) },
    cause: error,
  });
}

/** How a CSV file is split into records: see {@link scanCsv}. */
export interface CsvReading {
  /**
   * The file is plain RFC 4180 (split-csv-records.ts): read it with the splitter rather than
   * csv-parse (same records, a fifth of the CPU). Only {@link scanCsv} knows; default false.
   */
  readonly plain?: boolean | undefined;
}

/**
 * Reads a CSV file (RFC 4180, with the common relaxations: LF or CRLF, quoted fields with
 * embedded line breaks). Rows may be ragged: the caller checks widths and names the row.
 *
 * @example for await (const row of readCsv(file).rows) console.log(row.rowNumber, row.cells);
 */
export function readCsv(file: ImportFile, reading: CsvReading = {}): TableReader {
  if (file.encoding === 'xlsx') throw new Error('readCsv: not a CSV file');
  if (reading.plain === true) {
    const reader = readPlainCsv(file);
    return {
      ...reader,
      rows: (async function* () {
        try {
          yield* reader.rows;
        } catch (error) {
          // The scan found the file plain: it changed since (its job is keyed by the old SHA-256).
          if (!(error instanceof NotPlainCsv)) throw error;
          throw new ServerError('ERR_IMPORT_CSV_SYNTAX', {
            field: 'file',
            params: { line: error.line, reason: 'the file changed while it was imported' },
            zhParams: { reason: '导入过程中文件被改动' },
          });
        }
      })(),
    };
  }
  const input: ReadStream = createReadStream(file.path, { highWaterMark: 1 << 16 });
  const decode = new DecodeStream(file.encoding);
  const parser = parse({
    // Blank lines are records too (one empty field): they keep the row numbers a person sees.
    skip_empty_lines: false,
    relax_column_count: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // pipe(), not pipeline(): an error is reported once, through the parser the caller iterates.
  input.on('error', (error) => parser.destroy(error));
  decode.on('error', (error) => parser.destroy(error));
  input.pipe(decode).pipe(parser);
  async function* rows(): AsyncGenerator<TableRow> {
    let rowNumber = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNumber += 1;
        const cells = record.map((cell) => cell.trim());
        if (isBlank(cells)) continue;
        yield { rowNumber, cells };
      }
    } catch (error) {
      throw csvFailure(error, file);
    } finally {
      input.destroy();
    }
  }
  return {
    rows: rows(),
    bytesRead: () => input.bytesRead,
    close: () => {
      input.destroy();
      parser.destroy();
    },
  };
}

/** The text left the splitter's subset at (or after) this line: csv-parse must read the file. */
class NotPlainCsv extends Error {
  constructor(readonly line: number) {
    super(`not plain RFC 4180 CSV at line ${line}`);
  }
}

/**
 * The splitter's record limit in UTF-16 units: csv-parse's limit counts UTF-8 bytes (up to 3
 * per unit), and the splitter checks at the end of each 64 KiB chunk, so a record it passes
 * is always within csv-parse's limit.
 */
const PLAIN_RECORD_CHARS = MAX_CSV_RECORD_CHARS / 4;

/** {@link readCsv} through {@link CsvRecordSplitter}; throws {@link NotPlainCsv} where the file leaves its subset. */
function readPlainCsv(file: ImportFile): TableReader {
  const input: ReadStream = createReadStream(file.path, { highWaterMark: 1 << 16 });
  // fatal, as DecodeStream: the file was checked before, so this only fires when it changed.
  const decoder = new TextDecoder(file.encoding, { fatal: true });
  async function* rows(): AsyncGenerator<TableRow> {
    const splitter = new CsvRecordSplitter(PLAIN_RECORD_CHARS);
    const records: string[][] = [];
    let rowNumber = 0;
    function* take(plain: boolean): Generator<TableRow> {
      if (!plain) throw new NotPlainCsv(rowNumber + records.length + 1);
      for (const record of records) {
        rowNumber += 1;
        const cells = record.map((cell) => cell.trim());
        if (isBlank(cells)) continue;
        yield { rowNumber, cells };
      }
      records.length = 0;
    }
    try {
      // The stream is read as the rows are pulled (async iteration pauses it in between).
      for await (const chunk of input as AsyncIterable<Buffer>) {
        yield* take(splitter.push(decoder.decode(chunk, { stream: true }), records));
      }
      yield* take(splitter.push(decoder.decode(), records) && splitter.end(records));
    } catch (error) {
      if (error instanceof NotPlainCsv) throw error;
      throw csvFailure(error, file);
    } finally {
      input.destroy();
    }
  }
  return {
    rows: rows(),
    bytesRead: () => input.bytesRead,
    close: () => {
      input.destroy();
    },
  };
}

/**
 * Reads a CSV file to its end before anything is imported: counts its data rows (non-blank,
 * after the header) and finds out how to read it. A plain RFC 4180 file (the common case) is
 * read with the record splitter, in about a fifth of csv-parse's CPU; any other file is read
 * again with csv-parse, which counts what it can read and refuses, naming the line, what it
 * cannot (`ERR_IMPORT_CSV_SYNTAX`), as before. Pass the answer to {@link readTable}.
 *
 * @example const { rows, plain } = await scanCsv(file); readTable(file, { plain })
 */
export async function scanCsv(file: ImportFile): Promise<{ readonly rows: number; readonly plain: boolean }> {
  const count = async (table: TableReader): Promise<number> => {
    let rows = -1; // the header is not a data row
    try {
      for await (const _row of table.rows) rows += 1;
    } finally {
      table.close();
    }
    return Math.max(0, rows);
  };
  try {
    return { rows: await count(readPlainCsv(file)), plain: true };
  } catch (error) {
    if (!(error instanceof NotPlainCsv)) throw error;
  }
  return { rows: await count(readCsv(file)), plain: false };
}

/** `yyyy-MM-dd` of an exceljs date (exceljs turns the sheet's serial date into a UTC Date). */
function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/**
 * One exceljs cell value as text. Numbers past 2^53 cannot be what was typed (an 18-digit
 * citizen ID entered as a number has already lost its last digits in the file), so they are
 * a problem, never silently rounded text.
 */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { problem: 'error', shown: String(value) };
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { problem: 'precision', shown: String(value) };
    return String(value);
  }
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return object.richText
        .map((run) => (typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : ''))
        .join('')
        .trim();
    }
    if ('error' in object) return { problem: 'error', shown: String(object.error) };
    if ('formula' in object || 'sharedFormula' in object) {
      return object.result === undefined || object.result === null
        ? { problem: 'formula', shown: `=${String(object.formula ?? object.sharedFormula)}` }
        : cellOf(object.result);
    }
    if (typeof object.text === 'string') return object.text.trim();
  }
  return { problem: 'error', shown: String(value) };
}

function xlsxFailure(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  return new ServerError('ERR_IMPORT_XLSX_INVALID', {
    field: 'file',
    params: { reason: error instanceof Error ? error.message : String(error) },
    cause: error,
  });
}

/** The text of a shared-string entry as exceljs emits it: a string, rich text runs, or null (`<t/>`). */
function sharedStringText(text: unknown): string {
  if (typeof text === 'string') return text;
  const runs = (text as { richText?: unknown } | null)?.richText;
  if (!Array.isArray(runs)) return '';
  return runs
    .map((run) => (typeof (run as { text?: unknown }).text === 'string' ? (run as { text: string }).text : ''))
    .join('');
}

/** exceljs' streaming `WorkbookReader` below its typings: the part parsers its own `parse()` chains. */
interface WorkbookParts {
  model?: { sheets?: Array<{ rId?: string }> };
  workbookRels?: Array<{ Id?: string; Target?: string }>;
  sharedStrings?: object;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<{ index: number; text: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    entry: AsyncIterable<unknown>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

const WORKSHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The first worksheet's part: the workbook's first sheet (its first tab) through the
 * workbook's relationships, else the lowest-numbered `xl/worksheets/sheetN.xml`.
 */
function firstWorksheet(
  workbook: WorkbookParts,
  files: readonly CentralDirectoryFile[],
): CentralDirectoryFile | undefined {
  const rId = workbook.model?.sheets?.[0]?.rId;
  const target = workbook.workbookRels?.find((rel) => rel.Id === rId)?.Target;
  if (target !== undefined) {
    // A target is relative to xl/ (ECMA-376 Part 2 §9.3), or absolute from the package root.
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const named = files.find((f) => f.path === path);
    if (named !== undefined && WORKSHEET_PART.test(named.path)) return named;
  }
  return files
    .filter((f) => WORKSHEET_PART.test(f.path))
    .sort((a, b) => Number(WORKSHEET_PART.exec(a.path)?.[1]) - Number(WORKSHEET_PART.exec(b.path)?.[1]))[0];
}

/**
 * Reads the first worksheet of an XLSX workbook, row by row, in memory that does not grow
 * with the workbook:
 * - the package is opened through its ZIP central directory (unzipper `Open`), so its parts
 *   are read in the order they are needed — relationships, workbook, shared strings, styles,
 *   then the worksheet — whatever order the writer stored them in, each inflated as a stream.
 *   (exceljs' one-pass reader spools a worksheet stored before the shared strings to a
 *   temporary file and, on a race in its entry iteration, loses the shared strings of such a
 *   workbook altogether — exceljs issues #683 and #3064 — reading every text cell as
 *   `{ sharedString: n }`.)
 * - the shared-string table (ECMA-376 §18.4.9, one entry per distinct text) goes to a
 *   temporary SQLite file as it streams in (xlsx-shared-strings.ts), and cells are resolved
 *   there: a million distinct names and ID numbers no longer sit in memory.
 * exceljs still parses each part (its worksheet reader, styles for dates).
 *
 * @example for await (const row of readXlsx(file).rows) console.log(row.rowNumber, row.cells);
 */
export function readXlsx(file: ImportFile): TableReader {
  let bytesRead = 0;
  const opened = new Set<Readable>();
  const source: ZipSource = {
    stream(offset, length) {
      // Node's `end` is inclusive: unzipper asks for `length` bytes and reads one more, harmlessly.
      const stream = createReadStream(file.path, {
        start: offset,
        ...(length === undefined ? {} : { end: offset + length }),
        highWaterMark: 1 << 16,
      });
      stream.on('data', (chunk) => {
        bytesRead += chunk.length;
      });
      stream.on('close', () => opened.delete(stream));
      opened.add(stream);
      return stream;
    },
    size: async () => file.size,
  };
  let strings: SharedStringTable | undefined;
  const release = () => {
    for (const stream of opened) stream.destroy();
    strings?.close();
  };
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      const { files } = await Open.custom(source);
      const part = (path: string) => files.find((f) => f.path === path && f.type === 'File');
      const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file.path, {
        worksheets: 'emit',
        sharedStrings: 'emit',
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      }) as unknown as WorkbookParts;
      const rels = part('xl/_rels/workbook.xml.rels');
      if (rels !== undefined) await workbook._parseRels(rels.stream());
      const main = part('xl/workbook.xml');
      if (main === undefined) throw new Error('no xl/workbook.xml part');
      await workbook._parseWorkbook(main.stream());
      const shared = part('xl/sharedStrings.xml');
      if (shared !== undefined) {
        strings = openSharedStringTable();
        for await (const entry of workbook._parseSharedStrings(shared.stream())) {
          strings.add(entry.index, sharedStringText(entry.text));
        }
        // The worksheet reader resolves a `t="s"` cell as `sharedStrings[index]`.
        workbook.sharedStrings = strings.view;
      }
      const styles = part('xl/styles.xml');
      // Styles say which numbers are dates.
      if (styles !== undefined) await workbook._parseStyles(styles.stream());
      const sheet = firstWorksheet(workbook, files);
      // A workbook without a worksheet has no header row: the caller says so.
      if (sheet === undefined) return;
      const sheetNo = WORKSHEET_PART.exec(sheet.path)?.[1] ?? '1';
      for (const { eventType, value } of workbook._parseWorksheet(sheet.stream(), sheetNo)) {
        if (eventType !== 'worksheet') continue;
        for await (const row of value) {
          // exceljs rows are 1-based sparse arrays: index 0 is unused.
          const values = (row.values ?? []) as unknown[];
          const cells: Cell[] = [];
          for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
          if (isBlank(cells)) continue;
          yield { rowNumber: row.number, cells };
        }
      }
    } catch (error) {
      throw xlsxFailure(error);
    } finally {
      release();
    }
  }
  return {
    rows: rows(),
    bytesRead: () => Math.min(bytesRead, file.size),
    close: release,
  };
}

/**
 * The reader for a file's format.
 *
 * @example const table = readTable(await inspectImportFile(path));
 */
export function readTable(file: ImportFile, reading: CsvReading = {}): TableReader {
  return file.format === 'csv' ? readCsv(file, reading) : readXlsx(file);
}
