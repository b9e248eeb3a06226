/**
 * System workloads (issue 7, item 4) that are not the rate of one function:
 *
 * - **Status list size**: 1,000,000 licences, 1 % revoked (10,000 entries drawn uniformly at
 *   random: the worst case for compression — real revocations cluster), packed and
 *   compressed exactly as the node serves it (IETF Token Status List, 2 bits an entry,
 *   ZLIB level 9), against a W3C Bitstring Status List of the same revocations (1 bit an
 *   entry, GZIP) in the same run. Target ≤ 30 KB compressed (KB = 1,000 bytes).
 * - **Online verify over real HTTP from a second process**: `POST /api/v1/verify` with a
 *   licence (authentication, verdict, current status, access record written with its use
 *   cause, committed by the group commit before the answer with the process-kill guarantee of
 *   docs/design/durability.md) on a node listening on 127.0.0.1, driven by autocannon in
 *   a child process, against a bare Fastify route on the same machine that parses the same
 *   body and answers a constant verdict. The requests rotate over 10,000 distinct licences
 *   issued at setup (before, every request presented one and the same licence, which a
 *   per-document cache would have flattered): requests/s, p50 and p99 latency, in alternating
 *   runs whose medians are reported. `HUTONG_BENCH_HTTP_SECONDS` sets a run's length
 *   (default 5), `HUTONG_BENCH_HTTP_ROUNDS` the number of runs per side (default 3);
 *   `HUTONG_VERIFY_THREADS` (as `hutong serve` reads it) the verification threads of the
 *   node, in process and as deployed (unset: `hutong serve`'s default, one thread in the
 *   one-process node on 2 cores or more, none in the `--workers` processes; `0`: none).
 *
 * Show-code sizes over the demo catalogue: packages/core/src/showing/showing.bench.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { compressStatusList, packStatusList } from '../../packages/server/src/status/status-list-token.js';
import { accessRecordsDurabilityFromEnv } from '../../packages/server/src/store/commit-durability.js';
import { groupCommitFor } from '../../packages/server/src/store/group-commit.js';
import { accessRecordWriterFor, walSyncFor } from '../../packages/server/src/store/store.js';
import type { BenchFigure, BenchFile } from '../../scripts/bench/types.js';
import { PUBLIC_URL, startHutongNode } from './hutong-node.js';

const LICENCES = 1_000_000;
const REVOKED = LICENCES / 100;
const HTTP_SECONDS = Number(process.env.HUTONG_BENCH_HTTP_SECONDS ?? 5);
const HTTP_ROUNDS = Number(process.env.HUTONG_BENCH_HTTP_ROUNDS ?? 3);
/**
 * Concurrent connections of the throughput runs (`HUTONG_BENCH_HTTP_CONNECTIONS`, default 64):
 * enough that both sides are bound by CPU, which is what a throughput is. At 8 the bare route
 * saturates its core but a verification waits for its access record's commit (an answered
 * verification is a recorded one, docs/design/durability.md), so Hutong's line measured that
 * latency (8 connections / ~2 ms) with its event loop half idle (session 10: 3,484 req/s at 8,
 * 4,471 at 64 in one process; the bare route 21,496 and 20,958). The 8-connection figures stay
 * beside them (LATENCY_CONNECTIONS).
 */
const CONNECTIONS = Number(process.env.HUTONG_BENCH_HTTP_CONNECTIONS ?? 64);
/** The lower concurrency reported beside the throughput runs (`HUTONG_BENCH_HTTP_LOW_CONNECTIONS`, default 8). */
const LATENCY_CONNECTIONS = Number(process.env.HUTONG_BENCH_HTTP_LOW_CONNECTIONS ?? 8);
/** Warm-up of each Hutong side before the timed runs (`HUTONG_BENCH_HTTP_WARMUP_SECONDS`). */
const WARMUP_SECONDS = Number(process.env.HUTONG_BENCH_HTTP_WARMUP_SECONDS ?? 12);
/**
 * Distinct licences (each with its own holder) the online-verify load rotates over, issued
 * through the batch route at setup: more than any per-process memory of accepted values
 * holds (core identifiers' ValidMemo: 4,096 licence identifiers, 1,024 ID numbers), so none
 * of them answers a repeat. It was 3,000, under the identifiers' 4,096.
 */
