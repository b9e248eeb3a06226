/**
 * `hutong audit verify [--data-dir DIR]`: re-computes the node's hash-chained audit trail from
 * the first record to the head and prints ONE JSON object:
 *   {"ok":true,"count":N,"headHash":"…"}                                   exit 0
 *   {"ok":false,"seq":N,"reason":"hash-mismatch"|…,"record":{…}|null}      exit 1 (the first broken record)
 *   {"ok":false,"error":{"code","message"}}                                exit 1 (the store cannot be read)
 * It only reads, so it runs beside a server on the same data directory (SQLite WAL lets
 * readers through while the server writes). `$DATABASE_URL` selects PostgreSQL, as for serve.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHutongError } from '@hutong/core';
import { auditDetailsOf, isServerError, openStore, storeLocation, verifyAuditChain } from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP, languageOf } from '../language.js';
import { noStoreAt } from '../store-guard.js';

const USAGE = `Usage: hutong audit verify [--data-dir DIR] [--lang en|zh-CN]

Checks that no audit record was edited, deleted or reordered; prints one JSON object.
Exit 0 when the chain is intact, 1 with the first broken record otherwise.
  --data-dir  where the SQLite store lives (default: $HUTONG_DATA_DIR or ./data)
  ${LANG_OPTION_HELP.en}
With $DATABASE_URL set (postgres://…), the store is that PostgreSQL database instead.
`;

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong audit verify: ${problem}\n\n${USAGE}`);
  return 2;
}

/**
 * Builds the command around an environment (tests pass their own).
 *
 * @example const code = await createAuditVerify(process.env)(['--data-dir', './data'], io);
 */
export function createAuditVerify(env: Readonly<Record<string, string | undefined>>): Command {
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
    if (missing !== undefined) {
      printJson(io, { ok: false, error: missing });
      io.stderr(`hutong audit verify: ${missing.message}\n`);
      return 1;
    }
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    try {
      store = await openStore(location);
      const verdict = await verifyAuditChain(store.db);
      if (verdict.ok) {
        printJson(io, verdict);
        return 0;
      }
      const row =
        verdict.seq > 0
          ? await store.db.selectFrom('audit_records').selectAll().where('seq', '=', verdict.seq).executeTakeFirst()
          : undefined;
      let record: Record<string, unknown> | null = null;
      if (row !== undefined) {
        // The details are stored packed (migration 0017): shown as JSON, or null when they no longer unpack.
        const { packed_details, ...rest } = row;
        let details: unknown = null;
        try {
          details = auditDetailsOf(packed_details);
        } catch {}
        record = { ...rest, seq: Number(rest.seq), details };
      }
      printJson(io, { ...verdict, record });
      io.stderr(`hutong audit verify: the audit chain is broken at record ${verdict.seq} (${verdict.reason})\n`);
      return 1;
    } catch (error) {
      const known = isServerError(error) || isHutongError(error);
      printJson(io, {
        ok: false,
        error: known
          ? { code: error.code, message: error.localize(language) }
          : {
              code: 'ERR_CLI_AUDIT_UNREADABLE',
              message: `the audit trail cannot be read: ${(error as Error).message}`,
            },
      });
      return 1;
    } finally {
      await store?.close();
    }
  };
}

export const auditVerify: Command = createAuditVerify(process.env);
