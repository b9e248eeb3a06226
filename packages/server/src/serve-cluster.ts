/**
 * `hutong serve --workers N`: one node served by N processes on one store (node:cluster).
 *
 * Why: a node serves each request on one event loop; under online verification one process
 * saturates one core while the machine's others idle (issue 5's bench: ~300 µs of main-thread
 * CPU per verification, the second core ~75 % idle). The store was built for several processes
 * from the start (docs/design/several-processes.md lists what was checked and how): caches
 * follow generation counters, the log integrates under a lease, the outbox claims by
 * compare-and-set, imports hold their jobs with heartbeats, SQLite writes begin IMMEDIATE under
 * a busy timeout.
 *
 * The primary serves nothing itself. It prepares the store once (`prepareNode`: migrations,
 * node id, master key, demo seed, node operator — before forking, so workers never race to
 * create them), forks the workers (each `startServer` with `preparedByPrimary`, on the same
 * port: cluster shares the listening handle and hands connections out round robin), restarts
 * a worker that dies unexpectedly after a backoff that grows with each quick death, gives up
 * when workers keep dying before they listen (a crash loop: a broken store, a port taken),
 * and on `close()` asks every worker to stop gracefully (a worker stops accepting, lets its
 * running requests finish and closes its store), killing one that has not exited in time.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoSummary } from './demo/seed-demo.js';
import { ServerError } from './errors.js';
import type { DevMessage } from './holders/dev-mailbox.js';
import { type PreparedNode, prepareNode, type StartServerOptions } from './serve.js';

/** Most workers `--workers` accepts: far above any core count this node is meant for, low enough to catch a typo. */
export const MAX_WORKERS = 64;

/**
 * The worker count of `--workers` / `HUTONG_WORKERS`: a whole number from 1 to `MAX_WORKERS`,
 * or `auto` (one per core the process may use, `os.availableParallelism()`). Undefined when the
 * text is neither.
 *
 * @example parseWorkerCount('auto', 2) // 2
 */
export function parseWorkerCount(text: string, cores: number = availableParallelism()): number | undefined {
  if (text === 'auto') return Math.max(1, Math.min(MAX_WORKERS, cores));
  if (!/^[1-9]\d{0,2}$/.test(text)) return undefined;
  const count = Number(text);
  return count <= MAX_WORKERS ? count : undefined;
}

/** What a worker is asked to run: `StartServerOptions` that survive structured cloning (no logger stream, no secrets object). */
export interface WorkerStartOptions
  extends Omit<StartServerOptions, 'logger' | 'secrets' | 'oidc' | 'preparedByPrimary' | 'webRoot' | 'devMailbox'> {
  /** The request log's level (`HUTONG_LOG_LEVEL`); the log goes to the worker's stderr. */
  readonly logLevel: string;
  readonly webRoot?: string | undefined;
}

/** Messages between the primary and a worker (serve-cluster-worker.ts). */
export type ToWorker =
  | { readonly type: 'start'; readonly options: WorkerStartOptions }
  | { readonly type: 'stop' }
  /** A one-time code another worker's development provider delivered (demo nodes: holders/dev-mailbox.ts). */
  | { readonly type: 'mailbox'; readonly message: DevMessage };
export type FromWorker =
  /** The worker listens for messages now (one sent before its module ran would be lost). */
  | { readonly type: 'ready' }
  | { readonly type: 'listening'; readonly port: number; readonly pid: number }
  | {
      readonly type: 'failed';
      readonly error: {
        readonly code: string;
        readonly message: string;
        readonly field?: string;
        readonly target?: string;
      };
    }
  /** Delivered to this worker's dev mailbox: for the others (the primary relays it). */
  | { readonly type: 'mailbox'; readonly message: DevMessage };

