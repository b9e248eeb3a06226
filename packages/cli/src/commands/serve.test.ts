import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// Test-only helpers are not part of @hutong/server's public surface (they never ship), so
// this one test reaches into the server's sources for its real test databases.
import { createTestPostgresDatabase, createTestSqliteDatabase } from '../../../server/src/test-support/databases.js';
import type { CliIo } from '../command.js';
import { createServe, DEFAULT_PORT, portTextOf } from './serve.js';

interface Captured {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(cwd: string): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
      cwd,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** Waits until the command has printed its start line, and returns it. */
async function started(
  captured: Captured,
  running: Promise<number>,
): Promise<{ url: string; store: string; nodeId: string }> {
  // Generous: with --demo the node seeds a few hundred signed licences before it listens.
  const deadline = Date.now() + 90_000;
  let exited: number | undefined;
  void running.then((code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
    const line = captured.stdout().split('\n')[0];
    if (line !== undefined && line !== '') return JSON.parse(line);
    if (exited !== undefined) throw new Error(`serve exited with ${exited}: ${captured.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`serve did not start: ${captured.stderr()}`);
}

const QUIET = { HUTONG_LOG_LEVEL: 'warn' };

/** A TCP port nothing listens on right now (the OS picks it, then it is released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('hutong serve', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts, prints its URL, answers, and stops cleanly on SIGTERM', async () => {
    const database = await createTestSqliteDatabase();
    cleanups.push(database.drop);
    const signals = new EventEmitter();
    const captured = capture('/');
    const running = createServe(signals, QUIET)(['--data-dir', database.dataDir, '--port', '0', '--demo'], captured.io);
    const start = await started(captured, running);

    expect(start.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(start.store).toBe('sqlite');
    expect(captured.stderr()).toContain(start.url);
    const health = await fetch(new URL('api/health', start.url));
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite', nodeId: start.nodeId });
    expect(existsSync(join(database.dataDir, 'hutong.db'))).toBe(true);
    // --demo: the demo library was seeded and its accounts printed for people.
    expect(existsSync(join(database.dataDir, 'secrets', 'master.key'))).toBe(true);
    expect(captured.stderr()).toContain('工作人员账号 Staff accounts');
    expect(captured.stderr()).toMatch(/otpauth:\/\/totp\/.+:admin\?secret=[A-Z2-7]+/);
    expect(captured.stderr()).toMatch(/client_secret: [A-Za-z0-9_-]{43}/);

    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(captured.stderr()).toContain('SIGTERM received');
    await expect(fetch(new URL('api/health', start.url))).rejects.toThrow();
    // Nothing left listening for signals: a second Ctrl-C gets Node's default.
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  }, 120_000);

  it('honours HUTONG_DATA_DIR, PORT and a relative --data-dir against the working directory', async () => {
    const database = await createTestSqliteDatabase();
    cleanups.push(database.drop);
    const signals = new EventEmitter();

    const fromEnv = capture('/');
    const first = createServe(signals, { ...QUIET, HUTONG_DATA_DIR: database.dataDir, PORT: '0' })([], fromEnv.io);
    const one = await started(fromEnv, first);
    signals.emit('SIGINT');
    expect(await first).toBe(0);

    const relative = capture(join(database.dataDir, '..'));
    const dirName = database.dataDir.split('/').pop() ?? '';
    const second = createServe(signals, { ...QUIET, HUTONG_DATA_DIR: '/nonexistent', PORT: '0' })(
      ['--data-dir', dirName],
      relative.io,
    );
    const two = await started(relative, second);
    signals.emit('SIGINT');
    expect(await second).toBe(0);
    // Same data directory, so the same node.
    expect(two.nodeId).toBe(one.nodeId);
  });

  it('uses DATABASE_URL (PostgreSQL) instead of the data directory', async () => {
    const database = await createTestPostgresDatabase();
    cleanups.push(database.drop);
    const signals = new EventEmitter();
    const captured = capture('/');
    // No data directory to keep a master key in: the node takes it from the environment.
    const masterKey = randomBytes(32).toString('hex');
    const running = createServe(signals, { ...QUIET, DATABASE_URL: database.url, HUTONG_MASTER_KEY: masterKey })(
      ['--port', '0'],
      captured.io,
    );
    const start = await started(captured, running);
    expect(start.store).toBe('postgres');
    const health = await fetch(new URL('api/health', start.url));
    expect(await health.json()).toMatchObject({ store: 'postgres' });
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('builds its public URLs from --public-url, else HUTONG_PUBLIC_URL', async () => {
    const database = await createTestSqliteDatabase();
    cleanups.push(database.drop);
    const signals = new EventEmitter();
    const env = { ...QUIET, HUTONG_PUBLIC_URL: 'https://env.example.gov.cn' };
    for (const [argv, expected] of [
      [['--public-url', 'https://licences.xj.gov.cn/hutong/'], 'https://licences.xj.gov.cn/hutong'],
      [[], 'https://env.example.gov.cn'],
    ] as const) {
      const captured = capture('/');
      const running = createServe(signals, env)(['--data-dir', database.dataDir, '--port', '0', ...argv], captured.io);
      const start = (await started(captured, running)) as { url: string; publicUrl?: string };
      expect(start.publicUrl).toBe(expected);
      // The trust list names the node by its public URL, not by the address it listens on.
      const list = await (await fetch(new URL('api/v1/trust-list', start.url))).text();
      expect(list).toContain(expected);
      signals.emit('SIGTERM');
      expect(await running).toBe(0);
    }
    // Neither: a node on this machine, on the port it was told to listen on.
    const { HUTONG_PUBLIC_URL: _ignored, ...withoutPublicUrl } = env;
    const free = await freePort();
    const captured = capture('/');
    const running = createServe(signals, withoutPublicUrl)(
      ['--data-dir', database.dataDir, '--port', String(free)],
      captured.io,
    );
    const start = (await started(captured, running)) as { url: string; publicUrl?: string };
    expect(start.publicUrl).toBe(`http://localhost:${free}`);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('refuses a bad port or an unknown option with usage and exit 2, before starting anything', async () => {
    const signals = new EventEmitter();
    for (const argv of [
      ['--port', '80a'],
      ['--port', '70000'],
      ['--verbose'],
      ['extra'],
      ['--public-url', 'licences.xj.gov.cn'],
      ['--public-url', 'ftp://licences.xj.gov.cn'],
      ['--public-url', 'https://licences.xj.gov.cn/?x=1'],
      ['--public-url', 'https://user:pw@licences.xj.gov.cn'],
    ]) {
      const captured = capture('/');
      expect(await createServe(signals, QUIET)(argv, captured.io), argv.join(' ')).toBe(2);
      expect(captured.stderr()).toContain('Usage: hutong serve');
      expect(captured.stdout()).toBe('');
    }
    const badEnv = capture('/');
    expect(await createServe(signals, { PORT: 'eighty' })([], badEnv.io)).toBe(2);
  });

  it('takes --port, then $PORT, then 8080, an empty PORT counting as unset', () => {
    expect(portTextOf('0', { PORT: '9000' })).toBe('0');
    expect(portTextOf(undefined, { PORT: '9000' })).toBe('9000');
    expect(portTextOf(undefined, { PORT: '' })).toBe(String(DEFAULT_PORT));
    expect(portTextOf(undefined, {})).toBe('8080');
  });

  it('says which port is taken and what to do when another program listens on it', async () => {
    const database = await createTestSqliteDatabase();
    const other = createServer();
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    try {
      const { port } = other.address() as AddressInfo;
      const captured = capture('/');
      const code = await createServe(new EventEmitter(), QUIET)(
        ['--port', String(port), '--data-dir', database.dataDir],
        captured.io,
      );
      expect(code).toBe(1);
      expect(JSON.parse(captured.stdout())).toEqual({
        error: {
          code: 'ERR_CLI_SERVE_FAILED',
          message: `127.0.0.1:${port} is already in use by another program: stop it, or start Hutong on another port (--port N, or PORT=N npm start)`,
          field: 'port',
        },
      });
      expect(captured.stderr()).toContain('--port N');
    } finally {
      await new Promise<void>((done) => other.close(() => done()));
      await database.drop();
    }
  });

  it('prints a JSON error and exits 1 when the store cannot be opened', async () => {
    const captured = capture('/');
    const code = await createServe(new EventEmitter(), { ...QUIET, DATABASE_URL: 'mysql://db/hutong' })(
      ['--port', '0'],
      captured.io,
    );
    expect(code).toBe(1);
    expect(JSON.parse(captured.stdout())).toEqual({
      error: { code: 'ERR_STORE_URL_INVALID', message: expect.any(String), field: 'databaseUrl' },
    });
  });

  it('refuses to start with a half-configured OpenID provider, before opening any store', async () => {
    const captured = capture('/');
    const dataDir = join('/tmp', `hutong-oidc-${randomBytes(4).toString('hex')}`);
    const code = await createServe(new EventEmitter(), QUIET)(
      [
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--oidc-issuer',
        'https://id.example.gov.cn',
        '--oidc-client-id',
        'hutong',
      ],
      captured.io,
    );
    expect(code).toBe(1);
    expect(JSON.parse(captured.stdout()).error.message).toContain('HUTONG_OIDC_CLIENT_SECRET');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('prints its usage for --help', async () => {
    const captured = capture('/');
    expect(await createServe(new EventEmitter(), {})(['--help'], captured.io)).toBe(0);
    expect(captured.stdout()).toContain('--data-dir');
  });
});
