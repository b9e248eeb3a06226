/**
 * `hutong serve --workers N`: the real command as a process of its own (through tsx from the
 * sources, spawn-cli.ts), its workers real cluster processes on one store. They answer on one
 * port (each answer names its worker), write to the store side by side (access tokens issued
 * through both at once, every one of them usable), a worker killed with SIGKILL is replaced
 * while the other keeps serving, and SIGTERM stops the primary and every worker it ever had,
 * one still starting included — on SQLite and on PostgreSQL. Bad `--workers` values are refused
 * before anything starts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, loadSecrets, migrateToLatest, openStore } from '@hutong/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../../server/src/test-support/databases.js';
import { createTestClient } from '../../../server/src/test-support/principals.js';
import type { CliIo } from '../command.js';
import { exited, spawnCli, startLine } from '../test-support/spawn-cli.js';
import { createServe } from './serve.js';

const QUIET = { HUTONG_LOG_LEVEL: 'warn' };

/** The pids of a process's children (Linux: the main thread's `children` list). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * How long a condition that needs a process to start (a worker, through tsx from the sources)
 * may take: four times what this node's own start took in `beforeAll`, 30 s at least, 150 s at
 * most. A budget, not a measurement: the start of a worker takes seconds on a quiet machine and
 * over 20 s on the 2-core CI machine at load 12–15 (a fixed 20 s failed there), and it grows
 * with the load the same way the first start did.
 */
let startBudgetMs = 30_000;

/**
 * Probes until `probe` finds something, `every` ms apart. Probes that reach the node ask the
 * anonymous `/api/health`, rate limited per worker (auth/rate-limit.ts: burst 60, 10/s): a
 * pace of 4/s never empties the bucket however long a start takes (at one probe each 50 ms
 * plus its answer, a start slower than ~10 s met 429 from the survivor).
 */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { ms = startBudgetMs, every = 250 }: { ms?: number; every?: number } = {},
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`timed out waiting for ${what} (${ms} ms)`);
}

/** One request on a connection of its own (the cluster hands out connections round robin). */
function fresh(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; worker: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        const worker = res.headers['x-hutong-worker'];
        resolve({ status: res.statusCode ?? 0, worker: typeof worker === 'string' ? worker : undefined, body });
      });
    });
    req.on('error', reject);
    // Never hang a test on a lost connection: a refusal to look at instead. Generous: on a
    // loaded machine a request waits for a worker that is busy starting its neighbour's threads.
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
    req.end(options.body);
  });
}

/** Asks `/api/health` on fresh connections until `want` distinct workers answered; their ids. */
async function workersAnswering(base: string, want: number): Promise<Set<string>> {
  const seen = new Set<string>();
  await until(`${want} workers answering`, async () => {
    const answer = await fresh(`${base}api/health`);
    expect(answer.status).toBe(200);
    if (answer.worker !== undefined) seen.add(answer.worker);
    return seen.size >= want ? seen : undefined;
  });
  return seen;
}

