/**
 * Rarer, larger WAL checkpoints while an import runs on a SQLite store.
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

/** The store's own setting, read at its first widening (nothing else in the server changes it). */
const original = new WeakMap<Kysely<Database>, Promise<number>>();
/** Imports holding the widening, per store. */
const holders = new WeakMap<Kysely<Database>, number>();

async function readAutocheckpoint(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
  const pages = Number(rows[0]?.wal_autocheckpoint);
  // SQLite's default when the pragma says nothing usable.
  return Number.isSafeInteger(pages) ? pages : 1_000;
}

async function setAutocheckpoint(db: Kysely<Database>, pages: number): Promise<void> {
  // A pragma takes no bound parameter: `pages` is an integer of ours, never input.
  await sql.raw(`pragma wal_autocheckpoint = ${Math.trunc(pages)}`).execute(db);
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
export async function widenWalCheckpoints(store: Pick<Store, 'dialect' | 'db'>): Promise<() => Promise<void>> {
  if (store.dialect !== 'sqlite') return async () => {};
  const db = store.db;
  let reading = original.get(db);
  if (reading === undefined) {
    reading = readAutocheckpoint(db);
    original.set(db, reading);
  }
  let own: number;
  try {
    own = await reading;
  } catch (error) {
    if (original.get(db) === reading) original.delete(db);
    throw error;
  }
  holders.set(db, (holders.get(db) ?? 0) + 1);
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    const left = (holders.get(db) ?? 1) - 1;
    holders.set(db, left);
    if (left === 0) await setAutocheckpoint(db, own);
  };
  try {
    await setAutocheckpoint(db, IMPORT_WAL_AUTOCHECKPOINT);
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
  return release;
}
