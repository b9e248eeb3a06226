/**
 * Every command that reports the core's or the server's typed errors reports them in the
 * caller's language: `--lang`, else the locale; English without either. (The messages the CLI
 * writes itself, usage texts and `hutong verify`'s check reasons, are still English only.)
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDirs } from '../../../server/src/test-support/scratch-dirs.js';
import type { Command } from '../command.js';
import { captureIo } from '../test-support/capture-io.js';
import { createAuditVerify } from './audit-verify.js';
import { createCatalogueList } from './catalogue-list.js';
import { keygen } from './keygen.js';
import { createLicenceGet } from './licence-get.js';
import { logVerify } from './log-verify.js';
import { createServe } from './serve.js';
import { sign } from './sign.js';
import { createTrustListExport } from './trust-list-export.js';
import { verifySignature } from './verify-signature.js';

const scratch = scratchDirs();
const ZH = { LANG: 'zh_CN.UTF-8' };
const HAN = /[\u4e00-\u9fff]/;

/** Runs `command` and returns its exit code and the error of its one JSON line. */
async function errorOf(
  command: Command,
  argv: string[],
  cwd: string,
  env?: Record<string, string>,
): Promise<{ code: number; error: { code: string; message: string } }> {
  const io = captureIo(cwd, env);
  const code = await command(argv, io);
  const json = JSON.parse(io.out.split('\n')[0] ?? '') as { error: { code: string; message: string } };
  return { code, error: json.error };
}

describe("the commands' errors in the caller's language", () => {
  it('keygen, sign and verify-signature: --lang zh-CN or a zh locale, English otherwise; another --lang is a usage error', async () => {
    const dir = scratch('hutong-t-lang-crypto-');
    const argv = ['--suite', 'rsa', '--out', 'k.pem'];
    const english = await errorOf(keygen, argv, dir);
    expect(english.error.code).toMatch(/^ERR_CRYPTO_/);
    expect(english.error.message).not.toMatch(HAN);
    for (const [extra, env] of [
      [['--lang', 'zh-CN'], undefined],
      [[], ZH],
      [['--lang=zh-CN'], { LANG: 'en_GB.UTF-8' }],
    ] as const) {
      const chinese = await errorOf(keygen, [...argv, ...extra], dir, env);
      expect(chinese).toMatchObject({ code: 2, error: { code: english.error.code } });
      expect(chinese.error.message).toMatch(HAN);
    }
    expect((await errorOf(keygen, [...argv, '--lang', 'en'], dir, ZH)).error.message).toBe(english.error.message);
    expect(await errorOf(keygen, [...argv, '--lang', 'fr'], dir)).toMatchObject({
      code: 2,
      error: { code: 'ERR_CLI_USAGE', message: '--lang must be en or zh-CN' },
    });

    writeFileSync(join(dir, 'data.bin'), 'data');
    writeFileSync(join(dir, 'bad.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    const signed = await errorOf(
      sign,
      ['--suite', 'ed25519', '--key', 'bad.pem', '--in', 'data.bin', '--out', 's', '--lang', 'zh-CN'],
      dir,
    );
    expect(signed.error.code).toMatch(/^ERR_CRYPTO_/);
    expect(signed.error.message).toMatch(HAN);
    const verified = await errorOf(
      verifySignature,
      ['--suite', 'ed25519', '--pub', 'bad.pem', '--in', 'data.bin', '--sig', 'data.bin'],
      dir,
      ZH,
    );
    expect(verified.error.code).toMatch(/^ERR_CRYPTO_/);
    expect(verified.error.message).toMatch(HAN);
  });

  it('licence get, catalogue list, audit verify and trust-list export: typed errors and a missing store', async () => {
    const dir = scratch('hutong-t-lang-store-');
    const missing = join(dir, 'no-node-here');
    const badId = await errorOf(createLicenceGet(ZH), ['not-an-identifier'], dir);
    expect(badId.error.code).toMatch(/^ERR_LICENCE_ID_/);
    expect(badId.error.message).toMatch(HAN);
    expect((await errorOf(createLicenceGet({}), ['not-an-identifier'], dir)).error.message).not.toMatch(HAN);

    const outcomes = await Promise.all([
      errorOf(
        createLicenceGet({}),
        [
          '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
          '--data-dir',
          missing,
          '--lang',
          'zh-CN',
        ],
        dir,
      ),
      errorOf(createCatalogueList(ZH), ['--data-dir', missing], dir),
      errorOf(createAuditVerify({}), ['--data-dir', missing, '--lang', 'zh-CN'], dir),
      errorOf(createTrustListExport(ZH), ['--data-dir', missing, '--out', 'trust.json'], dir),
    ]);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ code: 1, error: { code: 'ERR_CLI_NO_STORE' } });
      expect(outcome.error.message).toMatch(HAN);
      expect(outcome.error.message).toContain(missing);
    }
    const io = captureIo(dir);
    expect(await createCatalogueList({})(['--data-dir', missing, '--lang', 'de'], io)).toBe(2);
    expect(io.err).toContain('--lang must be en or zh-CN');
  });

  it('log verify: a malformed key in Chinese', async () => {
    const dir = scratch('hutong-t-lang-log-');
    writeFileSync(join(dir, 'receipt.json'), '{}');
    const english = await errorOf(logVerify, ['--receipt', 'receipt.json', '--key', 'not-a-key'], dir);
    const chinese = await errorOf(
      logVerify,
      ['--receipt', 'receipt.json', '--key', 'not-a-key', '--lang', 'zh-CN'],
      dir,
    );
    expect(chinese).toMatchObject({ code: 1, error: { code: english.error.code } });
    expect(english.error.message).not.toMatch(HAN);
    expect(chinese.error.message).toMatch(HAN);
  });

  it('serve: a start refused by the node, in the operator’s locale', async () => {
    const dir = scratch('hutong-t-lang-serve-');
    // A well-formed USCC of no registered organisation: the node refuses to start.
    const env = { ...ZH, HUTONG_NODE_OPERATOR: '91350100M000100Y43', HUTONG_LOG_LEVEL: 'warn' };
    const io = captureIo(dir);
    const code = await createServe(new EventEmitter(), env)(['--data-dir', dir, '--port', '0'], io);
    expect(code, io.err).toBe(1);
    const { error } = JSON.parse(io.out) as { error: { code: string; message: string } };
    expect(error.code).toBe('ERR_ORGANISATIONS_NOT_FOUND');
    expect(error.message).toMatch(HAN);
  }, 60_000);
});
