/**
 * `hutong serve [--data-dir DIR] [--port N] [--host H] [--public-url URL] [--demo] [--oidc-… ]`: starts the Hutong node
 * (the API and the web shell) and runs until SIGINT or SIGTERM, then shuts down cleanly:
 * stops accepting connections, lets running requests finish, closes the store.
 *
 * Defaults: `./data`, port 8080, host 127.0.0.1. The environment is honoured where the
 * option is not given: `HUTONG_DATA_DIR`, `PORT`, `HUTONG_PUBLIC_URL`, and `DATABASE_URL`
 * (PostgreSQL instead of the data directory's SQLite file). `HUTONG_LOG_LEVEL` sets the request log's level
 * (default `info`; the log goes to stderr, one JSON line per record). `HUTONG_NODE_OPERATOR`, the USCC
 * of the registered organisation that runs the node, names the node in its trust list.
 * `HUTONG_IMPORT_RETENTION_DAYS` (default 30): how long the files of a finished import stay in `<data-dir>/imports`.
 * `--workers N|auto` (or `HUTONG_WORKERS`; default 1, one process as before): N processes serve the
 * node on one port (server's serve-cluster.ts, docs/design/several-processes.md); `auto` is one per core.
 *
 * Output: once listening, ONE JSON object on stdout `{"url","store","nodeId","publicUrl"}` (with
 * more than one worker, also `"workers": N`) and a line
 * for people on stderr; with `--demo`, after seeding the demo library, the demo's staff
 * accounts (password + TOTP `otpauth://` URI) and API clients (id + secret) on stderr too. A failure to start prints `{"error":{"code","message","field"}}`
 * and exits 1; a usage mistake goes to stderr with exit 2.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHutongError, type Language } from '@hutong/core';
import {
  DEFAULT_PUBLIC_URL,
  formatDemoAccounts,
  isServerError,
  MAX_WORKERS,
  parseWorkerCount,
  type RunningCluster,
  serveCluster,
  startServer,
} from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { environmentLanguage } from '../language.js';
import { parsePublicUrl } from '../public-url.js';

const USAGE = `Usage: hutong serve [--data-dir DIR] [--port N] [--host H] [--public-url URL] [--demo]
                    [--workers N|auto] [--oidc-issuer URL --oidc-client-id ID --oidc-redirect-uri URL]

Starts the Hutong node: the API under /api and the web interface.
  --data-dir  where the SQLite store lives (default: $HUTONG_DATA_DIR or ./data)
  --port      TCP port (default: $PORT or 8080; 0 picks a free one)
  --host      address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  --public-url
              the node's base URL as relying parties reach it (http or https, no query):
              licences it signs carry their status list's URL under it, so set it before
              the first licence (default: $HUTONG_PUBLIC_URL or http://localhost:PORT)
  --demo      the demo node of \`npm start\`: seeds the demo library (region 650000) and prints its
              staff accounts and API clients; their credentials derive from the master key
              ($HUTONG_MASTER_KEY or <data-dir>/secrets/master.key)
  --workers   processes serving the node on one port (default: $HUTONG_WORKERS or 1);
              auto = one per core: on a 2-core machine, 2 (a process uses one core at most)
  --oidc-issuer, --oidc-client-id, --oidc-redirect-uri
              holder sign-in with an OpenID provider (default: $HUTONG_OIDC_ISSUER,
              $HUTONG_OIDC_CLIENT_ID, $HUTONG_OIDC_REDIRECT_URI); the client secret only from
              $HUTONG_OIDC_CLIENT_SECRET (never on a command line)
With $DATABASE_URL set (postgres://…), the store is that PostgreSQL database instead.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
`;

export const DEFAULT_PORT = 8080;

/**
 * The port asked for: `--port`, else `$PORT`, else {@link DEFAULT_PORT}. An empty `PORT`
 * (`PORT= npm start`, a blank value in an env file) counts as unset, as the other variables
 * of this command do (`HUTONG_DATA_DIR`, `HUTONG_WORKERS` …): the default port, not a usage error.
 *
 * @example portTextOf(undefined, { PORT: '' }) // '8080'
 */
