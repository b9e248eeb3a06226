/**
 * `hutong catalogue list [--data-dir DIR]`: prints ONE JSON array of the published licence
 * types, each its catalogue entry at the version in force (core's `LicenceType`: codes,
 * names, validity, `faceFields` with key, labels, type, format, required, sensitivity) plus
 * `issuers`, the USCCs on its responsibility list (the departments allowed to issue it).
 * Exit 0 with the array (possibly empty); 1 with `{"error":{"code","message"}}` when there is
 * no store, it was never initialised, or it cannot be read; 2 for a usage mistake.
 *
 * It only reads — no migration, no write — so it runs beside a server on the same data
 * directory (SQLite WAL lets readers through while the server writes; the busy timeout waits
 * out a checkpoint). `$DATABASE_URL` selects PostgreSQL, as for serve.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHutongError } from '@hutong/core';
import { isServerError, listPublishedTypes, META_KEYS, openStore, readMeta, storeLocation } from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP, languageOf } from '../language.js';
import { noStoreAt } from '../store-guard.js';

const USAGE = `Usage: hutong catalogue list [--data-dir DIR] [--lang en|zh-CN]

Prints the published licence types as one JSON array: each type's catalogue entry
(certificateTypeCode, name, faceFields …) and its issuers (USCCs allowed to issue it).
  --data-dir  where the SQLite store lives (default: $HUTONG_DATA_DIR or ./data)
  ${LANG_OPTION_HELP.en}
With $DATABASE_URL set (postgres://…), the store is that PostgreSQL database instead.
`;

/** The schema version that brought the catalogue tables (migration 0002). */
const CATALOGUE_SCHEMA_VERSION = 2;

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong catalogue list: ${problem}\n\n${USAGE}`);
  return 2;
}

function fail(io: CliIo, code: string, message: string): number {
  printJson(io, { error: { code, message } });
  io.stderr(`hutong catalogue list: ${message}\n`);
  return 1;
}

/**
 * Builds the command around an environment (tests pass their own).
 *
 * @example const code = await createCatalogueList(process.env)(['--data-dir', './data'], io);
 */
export function createCatalogueList(env: Readonly<Record<string, string | undefined>>): Command {
  return async (argv, io) => {
    let values: { 'data-dir'?: string; lang?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: { 'data-dir': { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: false,
      }));
    } catch (error) {
      return usageError(io, error instanceof Error ? error.message : String(error));
    }
    if (values.help === true) {
      io.stdout(USAGE);
      return 0;
    }
    const language = languageOf(values.lang, env);
    if (language === null) return usageError(io, '--lang must be en or zh-CN');
    const dataDir = resolve(io.cwd, values['data-dir'] ?? env.HUTONG_DATA_DIR ?? './data');
    const location = storeLocation({ dataDir, databaseUrl: env.DATABASE_URL });
    // Opening a SQLite file that is not there would create an empty store: say so instead.
    const missing = noStoreAt(location, dataDir, language);
    if (missing !== undefined) return fail(io, missing.code, missing.message);
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    try {
      store = await openStore(location);
      const tables = await store.db.introspection.getTables();
      const version = tables.some((table) => table.name === 'meta')
        ? await readMeta(store.db, META_KEYS.schemaVersion)
        : undefined;
      if (version === undefined || Number(version) < CATALOGUE_SCHEMA_VERSION) {
        return fail(
          io,
          'ERR_CLI_STORE_NOT_INITIALISED',
          `the store in ${location.dialect === 'sqlite' ? dataDir : 'DATABASE_URL'} has no catalogue yet (start \`hutong serve\` on it once to migrate it)`,
        );
      }
      const published = await listPublishedTypes({ store });
      printJson(
        io,
        published.map(({ type, issuers }) => ({ ...type, issuers })),
      );
      return 0;
    } catch (error) {
      if (isServerError(error) || isHutongError(error)) return fail(io, error.code, error.localize(language));
      return fail(io, 'ERR_CLI_CATALOGUE_UNREADABLE', `the catalogue cannot be read: ${(error as Error).message}`);
    } finally {
      await store?.close();
    }
  };
}

export const catalogueList: Command = createCatalogueList(process.env);
