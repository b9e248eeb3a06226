/**
 * The shared-string table of a workbook being imported (ECMA-376 Part 1 §18.4.9, `sst`: one
 * entry per distinct text, cells refer to it by index), kept in a temporary SQLite file
 * instead of memory. A sheet of a million people has a million distinct names, ID numbers and
 * certificate numbers: held as an array (exceljs' `sharedStrings: 'cache'`) they took memory in
 * proportion to the file (400,000 rows: 920 MiB peak RSS), breaking issue 3's "1M rows must
 * not need 1M rows of memory". On disk, memory is the page cache's bound (`cache_size`) plus one
 * batch of pending inserts, whatever the workbook.
 *
 * SQLite rather than a hand-made offsets file: lookups by integer primary key are a B-tree
 * descent in the rowid table, better-sqlite3 (already the embedded store's driver) answers
 * them synchronously — the worksheet parser resolves an index inline — and the file goes
 * with the table's `close`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';

/** Entries inserted per transaction (and the most held in memory before they are). */
const BATCH = 4096;
/** SQLite's page cache for the table, in KiB (a negative `cache_size` is KiB, sqlite.org/pragma.html#pragma_cache_size). */
const CACHE_KIB = 8192;

export interface SharedStringTable {
  /** Records entry `index` (entries arrive in order, from 0). */
  add(index: number, text: string): void;
  /** Entry `index`, or undefined when the workbook has none such. */
  get(index: number): string | undefined;
  /**
   * The table as exceljs' worksheet reader reads a cached one (`sharedStrings[index]`): an
   * object whose numeric properties are looked up in the table.
   */
  readonly view: object;
  /** Deletes the temporary file (also after a partial read). */
  close(): void;
}

/**
 * Opens an empty table in a temporary directory.
 *
 * @example const strings = openSharedStringTable(); strings.add(0, '张三'); strings.get(0) // '张三'
 */
export function openSharedStringTable(): SharedStringTable {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-xlsx-strings-'));
  let db: Sqlite.Database;
  try {
    db = new Sqlite(join(dir, 'strings.db'));
    // A scratch file: nothing to recover after a crash, so no journal and no fsync.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.exec('CREATE TABLE s (i INTEGER PRIMARY KEY, t TEXT NOT NULL)');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const insert = db.prepare('INSERT OR REPLACE INTO s (i, t) VALUES (?, ?)');
  const select = db.prepare<[number], string>('SELECT t FROM s WHERE i = ?').pluck();
  let pending: Array<readonly [number, string]> = [];
  const insertAll = db.transaction((rows: ReadonlyArray<readonly [number, string]>) => {
    for (const [i, t] of rows) insert.run(i, t);
  });
  const flush = () => {
    if (pending.length === 0) return;
    insertAll(pending);
    pending = [];
  };
  let closed = false;
  const table: SharedStringTable = {
    add(index, text) {
      pending.push([index, text]);
      if (pending.length >= BATCH) flush();
    },
    get(index) {
      if (!Number.isSafeInteger(index) || index < 0) return undefined;
      flush();
      return select.get(index);
    },
    view: new Proxy(
      {},
      {
        // Only canonical non-negative integers are indexes; anything else (`then`, symbols) is no entry.
        get: (_target, key) =>
          typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) ? table.get(Number(key)) : undefined,
      },
    ),
    close() {
      if (closed) return;
      closed = true;
      pending = [];
      try {
        db.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return table;
}
