/**
 * Rarer, larger WAL checkpoints, and a larger page cache, while an import runs on a SQLite store.
 *
 * Why: SQLite checkpoints the WAL inside the COMMIT that takes it past `wal_autocheckpoint`
 * pages (the store's 4,000, 16 MiB, store/dialects/sqlite.ts WAL_AUTOCHECKPOINT_PAGES; SQLite's
 * default is 1,000; sqlite.org/pragma.html#pragma_wal_autocheckpoint), on the
 * committing thread: it copies every page of the WAL into the database file and syncs that
 * file (synchronous=NORMAL syncs at checkpoints, store/dialects/sqlite.ts). An import commits a
 * 250-licence chunk of 500–600 WAL frames at a time (licence rows, seven indexes, status event,
 * audit record and log entry; the holder index's keys are random, so nearly every licence
 * dirties a page of its own), so at SQLite's default (what the figures below compare with this
 * setting) nearly every chunk's COMMIT checkpointed, and a
 * page written by several chunks (each B-tree's last leaf, its interior pages) was copied once
 * per chunk. At {@link IMPORT_WAL_AUTOCHECKPOINT} pages a checkpoint comes about once per
 * 5,000-row batch and copies each such page once: the writer thread's CPU in COMMIT fell from
 * 60–64 to 38–46 µs per row, and its time blocked in COMMIT from 300–370 to 150–245 µs per
 * row (bench/src ab-import, alternating rounds in one process, 10,000-row jobs on a 30,000-row
 * library, 2 shared cores under load 9–10).
 *
 * What it costs: the WAL file grows to about 40 MiB (disk, not memory: the wal-index adds
 * ~32 KiB per 4,096 frames) and each checkpoint stalls its COMMIT ten times longer but ten times
 * more rarely. Durability is untouched: a checkpoint only copies committed frames, and every
 * commit's own WAL fsync (`WalSync`) is made as before. The setting is the connection's and
 * dies with the process; it is restored when the last import of the process ends.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';

/** WAL pages (4 KiB each) before a commit checkpoints while an import runs: about one checkpoint per 5,000-row batch. */
export const IMPORT_WAL_AUTOCHECKPOINT = 10_000;

/**
 * The writer connection's page cache while an import runs, in KiB (`pragma cache_size` takes
 * a negative number as KiB: sqlite.org/pragma.html#pragma_cache_size): 64 MiB instead of the
 * store's own 16,000 KiB (better-sqlite3 builds SQLite with SQLITE_DEFAULT_CACHE_SIZE=-16000).
 *
 * Why: the holder index (`licences_holder`, a keyed hash per licence) takes its keys in random
 * order, so nearly every imported licence lands on a leaf page of its own, anywhere in an index
 * of ~75 bytes per licence (~37 MB at 500,000 licences, ~75 MB at a million); the other indexes
 * grow at their ends. Once that index outgrows the cache, nearly every row reads a leaf back
 * from the file (the WAL or the operating system's cache, then parsed) and evicts another.
 * Writer thread CPU per row on a 500,000-licence library, 16,000 KiB and 64 MiB alternating in
 * one process, 10,000-row jobs, 4 pairs, load 8-10 on 2 shared cores: 243 -> 227 us (median;
 * lower in every pair, by 8-16 us), the whole process 453 -> 424 us.
 *
 * What it costs: up to ~48 MiB more of the import process's memory while the import runs,
 * bounded whatever the file's size (memory stays flat); SQLite frees the pages past the store's
 * own size when it is put back.
 */
export const IMPORT_CACHE_SIZE_KIB = 64 * 1024;

/** A connection setting an import widens, and SQLite's default for it when the pragma says nothing usable. */
interface Widened {
  readonly pragma: 'wal_autocheckpoint' | 'cache_size';
  readonly value: number;
  readonly fallback: number;
}

