import { availableParallelism } from 'node:os';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './api/build-app.js';
import { createAppContext } from './app-context.js';
import type { RateLimitOptions } from './auth/rate-limit.js';
import { type DemoSummary, seedDemo } from './demo/seed-demo.js';
import type { DevMailbox } from './holders/dev-mailbox.js';
import { type OidcSettings, oidcSettingsFromEnv } from './holders/sign-in-with-oidc.js';
import { ensureSharedImportDir, importDirFrom, importDirIsDefault } from './import/import-dir.js';
import { importRetentionDaysFrom } from './import/sweep-import-files.js';
import { DEFAULT_PUBLIC_URL } from './library/write-context-for.js';
import { loadSecrets, type Secrets } from './secrets/secrets.js';
import { verificationThreadsFrom } from './showing/verification-threads.js';
import { type AccessRecordsDurability, accessRecordsDurabilityFromEnv } from './store/commit-durability.js';
import { ensureNodeId } from './store/meta.js';
import { migrateToLatest } from './store/migrate.js';
import { openStore, type Store, storeLocation } from './store/store.js';
import { setNodeOperator } from './trust/node-operator.js';
import { recordNodePublicUrl } from './trust/node-public-url.js';

export interface StartServerOptions {
  /** Where the SQLite store lives (`<dataDir>/hutong.db`); unused with `databaseUrl`. */
  readonly dataDir: string;
  /** A `postgres://` URL: the store lives there instead of the data directory. */
  readonly databaseUrl?: string | undefined;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host: string;
  /**
   * Demo mode (`npm start`): before it listens, the node is seeded with the demo library
   * (`seedDemo`: catalogue, departments and keys, clients, staff, licences in every state).
   * Idempotent: a later start on the same store adds nothing.
   */
  readonly demo?: boolean | undefined;
  /**
   * The node's master key and its purpose keys. Default: `loadSecrets` over `env`
   * (`HUTONG_MASTER_KEY`, `HUTONG_MASTER_KEY_PREVIOUS`) and `<dataDir>/secrets/master.key`,
   * created at the first start — never an ephemeral key, or sealed signing keys, log keys and
   * TOTP secrets would not open after a restart.
   */
  readonly secrets?: Secrets | undefined;
  /** Where the master key variables are read from (the CLI passes its environment); default none. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly webRoot?: string | undefined;
  readonly logger?: FastifyServerOptions['logger'] | undefined;
  /**
   * Holder sign-in with an OpenID provider. Default: from `env` (`HUTONG_OIDC_ISSUER`,
   * `HUTONG_OIDC_CLIENT_ID`, `HUTONG_OIDC_CLIENT_SECRET`, `HUTONG_OIDC_REDIRECT_URI`, …;
   * `oidcSettingsFromEnv`), none when `HUTONG_OIDC_ISSUER` is unset.
   */
  readonly oidc?: OidcSettings | undefined;
  /**
   * The node's public base URL, as relying parties reach it (`hutong serve --public-url`):
   * status-list URLs inside the licences it signs and the trust list's URL are built from it.
   * Default `DEFAULT_PUBLIC_URL` (a node on this machine, as `npm start` runs it).
   */
  readonly publicUrl?: string | undefined;
  /**
   * Access records and show-code nonces: answered once committed (`process-kill`, the default)
   * or once on disk (`full`). Default: `HUTONG_ACCESS_RECORDS_DURABILITY` in `env`
   * (store/commit-durability.ts, docs/design/durability.md).
   */
  readonly accessRecordsDurability?: AccessRecordsDurability | undefined;
  /**
   * Per-caller rate limits (auth/rate-limit.ts; default `DEFAULT_RATE_LIMITS`), or `false` for
   * none: benchmarks only (bench/src/system.bench.ts measures the node as its in-process figure
   * does, without them). Per process: with `serveCluster`'s N workers a caller that spreads its
   * requests over several connections gets up to N × the limit (docs/design/several-processes.md).
   */
  readonly rateLimit?: RateLimitOptions | false | undefined;
  /**
   * Set by `serveCluster`'s workers: the primary already seeded the demo and set the node
   * operator, once, before forking (two workers seeding at once would race on the same rows).
   * The worker still runs as a demo node (`demo` keeps the development identity provider on).
   */
  readonly preparedByPrimary?: boolean | undefined;
  /** The development provider's mailbox on a demo node (default a new one): serve-cluster's workers share theirs. */
  readonly devMailbox?: DevMailbox | undefined;
}

/** What `prepareNode` leaves ready for the processes that will serve the store. */
export interface PreparedNode {
  readonly nodeId: string;
  readonly dialect: Store['dialect'];
  /** Where the store is, for people (`Store.target`). */
  readonly target: string;
  readonly demo?: DemoSummary;
}

export interface RunningServer {
  /** The base URL to open, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  readonly nodeId: string;
  readonly store: Store;
  readonly app: FastifyInstance;
  /** With `demo`: the seeded demo's accounts and library, to print (`formatDemoAccounts`). */
  readonly demo?: DemoSummary;
  /** Stops accepting requests, lets the running ones finish, then closes the store. */
  close(): Promise<void>;
}

