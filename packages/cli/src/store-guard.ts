/**
 * The commands that read an existing node (`licence get`, `audit verify`, `trust-list export`,
 * `verify --data-dir`) must not make one. Opening a SQLite file that is not there creates the
 * folder and an empty store, and `trust-list export` then migrated it, made a master key and
 * wrote the signed trust list of that new, empty node with exit 0: a mistyped `--data-dir`
 * gave an operator a valid-looking list to hand to verifiers, who would then refuse every
 * licence of the real node. `catalogue list` already said so instead (ERR_CLI_NO_STORE);
 * every reading command now does, and creates nothing.
 */
import { existsSync } from 'node:fs';
import type { Language } from '@hutong/core';
import type { StoreLocation } from '@hutong/server';

/** What a command reports when the data directory holds no store. */
export interface NoStore {
  readonly code: 'ERR_CLI_NO_STORE';
  readonly message: string;
  readonly field: 'data-dir';
}

/**
 * The refusal for a SQLite location whose file does not exist; undefined when there is a
 * store to open (or the store is PostgreSQL, where `DATABASE_URL` names an existing database).
 *
 * @example const missing = noStoreAt(location, dataDir); if (missing) return fail(io, missing.code, missing.message, missing.field);
 */
export function noStoreAt(location: StoreLocation, dataDir: string, language: Language = 'en'): NoStore | undefined {
  if (location.dialect !== 'sqlite' || existsSync(location.file)) return undefined;
  return {
    code: 'ERR_CLI_NO_STORE',
    message:
      language === 'zh-CN'
        ? `${dataDir} 中没有 Hutong 存储（先在其上运行一次 \`hutong serve --data-dir ${dataDir}\`）`
        : `there is no Hutong store in ${dataDir} (start \`hutong serve --data-dir ${dataDir}\` once)`,
    field: 'data-dir',
  };
}