/** The store's own values, read at the first widening of each (nothing else in the server changes them). */
const original = new WeakMap<Kysely<Database>, Map<string, Promise<number>>>();
/** Imports holding each widening, per store. */
const holders = new WeakMap<Kysely<Database>, Map<string, number>>();

async function readSetting(db: Kysely<Database>, setting: Widened): Promise<number> {
  // A pragma takes no bound parameter: its name is one of ours, never input.
  const { rows } = await sql.raw<Record<string, number>>(`pragma ${setting.pragma}`).execute(db);
  const value = Number(rows[0]?.[setting.pragma]);
  return Number.isSafeInteger(value) ? value : setting.fallback;
}

async function writeSetting(db: Kysely<Database>, setting: Widened, value: number): Promise<void> {
  // An integer of ours, never input.
  await sql.raw(`pragma ${setting.pragma} = ${Math.trunc(value)}`).execute(db);
}

/**
 * Sets `setting` on a SQLite store's connection and returns its release: when the last import
 * of the process releases it, the store's own value is put back. Concurrent imports share the
 * widening. Only speed rests on this bookkeeping, never what is stored: at worst an import runs
 * with the store's own value.
 */
async function widen(store: Pick<Store, 'dialect' | 'db'>, setting: Widened): Promise<() => Promise<void>> {
  if (store.dialect !== 'sqlite') return async () => {};
  const db = store.db;
  let originals = original.get(db);
  if (originals === undefined) {
    originals = new Map();
    original.set(db, originals);
  }
  let counts = holders.get(db);
  if (counts === undefined) {
    counts = new Map();
    holders.set(db, counts);
  }
  let reading = originals.get(setting.pragma);
  if (reading === undefined) {
    reading = readSetting(db, setting);
    originals.set(setting.pragma, reading);
  }
  let own: number;
  try {
    own = await reading;
  } catch (error) {
    if (originals.get(setting.pragma) === reading) originals.delete(setting.pragma);
    throw error;
  }
  counts.set(setting.pragma, (counts.get(setting.pragma) ?? 0) + 1);
  let released = false;
  const held = counts;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    const left = (held.get(setting.pragma) ?? 1) - 1;
    held.set(setting.pragma, left);
    if (left === 0) await writeSetting(db, setting, own);
  };
  try {
    await writeSetting(db, setting, setting.value);
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
  return release;
}

/**
 * Raises the store's `wal_autocheckpoint` to {@link IMPORT_WAL_AUTOCHECKPOINT} (SQLite only;
 * PostgreSQL checkpoints on its own schedule and is left alone) and returns its release: when
 * the last import of the process releases it, the store's own setting is put back. Concurrent
 * imports share the widening. Only the speed of checkpoints rests on this bookkeeping, never
 * what they keep: at worst an import runs with the store's own setting.
 *
 * @example
 * const release = await widenWalCheckpoints(ctx.store);
 * try { await importBatches(); } finally { await release(); }
 */
export function widenWalCheckpoints(store: Pick<Store, 'dialect' | 'db'>): Promise<() => Promise<void>> {
  return widen(store, { pragma: 'wal_autocheckpoint', value: IMPORT_WAL_AUTOCHECKPOINT, fallback: 1_000 });
}

/**
 * Widens the SQLite writer connection's page cache to {@link IMPORT_CACHE_SIZE_KIB} while an
 * import runs (PostgreSQL: nothing; its shared buffers are the server's), as
 * {@link widenWalCheckpoints} does for checkpoints: shared by concurrent imports, the store's
 * own size put back after the last.
 *
 * @example
 * const release = await widenPageCache(ctx.store);
 * try { await importBatches(); } finally { await release(); }
 */
export function widenPageCache(store: Pick<Store, 'dialect' | 'db'>): Promise<() => Promise<void>> {
  return widen(store, { pragma: 'cache_size', value: -IMPORT_CACHE_SIZE_KIB, fallback: -16_000 });
}