/** A wildcard bind address is not an address to open in a browser. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Opens the store, migrates it, makes sure the node has its id, builds the app and listens.
 *
 * @example
 * const server = await startServer({ dataDir: './data', port: 8080, host: '127.0.0.1' });
 * console.log(server.url); // http://127.0.0.1:8080/
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  return openNode(options, true);
}

/**
 * Everything `startServer` does before it listens — migrations, the node id, the shared
 * import folder, the master key (created here at the first start, `wx`), the demo seed,
 * the node operator and its public URL — then closes the store again. `serveCluster`'s primary runs it once
 * before forking its workers, so that they neither race to create these nor seed twice.
 *
 * @example const prepared = await prepareNode({ dataDir: './data', port: 8080, host: '127.0.0.1', demo: true });
 */
export async function prepareNode(options: StartServerOptions): Promise<PreparedNode> {
  const running = await openNode(options, false);
  const prepared: PreparedNode = {
    nodeId: running.nodeId,
    dialect: running.store.dialect,
    target: running.store.target,
    ...(running.demo === undefined ? {} : { demo: running.demo }),
  };
  await running.close();
  return prepared;
}

async function openNode(options: StartServerOptions, listen: boolean): Promise<RunningServer> {
  // Before the store opens: a half-configured identity provider refuses the start at once.
  const oidc = options.oidc ?? oidcSettingsFromEnv(options.env ?? {});
  // Likewise a retention that is not a number of days (HUTONG_IMPORT_RETENTION_DAYS).
  const importRetentionDays = importRetentionDaysFrom(options.env ?? {});
  // And a verification thread count that is not one (HUTONG_VERIFY_THREADS). Unset: one thread
  // when this process is the node's only one on 2 cores or more (verification-threads.ts says why).
  const verifyThreads = verificationThreadsFrom(options.env ?? {}, {
    cores: availableParallelism(),
    clusterWorker: options.preparedByPrimary === true,
  });
  const accessRecordsDurability = options.accessRecordsDurability ?? accessRecordsDurabilityFromEnv(options.env ?? {});
  const location = storeLocation(options);
  // A cluster worker (`--workers N`, one process per core) has no idle core for a writer
  // thread to use: its access records stay in its own group commit (store/access-record-writer.ts).
  const store = await openStore(location, {
    accessRecordsDurability,
    accessRecordWriterThread: options.preparedByPrimary !== true,
  });
  try {
    await migrateToLatest(store.db);
    // The node id exists from the first start on, demo or not: it names the node in its
    // log, its checkpoints and the trust list.
    const nodeId = await ensureNodeId(store.db);
    // Every process of one store must see the same import folder (HUTONG_IMPORT_DIR): one
    // given a folder of its own is refused now, not when it is asked to commit an upload.
    // The embedded default (SQLite, `<data-dir>/imports`) rewrites a deleted folder's mark:
    // every process of a SQLite file shares its data directory (import-dir.ts).
    const importDir = importDirFrom(options.env ?? {}, options.dataDir);
    await ensureSharedImportDir(store.db, importDir, {
      dataDirDefault: location.dialect === 'sqlite' && importDirIsDefault(options.env ?? {}),
    });
    // After the store opened: a start refused for its store leaves no key file behind.
    const secrets = options.secrets ?? loadSecrets({ dataDir: options.dataDir, env: options.env ?? {} });
    const context = createAppContext({ store, nodeId, secrets });
    const app = await buildApp({
      store,
      nodeId,
      context,
      webRoot: options.webRoot,
      logger: options.logger,
      // The development identity provider (one-time codes in the dev mailbox) exists on demo nodes only.
      holders: {
        devProvider: options.demo === true,
        oidc,
        ...(options.devMailbox === undefined ? {} : { devMailbox: options.devMailbox }),
      },
      // The import wizard keeps uploaded files, previews and reports beside `hutong import`'s reports.
      // Their files are deleted `importRetentionDays` after an import ended (sweep-import-files.ts).
      imports: { dir: importDir, retentionDays: importRetentionDays },
      publicUrl: options.publicUrl,
      verifyThreads,
      ...(options.rateLimit === undefined ? {} : { auth: { rateLimit: options.rateLimit } }),
    });
    app.addHook('onClose', async () => {
      await store.close();
    });
    let demo: DemoSummary | undefined;
    try {
      // After buildApp (its event sinks, the log and the outbox, record the demo's writes like
      // any other) and before listen (the first page a person opens already shows the library).
      if (options.preparedByPrimary !== true) {
        if (options.demo === true) demo = await seedDemo(context, { publicUrl: options.publicUrl });
        // HUTONG_NODE_OPERATOR: the USCC of the registered organisation that runs the node (its
        // name names the node in the trust list); an unknown organisation stops the start.
        const operator = options.env?.HUTONG_NODE_OPERATOR;
        if (operator !== undefined && operator !== '') await setNodeOperator(context, operator);
        // The URL the trust list names the node by, for `hutong trust-list export` (node-public-url.ts).
        await recordNodePublicUrl(context, options.publicUrl ?? DEFAULT_PUBLIC_URL);
      }
      // Not listening (prepareNode): not even ready, so the background work of a serving node
      // (the log integrator, the outbox, expiry, import resumption; their onReady hooks) never
      // starts in a process that only prepares the store for its workers.
      if (listen) await app.listen({ port: options.port, host: options.host });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    return {
      url: `http://${browsableHost(options.host)}:${port}/`,
      port,
      nodeId,
      store,
      app,
      ...(demo === undefined ? {} : { demo }),
      close: () => app.close(),
    };
  } catch (error) {
    // Whatever failed after the store opened, the store must not stay open (a PostgreSQL
    // pool would keep the process alive).
    await store.close().catch(() => {});
    throw error;
  }
}
