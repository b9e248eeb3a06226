import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { main } from '../main.js';
import { exited, spawnCli } from '../test-support/spawn-cli.js';
import { idCheck } from './id-check.js';

interface Captured {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(env?: Record<string, string>): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: process.cwd(),
      ...(env === undefined ? {} : { env }),
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** Runs the command and returns its exit code and the one JSON object it printed. */
async function run(...argv: string[]): Promise<{ code: number; json: unknown }> {
  const c = capture();
  const code = await idCheck(argv, c.io);
  const text = c.stdout();
  // The contract: exactly one JSON object and a newline, nothing on stderr.
  expect(text.endsWith('\n')).toBe(true);
  expect(text.slice(0, -1)).not.toContain('\n');
  expect(c.stderr()).toBe('');
  return { code, json: JSON.parse(text) };
}

const LICENCE = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
const CITIZEN = '11010519491231002X';
const USCC = '91350100M000100Y43';
const LEGACY_USCC = '91350100M0001TGQXM';

describe('hutong id check', () => {
  it('reports a valid licence identifier with its parts', async () => {
    expect(await run(LICENCE)).toEqual({
      code: 0,
      json: {
        valid: true,
        kind: 'licence',
        typeCode: '11100000000013338W032',
        issuerCode: '11220000013544541J',
        serial: '2430599',
        version: '001',
        check: 'F',
      },
    });
  });

  it('reports a valid citizen ID number with area, birth date and sex', async () => {
    expect(await run(CITIZEN)).toEqual({
      code: 0,
      json: { valid: true, kind: 'citizen', areaCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('reports a valid USCC, with no warnings key unless --legacy', async () => {
    expect(await run(USCC)).toEqual({ code: 0, json: { valid: true, kind: 'uscc' } });
    expect(await run(USCC, '--legacy')).toEqual({ code: 0, json: { valid: true, kind: 'uscc', warnings: [] } });
  });

  it('refuses a legacy pilot USCC strictly', async () => {
    expect(await run(LEGACY_USCC)).toEqual({
      code: 1,
      json: {
        valid: false,
        kind: 'uscc',
        error: {
          code: 'ERR_USCC_CHECK',
          message: 'the check character of the unified social credit code is wrong (GB 32100): expected "1", found "M"',
          field: 'check',
        },
      },
    });
  });

  it('accepts a legacy pilot USCC with --legacy, flagged', async () => {
    const { code, json } = await run('--legacy', LEGACY_USCC);
    expect(code).toBe(0);
    expect(json).toMatchObject({ valid: true, kind: 'uscc', warnings: [{ code: 'WARN_USCC_CHECK', field: 'check' }] });
  });

  it.each([
    [LICENCE.replace('3005', '3003'), 'licence', 'ERR_LICENCE_ID_ROOT', 'root'],
    [LICENCE.replace('2430599', '2430_599'), 'licence', 'ERR_LICENCE_ID_SERIAL_CHARSET', 'serial'],
    [LICENCE.replace('.001.F', '.01.F'), 'licence', 'ERR_LICENCE_ID_VERSION_SHAPE', 'version'],
    [LICENCE.replace('W032', 'W32'), 'licence', 'ERR_TYPE_CODE_LENGTH', 'typeCode'],
    [LICENCE.replace(/F$/, 'E'), 'licence', 'ERR_LICENCE_ID_CHECK', 'check'],
    ['11010519491231002x', 'citizen', 'ERR_CITIZEN_ID_LOWERCASE_X', 'check'],
    ['11010519491331002X', 'citizen', 'ERR_CITIZEN_ID_BIRTH_DATE', 'birthDate'],
    ['1101051949123100', 'citizen', 'ERR_CITIZEN_ID_LENGTH', 'shape'],
    ['91350100M00010OY43', 'uscc', 'ERR_USCC_CHARSET', 'organisationCode'],
    [`${USCC} `, 'uscc', 'ERR_USCC_LENGTH', 'shape'],
  ])('refuses %s as a %s with %s on %s', async (value, kind, code, field) => {
    const result = await run(value);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ valid: false, kind, error: { code, field } });
    expect((result.json as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
  });

  it('says so, with kind null, when it cannot tell what the value is', async () => {
    expect(await run('hello')).toEqual({
      code: 1,
      json: {
        valid: false,
        kind: null,
        error: {
          code: 'ERR_IDENTIFIER_KIND_UNKNOWN',
          message:
            'cannot tell whether "hello" is a licence identifier, a citizen ID number or a unified social credit code',
          field: 'kind',
        },
      },
    });
  });

  it('lets --kind override the inference', async () => {
    const { code, json } = await run(CITIZEN, '--kind', 'uscc');
    expect(code).toBe(1);
    expect(json).toMatchObject({ valid: false, kind: 'uscc', error: { code: 'ERR_USCC_ORGANISATION_CODE_CHECK' } });
    expect(await run('--kind=citizen', CITIZEN)).toMatchObject({ code: 0, json: { kind: 'citizen' } });
    expect(await run('hello', '--kind', 'licence')).toMatchObject({
      code: 1,
      json: { kind: 'licence', error: { code: 'ERR_LICENCE_ID_ROOT' } },
    });
  });

  it.each([
    ['no value', []],
    ['two values', [CITIZEN, USCC]],
    ['an unknown kind', [CITIZEN, '--kind', 'passport']],
    ['a missing kind', [CITIZEN, '--kind']],
    ['an unknown option', [CITIZEN, '--strict']],
  ])('is a usage error (exit 2, stderr, no JSON) with %s', async (_what, argv) => {
    const c = capture();
    expect(await idCheck(argv, c.io)).toBe(2);
    expect(c.stdout()).toBe('');
    expect(c.stderr()).toContain('Usage: hutong id check');
  });

  it('prints its usage with --help', async () => {
    const c = capture();
    expect(await idCheck(['--help'], c.io)).toBe(0);
    expect(c.stdout()).toContain('Usage: hutong id check <value>');
  });

  it('is what the dispatcher runs for `hutong id check`', async () => {
    const c = capture();
    expect(await main(['id', 'check', CITIZEN], c.io)).toBe(0);
    expect(JSON.parse(c.stdout())).toMatchObject({ valid: true, kind: 'citizen' });
  });

  describe("in the caller's language", () => {
    const ZH = { LANG: 'zh_CN.UTF-8' };

    it('answers in Chinese with --lang zh-CN or a zh locale, the code and field unchanged', async () => {
      const english = await run(LEGACY_USCC);
      for (const [argv, env] of [
        [[LEGACY_USCC, '--lang', 'zh-CN'], undefined],
        [[LEGACY_USCC], ZH],
        [[LEGACY_USCC], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }],
      ] as const) {
        const c = capture(env);
        expect(await idCheck(argv, c.io)).toBe(1);
        const json = JSON.parse(c.stdout()) as { error: { code: string; field: string; message: string } };
        expect(json.error).toMatchObject({ code: 'ERR_USCC_CHECK', field: 'check' });
        expect(json.error.message).toMatch(/统一社会信用代码/);
        expect(json.error.message).not.toBe((english.json as { error: { message: string } }).error.message);
      }
      // --lang en wins over a zh locale.
      const c = capture(ZH);
      expect(await idCheck(['hello', '--lang', 'en'], c.io)).toBe(1);
      expect(c.stdout()).toContain('cannot tell whether');
    });

    it('gives its usage and usage mistakes in Chinese too', async () => {
      const help = capture(ZH);
      expect(await idCheck(['--help'], help.io)).toBe(0);
      expect(help.stdout()).toContain('用法：hutong id check');
      const mistake = capture();
      expect(await idCheck([CITIZEN, '--kind', 'passport', '--lang', 'zh-CN'], mistake.io)).toBe(2);
      expect(mistake.stderr()).toContain('未知的种类“passport”');
      expect(mistake.stderr()).toContain('用法：');
    });

    it('refuses a language it does not speak as a usage mistake', async () => {
      const c = capture();
      expect(await idCheck([CITIZEN, '--lang', 'fr'], c.io)).toBe(2);
      expect(c.stdout()).toBe('');
      expect(c.stderr()).toContain("unknown language 'fr'");
    });

    it('reads the locale of the process when run as the hutong command', async () => {
      const child = spawnCli(['id', 'check', 'hello'], { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      expect(await exited(child)).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ valid: false, error: { code: 'ERR_IDENTIFIER_KIND_UNKNOWN' } });
      expect(stdout).not.toContain('cannot tell');
    }, 60_000);
  });
});
