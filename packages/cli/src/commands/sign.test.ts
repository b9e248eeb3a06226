import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_NAMES, type SuiteName } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo, Command } from '../command.js';
import { keygen } from './keygen.js';
import { sign } from './sign.js';

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

async function run(command: Command, argv: string[]): Promise<{ code: number; stderr: string; json: Output }> {
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
  const code = await command(argv, io);
  return { code, stderr, json: JSON.parse(stdout.split('\n')[0] ?? 'null') };
}

/** Runs OpenSSL; true when it exits 0. */
function opensslOk(args: string[]): boolean {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

/** The verification commands the `--help` text documents. */
function opensslVerify(suite: SuiteName, pub: string, file: string, sig: string, distid = '1234567812345678'): boolean {
  switch (suite) {
    case 'sm2-sm3':
      return opensslOk([
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        pub,
        '-rawin',
        '-in',
        file,
        '-sigfile',
        sig,
        '-digest',
        'sm3',
        '-pkeyopt',
        `distid:${distid}`,
      ]);
    case 'ecdsa-p256':
      return opensslOk(['dgst', '-sha256', '-verify', pub, '-signature', sig, file]);
    case 'ed25519':
      return opensslOk(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', file, '-sigfile', sig]);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-sign-'));
  expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
  writeFileSync(
    join(dir, 'licence.json'),
    '{"certificateName":"建筑施工特种作业人员操作资格证书","certificateVersion":"001"}',
  );
  writeFileSync(join(dir, 'other.json'), '{"certificateVersion":"002"}');
  for (const suite of SUITE_NAMES) {
    const made = await run(keygen, ['--suite', suite, '--out', `${suite}.key.pem`, '--pub', `${suite}.pub.pem`]);
    expect(made.code).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hutong sign', () => {
  it.each(SUITE_NAMES.map((s) => [s]))('writes a %s signature OpenSSL 3 verifies', async (suite: SuiteName) => {
    const result = await run(sign, [
      '--suite',
      suite,
      '--key',
      `${suite}.key.pem`,
      '--in',
      'licence.json',
      '--out',
      `${suite}.sig`,
    ]);
    expect(result.code).toBe(0);
    const encoding = suite === 'ed25519' ? 'raw' : 'der';
    expect(result.json).toEqual({ suite, keyId: expect.any(String), out: join(dir, `${suite}.sig`), encoding });
    const signature = readFileSync(join(dir, `${suite}.sig`));
    if (encoding === 'raw') expect(signature.length).toBe(64);
    else expect(signature[0]).toBe(0x30);
    expect(opensslVerify(suite, `${suite}.pub.pem`, 'licence.json', `${suite}.sig`)).toBe(true);
    expect(opensslVerify(suite, `${suite}.pub.pem`, 'other.json', `${suite}.sig`)).toBe(false);
  });

  it.each(SUITE_NAMES.map((s) => [s]))('signs with a %s key made by openssl genpkey', async (suite: SuiteName) => {
    const genpkey: Record<SuiteName, string[]> = {
      'sm2-sm3': ['-algorithm', 'SM2'],
      ed25519: ['-algorithm', 'ED25519'],
      'ecdsa-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    };
    expect(opensslOk(['genpkey', ...genpkey[suite], '-out', `ossl-${suite}.key.pem`])).toBe(true);
    expect(opensslOk(['pkey', '-in', `ossl-${suite}.key.pem`, '-pubout', '-out', `ossl-${suite}.pub.pem`])).toBe(true);
    const result = await run(sign, [
      '--suite',
      suite,
      '--key',
      `ossl-${suite}.key.pem`,
      '--in',
      'licence.json',
      '--out',
      `ossl-${suite}.sig`,
    ]);
    expect(result.code).toBe(0);
    expect(opensslVerify(suite, `ossl-${suite}.pub.pem`, 'licence.json', `ossl-${suite}.sig`)).toBe(true);
  });

  it('binds the SM2 distinguishing ID given with --id', async () => {
    const result = await run(sign, [
      '--suite',
      'sm2-sm3',
      '--key',
      'sm2-sm3.key.pem',
      '--in',
      'licence.json',
      '--out',
      'alice.sig',
      '--id',
      'ALICE123@YAHOO.COM',
    ]);
    expect(result.code).toBe(0);
    expect(opensslVerify('sm2-sm3', 'sm2-sm3.pub.pem', 'licence.json', 'alice.sig', 'ALICE123@YAHOO.COM')).toBe(true);
    expect(opensslVerify('sm2-sm3', 'sm2-sm3.pub.pem', 'licence.json', 'alice.sig')).toBe(false);
    const notSm2 = await run(sign, [
      '--suite',
      'ed25519',
      '--key',
      'ed25519.key.pem',
      '--in',
      'licence.json',
      '--out',
      'x.sig',
      '--id',
      'ALICE',
    ]);
    expect(notSm2.code).toBe(2);
    expect(notSm2.json.error?.code).toBe('ERR_CRYPTO_OPTION_INVALID');
  });

  it('refuses a key of another suite, a public key, missing files and missing options', async () => {
    const cases: Array<[string[], string, string | undefined]> = [
      [
        ['--suite', 'ed25519', '--key', 'sm2-sm3.key.pem', '--in', 'licence.json', '--out', 'x.sig'],
        'ERR_CRYPTO_SUITE_MISMATCH',
        'suite',
      ],
      [
        ['--suite', 'sm2-sm3', '--key', 'sm2-sm3.pub.pem', '--in', 'licence.json', '--out', 'x.sig'],
        'ERR_CRYPTO_PEM_LABEL_UNEXPECTED',
        'pem',
      ],
      [
        ['--suite', 'sm2-sm3', '--key', 'missing.pem', '--in', 'licence.json', '--out', 'x.sig'],
        'ERR_CLI_FILE_UNREADABLE',
        'key',
      ],
      [
        ['--suite', 'sm2-sm3', '--key', 'sm2-sm3.key.pem', '--in', 'missing.json', '--out', 'x.sig'],
        'ERR_CLI_FILE_UNREADABLE',
        'in',
      ],
      [['--suite', 'sm2-sm3', '--key', 'sm2-sm3.key.pem', '--in', 'licence.json'], 'ERR_CLI_USAGE', 'out'],
      [
        ['--suite', 'sm2-sm3', '--key', 'licence.json', '--in', 'licence.json', '--out', 'x.sig'],
        'ERR_CRYPTO_PEM_MALFORMED',
        'pem',
      ],
      [
        ['--suite', 'sm2-sm3', '--key', 'sm2-sm3.key.pem', '--in', 'licence.json', '--out', join('nowhere', 'x.sig')],
        'ERR_CLI_FILE_UNWRITABLE',
        'out',
      ],
    ];
    for (const [argv, code, field] of cases) {
      const result = await run(sign, argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.json.error, argv.join(' ')).toMatchObject({ code, field, message: expect.any(String) });
    }
  });
});