const LICENCES_PRESENTED = 10_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A deterministic generator (xorshift32): the same revocations every run. */
function randomIndexes(count: number, below: number, seed = 0x2545f491): Set<number> {
  let x = seed;
  const out = new Set<number>();
  while (out.size < count) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.add((x >>> 0) % below);
  }
  return out;
}

function statusListFigures(): BenchFigure[] {
  const revoked = randomIndexes(REVOKED, LICENCES);
  const packed = packStatusList(
    LICENCES,
    [...revoked].map((i) => [i, 1] as const),
  );
  const compressed = compressStatusList(packed);
  // W3C Bitstring Status List v1.0 §3.1: 1 bit an entry, most significant bit first, GZIP.
  const bitstring = new Uint8Array(LICENCES / 8);
  for (const i of revoked) bitstring[i >> 3] = (bitstring[i >> 3] as number) | (0x80 >> (i & 7));
  const w3c = gzipSync(bitstring, { level: 9 });
  return [
    {
      name: 'Status list, 1,000,000 licences at 1 % revoked (uniformly random), compressed',
      unit: 'KB',
      better: 'lower',
      subject: {
        label: 'IETF Token Status List as served: 2 bits an entry, ZLIB level 9',
        value: compressed.length / 1000,
      },
      baseline: {
        label: 'W3C Bitstring Status List of the same revocations: 1 bit an entry, GZIP level 9',
        value: w3c.length / 1000,
      },
      target: { max: 30 },
      note: `uncompressed: ${(packed.length / 1000).toFixed(0)} KB (2 bits) and ${(bitstring.length / 1000).toFixed(0)} KB (1 bit); in a token the list is base64url-encoded (×4/3: ${(Math.ceil((compressed.length * 4) / 3) / 1000).toFixed(1)} KB). Two bits carry suspension, which the W3C list needs a second list for.`,
    },
  ];
}

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time of this process (both servers live here; only the one driven works) per answered request, µs: every thread. */
  readonly cpuPerRequest: number;
  /** The same, the main thread only (the event loop every request passes through), µs. */
  readonly mainThreadCpuPerRequest: number;
}