export interface ServeClusterOptions extends WorkerStartOptions {
  /** Worker processes (`parseWorkerCount`). */
  readonly workers: number;
  /** Where the primary tells an operator about restarts (the CLI: stderr). Default none. */
  readonly onNotice?: ((line: string) => void) | undefined;
  /** First restart delay; it doubles with each quick death, up to `maxRestartDelayMs`. Default 250 ms. */
  readonly restartDelayMs?: number | undefined;
  readonly maxRestartDelayMs?: number | undefined;
  /** How long a stopping worker may take before it is killed (SIGKILL). Default 15 s. */
  readonly stopTimeoutMs?: number | undefined;
}

export interface RunningCluster {
  readonly url: string;
  readonly port: number;
  readonly nodeId: string;
  readonly dialect: PreparedNode['dialect'];
  readonly target: string;
  readonly demo?: DemoSummary;
  /** The pids of the workers serving now (a restarted worker has a new one). */
  workerPids(): number[];
  /** Settles once the cluster gave up (workers in a crash loop), with the reason; never while it serves. */
  readonly failed: Promise<Error>;
  /** Asks every worker to stop gracefully and waits until all have exited. */
  close(): Promise<void>;
}

/** A worker that lived at least this long before it died counts as a fresh failure (the backoff starts over). */
const STABLE_AFTER_MS = 30_000;
/** Workers that die before they ever listen, one after another, before the primary gives up. */
const MAX_FAILED_STARTS = 5;

/**
 * The worker entry beside this file: `.js` in the build, `.ts` when run from the sources
 * through tsx (the CLI's crash tests, the bench), whose `--import tsx` the workers inherit.
 */
function workerEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./serve-cluster-worker${extname(self)}`, import.meta.url));
}

/**
 * The primary's Node options a worker needs (loaders such as `--import tsx`), without an
 * `-e`/`-p` script or `--input-type` of its own command line: a worker runs its entry file.
 */
function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      i += 1; // and its script
      continue;
    }
    if (arg.startsWith('--eval=') || arg.startsWith('--print=') || arg.startsWith('--input-type')) continue;
    kept.push(arg);
  }
  return kept;
}

function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function startFailure(error: Extract<FromWorker, { type: 'failed' }>['error']): ServerError {
  return new ServerError('ERR_API_WORKER_FAILED', {
    params: { code: error.code, message: error.message },
    ...(error.field === undefined ? {} : { field: error.field }),
  });
}

/**
 * Prepares the store once, forks `workers` processes serving it on one port, and answers once
 * every worker listens. A worker that fails to start fails the whole start (its error is
 * thrown, the other workers stopped): the same refusal a single process gives.
 *
 * @example
 * const node = await serveCluster({ dataDir: './data', port: 8080, host: '127.0.0.1', workers: 2, logLevel: 'info' });
 * console.log(node.url, node.workerPids());
 * await node.close();
 */
export async function serveCluster(options: ServeClusterOptions): Promise<RunningCluster> {
  if (!cluster.isPrimary) throw new Error('serveCluster runs in a primary process, not in a cluster worker');
  const {
    workers: count,
    onNotice,
    restartDelayMs = 250,
    maxRestartDelayMs = 10_000,
    stopTimeoutMs = 15_000,
  } = options;
  const notice = onNotice ?? (() => {});
  const prepared = await prepareNode(options);
  const startOptions: WorkerStartOptions = {
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    port: options.port,
    host: options.host,
    demo: options.demo,
    env: options.env,
    publicUrl: options.publicUrl,
    accessRecordsDurability: options.accessRecordsDurability,
    rateLimit: options.rateLimit,
    logLevel: options.logLevel,
    webRoot: options.webRoot,
  };

  cluster.setupPrimary({ exec: workerEntry(), args: [], execArgv: workerExecArgv(process.execArgv) });

  const serving = new Set<Worker>();
  let stopping = false;
  let listeningPort: number | undefined;
  let failedStarts = 0;
  let quickDeaths = 0;
  let giveUp: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    giveUp = resolve;
  });
  const restartTimers = new Set<NodeJS.Timeout>();

  /** Forks one worker (in place of the dead worker `replacing`, a pid); resolves once it listens, rejects with its start failure. */
  const fork = (replacing?: number): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      const bornAt = Date.now();
      let listening = false;
      let failure: Error | undefined;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          // Stopping already: a `stop` that `close()` sent before this worker listened for
          // messages was lost (a worker forked as a replacement, still loading its modules when
          // SIGTERM came), so it is told now — started instead, it would serve until killed
          // after `stopTimeoutMs`. With a callback: a worker dying meanwhile makes a failed
          // send, not an unhandled 'error' event that would end the primary (its exit is handled below).
          const next: ToWorker = stopping ? { type: 'stop' } : { type: 'start', options: startOptions };
          worker.send(next, undefined, {}, () => {});
        } else if (message.type === 'listening') {
          listening = true;
          failedStarts = 0;
          listeningPort = message.port;
          serving.add(worker);
          // The operator read "starting another"; this says the node serves with all its workers again.
          if (replacing !== undefined)
            notice(`hutong serve: worker ${worker.process.pid} listening in place of worker ${replacing}\n`);
          resolve(worker);
        } else if (message.type === 'failed') {
          failure = startFailure(message.error);
        } else if (message.type === 'mailbox') {
          // The demo's one-time codes reach every worker: the mailbox page may be answered by
          // any of them. Only through IPC, never to disk. A worker started later sees only later codes.
          for (const other of serving) {
            if (other !== worker && other.isConnected())
              other.send({ type: 'mailbox', message: message.message } satisfies ToWorker, undefined, {}, () => {});
          }
        }
      });
      worker.on('exit', (code, signal) => {
        serving.delete(worker);
        if (!listening) {
          reject(
            failure ??
              new ServerError('ERR_API_WORKER_FAILED', {
                params: { code: String(signal ?? code), message: 'exited before it listened' },
              }),
          );
          return;
        }
        if (stopping) return;
        // Died while serving: another takes its place, later and later while deaths come quickly.
        quickDeaths = Date.now() - bornAt >= STABLE_AFTER_MS ? 0 : quickDeaths + 1;
        const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** Math.max(0, quickDeaths - 1));
        notice(
          `hutong serve: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${delay} ms\n`,
        );
        const timer = setTimeout(() => {
          restartTimers.delete(timer);
          if (stopping) return;
          restart(worker.process.pid);
        }, delay);
        restartTimers.add(timer);
      });
    });

  const restart = (replacing: number | undefined): void => {
    fork(replacing).catch((error: unknown) => {
      if (stopping) return;
      failedStarts += 1;
      if (failedStarts >= MAX_FAILED_STARTS) {
        notice(`hutong serve: ${failedStarts} workers in a row died before they listened; giving up\n`);
        giveUp(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** failedStarts);
      notice(
        `hutong serve: a new worker failed to start (${error instanceof Error ? error.message : String(error)}); trying again in ${delay} ms\n`,
      );
      const timer = setTimeout(() => {
        restartTimers.delete(timer);
        if (!stopping) restart(replacing);
      }, delay);
      restartTimers.add(timer);
    });
  };

  const close = async (): Promise<void> => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      alive.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), stopTimeoutMs);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            // A worker whose IPC channel is already gone stops on its 'disconnect' (serve-cluster-worker.ts).
            if (worker.isConnected()) worker.send({ type: 'stop' } satisfies ToWorker, () => {});
            else worker.process.kill('SIGTERM');
          }),
      ),
    );
  };

  const started = await Promise.allSettled(Array.from({ length: count }, () => fork()));
  const refusal = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (refusal !== undefined || listeningPort === undefined) {
    await close();
    throw refusal?.reason ?? new Error('no worker listened');
  }
  return {
    url: `http://${browsableHost(options.host)}:${listeningPort}/`,
    port: listeningPort,
    nodeId: prepared.nodeId,
    dialect: prepared.dialect,
    target: prepared.target,
    ...(prepared.demo === undefined ? {} : { demo: prepared.demo }),
    workerPids: () => [...serving].map((w) => w.process.pid).filter((pid): pid is number => pid !== undefined),
    failed,
    close,
  };
}
