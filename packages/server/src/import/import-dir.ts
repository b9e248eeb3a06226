/**
 * The node's import folder: uploaded import files, their previews and reports
 * (import-upload-runner.ts) and `hutong import`'s reports. One folder per store, not per
 * process: an upload received by one server process is checked, committed and downloaded by
 * whichever process the next request reaches, so every process on one database must see the
 * same files (docs/design/import-over-http.md, "Several processes on one database").
 *
 * Why a shared folder rather than the files' bytes in the store: an import reads its file
 * front to back several times (hash, dry run, commit, resume after a kill) and writes a report
 * as long as the file; in the database that is up to the upload limit (64 MiB) of bytea per
 * upload through WAL, replication and every backup, for files the retention deletes within
 * days. A folder on a shared file system (NFS, a ReadWriteMany volume) keeps the streaming
 * readers as they are; what can go wrong — a process given a folder of its own — is checked at
 * start instead of failing a commit weeks later.
 *
 * The check: the first process to start on a store writes a mark file `.hutong-store-<uuid>`
 * into its folder and the uuid into the store (`meta.import_dir_mark`); every later start
 * must find that file in its own folder, or it is refused (`ERR_IMPORT_DIR_NOT_SHARED`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { META_KEYS, readMeta } from '../store/meta.js';

const MARK_PREFIX = '.hutong-store-';
const MARK_TEXT =
  'This folder is the import folder of a Hutong store (HUTONG_IMPORT_DIR). Every server process\n' +
  'of that store looks for this file at start: keep it, and give every process this same folder.\n';

/**
 * The import folder from `HUTONG_IMPORT_DIR` (relative to `cwd`), default `<dataDir>/imports`.
 *
 * @example importDirFrom({ HUTONG_IMPORT_DIR: '/srv/hutong-imports' }, '/var/lib/hutong') // '/srv/hutong-imports'
 */
export function importDirFrom(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
  cwd: string = process.cwd(),
): string {
  return importDirIsDefault(env) ? resolve(cwd, dataDir, 'imports') : resolve(cwd, env.HUTONG_IMPORT_DIR ?? '');
}

/**
 * Whether the import folder is the default `<dataDir>/imports` (HUTONG_IMPORT_DIR unset or empty).
 *
 * @example importDirIsDefault({ HUTONG_IMPORT_DIR: '' }) // true
 */
export function importDirIsDefault(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.HUTONG_IMPORT_DIR ?? '') === '';
}

/** The mark file of a store in an import folder. */
export function importDirMarkPath(dir: string, mark: string): string {
  return join(dir, `${MARK_PREFIX}${mark}`);
}

/**
 * Makes sure `dir` is the store's import folder, creating the folder and, on the store's
 * first start, its mark. Safe when several processes start at once: each writes a mark of its
 * own, the store keeps the first (insert … on conflict do nothing, as `ensureNodeId`), the
 * others delete theirs and find the winner's — in a shared folder. Refuses a folder without
 * the store's mark (`ERR_IMPORT_DIR_NOT_SHARED`); returns the mark.
 *
 * `dataDirDefault`: the store is SQLite and `dir` is its default folder `<data-dir>/imports`
 * (no HUTONG_IMPORT_DIR). A SQLite file lives in its data directory and every process of it
 * opens that directory, so they all see that one folder: when the store's mark was made there
 * (`meta.import_dir_mark_scope` = `data-dir`), a missing mark only means the folder was deleted
 * (to free space, say) and is written again instead of refusing the start. A mark made in a
 * folder HUTONG_IMPORT_DIR named, and every PostgreSQL store, keep the strict check: there a
 * missing mark may be a process given a folder of its own.
 *
 * @example await ensureSharedImportDir(store.db, '/srv/hutong-imports') // '0b6f…'
 */
export async function ensureSharedImportDir(
  db: Kysely<Database>,
  dir: string,
  options: { readonly dataDirDefault?: boolean; readonly newMark?: () => string } = {},
): Promise<string> {
  const dataDirDefault = options.dataDirDefault === true;
  mkdirSync(dir, { recursive: true });
  let mark = await readMeta(db, META_KEYS.importDirMark);
  if (mark === undefined) {
    const candidate = (options.newMark ?? randomUUID)();
    // The file before the row: a row the store keeps always has its file in the winner's folder.
    writeFileSync(importDirMarkPath(dir, candidate), MARK_TEXT, { flag: 'wx', mode: 0o644 });
    await db
      .insertInto('meta')
      .values({ key: META_KEYS.importDirMark, value: candidate })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    mark = await readMeta(db, META_KEYS.importDirMark);
    if (mark !== candidate) rmSync(importDirMarkPath(dir, candidate), { force: true });
    // The row was inserted just above or already there; it is never deleted.
    if (mark === undefined) throw new Error('meta.import_dir_mark vanished right after it was written');
  }
  if (existsSync(importDirMarkPath(dir, mark))) {
    // Made here, or found here (a store marked before the scope was recorded): the data
    // directory's own folder from now on. A start stopped before this line is strict, the safe side.
    if (dataDirDefault) await markScopeDataDir(db);
    return mark;
  }
  if (dataDirDefault && (await readMeta(db, META_KEYS.importDirMarkScope)) === DATA_DIR_SCOPE) {
    // 'w', not 'wx': processes starting at once over a deleted folder each write the same text.
    writeFileSync(importDirMarkPath(dir, mark), MARK_TEXT, { flag: 'w', mode: 0o644 });
    return mark;
  }
  throw new ServerError('ERR_IMPORT_DIR_NOT_SHARED', {
    field: 'HUTONG_IMPORT_DIR',
    params: { dir, mark: `${MARK_PREFIX}${mark}` },
  });
}

/** `meta.import_dir_mark_scope`'s value for a mark in a SQLite store's `<data-dir>/imports`. */
const DATA_DIR_SCOPE = 'data-dir';

async function markScopeDataDir(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: META_KEYS.importDirMarkScope, value: DATA_DIR_SCOPE })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
}