/** CPU time in µs (utime + stime) of a /proc stat file: a process's (every thread) or one thread's (Linux). */
function statCpuMicros(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** This process's main thread's CPU time in µs (/proc/self/task/<pid>/stat). */
function mainThreadCpuMicros(): number {
  return statCpuMicros(`/proc/self/task/${process.pid}/stat`);
}

/**
 * The CPU of the processes serving elsewhere (a cluster's primary and workers), in µs: every
 * thread of each (/proc/<pid>/stat), and their main threads alone.
 */
function processesCpuMicros(pids: readonly number[]): { all: number; main: number } {
  let all = 0;
  let main = 0;
  for (const pid of pids) {
    all += statCpuMicros(`/proc/${pid}/stat`);
    main += statCpuMicros(`/proc/${pid}/task/${pid}/stat`);
  }
  return { all, main };
}
/** USER_HZ: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

const loadScript = fileURLToPath(new URL('./load.mjs', import.meta.url));
const serveClusterEntry = fileURLToPath(new URL('./serve-cluster-entry.ts', import.meta.url));
const bareClusterScript = fileURLToPath(new URL('./bare-cluster.mjs', import.meta.url));
/**
 * Worker processes of the deployed figures: `hutong serve --workers auto`, one per core;
 * `HUTONG_BENCH_WORKERS` sets another count (1: the cluster's own cost without a second writer).
 */
const WORKERS = Number(process.env.HUTONG_BENCH_WORKERS ?? Math.max(1, availableParallelism()));

/** Servers in processes of their own (a cluster's primary with its workers). */
interface Serving {
  readonly url: string;
  /** The primary first, then its workers: whose CPU a run sums. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/** Spawns `node <args…>` and waits for its one JSON line `{"url","pids"}` on stdout. */
function startServing(args: readonly string[], env: Record<string, string> = {}): Promise<Serving> {
  const child = spawn(process.execPath, [...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it listened`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      const started = JSON.parse(line) as { url: string; pids: number[] };
      resolve({
        ...started,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.kill('SIGTERM');
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}

/**
 * Runs autocannon in a child process (this process keeps serving) and returns its figures,
 * with the server's CPU time per answered request: on a shared machine the wall-clock
 * rate moves with everyone else's load, the CPU a request costs the server much less. The
 * server is this process, or with `pids` those processes (a cluster: its primary and every
 * worker, summed; 10 ms ticks).
 */
function load(
  url: string,
  requestFile: string,
  seconds: number,
  pids?: readonly number[],
  connections: number = CONNECTIONS,
): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMicros();
  const othersBefore = pids === undefined ? undefined : processesCpuMicros(pids);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadScript, url, requestFile, String(seconds), String(connections)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load.mjs exited with ${code}`));
      else {
        const own = process.cpuUsage(cpuBefore);
        const others = pids === undefined || othersBefore === undefined ? undefined : processesCpuMicros(pids);
        const cpu =
          others === undefined || othersBefore === undefined
            ? { all: own.user + own.system, main: mainThreadCpuMicros() - mainBefore }
            : { all: others.all - othersBefore.all, main: others.main - othersBefore.main };
        const counted = JSON.parse(out) as Omit<LoadResult, 'cpuPerRequest' | 'mainThreadCpuPerRequest'>;
        const result: LoadResult = {
          ...counted,
          cpuPerRequest: cpu.all / Math.max(1, counted.requests),
          mainThreadCpuPerRequest: cpu.main / Math.max(1, counted.requests),
        };
        if (result.requests === 0) reject(new Error(`load against ${url}: no request completed in ${seconds} s`));
        else if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
          reject(new Error(`load against ${url}: ${JSON.stringify(result)}`));
        else resolve(result);
      }
    });
  });
}

/** What the access records' commit waits for in this run (docs/design/durability.md). */
function accessRecordsNote(): string {
  return accessRecordsDurabilityFromEnv(process.env) === 'full'
    ? 'committed and fsynced before each answer (HUTONG_ACCESS_RECORDS_DURABILITY=full: off-loop group fsync, durability as with synchronous=FULL).'
    : 'committed to the WAL before each answer and fsynced off the event loop without the answer waiting (the default process-kill guarantee, docs/design/durability.md).';
}

