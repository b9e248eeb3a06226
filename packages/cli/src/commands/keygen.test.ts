import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importVerificationKeyPem, SUITE_NAMES, type SuiteName } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { keygen } from './keygen.js';

let dir: string;

/** The first JSON line a command prints (a result, a verdict or an error). */
interface Output {
  readonly valid?: boolean;
  readonly suite?: string;
  readonly keyId?: string;
  readonly out?: string;
  readonly pub?: string | null;
  readonly encoding?: string;
  readonly reason?: string | null;
  readonly error?: { readonly code: string; readonly message: string; readonly field?: string };
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: Output }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: dir,
  };
  const code = await keygen(argv, io);
  const firstLine = stdout.split('\n')[0] ?? '';
  return { code, stdout, stderr, json: firstLine.startsWith('{') ? JSON.parse(firstLine) : undefined };
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-keygen-'));
  expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `openssl pkey -text` says about each suite's key. */
const OPENSSL_NAMES: Record<SuiteName, RegExp> = {
  'sm2-sm3': /ASN1 OID: SM2/,
  ed25519: /ED25519 Private-Key/,
  'ecdsa-p256': /ASN1 OID: prime256v1/,
};

describe('hutong keygen', () => {
  it.each(SUITE_NAMES.map((s) => [s]))('writes a %s key pair OpenSSL 3 reads', async (suite: SuiteName) => {
    const result = await run(['--suite', suite, '--out', `${suite}.key.pem`, '--pub', `${suite}.pub.pem`]);
    expect(result.code).toBe(0);
    expect(result.json).toEqual({
      suite,
      keyId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      out: join(dir, `${suite}.key.pem`),
      pub: join(dir, `${suite}.pub.pem`),
    });
    expect(statSync(join(dir, `${suite}.key.pem`)).mode & 0o777).toBe(0o600);
    const privatePem = readFileSync(join(dir, `${suite}.key.pem`), 'utf8');
    const publicPem = readFileSync(join(dir, `${suite}.pub.pem`), 'utf8');
    expect(privatePem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(openssl(['pkey', '-in', `${suite}.key.pem`, '-noout', '-text'])).toMatch(OPENSSL_NAMES[suite]);
    expect(openssl(['pkey', '-in', `${suite}.key.pem`, '-pubout'])).toBe(publicPem);
    expect((await importVerificationKeyPem(publicPem)).keyId).toBe(result.json.keyId);
  });

  it('writes only the private key without --pub', async () => {
    const result = await run(['--suite', 'ed25519', '--out', 'only.pem']);
    expect(result.code).toBe(0);
    expect(result.json.pub).toBeNull();
    expect(existsSync(join(dir, 'only.pem'))).toBe(true);
  });

  it('never overwrites a key without --force, and --force restores mode 0600', async () => {
    writeFileSync(join(dir, 'taken.pem'), 'precious');
    const refused = await run(['--suite', 'sm2-sm3', '--out', 'taken.pem']);
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({ code: 'ERR_CLI_FILE_EXISTS', field: 'out' });
    expect(readFileSync(join(dir, 'taken.pem'), 'utf8')).toBe('precious');

    chmodSync(join(dir, 'taken.pem'), 0o644);
    const forced = await run(['--suite', 'sm2-sm3', '--out', 'taken.pem', '--force']);
    expect(forced.code).toBe(0);
    expect(statSync(join(dir, 'taken.pem')).mode & 0o777).toBe(0o600);
    expect(openssl(['pkey', '-in', 'taken.pem', '-noout', '-text'])).toMatch(/SM2/);
  });

  it('refuses an existing --pub file before writing anything', async () => {
    writeFileSync(join(dir, 'pub-taken.pem'), 'x');
    const result = await run(['--suite', 'ed25519', '--out', 'fresh.pem', '--pub', 'pub-taken.pem']);
    expect(result.code).toBe(2);
    expect(result.json.error).toMatchObject({ code: 'ERR_CLI_FILE_EXISTS', field: 'pub' });
  });

  it('answers usage errors with exit 2, a JSON error and the usage on stderr', async () => {
    const missing = await run(['--out', 'k.pem']);
    expect(missing.code).toBe(2);
    expect(missing.json.error).toMatchObject({ code: 'ERR_CLI_USAGE', field: 'suite' });
    expect(missing.stderr).toContain('Usage: hutong keygen');

    const unknownOption = await run(['--suite', 'ed25519', '--out', 'k.pem', '--bits', '256']);
    expect(unknownOption.json.error?.code).toBe('ERR_CLI_USAGE');
    const positional = await run(['ed25519']);
    expect(positional.json.error?.code).toBe('ERR_CLI_USAGE');
    const same = await run(['--suite', 'ed25519', '--out', 'k.pem', '--pub', 'k.pem']);
    expect(same.json.error).toMatchObject({ code: 'ERR_CLI_USAGE', field: 'pub' });

    const unknownSuite = await run(['--suite', 'rsa', '--out', 'k.pem']);
    expect(unknownSuite.code).toBe(2);
    expect(unknownSuite.json.error).toMatchObject({ code: 'ERR_CRYPTO_SUITE_UNKNOWN', field: 'suite' });
    expect(existsSync(join(dir, 'k.pem'))).toBe(false);
  });

  it('reports an unwritable destination', async () => {
    const result = await run(['--suite', 'ed25519', '--out', join(dir, 'no-such-dir', 'k.pem')]);
    expect(result.code).toBe(2);
    expect(result.json.error).toMatchObject({ code: 'ERR_CLI_FILE_UNWRITABLE', field: 'out' });
  });

  it('prints its usage for --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--suite   sm2-sm3');
  });
});
