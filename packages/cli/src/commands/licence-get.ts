/**
 * `hutong licence get IDENTIFIER [--data-dir DIR]`: prints ONE JSON object
 * `{"licence","status","encumbrances","versions"}` — the signed document of that version,
 * its online status (more than the status list's 2 bits: suspension causes, the current
 * expiring date), its mortgages and pledges, and every version of the licence.
 * Exit 0 when found; 1 with `{"error":{"code","message","field"}}` when the identifier is
 * malformed, not in the library, or the store cannot be read; 2 for a usage mistake.
 *
 * It reads, and records the read in the audit trail (actor `cli`), so it runs beside a
 * server on the same data directory (SQLite WAL, busy timeout). `$DATABASE_URL` selects
 * PostgreSQL, as for serve.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HutongError, isHutongError, parseLicenceId } from '@hutong/core';
import { isServerError, openStore, readLicenceView, recordAccess, storeLocation } from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP, languageOf } from '../language.js';
import { noStoreAt } from '../store-guard.js';

const USAGE = `Usage: hutong licence get IDENTIFIER [--data-dir DIR] [--lang en|zh-CN]

Prints the licence (any version) with its status, encumbrances and versions as one JSON object.
  --data-dir  where the SQLite store lives (default: $HUTONG_DATA_DIR or ./data)
  ${LANG_OPTION_HELP.en}
With $DATABASE_URL set (postgres://…), the store is that PostgreSQL database instead.
`;

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong licence get: ${problem}\n\n${USAGE}`);
  return 2;
}

function fail(io: CliIo, code: string, message: string, field?: string): number {
  printJson(io, { error: { code, message, ...(field === undefined ? {} : { field }) } });
  io.stderr(`hutong licence get: ${message}\n`);
  return 1;
}

/**
 * Builds the command around an environment (tests pass their own).
 *
 * @example const code = await createLicenceGet(process.env)(['1.2.156.3005.2.…', '--data-dir', './data'], io);
 */
export function createLicenceGet(env: Readonly<Record<string, string | undefined>>): Command {
  return async (argv, io) => {
    let values: { 'data-dir'?: string; lang?: string; help?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...argv],
        options: { 'data-dir': { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
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
    if (positionals.length !== 1) return usageError(io, 'give exactly one licence identifier');
    let identifier: string;
    try {
      identifier = parseLicenceId(positionals[0]);
    } catch (error) {
      if (error instanceof HutongError) return fail(io, error.code, error.localize(language), error.field);
      throw error;
    }
    const dataDir = resolve(io.cwd, values['data-dir'] ?? env.HUTONG_DATA_DIR ?? './data');
    const location = storeLocation({ dataDir, databaseUrl: env.DATABASE_URL });
    // Opening a SQLite file that is not there would create an empty store: say so instead.
    const missing = noStoreAt(location, dataDir, language);
    if (missing !== undefined) return fail(io, missing.code, missing.message, missing.field);
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    try {
      store = await openStore(location);
      const view = await readLicenceView(store.db, identifier);
      if (view === undefined) {
        return fail(io, 'ERR_LIBRARY_NOT_FOUND', `No licence ${identifier} is in this library.`, 'identifier');
      }
      await recordAccess(store.db, {
        actor: 'cli',
        action: 'licence.read',
        target: identifier,
        useCause: undefined,
        details: { via: 'hutong licence get' },
        at: new Date().toISOString(),
      });
      const { licence, status, encumbrances, versions } = view;
      printJson(io, { licence, status, encumbrances, versions });
      return 0;
    } catch (error) {
      if (isServerError(error) || isHutongError(error))
        return fail(io, error.code, error.localize(language), error.field);
      return fail(io, 'ERR_CLI_LIBRARY_UNREADABLE', `the library cannot be read: ${(error as Error).message}`);
    } finally {
      await store?.close();
    }
  };
}

export const licenceGet: Command = createLicenceGet(process.env);