export function portTextOf(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return option ?? (env.PORT || String(DEFAULT_PORT));
}
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './data';

/** Where stop signals come from: `process` in real life, an EventEmitter in tests. */
export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong serve: ${problem}\n\n${USAGE}`);
  return 2;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

/** Resolves on the first SIGINT or SIGTERM; afterwards a second signal gets Node's default (exit). */
function nextStopSignal(signals: SignalSource): Promise<string> {
  return new Promise((resolveSignal) => {
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    const stop = (name: string) => {
      signals.off('SIGINT', onInt);
      signals.off('SIGTERM', onTerm);
      resolveSignal(name);
    };
    signals.once('SIGINT', onInt);
    signals.once('SIGTERM', onTerm);
  });
}

/**
 * Builds the command around a signal source and an environment (tests pass their own).
 *
 * @example const code = await createServe(process, process.env)(['--port', '0'], io);
 */
export function createServe(signals: SignalSource, env: Readonly<Record<string, string | undefined>>): Command {
  return async (argv, io) => {
    let values: {
      'data-dir'?: string;
      port?: string;
      host?: string;
      'public-url'?: string;
      demo?: boolean;
      help?: boolean;
      'oidc-issuer'?: string;
      'oidc-client-id'?: string;
      'oidc-redirect-uri'?: string;
      workers?: string;
    };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          'data-dir': { type: 'string' },
          port: { type: 'string' },
          host: { type: 'string' },
          'public-url': { type: 'string' },
          demo: { type: 'boolean' },
          workers: { type: 'string' },
          'oidc-issuer': { type: 'string' },
          'oidc-client-id': { type: 'string' },
          'oidc-redirect-uri': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: false,
        strict: true,
      }));
    } catch (error) {
      // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown options and missing values.
      return usageError(io, error instanceof Error ? error.message : String(error));
    }
    if (values.help === true) {
      io.stdout(USAGE);
      return 0;
    }
    const portText = portTextOf(values.port, env);
    const port = parsePort(portText);
    if (port === undefined) return usageError(io, `'${portText}' is not a port number (0–65535)`);
    const dataDir = resolve(io.cwd, values['data-dir'] ?? (env.HUTONG_DATA_DIR || DEFAULT_DATA_DIR));
    const databaseUrl = env.DATABASE_URL || undefined;
    const host = values.host ?? DEFAULT_HOST;
    // Without a public URL, a node on this machine: on the port it listens on (printed QR codes and
    // licence links must reach it), or the default one when the port is picked at start (0).
    const localUrl = port === 0 ? DEFAULT_PUBLIC_URL : `http://localhost:${port}`;
    const publicUrlText = values['public-url'] ?? (env.HUTONG_PUBLIC_URL || localUrl);
    const publicUrl = parsePublicUrl(publicUrlText);
    if (publicUrl === undefined) {
      return usageError(io, `'${publicUrlText}' is not a public base URL (http:// or https://, no query or fragment)`);
    }

    const workersText = values.workers ?? (env.HUTONG_WORKERS || '1');
    const workers = parseWorkerCount(workersText);
    if (workers === undefined) {
      return usageError(io, `'${workersText}' is not a number of workers (1–${MAX_WORKERS}, or auto)`);
    }
    const startOptions = {
      dataDir,
      databaseUrl,
      port,
      host,
      demo: values.demo === true,
      publicUrl,
      // HUTONG_MASTER_KEY or <data-dir>/secrets/master.key (also with DATABASE_URL): sealed
      // keys and TOTP secrets, and the demo's derived credentials, survive a restart.
      env: {
        ...env,
        ...(values['oidc-issuer'] === undefined ? {} : { HUTONG_OIDC_ISSUER: values['oidc-issuer'] }),
        ...(values['oidc-client-id'] === undefined ? {} : { HUTONG_OIDC_CLIENT_ID: values['oidc-client-id'] }),
        ...(values['oidc-redirect-uri'] === undefined ? {} : { HUTONG_OIDC_REDIRECT_URI: values['oidc-redirect-uri'] }),
      },
    };
    if (workers > 1)
      return serveWorkers(io, signals, { ...startOptions, workers, logLevel: env.HUTONG_LOG_LEVEL || 'info' });

    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        ...startOptions,
        logger: { level: env.HUTONG_LOG_LEVEL || 'info', stream: { write: (line: string) => io.stderr(line) } },
      });
    } catch (error) {
      return startFailed(io, error, environmentLanguage(env));
    }

    printJson(io, { url: server.url, store: server.store.dialect, nodeId: server.nodeId, publicUrl });
    io.stderr(
      `互通 Hutong is listening on ${server.url} (${server.store.dialect}: ${server.store.target})\n` +
        'Press Ctrl-C to stop.\n',
    );
    if (server.demo !== undefined) io.stderr(formatDemoAccounts(server.demo, server.url));
    const signal = await nextStopSignal(signals);
    io.stderr(`hutong serve: ${signal} received, stopping…\n`);
    await server.close();
    io.stderr('hutong serve: stopped.\n');
    return 0;
  };
}

