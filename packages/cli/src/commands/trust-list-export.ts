/**
 * `hutong trust-list export --data-dir DIR --out FILE [--anchor-out FILE]`: writes the node's
 * current signed trust list (`hutong-trust-list/1`, what `GET /api/v1/trust-list` serves) and
 * the node's trust anchor as an SPKI PEM — the key a verifier pins out of band (`hutong verify
 * --anchor FILE`) — to `--anchor-out`, or beside the list as `FILE.anchor.pem`
 * ({@link anchorBesideList}), where `hutong verify --trust FILE` finds it: the list never
 * carries the key that signs it (docs/design/trust-list.md §3), so a list exported alone could
 * not be checked by anyone given only the file. The node's URL in the list is `--public-url`,
 * else `$HUTONG_PUBLIC_URL`, else the one the node last served under (recorded in its store at
 * each `serve`, trust/node-public-url.ts): the exported list then says what the served one says,
 * under the same version. Prints one JSON summary. `$DATABASE_URL` selects
 * PostgreSQL, as for serve; the master key comes from the data directory or `$HUTONG_MASTER_KEY`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHutongError } from '@hutong/core';
import {
  buildNodeTrustList,
  createAppContext,
  ensureNodeId,
  isServerError,
  loadSecrets,
  migrateToLatest,
  nodePublicUrlOf,
  nodeTrustAnchor,
  openStore,
  storeLocation,
} from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP, languageOf } from '../language.js';
import { parsePublicUrl } from '../public-url.js';
import { noStoreAt } from '../store-guard.js';

const USAGE = `Usage: hutong trust-list export --out FILE [--anchor-out FILE] [--data-dir DIR] [--public-url URL]
                                [--lang en|zh-CN]

Writes the node's current signed trust list (JSON) to FILE, and the node's trust anchor
(SPKI PEM, the key that signs the list) to FILE.anchor.pem or --anchor-out.
  --out         where to write the trust list
  --anchor-out  where to write the trust anchor to pin in verifiers (default FILE.anchor.pem)
  --data-dir    the node's data directory (default: $HUTONG_DATA_DIR or ./data)
  --public-url  the node's public URL written in the list (default: $HUTONG_PUBLIC_URL, else
                the URL the node last served under; none for a node that never served)
  ${LANG_OPTION_HELP.en}
Exit 0 when written, 1 when the store cannot be read, 2 for a usage error.
`;

/**
 * Where `trust-list export` puts the anchor when no `--anchor-out` is given, and where `hutong
 * verify --trust FILE` looks for it when no `--anchor` is given: `FILE.anchor.pem`.
 *
 * @example anchorBesideList('/srv/trust.json') // '/srv/trust.json.anchor.pem'
 */
export function anchorBesideList(listFile: string): string {
  return `${listFile}.anchor.pem`;
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong trust-list export: ${problem}\n\n${USAGE}`);
  return 2;
}

/**
 * Builds the command around an environment (tests pass their own).
 *
 * @example const code = await createTrustListExport(process.env)(['--data-dir', './data', '--out', 'trust.json'], io);
 */
export function createTrustListExport(env: Readonly<Record<string, string | undefined>>): Command {
  return async (argv, io) => {
    let values: {
      'data-dir'?: string;
      out?: string;
      'anchor-out'?: string;
      'public-url'?: string;
      lang?: string;
      help?: boolean;
    };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          'data-dir': { type: 'string' },
          out: { type: 'string' },
          'anchor-out': { type: 'string' },
          'public-url': { type: 'string' },
          lang: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
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
    if (values.out === undefined) return usageError(io, '--out FILE is required');
    const dataDir = resolve(io.cwd, values['data-dir'] ?? env.HUTONG_DATA_DIR ?? './data');
    const urlText = values['public-url'] ?? (env.HUTONG_PUBLIC_URL || undefined);
    // Normalised as serve normalises it (no trailing slash): the same URL, the same list content and version.
    const given = urlText === undefined ? undefined : parsePublicUrl(urlText);
    if (urlText !== undefined && given === undefined) {
      return usageError(io, `'${urlText}' is not a public base URL (http:// or https://, no query or fragment)`);
    }
    const location = storeLocation({ dataDir, databaseUrl: env.DATABASE_URL || undefined });
    // A mistyped --data-dir must not become a new node whose list is exported (store-guard.ts).
    const missing = noStoreAt(location, dataDir, language);
    if (missing !== undefined) {
      printJson(io, { ok: false, error: missing });
      io.stderr(`hutong trust-list export: ${missing.message}\n`);
      return 1;
    }
    let store: Awaited<ReturnType<typeof openStore>> | undefined;
    try {
      store = await openStore(location);
      await migrateToLatest(store.db);
      const ctx = createAppContext({
        store,
        nodeId: await ensureNodeId(store.db),
        secrets: loadSecrets({ dataDir, env }),
      });
      const url = given ?? (await nodePublicUrlOf(ctx));
      const list = await buildNodeTrustList(ctx, url === undefined ? {} : { url });
      const out = resolve(io.cwd, values.out);
      writeFileSync(out, `${JSON.stringify(list, null, 2)}\n`);
      const anchor = await nodeTrustAnchor(ctx);
      const anchorOut =
        values['anchor-out'] === undefined ? anchorBesideList(out) : resolve(io.cwd, values['anchor-out']);
      writeFileSync(anchorOut, anchor.publicKeyPem);
      printJson(io, {
        ok: true,
        out,
        anchor: anchorOut,
        nodeId: list.node.id,
        url: list.node.url ?? null,
        version: list.version,
        expiresAt: list.expiresAt,
        issuers: list.issuers.length,
        anchorKeyId: anchor.keyId,
      });
      return 0;
    } catch (error) {
      const known = isServerError(error) || isHutongError(error);
      printJson(io, {
        ok: false,
        error: known
          ? { code: error.code, message: error.localize(language) }
          : {
              code: 'ERR_CLI_TRUST_LIST_UNREADABLE',
              message: `the trust list cannot be built: ${(error as Error).message}`,
            },
      });
      return 1;
    } finally {
      await store?.close();
    }
  };
}

/** `hutong trust-list export` with the process environment. */
export const trustListExport: Command = createTrustListExport(process.env);