describe.each(TEST_DATABASES)('hutong serve --workers 2, on $dialect', ({ dialect, create }) => {
  let database: TestDatabase;
  let dataDir: string;
  let child: ChildProcess;
  let ended: Promise<number | null>;
  let base: string;
  let stderr = '';
  let clientId: string;
  let clientSecret: string;
  const everWorkers = new Set<number>();

  beforeAll(async () => {
    database = await create();
    // The node's data directory: its SQLite file (the test database's, copied there) or, on
    // PostgreSQL, only its master key file; the key is made here, before the node starts.
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-workers-'));
    const env: Record<string, string> = {
      ...QUIET,
      ...(database.location.dialect === 'postgres' ? { DATABASE_URL: database.location.url } : {}),
    };
    // A registered client whose secret buys access tokens: a write through every worker.
    const location =
      database.location.dialect === 'postgres'
        ? database.location
        : { dialect: 'sqlite' as const, file: join(dataDir, 'hutong.db') };
    const store = await openStore(location);
    try {
      await migrateToLatest(store.db);
      const ctx = createAppContext({ store, nodeId: 'workers-test', secrets: loadSecrets({ dataDir, env }) });
      const client = await createTestClient(ctx, { scopes: ['verify'], kind: 'relying-party' });
      clientId = client.clientId;
      clientSecret = client.secret;
    } finally {
      await store.close();
    }
    const spawnedAt = Date.now();
    child = spawnCli(['serve', '--data-dir', dataDir, '--port', '0', '--workers', '2'], env);
    ended = exited(child);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = `${stderr}${chunk.toString('utf8')}`.slice(-8000);
    });
    const line = await startLine(child, ended, () => stderr);
    const started = JSON.parse(line) as { url: string; store: string; workers: number };
    expect(started.store).toBe(dialect);
    expect(started.workers).toBe(2);
    base = started.url;
    startBudgetMs = Math.min(150_000, Math.max(30_000, 4 * (Date.now() - spawnedAt)));
  }, 240_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      for (const pid of everWorkers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await database?.drop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers from both workers, on one port', async () => {
    const workers = await until('two worker processes', () => {
      const pids = childrenOf(child.pid as number);
      return pids.length === 2 ? pids : undefined;
    });
    for (const pid of workers) everWorkers.add(pid);
    expect(await workersAnswering(base, 2)).toEqual(new Set(['1', '2']));
  });

  it('writes through both workers at once: every token issued is usable', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'verify',
    }).toString();
    const issued = await Promise.all(
      Array.from({ length: 12 }, () =>
        fresh(`${base}api/v1/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        }),
      ),
    );
    expect(issued.map((r) => r.status)).toEqual(issued.map(() => 200));
    const tokens = issued.map((r) => (JSON.parse(r.body) as { access_token: string }).access_token);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Each token, used on fresh connections (so on either worker): known to the store both see.
    const used = await Promise.all(
      tokens.map((token) =>
        fresh(`${base}api/v1/verify`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ input: 'not a code', useCause: 'test' }),
        }),
      ),
    );
    // Authenticated (not 401): the refusal is about the input, which a bearer must be let in to get.
    for (const answer of used) expect(answer.status, answer.body).not.toBe(401);
    expect(new Set(used.map((r) => r.worker)).size).toBeGreaterThanOrEqual(1);
  });

  it('replaces a worker killed with SIGKILL while the other keeps serving', async () => {
    const before = childrenOf(child.pid as number);
    expect(before).toHaveLength(2);
    const [victim, survivor] = before as [number, number];
    process.kill(victim, 'SIGKILL');
    // Once the primary saw the death (a connection handed to a worker in the instant it dies
    // is lost with it: node:cluster's round robin does not hand it to another), the survivor
    // serves on at once, before any replacement listens.
    await until('the primary to see the death', () => (stderr.includes(`worker ${victim} exited`) ? true : undefined), {
      every: 20,
    });
    expect((await fresh(`${base}api/health`)).status).toBe(200);
    const replaced = await until('a new worker in place of the killed one', () => {
      const now = childrenOf(child.pid as number);
      return now.length === 2 && !now.includes(victim) && now.includes(survivor) ? now : undefined;
    });
    for (const pid of replaced) everWorkers.add(pid);
    expect(alive(victim)).toBe(false);
    // The new worker (id 3: the cluster numbers on) answers too.
    const seen = await workersAnswering(base, 2);
    expect(seen.has('3')).toBe(true);
    expect(stderr).toContain(`worker ${victim} exited (SIGKILL); starting another in 250 ms`);
    // And the operator reads that the node serves with both workers again.
    await until('the notice of the new worker', () =>
      stderr.includes(`listening in place of worker ${victim}`) ? true : undefined,
    );
  }, 360_000);

  it('stops on SIGTERM, also while a new worker is starting: exit 0, every worker gone, no orphan, the new one never serving', async () => {
    // The SIGTERM comes while a replacement is still loading its modules (a second or more
    // through tsx), before it listens for messages: the primary's `stop` to it was lost, and it
    // was then started and served until killed 15 s later (serve-cluster.ts tells it now).
    const before = childrenOf(child.pid as number);
    for (const pid of before) everWorkers.add(pid);
    const victim = before[0] as number;
    process.kill(victim, 'SIGKILL');
    const forked = await until(
      'a new worker process',
      () => childrenOf(child.pid as number).find((pid) => !before.includes(pid)),
      { every: 5 },
    );
    everWorkers.add(forked);
    child.kill('SIGTERM');
    expect(await ended).toBe(0);
    expect(stderr).toContain('hutong serve: stopped.');
    expect(stderr).not.toContain(`listening in place of worker ${victim}`);
    expect([...everWorkers].filter(alive)).toEqual([]);
    await expect(fresh(`${base}api/health`)).rejects.toThrow();
    // Generous: each worker closes its store and threads, 15 s at most before the primary kills it.
  }, 120_000);
});

describe('hutong serve --workers: refusals', () => {
  function io(): { io: CliIo; err: () => string; out: () => string } {
    let out = '';
    let err = '';
    return {
      io: {
        stdout: (t) => {
          out += t;
        },
        stderr: (t) => {
          err += t;
        },
        cwd: process.cwd(),
      },
      out: () => out,
      err: () => err,
    };
  }
  const signals = { once: () => undefined, off: () => undefined };

  it.each([['0'], ['00'], ['1.5'], ['two'], ['65'], ['']])(
    "refuses --workers '%s' with usage and exit 2, before starting anything",
    async (value) => {
      const captured = io();
      const code = await createServe(signals, {})(
        ['--workers', value, '--data-dir', '/nonexistent/never'],
        captured.io,
      );
      expect(code).toBe(2);
      expect(captured.err()).toContain(`'${value}' is not a number of workers (1–64, or auto)`);
      expect(captured.out()).toBe('');
    },
  );

  it('refuses a bad HUTONG_WORKERS the same way; --workers wins over it', async () => {
    const captured = io();
    expect(await createServe(signals, { HUTONG_WORKERS: 'many' })(['--data-dir', '/nonexistent'], captured.io)).toBe(2);
    expect(captured.err()).toContain("'many' is not a number of workers");
    const overridden = io();
    const code = await createServe(signals, { HUTONG_WORKERS: 'many' })(
      ['--workers', 'x', '--data-dir', '/nonexistent'],
      overridden.io,
    );
    expect(code).toBe(2);
    expect(overridden.err()).toContain("'x' is not a number of workers");
  });
});
