import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLicenceType } from '@hutong/core';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDirs } from '../test-support/scratch-dirs.js';
import { mapImportColumns } from './import-columns.js';
import { importFormatOf, inspectImportFile } from './import-file.js';
import { csvField, reportLine } from './import-report.js';
import { type CsvReading, cellOf, readTable, scanCsv, type TableRow } from './read-table.js';
import { IMPORT_COLUMNS, importTypeDocument, writeCsv, writeXlsx } from './test-support/import-fixtures.js';
import { writeStoredZip } from './test-support/stored-zip.js';
import { openSharedStringTable } from './xlsx-shared-strings.js';

const scratch = scratchDirs();

let dir: string;
beforeAll(() => {
  dir = scratch('hutong-read-table-');
});

async function rowsOf(path: string, reading: CsvReading = {}): Promise<TableRow[]> {
  const table = readTable(await inspectImportFile(path), reading);
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

  it('scans a file before reading: plain RFC 4180 is read by the splitter with the same rows, anything else by csv-parse', async () => {
    const plain = join(dir, 'plain.csv');
    writeFileSync(plain, '\uFEFFa,b\r\n1, x \r\n\r\n"two\nlines","say ""hi"""\r\n3\r\n');
    expect(await scanCsv(await inspectImportFile(plain))).toEqual({ rows: 3, plain: true });
    expect(await rowsOf(plain, { plain: true })).toEqual(await rowsOf(plain));
    // Old Mac line ends: csv-parse reads them, the splitter does not.
    const mac = join(dir, 'mac.csv');
    writeFileSync(mac, 'a,b\r1,2\r3,4\r');
    expect(await scanCsv(await inspectImportFile(mac))).toEqual({ rows: 2, plain: false });
    // A quote inside an unquoted field: csv-parse names the line.
    const stray = join(dir, 'stray-quote.csv');
    writeFileSync(stray, 'a,b\n1,2\n3,x"y\n');
    await expect(scanCsv(await inspectImportFile(stray))).rejects.toMatchObject({
      code: 'ERR_IMPORT_CSV_SYNTAX',
      field: 'file',
      params: { line: 3 },
    });
  });

  it('refuses to go on with the splitter when the file changed after its scan', async () => {
    const path = join(dir, 'changed.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const file = await inspectImportFile(path);
    const { plain } = await scanCsv(file);
    writeFileSync(path, 'a,b\n1,"2\n');
    const table = readTable(file, { plain });
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
          // What writeCsv writes is plain RFC 4180: the splitter reads the same rows.
          expect(await scanCsv(await inspectImportFile(path))).toEqual({ rows: rows.length, plain: true });
          expect(await rowsOf(path, { plain: true })).toEqual(await rowsOf(path));
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

/** The parts of a minimal workbook (ECMA-376 Part 1 §12.3): one sheet whose cells refer to shared strings. */
function workbookParts(): Record<string, string> {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="证照" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    // Row 1: two shared strings; row 2: a rich-text entry, a number, the empty entry; row 3 blank.
    'xl/worksheets/sheet1.xml':
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>` +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>42</v></c><c r="C2" t="s"><v>3</v></c></row>' +
      '<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" t="inlineStr"><is><t>内联</t></is></c></row>' +
      '</sheetData></worksheet>',
    'xl/sharedStrings.xml':
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="5" uniqueCount="4">` +
      '<si><t>certificateHolderName</t></si><si><t xml:space="preserve"> 张三 </t></si>' +
      '<si><r><t>新</t></r><r><rPr><b/></rPr><t>A0000000001</t></r></si><si><t/></si></sst>',
  };
}

describe('XLSX shared strings on disk', () => {
  // Excel and exceljs write the worksheet before the shared strings (exceljs then spools the
  // sheet to a temporary file); other writers put the table first (the sheet streams through it).
  for (const [order, names] of [
    ['sheet before the shared strings (Excel)', ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']],
    ['shared strings before the sheet', ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']],
  ] as const) {
    it(`resolves every kind of entry, ${order}`, async () => {
      const parts = workbookParts();
      const head = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];
      const path = join(dir, `order-${names[0].length}.xlsx`);
      writeStoredZip(
        path,
        [...head, ...names].map((name) => [name, parts[name] ?? ''] as const),
      );
      const before = readdirSync(tmpdir()).filter((name) => name.startsWith('hutong-xlsx-strings-')).length;
      expect((await rowsOf(path)).map((r) => [r.rowNumber, r.cells])).toEqual([
        [1, ['certificateHolderName', '张三']],
        [2, ['新A0000000001', '42', '']],
        [4, ['张三', '内联']],
      ]);
      // The temporary table went with the read.
      expect(readdirSync(tmpdir()).filter((name) => name.startsWith('hutong-xlsx-strings-')).length).toBe(before);
    });
  }

  it('keeps entries by index across batches, answers none for an index it lacks, and deletes its file on close', () => {
    const table = openSharedStringTable();
    for (let i = 0; i < 10_000; i++) table.add(i, `持证人${i}`);
    expect(table.get(0)).toBe('持证人0');
    expect(table.get(4096)).toBe('持证人4096');
    expect(table.get(9_999)).toBe('持证人9999');
    expect(table.get(10_000)).toBeUndefined();
    expect(table.get(-1)).toBeUndefined();
    const view = table.view as Record<string, unknown>;
    expect(view['5']).toBe('持证人5');
    expect(view['05']).toBeUndefined();
    expect(view.then).toBeUndefined();
    const files = readdirSync(tmpdir()).filter((name) => name.startsWith('hutong-xlsx-strings-'));
    table.close();
    table.close();
    const left = readdirSync(tmpdir()).filter((name) => name.startsWith('hutong-xlsx-strings-'));
    expect(files.length - left.length).toBe(1);
    expect(files.filter((name) => !left.includes(name)).every((name) => !existsSync(join(tmpdir(), name)))).toBe(true);
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