/**
 * The sentence for a port another program holds. A newcomer's first \`npm start\` on a machine
 * already serving 8080 ended with Node's \`listen EADDRINUSE: address already in use
 * 127.0.0.1:8080\`, which does not say what to do; the code stays ERR_CLI_SERVE_FAILED.
 */
function portInUse(error: unknown): string | undefined {
  const { code, address, port } = error as { code?: unknown; address?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  const where = typeof address === 'string' && typeof port === 'number' ? `${address}:${port}` : 'the port';
  return `${where} is already in use by another program: stop it, or start Hutong on another port (--port N, or PORT=N npm start)`;
}

/**
 * A start that failed: `{"error":{…}}` on stdout, a line for people on stderr, exit 1. The
 * node's own errors speak the operator's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
 */
function startFailed(io: CliIo, error: unknown, language: Language): number {
  const known = isServerError(error) || isHutongError(error);
  const inUse = known ? undefined : portInUse(error);
  const message = inUse ?? (known ? error.localize(language) : error instanceof Error ? error.message : String(error));
  const code = known ? error.code : 'ERR_CLI_SERVE_FAILED';
  const field = known ? error.field : inUse === undefined ? undefined : 'port';
  printJson(io, { error: { code, message, ...(field === undefined ? {} : { field }) } });
  // The operator may know where the store is (API callers may not: see ERR_STORE_UNAVAILABLE).
  const target = isServerError(error) ? error.params.target : undefined;
  io.stderr(`hutong serve: could not start: ${message}${target === undefined ? '' : ` (${target})`}\n`);
  return 1;
}

/**
 * `--workers N` with N > 1: the same start, output and stop as one process, served by N
 * (serveCluster). Exits 1 when the workers keep dying before they listen (a crash loop).
 */
async function serveWorkers(
  io: CliIo,
  signals: SignalSource,
  options: Parameters<typeof serveCluster>[0],
): Promise<number> {
  let node: RunningCluster;
  try {
    node = await serveCluster({ ...options, onNotice: (line) => io.stderr(line) });
  } catch (error) {
    return startFailed(io, error, environmentLanguage(options.env));
  }
  printJson(io, {
    url: node.url,
    store: node.dialect,
    nodeId: node.nodeId,
    publicUrl: options.publicUrl,
    workers: options.workers,
  });
  io.stderr(
    `互通 Hutong is listening on ${node.url} (${node.dialect}: ${node.target}), ${options.workers} worker processes\n` +
      'Press Ctrl-C to stop.\n',
  );
  if (node.demo !== undefined) io.stderr(formatDemoAccounts(node.demo, node.url));
  const outcome = await Promise.race([
    nextStopSignal(signals).then((signal) => ({ signal })),
    node.failed.then((error) => ({ error })),
  ]);
  if ('error' in outcome) {
    io.stderr(`hutong serve: stopping: ${outcome.error.message}\n`);
    await node.close();
    return 1;
  }
  io.stderr(`hutong serve: ${outcome.signal} received, stopping…\n`);
  await node.close();
  io.stderr('hutong serve: stopped.\n');
  return 0;
}

export const serve: Command = createServe(process, process.env);
