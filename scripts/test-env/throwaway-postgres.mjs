// A throwaway PostgreSQL cluster for test runs on a machine without a usable server (or
// when asked with --throwaway-pg): used by scripts/test.mjs and proven by
// throwaway-postgres.test.ts on every run.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probePostgres } from './postgres-admin.mjs';

/** The folder holding `initdb` and `postgres`, newest major first (Debian: /usr/lib/postgresql/<major>/bin), or undefined. */
export function findPostgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = join(root, major, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = which.stdout.trim();
  if (which.status === 0 && initdb !== '') {
    const bin = initdb.slice(0, initdb.lastIndexOf('/'));
    if (existsSync(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Installs Debian's `postgresql` package (root only). */
export function installPostgres(log) {
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL binaries are missing and installing them needs root: apt-get install -y postgresql');
  }
  log(
    "PostgreSQL binaries are missing: installing Debian's postgresql package (apt-get update && apt-get install -y postgresql)",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', 'postgresql'], { env });
}

/** The system user a throwaway cluster runs as: PostgreSQL refuses to run as root. */
export const CLUSTER_USER = 'hutong-test';

function lookupUser(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (line === undefined) return undefined;
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Finds or creates the unprivileged cluster user (as root); undefined when not root (then we already are unprivileged). */
function clusterUser(log) {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupUser(CLUSTER_USER);
  if (existing !== undefined) return existing;
  log(`creating the system user ${CLUSTER_USER} to run throwaway PostgreSQL clusters (PostgreSQL refuses root)`);
  const made = spawnSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', CLUSTER_USER],
    {
      stdio: 'inherit',
    },
  );
  const created = made.status === 0 ? lookupUser(CLUSTER_USER) : undefined;
  if (created !== undefined) return created;
  const nobody = lookupUser('nobody');
  if (nobody === undefined) throw new Error(`cannot create ${CLUSTER_USER} and there is no user nobody`);
  log(`useradd failed; running the cluster as nobody`);
  return nobody;
}

/** `[command, args]` that runs `bin` as `user` (setpriv execs, so the pid is PostgreSQL's own). */
function asUser(user, bin, args) {
  if (user === undefined) return [bin, args];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', bin, ...args]];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a throwaway PostgreSQL cluster: `initdb` in a fresh temp folder owned by an
 * unprivileged user, `postgres` on a free loopback port with its unix socket in that
 * folder, durability switched off (it is thrown away). Installs Debian's postgresql first
 * when its binaries are missing.
 *
 * Returns `{ adminUrl, port, dir, pid, stop(), stopSync() }`; `stop` (or, in an exit
 * handler, `stopSync`) kills the server and removes the folder.
 */
export async function startThrowawayPostgres({ log = (message) => process.stderr.write(`${message}\n`) } = {}) {
  let bin = findPostgresBinDir();
  if (bin === undefined) {
    installPostgres(log);
    bin = findPostgresBinDir();
    if (bin === undefined) throw new Error('postgresql was installed but initdb/postgres are still not found');
  }
  const user = clusterUser(log);
  const dir = mkdtempSync(join(tmpdir(), 'hutong-pg-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  try {
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    const [initCommand, initArgs] = asUser(user, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const init = spawnSync(initCommand, initArgs, { encoding: 'utf8', cwd: dir });
    if (init.status !== 0)
      throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stderr || init.error?.message}`);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const [command, args] = asUser(user, join(bin, 'postgres'), [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        // Thrown away at the end: durability only costs time here.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ]);
      let output = '';
      // Own process group: a Ctrl-C in the terminal reaches the harness, which stops the
      // cluster itself, in order, after the tests.
      const child = spawn(command, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      let exited = false;
      const exit = new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          exited = true;
          resolve(code ?? signal);
        }),
      );
      child.unref();
      const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const deadline = Date.now() + 20_000;
      let problem;
      while (!exited && Date.now() < deadline) {
        problem = await probePostgres(adminUrl, 1000);
        if (problem === undefined) break;
        await sleep(100);
      }
      if (!exited && problem === undefined) {
        let stopped = false;
        const stopSync = () => {
          if (stopped) return;
          stopped = true;
          if (!exited) {
            try {
              process.kill(child.pid, 'SIGKILL');
            } catch {}
          }
          removeDir();
        };
        const stop = async () => {
          if (stopped) return;
          if (!exited) {
            // SIGINT: PostgreSQL's "fast" shutdown (disconnects clients, no checkpoint wait).
            child.kill('SIGINT');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exit;
            clearTimeout(timer);
          }
          stopSync();
        };
        return { adminUrl, port, dir, pid: child.pid, stop, stopSync };
      }
      if (!exited) child.kill('SIGKILL');
      await exit;
      // Another process took the port between our probe and PostgreSQL's bind: try another.
      if (attempt < 3 && /could not bind|already in use/i.test(output)) continue;
      throw new Error(`the throwaway PostgreSQL did not start:\n${output || problem}`);
    }
  } catch (error) {
    removeDir();
    throw error;
  }
}
