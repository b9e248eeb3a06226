// The PostgreSQL server the tests use: probing it, sweeping what killed runs left on it.
// Shared by scripts/test.mjs (the harness), global-setup.ts and the throwaway cluster.
// Plain JavaScript so that the harness runs on bare Node before anything is built.
import { createRequire } from 'node:module';

// `pg` is the server package's dependency; resolve it from there, hoisted or not.
const pg = createRequire(new URL('../../packages/server/package.json', import.meta.url))('pg');

/** The machine's own PostgreSQL (trust auth on loopback, as on the development machines and CI). */
export const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The environment variable through which the harness hands the admin URL to the tests. */
export const ADMIN_URL_ENV = 'HUTONG_TEST_PG_ADMIN_URL';

/** Test databases are named `hutong_t_<pid>_<random>`: the pid lets a later run sweep what a killed run left. */
export const TEST_DATABASE_PATTERN = /^hutong_t_(\d+)_[a-z0-9]+$/;

/** `postgres://user:secret@host:5432/db` → `postgres://user@host:5432/db`, for messages. */
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Connects, runs `select 1`, disconnects. Resolves to an error message, or undefined when it answered. */
export async function probePostgres(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `fn(client)` on a connection to `url`, then closes it. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error.code === 'EPERM';
  }
}

/** True when the URL names this machine (a pid in a database name means something only here). */
export function isLoopbackUrl(url) {
  try {
    const { hostname, searchParams } = new URL(url);
    const host = searchParams.get('host') ?? hostname;
    return host === '' || host.startsWith('/') || host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Drops the test databases of earlier runs whose process is gone (a run killed before its
 * afterAll). Only on this machine's server: a pid names a process here, nowhere else, so
 * on a shared remote server the sweep would drop other machines' live databases.
 */
export async function sweepStaleTestDatabases(adminUrl) {
  if (!isLoopbackUrl(adminUrl)) return [];
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query(`select datname from pg_database where datname like 'hutong\\_t\\_%'`);
    const dropped = [];
    for (const { datname } of rows) {
      const match = TEST_DATABASE_PATTERN.exec(datname);
      if (match === null || processIsAlive(Number(match[1]))) continue;
      // PostgreSQL 13+: WITH (FORCE) terminates what is still connected.
      await client.query(`drop database if exists "${datname}" with (force)`);
      dropped.push(datname);
    }
    return dropped;
  });
}
