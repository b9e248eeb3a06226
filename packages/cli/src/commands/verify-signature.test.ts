import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derToRawSignature, importVerificationKeyPem, SUITE_NAMES, type SuiteName } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo, Command } from '../command.js';
import { keygen } from './keygen.js';
import { sign } from './sign.js';
import { verifySignature } from './verify-signature.js';

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

async function run(command: Command, argv: string[]): Promise<{ code: number; json: Output }> {
  let stdout = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => undefined,
    cwd: dir,
  };
  const code = await command(argv, io);
  return { code, json: JSON.parse(stdout.split('\n')[0] ?? 'null') };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** OpenSSL signs `file` the way the CLI contract says (SM2: distid 1234567812345678 unless given). */
function opensslSign(
  suite: SuiteName,
  key: string,
  file: string,
  out: string,
  distid: string | null = '1234567812345678',
): void {
  const args: Record<SuiteName, string[]> = {
    'sm2-sm3': [
      'pkeyutl',
      '-sign',
      '-inkey',
      key,
      '-rawin',
      '-in',
      file,
      '-out',
      out,
      '-digest',
      'sm3',
      ...(distid === null ? [] : ['-pkeyopt', `distid:${distid}`]),
    ],
    'ecdsa-p256': ['dgst', '-sha256', '-sign', key, '-out', out, file],
    ed25519: ['pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', file, '-out', out],
  };
  openssl(args[suite]);
}

const verify = (suite: SuiteName, pub: string, file: string, sig: string, extra: string[] = []) =>
  run(verifySignature, ['--suite', suite, '--pub', pub, '--in', file, '--sig', sig, ...extra]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-verify-'));
  expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
  writeFileSync(join(dir, 'licence.json'), '{"certificateHolderCode":"11010519491231002X"}');
  writeFileSync(join(dir, 'tampered.json'), '{"certificateHolderCode":"11010519491231003X"}');
  for (const suite of SUITE_NAMES) {
    expect((await run(keygen, ['--suite', suite, '--out', `${suite}.key.pem`, '--pub', `${suite}.pub.pem`])).code).toBe(
      0,
    );
    expect(
      (await run(keygen, ['--suite', suite, '--out', `${suite}.other.key.pem`, '--pub', `${suite}.other.pub.pem`]))
        .code,
    ).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(SUITE_NAMES.map((s) => [s]))('hutong verify-signature, suite %s', (suite: SuiteName) => {
  it('accepts an OpenSSL signature: exit 0 and a valid verdict', async () => {
    opensslSign(suite, `${suite}.key.pem`, 'licence.json', `${suite}.ossl.sig`);
    const keyId = (await importVerificationKeyPem(readFileSync(join(dir, `${suite}.pub.pem`), 'utf8'))).keyId;
    const result = await verify(suite, `${suite}.pub.pem`, 'licence.json', `${suite}.ossl.sig`);
    expect(result).toEqual({ code: 0, json: { valid: true, suite, keyId, reason: null } });
  });

  it('accepts a hutong sign signature, and its raw r‖s form', async () => {
    expect(
      (
        await run(sign, [
          '--suite',
          suite,
          '--key',
          `${suite}.key.pem`,
          '--in',
          'licence.json',
          '--out',
          `${suite}.h.sig`,
        ])
      ).code,
    ).toBe(0);
    expect((await verify(suite, `${suite}.pub.pem`, 'licence.json', `${suite}.h.sig`)).code).toBe(0);
    const written = readFileSync(join(dir, `${suite}.h.sig`));
    const raw = suite === 'ed25519' ? written : derToRawSignature(written, suite);
    writeFileSync(join(dir, `${suite}.raw.sig`), raw);
    expect(raw.length).toBe(64);
    expect((await verify(suite, `${suite}.pub.pem`, 'licence.json', `${suite}.raw.sig`)).json.valid).toBe(true);
  });

  it('answers exit 1 for tampered bytes and for another key', async () => {
    const tampered = await verify(suite, `${suite}.pub.pem`, 'tampered.json', `${suite}.h.sig`);
    expect(tampered.code).toBe(1);
    expect(tampered.json).toMatchObject({ valid: false, suite, reason: expect.any(String) });
    const otherKey = await verify(suite, `${suite}.other.pub.pem`, 'licence.json', `${suite}.h.sig`);
    expect(otherKey.code).toBe(1);
    expect(otherKey.json.valid).toBe(false);
  });

  it('answers exit 2 with a JSON error for bad input', async () => {
    writeFileSync(join(dir, 'short.sig'), new Uint8Array(10).fill(7));
    const short = await verify(suite, `${suite}.pub.pem`, 'licence.json', 'short.sig');
    expect(short.code).toBe(2);
    expect(short.json.error).toMatchObject({ code: 'ERR_CRYPTO_SIGNATURE_LENGTH', field: 'sig' });
    const other = SUITE_NAMES.find((s) => s !== suite) ?? suite;
    const mismatch = await verify(other, `${suite}.pub.pem`, 'licence.json', `${suite}.h.sig`);
    expect(mismatch.code).toBe(2);
    expect(mismatch.json.error?.code).toBe('ERR_CRYPTO_SUITE_MISMATCH');
    const privateAsPublic = await verify(suite, `${suite}.key.pem`, 'licence.json', `${suite}.h.sig`);
    expect(privateAsPublic.json.error?.code).toBe('ERR_CRYPTO_PEM_LABEL_UNEXPECTED');
    const missing = await verify(suite, `${suite}.pub.pem`, 'licence.json', 'missing.sig');
    expect(missing.json.error).toMatchObject({ code: 'ERR_CLI_FILE_UNREADABLE', field: 'sig' });
  });
});

describe('hutong verify-signature, encodings and IDs', () => {
  it('reports a malformed DER signature by its DER error', async () => {
    writeFileSync(join(dir, 'bad.der'), Uint8Array.from([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]));
    const result = await verify('sm2-sm3', 'sm2-sm3.pub.pem', 'licence.json', 'bad.der');
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('ERR_CRYPTO_DER_NON_CANONICAL');
  });

  it('refuses DER for Ed25519 (its signatures are raw)', async () => {
    const result = await verify('ed25519', 'ed25519.pub.pem', 'licence.json', 'sm2-sm3.h.sig');
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('ERR_CRYPTO_SIGNATURE_LENGTH');
  });

  it('treats an OpenSSL SM2 signature made without distid as invalid, and valid with --id ""', async () => {
    opensslSign('sm2-sm3', 'sm2-sm3.key.pem', 'licence.json', 'empty-id.sig', null);
    expect((await verify('sm2-sm3', 'sm2-sm3.pub.pem', 'licence.json', 'empty-id.sig')).code).toBe(1);
    expect((await verify('sm2-sm3', 'sm2-sm3.pub.pem', 'licence.json', 'empty-id.sig', ['--id', ''])).code).toBe(0);
  });

  it('answers usage errors with exit 2', async () => {
    const result = await run(verifySignature, [
      '--suite',
      'sm2-sm3',
      '--pub',
      'sm2-sm3.pub.pem',
      '--in',
      'licence.json',
    ]);
    expect(result.code).toBe(2);
    expect(result.json.error).toMatchObject({ code: 'ERR_CLI_USAGE', field: 'sig' });
  });
});