async function onlineVerifyFigures(dir: string): Promise<BenchFigure[]> {
  // `servable`: the same data directory is then served by `hutong serve --workers N`'s code in
  // processes of their own (serve-cluster-entry.ts), with the same master key and node id.
  // HUTONG_BENCH_DATABASE_URL (an empty PostgreSQL database): the node, in process and as
  // deployed, on PostgreSQL instead of SQLite.
  const databaseUrl = process.env.HUTONG_BENCH_DATABASE_URL || undefined;
  const node = await startHutongNode({
    licences: LICENCES_PRESENTED,
    servable: true,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
  const engine = databaseUrl === undefined ? 'SQLite' : 'PostgreSQL';
  const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const others: Serving[] = [];
  try {
    bare.post('/api/v1/verify', async (request) => {
      const body = request.body as { licence?: unknown; useCause?: unknown };
      return { valid: typeof body.licence === 'object' && typeof body.useCause === 'string', checks: [] };
    });
    const hutongUrl = await node.app.listen({ host: '127.0.0.1', port: 0 });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    // As deployed: the node's own data directory served by WORKERS processes (the CLI's
    // `--workers auto` code, rate limits off as above), and the bare route by as many.
    const deployed = await startServing(
      ['--import', 'tsx', serveClusterEntry, node.dataDir, String(WORKERS), PUBLIC_URL],
      databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl },
    );
    others.push(deployed);
    const bareDeployed = await startServing([bareClusterScript, String(WORKERS)]);
    others.push(bareDeployed);
    // Every request presents another licence, round robin over all of them (the same rotation
    // for the bare route): no per-document cache, in the node or anywhere, sees a repeat
    // before LICENCES_PRESENTED requests.
    const bodies = node.licences.map((licence) => JSON.stringify({ licence, useCause: '办理业务核验' }));
    const requestFile = join(dir, 'verify-request.json');
    writeFileSync(
      requestFile,
      JSON.stringify({
        method: 'POST',
        headers: { authorization: node.verifierAuthorization, 'content-type': 'application/json' },
        bodies,
      }),
    );
    // The node's answers are checked before timing (the first and the last licence), in
    // process and as deployed: a benchmark of a refusal measures nothing.
    for (const url of [hutongUrl, deployed.url]) {
      for (const body of [bodies[0] ?? '', bodies[bodies.length - 1] ?? '']) {
        const check = await fetch(`${url}/api/v1/verify`, {
          method: 'POST',
          headers: { authorization: node.verifierAuthorization, 'content-type': 'application/json' },
          body,
        });
        const verdict = (await check.json()) as { valid?: boolean };
        if (check.status !== 200 || verdict.valid !== true)
          throw new Error(`online verify (${url}) answered ${check.status}: ${JSON.stringify(verdict).slice(0, 300)}`);
      }
    }
    const sides = {
      hutong: { url: hutongUrl, pids: undefined, runs: [] as LoadResult[], low: [] as LoadResult[] },
      baseline: { url: bareUrl, pids: undefined, runs: [] as LoadResult[], low: [] as LoadResult[] },
      hutongN: { url: deployed.url, pids: deployed.pids, runs: [] as LoadResult[], low: [] as LoadResult[] },
      baselineN: { url: bareDeployed.url, pids: bareDeployed.pids, runs: [] as LoadResult[], low: [] as LoadResult[] },
    };
    const order = [sides.hutong, sides.baseline, sides.hutongN, sides.baselineN];
    // Warm-up: the bare routes 2 s; Hutong's sides WARMUP_SECONDS each. A fresh worker process
    // needs ~10-15 s of this load before its CPU per request settles (V8's optimised code for
    // the whole verify path; measured with 1 and 2 workers alternating, 12,000 licences: 856 →
    // 593 → 547 → 499 µs over successive 5 s runs); with 2 s, the first runs of the deployed
    // side measured its warm-up (945 µs summed, against ~460 settled).
    for (const side of order)
      await load(
        `${side.url}/api/v1/verify`,
        requestFile,
        side === sides.baseline || side === sides.baselineN ? 2 : WARMUP_SECONDS,
        side.pids,
      );
    const loadBefore = loadavg()[0]?.toFixed(1);
    const committer = groupCommitFor(node.store.db);
    const writerStats = () => accessRecordWriterFor(node.store.db)?.stats ?? { appended: 0, batches: 0, fsyncs: 0 };
    // The in-process pair's counters only (the deployed node's workers commit in their own processes).
    let inProcessCommits = { jobs: 0, commits: 0 };
    let walRounds = 0;
    for (let round = 0; round < HTTP_ROUNDS; round++) {
      // Alternating order, so that no side always runs first or last in a round.
      for (const side of round % 2 === 0 ? order : [...order].reverse()) {
        // Records go to the store's writer thread when it has one (SQLite in a file), else
        // through the group commit: count both, the writer's fsyncs with the WAL's.
        const stats = committer.stats;
        const written = writerStats();
        const wal = walSyncFor(node.store.db)?.rounds ?? 0;
        side.runs.push(await load(`${side.url}/api/v1/verify`, requestFile, HTTP_SECONDS, side.pids));
        if (side === sides.hutong) {
          const after = writerStats();
          inProcessCommits = {
            jobs: inProcessCommits.jobs + committer.stats.jobs - stats.jobs + after.appended - written.appended,
            commits:
              inProcessCommits.commits + committer.stats.commits - stats.commits + after.batches - written.batches,
          };
          walRounds += (walSyncFor(node.store.db)?.rounds ?? 0) - wal + after.fsyncs - written.fsyncs;
        }
      }
    }
    // The same four sides at LATENCY_CONNECTIONS, alternating likewise: how each answers when
    // the load does not saturate it (a verification's latency bounds Hutong's rate there).
    if (LATENCY_CONNECTIONS !== CONNECTIONS) {
      for (let round = 0; round < HTTP_ROUNDS; round++) {
        for (const side of round % 2 === 0 ? order : [...order].reverse())
          side.low.push(
            await load(`${side.url}/api/v1/verify`, requestFile, HTTP_SECONDS, side.pids, LATENCY_CONNECTIONS),
          );
      }
    }
    const hutong = sides.hutong.runs;
    const baseline = sides.baseline.runs;
    const hutongN = sides.hutongN.runs;
    const baselineN = sides.baselineN.runs;
    const commits = inProcessCommits;
    const loadAfter = loadavg()[0]?.toFixed(1);
    const subjectLabel = `POST /api/v1/verify with a licence (${LICENCES_PRESENTED.toLocaleString('en-US')} distinct, round robin): auth, verdict, status, access record (${engine})`;
    const deployedLabel = `Hutong as deployed: hutong serve --workers auto (${WORKERS} worker processes, one per core) on the same data directory, same requests`;
    const baselineLabel = 'bare Fastify route: same body parsed, constant verdict';
    const baselineNLabel = `bare Fastify route served by ${WORKERS} cluster workers (node:cluster, the same route)`;
    const runs = `each request presents the next of ${LICENCES_PRESENTED.toLocaleString('en-US')} distinct licences (round robin, the same bodies for every side); ${HTTP_ROUNDS} rounds of ${HTTP_SECONDS} s per side, the four sides (Hutong and bare Fastify, one process and ${WORKERS} processes) in alternating order, ${CONNECTIONS} connections, autocannon in a process of its own; medians`;
    const perRun = (name: string, results: readonly LoadResult[]) =>
      `${name} ${results.map((r) => Math.round(r.requestsPerSecond)).join(', ')} req/s, p50 ${results.map((r) => r.p50).join(', ')} ms, p99 ${results.map((r) => r.p99).join(', ')} ms`;
    const rate = (results: readonly LoadResult[]) => median(results.map((r) => r.requestsPerSecond));
    return [
      {
        name: 'Online verify over HTTP from a second process: throughput',
        unit: 'req/s',
        better: 'higher',
        subject: { label: `${subjectLabel}, one process`, value: rate(hutong) },
        baseline: { label: baselineLabel, value: rate(baseline) },
        // Issue 5's target (≥ 0.3×) is judged on the deployed row below (N workers = cores, as
        // `--workers auto` serves); this row is the single process, the CPU cost of one request.
        note: `${runs}; load average ${loadBefore} before, ${loadAfter} after (2 cores shared). ${hutong.reduce((n, r) => n + r.requests, 0).toLocaleString('en-US')} verifications answered 200, none refused; ${commits.jobs.toLocaleString('en-US')} access records in ${commits.commits.toLocaleString('en-US')} transactions (group commits or the writer thread's batches), ${walRounds.toLocaleString('en-US')} WAL fsyncs. Per run (spread): ${perRun('Hutong', hutong)}; ${perRun('bare Fastify', baseline)}. Access records are queued and written by one transaction per batch (the store's writer thread, store/access-record-writer.ts; without it store/group-commit.ts), ${accessRecordsNote()} The issue's target is judged on the deployed row (hutong serve --workers auto).`,
      },
      {
        name: `Online verify over HTTP, as deployed (${WORKERS} worker processes) against the issue's bare Fastify route (one process): throughput`,
        unit: 'req/s',
        better: 'higher',
        subject: { label: deployedLabel, value: rate(hutongN) },
        baseline: { label: `${baselineLabel}, one process (the issue's baseline)`, value: rate(baseline) },
        // Issue 5: ≥ 0.3× a bare Fastify route, same machine, same run — Hutong served as a
        // deployer serves it (one worker per core), the bare route as the issue states it.
        target: { minRatio: 0.3 },
        note: `${runs}; load average ${loadBefore} before, ${loadAfter} after. Subject: serveCluster (what hutong serve --workers runs; bench/src/serve-cluster-entry.ts, rate limits off as in the in-process node) on the bench node's own data directory, ${WORKERS} workers behind node:cluster's round robin. Baseline: the same bare route as above in one process. Against the bare route in ${WORKERS} processes too: ${(rate(hutongN) / rate(baselineN)).toFixed(2)}× (${Math.round(rate(baselineN)).toLocaleString('en-US')} req/s; next figure). Per run: ${perRun(`Hutong ×${WORKERS}`, hutongN)}; ${perRun(`bare ×${WORKERS}`, baselineN)}. ${hutongN.reduce((n, r) => n + r.requests, 0).toLocaleString('en-US')} verifications answered 200, none refused.`,
      },
      {
        name: `Online verify over HTTP, ${WORKERS} worker processes each side: throughput`,
        unit: 'req/s',
        better: 'higher',
        subject: { label: deployedLabel, value: rate(hutongN) },
        baseline: { label: baselineNLabel, value: rate(baselineN) },
        note: `The fair comparison of the deployed row: both served by ${WORKERS} processes on ${WORKERS} cores shared with autocannon's process and the machine's other load. ${runs}.`,
      },
      {
        name: 'Online verify over HTTP from a second process: server CPU per answered request',
        unit: 'µs',
        better: 'lower',
        subject: { label: `${subjectLabel}, one process`, value: median(hutong.map((r) => r.cpuPerRequest)) },
        baseline: { label: baselineLabel, value: median(baseline.map((r) => r.cpuPerRequest)) },
        // No target of its own: issue 5's is the throughput above. With the serving core saturated,
        // 0.3× the bare route's rate means at most 1/0.3 of its CPU per request (ratio ≥ 0.3 here).
        note: `process.cpuUsage of the serving process (every thread: the event loop, libuv's fsyncs) over each run, divided by the requests answered; medians of the runs. Main thread alone: Hutong ${median(hutong.map((r) => r.mainThreadCpuPerRequest)).toFixed(0)} µs, bare Fastify ${median(baseline.map((r) => r.mainThreadCpuPerRequest)).toFixed(0)} µs (/proc/self/task, 10 ms ticks). Per run: Hutong ${hutong.map((r) => r.cpuPerRequest.toFixed(0)).join(', ')} µs; bare ${baseline.map((r) => r.cpuPerRequest.toFixed(0)).join(', ')} µs. Autocannon runs in its own process and is not counted.`,
      },
      {
        name: `Online verify over HTTP, ${WORKERS} worker processes each side: server CPU per answered request`,
        unit: 'µs',
        better: 'lower',
        subject: { label: deployedLabel, value: median(hutongN.map((r) => r.cpuPerRequest)) },
        baseline: { label: baselineNLabel, value: median(baselineN.map((r) => r.cpuPerRequest)) },
        note: `Summed over the primary and every worker (/proc/<pid>/stat utime + stime, 10 ms ticks; the primary accepts each connection and hands it to a worker, so it is counted). Main threads alone: Hutong ${median(hutongN.map((r) => r.mainThreadCpuPerRequest)).toFixed(0)} µs, bare ${median(baselineN.map((r) => r.mainThreadCpuPerRequest)).toFixed(0)} µs. Per run: Hutong ${hutongN.map((r) => r.cpuPerRequest.toFixed(0)).join(', ')} µs; bare ${baselineN.map((r) => r.cpuPerRequest.toFixed(0)).join(', ')} µs. Against one process's ${median(hutong.map((r) => r.cpuPerRequest)).toFixed(0)} µs: what the extra processes cost (SQLite write lock contention between workers, their own caches).`,
      },
      {
        name: 'Online verify over HTTP from a second process: p50 latency',
        unit: 'ms',
        better: 'lower',
        subject: { label: `${subjectLabel}, one process`, value: median(hutong.map((r) => r.p50)) },
        baseline: { label: baselineLabel, value: median(baseline.map((r) => r.p50)) },
      },
      {
        name: 'Online verify over HTTP from a second process: p99 latency',
        unit: 'ms',
        better: 'lower',
        subject: { label: `${subjectLabel}, one process`, value: median(hutong.map((r) => r.p99)) },
        baseline: { label: baselineLabel, value: median(baseline.map((r) => r.p99)) },
      },
      {
        name: `Online verify over HTTP, ${WORKERS} worker processes each side: p50 latency`,
        unit: 'ms',
        better: 'lower',
        subject: { label: deployedLabel, value: median(hutongN.map((r) => r.p50)) },
        baseline: { label: baselineNLabel, value: median(baselineN.map((r) => r.p50)) },
      },
      {
        name: `Online verify over HTTP, ${WORKERS} worker processes each side: p99 latency`,
        unit: 'ms',
        better: 'lower',
        subject: { label: deployedLabel, value: median(hutongN.map((r) => r.p99)) },
        baseline: { label: baselineNLabel, value: median(baselineN.map((r) => r.p99)) },
        note: `Workers share one SQLite file: a worker whose group commit finds the write lock taken waits in SQLite's busy handler (BEGIN IMMEDIATE, busy_timeout 5 s: sleeps of 1, 2, 5, 10 … ms on its event loop). p99 per run: ${hutongN.map((r) => r.p99).join(', ')} ms, against one process's ${hutong.map((r) => r.p99).join(', ')} ms.`,
      },
      ...(LATENCY_CONNECTIONS === CONNECTIONS
        ? []
        : ([
            {
              name: `Online verify over HTTP from a second process at ${LATENCY_CONNECTIONS} connections: throughput`,
              unit: 'req/s',
              better: 'higher',
              subject: { label: `${subjectLabel}, one process`, value: rate(sides.hutong.low) },
              baseline: { label: baselineLabel, value: rate(sides.baseline.low) },
              note: `The runs above at ${LATENCY_CONNECTIONS} connections instead of ${CONNECTIONS} (${HTTP_ROUNDS} rounds of ${HTTP_SECONDS} s per side, alternating, after the ${CONNECTIONS}-connection rounds): the bare route saturates its core, Hutong's rate is bounded by each verification's latency (its access record committed before the answer). Per run: ${perRun('Hutong', sides.hutong.low)}; ${perRun('bare Fastify', sides.baseline.low)}. Server CPU per request: Hutong ${median(sides.hutong.low.map((r) => r.cpuPerRequest)).toFixed(0)} µs, bare ${median(sides.baseline.low.map((r) => r.cpuPerRequest)).toFixed(0)} µs.`,
            },
            {
              name: `Online verify over HTTP, as deployed (${WORKERS} worker processes) at ${LATENCY_CONNECTIONS} connections: throughput`,
              unit: 'req/s',
              better: 'higher',
              subject: { label: deployedLabel, value: rate(sides.hutongN.low) },
              baseline: {
                label: `${baselineLabel}, one process (the issue's baseline)`,
                value: rate(sides.baseline.low),
              },
              note: `At ${LATENCY_CONNECTIONS} connections. Against the bare route in ${WORKERS} processes: ${(rate(sides.hutongN.low) / rate(sides.baselineN.low)).toFixed(2)}× (${Math.round(rate(sides.baselineN.low)).toLocaleString('en-US')} req/s). Per run: ${perRun(`Hutong ×${WORKERS}`, sides.hutongN.low)}; ${perRun(`bare ×${WORKERS}`, sides.baselineN.low)}.`,
            },
          ] satisfies BenchFigure[])),
    ];
  } finally {
    for (const other of others) await other.stop();
    await bare.close();
    await node.close();
  }
}

export default async function bench(): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-system-'));
  try {
    const figures = [...statusListFigures(), ...(await onlineVerifyFigures(dir))];
    return {
      title: 'System workloads: status list size, online verify over HTTP',
      issue: 'issue 7',
      workloads: [],
      figures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
