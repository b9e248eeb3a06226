import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLicenceType } from '@hutong/core';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapImportColumns } from './import-columns.js';
import { importFormatOf, inspectImportFile } from './import-file.js';
import { csvField, reportLine } from './import-report.js';
import { cellOf, readTable, type TableRow } from './read-table.js';
import { IMPORT_COLUMNS, importTypeDocument, writeCsv, writeXlsx } from './test-support/import-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-read-table-'));
});

async function rowsOf(path: string): Promise<TableRow[]> {
  const table = readTable(await inspectImportFile(path));
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

describe('inspectImportFile', () => {
  it('knows .csv and .xlsx in any case, and refuses other extensions', () => {
    expect(importFormatOf('a/B.CSV')).toBe('csv');
    expect(importFormatOf('stock.Xlsx')).toBe('xlsx');
    expect(() => importFormatOf('stock.xls')).toThrow(expect.objectContaining({ code: 'ERR_IMPORT_FORMAT' }));
    expect(() => importFormatOf('stock')).toThrow(expect.objectContaining({ code: 'ERR_IMPORT_FORMAT' }));
  });

  it('hashes the bytes (SHA-256) and tells UTF-8 from GB18030', async () => {
    const utf8 = join(dir, 'utf8.csv');
    writeFileSync(utf8, 'a,b\n张三,1\n');
    expect(await inspectImportFile(utf8)).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      size: Buffer.byteLength('a,b\n张三,1\n'),
      sha256: createHash('sha256').update('a,b\n张三,1\n', 'utf8').digest('hex'),
    });
    const gbk = join(dir, 'gbk.csv');
    // 张三 in GBK: D5 C5 C8 FD.
    writeFileSync(gbk, new Uint8Array([0x61, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]));
    expect((await inspectImportFile(gbk)).encoding).toBe('gb18030');
    expect((await rowsOf(gbk)).map((r) => r.cells)).toEqual([['a'], ['张三']]);
  });

  it('refuses bytes that are no text, a missing file, and an .xlsx that is no ZIP', async () => {
    const binary = join(dir, 'binary.csv');
    writeFileSync(binary, new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0xff]));
    await expect(inspectImportFile(binary)).rejects.toMatchObject({ code: 'ERR_IMPORT_ENCODING' });
    await expect(inspectImportFile(join(dir, 'nope.csv'))).rejects.toMatchObject({
      code: 'ERR_IMPORT_FILE_UNREADABLE',
      params: { reason: 'ENOENT' },
    });
    await expect(inspectImportFile(dir.concat('/'))).rejects.toMatchObject({ code: 'ERR_IMPORT_FORMAT' });
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'a,b\n1,2\n');
    await expect(inspectImportFile(fake)).rejects.toMatchObject({ code: 'ERR_IMPORT_XLSX_INVALID' });
  });
});

describe('readTable (CSV)', () => {
  it('numbers rows as a spreadsheet does: header 1, blank lines keep their number, a quoted line break stays in its cell', async () => {
    const path = join(dir, 'rows.csv');
    writeFileSync(path, '\uFEFFa,b\r\n1, x \r\n\r\n"two\nlines","say ""hi"""\r\n3\r\n');
    const rows = await rowsOf(path);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['a', 'b'] },
      { rowNumber: 2, cells: ['1', 'x'] },
      { rowNumber: 4, cells: ['two\nlines', 'say "hi"'] },
      { rowNumber: 5, cells: ['3'] },
    ]);
  });

  it('refuses a quote that never closes, naming the line', async () => {
    const path = join(dir, 'open-quote.csv');
    writeFileSync(path, 'a,b\n1,2\n"3,4\n5,6\n');
    const table = readTable(await inspectImportFile(path));
    await expect(
      (async () => {
        for await (const _row of table.rows);
      })(),
    ).rejects.toMatchObject({ code: 'ERR_IMPORT_CSV_SYNTAX', field: 'file' });
  });

  it('reads what writeCsv wrote, whatever the text (fast-check)', async () => {
    const path = join(dir, 'property.csv');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.string()), { minLength: 1, maxLength: 5 }),
        async (pairs) => {
          const rows = pairs
            .map(([a, b]) => ({ a: a.trim(), b: b.trim() }))
            .filter((r) => r.a !== '' && !/\r(?!\n)/.test(r.a + r.b));
          writeCsv(path, ['a', 'b'], rows);
          const read = (await rowsOf(path)).slice(1).map((r) => r.cells);
          // Rows whose cells are all blank after trimming are not rows.
          expect(read).toEqual(rows.map((r) => [r.a, r.b]));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('readTable (XLSX)', () => {
  it('reads the first worksheet only, with dates as yyyy-MM-dd and rows numbered as in Excel', async () => {
    const path = join(dir, 'book.xlsx');
    await writeXlsx(
      path,
      ['a', 'b', 'c'],
      [
        { a: 'x', b: new Date(Date.UTC(2024, 1, 29)), c: 12.5 },
        {},
        { a: true, b: { richText: [{ text: '富' }, { text: '文本' }] }, c: { formula: '1+1', result: 2 } },
      ],
    );
    expect((await rowsOf(path)).map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['x', '2024-02-29', '12.5']],
      [4, ['true', '富文本', '2']],
    ]);
  });

  it('keeps what is not a value as a cell problem', () => {
    expect(cellOf(Number('110105194912310021'))).toEqual({ problem: 'precision', shown: '110105194912310020' });
    expect(cellOf({ error: '#REF!' })).toEqual({ problem: 'error', shown: '#REF!' });
    expect(cellOf({ formula: 'A1*2' })).toEqual({ problem: 'formula', shown: '=A1*2' });
    expect(cellOf({ text: ' link ', hyperlink: 'https://example.org' })).toBe('link');
    expect(cellOf(null)).toBe('');
    expect(cellOf(42)).toBe('42');
  });
});

