/**
 * The file of a bulk import, looked at once before any row is read: its format (by
 * extension, checked against the content), its SHA-256 (the job's identity: the same file
 * resumes the same job) and, for CSV, its text encoding.
 *
 * Encodings: UTF-8 with or without a byte-order mark is the contract. Spreadsheets saved as
 * "CSV" by Chinese editions of Excel and WPS are GB18030/GBK instead; such a file fails
 * UTF-8 decoding (GBK's two-byte Chinese characters are not UTF-8 sequences), and is then
 * read as GB18030 (a superset of GBK and GB2312, WHATWG Encoding §10.2), which Node's
 * TextDecoder supports. A file that is neither is refused before anything is imported.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ServerError } from '../errors.js';

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const CSV_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export interface ImportFile {
  readonly path: string;
  /** The base name, for the job row and messages (a directory may name a person). */
  readonly name: string;
  readonly format: ImportFormat;
  readonly size: number;
  /** Hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** The CSV text encoding; `xlsx` for workbooks (XML inside is UTF-8 by ECMA-376). */
  readonly encoding: CsvEncoding | 'xlsx';
}

/** ZIP local file header signature (APPNOTE.TXT §4.3.7): every .xlsx starts with it. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;

function unreadable(path: string, cause: unknown): ServerError {
  const code = (cause as { code?: unknown } | null)?.code;
  return new ServerError('ERR_IMPORT_FILE_UNREADABLE', {
    field: 'file',
    params: { file: basename(path), reason: typeof code === 'string' ? code : String(cause) },
    cause,
  });
}

/**
 * The format of an import file from its extension (`.csv` or `.xlsx`, any case).
 *
 * @example importFormatOf('stock-2019.XLSX') // 'xlsx'
 */
export function importFormatOf(path: string): ImportFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.xlsx') return 'xlsx';
  throw new ServerError('ERR_IMPORT_FORMAT', { field: 'file', params: { file: basename(path) } });
}

/**
 * Reads the file once: SHA-256, and for CSV whether it is valid UTF-8 (else valid GB18030).
 * Streams in 64 KiB chunks, so a file of any size takes constant memory.
 */
async function scan(path: string, onChunk: (chunk: Buffer, offset: number) => void): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onChunk(chunk, offset);
      offset += chunk.length;
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof ServerError) throw error;
    throw unreadable(path, error);
  }
}

/** Whether the whole file decodes without error as `encoding`; the offset of the first bad chunk otherwise. */
async function firstUndecodableOffset(path: string, encoding: CsvEncoding): Promise<number | undefined> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let bad: number | undefined;
  await scan(path, (chunk, offset) => {
    if (bad !== undefined) return;
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      bad = offset;
    }
  });
  if (bad === undefined) {
    try {
      decoder.decode();
    } catch {
      return (await stat(path)).size;
    }
  }
  return bad;
}

/**
 * Looks at an import file: format, size, SHA-256 and (CSV) encoding. Refuses an unknown
 * extension (`ERR_IMPORT_FORMAT`), a `.xlsx` that is not a ZIP (`ERR_IMPORT_XLSX_INVALID`),
 * CSV text that is neither UTF-8 nor GB18030 (`ERR_IMPORT_ENCODING`), and a missing or
 * unreadable file (`ERR_IMPORT_FILE_UNREADABLE`).
 *
 * @example const file = await inspectImportFile('/srv/stock/driving-licences.csv'); file.encoding // 'utf-8'
 */
export async function inspectImportFile(path: string): Promise<ImportFile> {
  const format = importFormatOf(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    size = info.size;
  } catch (error) {
    throw unreadable(path, error);
  }
  const hash = createHash('sha256');
  const head: number[] = [];
  // UTF-8 is checked in the same pass as the hash: most files are UTF-8 and cost one read.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let utf8Bad: number | undefined;
  await scan(path, (chunk, offset) => {
    hash.update(chunk);
    if (head.length < ZIP_MAGIC.length) head.push(...chunk.subarray(0, ZIP_MAGIC.length - head.length));
    if (format !== 'csv' || utf8Bad !== undefined) return;
    try {
      utf8.decode(chunk, { stream: true });
    } catch {
      utf8Bad = offset;
    }
  });
  const sha256 = hash.digest('hex');
  const name = basename(path);
  if (format === 'xlsx') {
    if (!ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
      throw new ServerError('ERR_IMPORT_XLSX_INVALID', {
        field: 'file',
        params: { reason: 'not a ZIP package (Office Open XML)' },
        zhParams: { reason: '不是 ZIP 包（Office Open XML）' },
      });
    }
    return { path, name, format, size, sha256, encoding: 'xlsx' };
  }
  if (utf8Bad === undefined) {
    try {
      utf8.decode();
      return { path, name, format, size, sha256, encoding: 'utf-8' };
    } catch {
      utf8Bad = size;
    }
  }
  if ((await firstUndecodableOffset(path, 'gb18030')) === undefined) {
    return { path, name, format, size, sha256, encoding: 'gb18030' };
  }
  throw new ServerError('ERR_IMPORT_ENCODING', { field: 'file', params: { offset: utf8Bad } });
}
