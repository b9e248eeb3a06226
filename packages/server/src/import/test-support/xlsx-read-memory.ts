/**
 * Peak memory of reading a large XLSX import file (issue 3: "1M rows must not need 1M rows of
 * memory"), against the same rows as CSV read in the same run (the CSV reader is flat by
 * construction: it is the baseline). Not a timed test and not part of `npm test`.
 *
 *   nice npx tsx packages/server/src/import/test-support/xlsx-read-memory.ts [--heap MiB] [rows …]
 *
 * For each row count (default 100000 and 400000): writes the rows (`validRow`: a unique name,
 * citizen ID, certificate number and source key per row, so the workbook's shared-string table
 * grows with the file) as CSV and as XLSX with shared strings, then reads each file through
 * `readTable` in a fresh Node process and prints its peak RSS (getrusage maxrss) and its RSS
 * before reading. Memory is flat when the peak does not grow with the rows. `--heap MiB` caps
 * the readers' V8 heap (`--max-old-space-size`): V8 grows its heap lazily under allocation, so
 * an uncapped peak also shows garbage not yet collected; a reader that finishes under a small
 * cap holds no more than the cap, whatever the file.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { inspectImportFile } from '../import-file.js';
import { readTable } from '../read-table.js';
import { IMPORT_COLUMNS, validRow } from './import-fixtures.js';

const MiB = 1024 * 1024;

async function writeFiles(dir: string, rows: number): Promise<{ csv: string; xlsx: string }> {
  const csv = join(dir, `rows-${rows}.csv`);
  const out = createWriteStream(csv);
  out.write(`${IMPORT_COLUMNS.join(',')}\n`);
  for (let n = 1; n <= rows; n++) {
    const row = validRow(n);
    if (!out.write(`${IMPORT_COLUMNS.map((c) => row[c]).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const xlsx = join(dir, `rows-${rows}.xlsx`);
  // The streaming writer, with a shared-string table as Excel and WPS write one.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const sheet = workbook.addWorksheet('证照');
  sheet.addRow([...IMPORT_COLUMNS]).commit();
  for (let n = 1; n <= rows; n++) {
    const row = validRow(n);
    sheet.addRow(IMPORT_COLUMNS.map((c) => row[c])).commit();
  }
  sheet.commit();
  await workbook.commit();
  return { csv, xlsx };
}

/** In the child: reads every row, prints `{ rows, rssBeforeMiB, peakRssMiB }`. */
async function readAll(path: string): Promise<void> {
  const file = await inspectImportFile(path);
  const before = process.memoryUsage().rss;
  const table = readTable(file);
  let rows = 0;
  // Cells that did not resolve to text (a lost shared string reads as an error cell).
  let unresolved = 0;
  for await (const row of table.rows) {
    rows += 1;
    unresolved += row.cells.filter((cell) => typeof cell !== 'string').length;
  }
  table.close();
  // getrusage: ru_maxrss in KiB on Linux.
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ rows, unresolved, rssBeforeMiB: +(before / MiB).toFixed(1), peakRssMiB: +(peak / MiB).toFixed(1) })}\n`,
  );
}

function measure(
  path: string,
  heapMiB: number | undefined,
): { rows: number; unresolved: number; rssBeforeMiB: number; peakRssMiB: number } {
  const heap = heapMiB === undefined ? [] : [`--max-old-space-size=${heapMiB}`];
  const child = spawnSync(
    process.execPath,
    [...heap, ...process.execArgv, fileURLToPath(import.meta.url), '--read', path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) {
    const oom = /heap out of memory/.test(child.stderr);
    throw new Error(
      `reading ${path} failed${oom ? ` (heap out of memory under ${heapMiB} MiB)` : `: ${child.stderr}`}`,
    );
  }
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--read' && args[1] !== undefined) return readAll(args[1]);
  const heapAt = args.indexOf('--heap');
  const heapMiB = heapAt === -1 ? undefined : Number(args[heapAt + 1]);
  if (heapAt !== -1) args.splice(heapAt, 2);
  const counts = args.length > 0 ? args.map(Number) : [100_000, 400_000];
  const dir = mkdtempSync(join(tmpdir(), 'hutong-xlsx-memory-'));
  try {
    for (const rows of counts) {
      const { csv, xlsx } = await writeFiles(dir, rows);
      const c = measure(csv, heapMiB);
      const x = measure(xlsx, heapMiB);
      process.stdout.write(
        `${rows} rows${heapMiB === undefined ? '' : ` (heap cap ${heapMiB} MiB)`}: CSV ${(statSync(csv).size / MiB).toFixed(1)} MiB peak RSS ${c.peakRssMiB} MiB (before ${c.rssBeforeMiB}); ` +
          `XLSX ${(statSync(xlsx).size / MiB).toFixed(1)} MiB peak RSS ${x.peakRssMiB} MiB (before ${x.rssBeforeMiB}); ` +
          `XLSX ÷ CSV ${(x.peakRssMiB / c.peakRssMiB).toFixed(2)}\n`,
      );
      if (c.rows !== rows + 1 || x.rows !== rows + 1) throw new Error(`rows read: CSV ${c.rows}, XLSX ${x.rows}`);
      if (c.unresolved + x.unresolved > 0)
        throw new Error(`cells without text: CSV ${c.unresolved}, XLSX ${x.unresolved}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