describe('mapImportColumns', () => {
  const type = parseLicenceType({ ...importTypeDocument(), version: 1, status: 'published' });

  it('places metadata, sourceKey and face columns, ignoring trailing blank header cells', () => {
    const columns = mapImportColumns([...IMPORT_COLUMNS, '', ''], type);
    expect(columns.width).toBe(IMPORT_COLUMNS.length);
    expect(columns.sourceKey).toBe(0);
    expect(columns.metadata.certificateHolderCode).toBe(2);
    expect(columns.face.get('operationCategory')).toBe(IMPORT_COLUMNS.indexOf('operationCategory'));
    expect(columns.face.has('employerCode')).toBe(false);
  });

  it('names every unknown column, a repeated one, and the missing ones', () => {
    expect(() => mapImportColumns([...IMPORT_COLUMNS, 'photo', 'Remarks'], type)).toThrow(
      expect.objectContaining({
        code: 'ERR_IMPORT_COLUMN_UNKNOWN',
        field: 'photo',
        params: expect.objectContaining({ columns: 'photo, Remarks' }),
      }),
    );
    expect(() => mapImportColumns([...IMPORT_COLUMNS, 'holderName'], type)).toThrow(
      expect.objectContaining({ code: 'ERR_IMPORT_COLUMN_DUPLICATE', field: 'holderName' }),
    );
    expect(() => mapImportColumns(['certificateHolderName', 'holderName'], type)).toThrow(
      expect.objectContaining({ code: 'ERR_IMPORT_COLUMN_MISSING', field: 'certificateHolderCode' }),
    );
    expect(() => mapImportColumns(['a', '', 'b'], type)).toThrow(
      expect.objectContaining({ code: 'ERR_IMPORT_COLUMN_UNKNOWN' }),
    );
  });
});

describe('the import report', () => {
  it('quotes per RFC 4180 and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes one line per row: number, sourceKey, outcome, identifier, reasons, warnings', () => {
    const line = reportLine(
      {
        rowNumber: 7,
        sourceKey: 'K,7',
        outcome: 'rejected',
        reasons: [
          { code: 'ERR_A', field: 'x', en: 'first', zh: '一' },
          { code: 'ERR_B', en: 'second', zh: '二' },
        ],
      },
      'en',
    );
    expect(parse(line)).toEqual([['7', 'K,7', 'rejected', '', 'ERR_A [x]: first | ERR_B: second', '']]);
  });

  it('survives any text in its cells (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (sourceKey, message) => {
        const line = reportLine(
          { rowNumber: 2, sourceKey, outcome: 'rejected', reasons: [{ code: 'ERR_X', en: message, zh: message }] },
          'en',
        );
        const [cells] = parse(line) as string[][];
        const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
        expect(cells?.[1]).toBe(defused(sourceKey));
        expect(cells?.[4]).toBe(defused(`ERR_X: ${message}`));
      }),
    );
  });
});
