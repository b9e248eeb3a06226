/**
 * "Bad input gets a typed error … message in the caller's language": a zh-CN caller must not
 * read English prose inside a Chinese message. Core's templates are Chinese, but many errors
 * fill a placeholder (`{reason}`, `{problem}`, `{detail}`, `{rule}` …) with an English
 * sentence; `zhParams` carries its Chinese reading. These tests hold every template, and real
 * errors thrown by core's readers on malformed input, to that.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase45,
  decodeBase64url,
  decodePrintCode,
  errorCatalogue,
  errorMessage,
  HutongError,
  importVerificationKeyJwk,
  importVerificationKeyPem,
  openStatusListToken,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseConsentReceipt,
  parseEntryBundle,
  parseJson,
  parseLicence,
  parseLogEntry,
  parseNote,
  parseStatusEvent,
  parseTilePath,
  parseTrustList,
  parseVerifierKey,
  verifyShowCode,
} from './index.js';
import { sampleSignedLicenceJson } from './licence/test-support/sample-licence.js';
import { CompactRange } from './merkle/compact-range.js';

/**
 * The first run of English prose in `text`, or undefined: two or more plain words (letters
 * only) in a row, separated by spaces, at least one of them all lower-case and two letters or
 * more ("must be", "the subtree is empty", "a string"). What is not prose passes: quoted values, identifiers and paths (a token
 * with a digit, dot, hyphen, underscore, `$` or `/`: `ecdsa-p256`, `$.proof.suite`, `key.pem`),
 * single words (a member name, `array`, `verifyTrustList`), upper-case names and acronyms in a
 * row (`BEGIN PUBLIC KEY`, `RFC`, `JSON`, `Invalid Date`). Any other character (Chinese, full
 * width or ASCII punctuation) ends a run, so a list of allowed values (`national, provincial`)
 * is not prose either.
 */
export function englishProse(text: string): string | undefined {
  const unquoted = text.replace(/"[^"\n]*"|“[^”\n]*”|'[^'\n]*'|`[^`\n]*`/g, ' | ');
  for (const segment of unquoted.split(/[^A-Za-z0-9_.$#/+\-\s]|[\r\n\t]/)) {
    let run: string[] = [];
    const flush = (): string | undefined => {
      const prose = run.length >= 2 && run.some((w) => /^[a-z]{2,}$/.test(w)) ? run.join(' ') : undefined;
      run = [];
      return prose;
    };
    for (const token of segment.split(/ +/)) {
      if (/^[A-Za-z]+$/.test(token)) {
        run.push(token);
        continue;
      }
      const prose = flush();
      if (prose !== undefined) return prose;
    }
    const prose = flush();
    if (prose !== undefined) return prose;
  }
  return undefined;
}

describe('englishProse (the detector itself)', () => {
  it('finds the English that reached Chinese messages before zhParams', () => {
    for (const text of [
      '紧凑区间状态无效:state must be an object',
      '检查点格式错误:a checkpoint has at least three lines',
      '[0, 0) 不是有效的子树:the subtree is empty',
      'jwk 应为 a JSON object，实际为 array',
      'metadata.certificateName 必须是a string,实际为 undefined',
      '不支持的便笺签名类型 sm2-sm3 (no SM2 importer given)',
      '亮证码中的电子证照标识无效：ERR_LICENCE_ID_VERSION_RANGE: the version of a licence identifier starts at 001',
      '密钥算法 JWK kty EC（曲线 Ed25519）不属于互通支持的套件',
    ]) {
      expect(englishProse(text), text).toBeDefined();
    }
  });

  it('passes values, identifiers, codes, acronyms and lists of allowed values', () => {
    for (const text of [
      '$.definingAuthority.level 只能取以下值之一：national, provincial, prefecture, county, other',
      'PEM 公钥应以 -----BEGIN PUBLIC KEY----- 开头',
      '请先转换（openssl pkcs8 -topk8 -nocrypt -in key.pem）',
      '信任列表参数无效：anchors 须为 { nodeId, key } 组成的数组',
      'JSON 语法错误(第 0 个字符):应为 false',
      '处于“abolished”状态的证照不能执行“abolition”操作',
      'created 必须是精确到秒或毫秒的 RFC 3339 UTC 时间,实际为 "Invalid Date"',
      '亮证码验证参数无效：trustList 须为经 verifyTrustList 处理的信任列表',
      '公民身份号码必须是字符串，实际为 array',
      '“transfer”事件的成员 toAreaCode 应为GB/T 2260 行政区划代码',
    ]) {
      expect(englishProse(text), text).toBeUndefined();
    }
  });
});

/** Placeholders whose values are prose (what was wrong, in words), not values or identifiers. */
const PROSE_PLACEHOLDERS = ['reason', 'problem', 'detail', 'rule', 'form', 'operation', 'unit'];

describe('the Chinese templates', () => {
  it('hold no English prose of their own (placeholders aside)', () => {
    for (const { code, zh } of errorCatalogue()) {
      expect(englishProse(zh.replace(/\{\w+\}/g, '〇')), `${code}: ${zh}`).toBeUndefined();
    }
  });
});

/** Runs `run` and returns the HutongError it throws (sync or async). */
async function refusal(run: () => unknown): Promise<HutongError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError, but the input was accepted');
}

/**
 * The error's zh-CN message is Chinese throughout, and every prose placeholder its template
 * uses has a Chinese reading (so a caller formatting from code, params and zhParams, as the
 * web verifier does, reads Chinese too).
 */
function expectChinese(error: HutongError, label: string): void {
  const zh = error.localize('zh-CN');
  expect(englishProse(zh), `${label}: ${error.code}: ${zh}`).toBeUndefined();
  const template = errorCatalogue().find((e) => e.code === error.code)?.zh ?? '';
  for (const name of PROSE_PLACEHOLDERS) {
    if (template.includes(`{${name}}`) && error.params[name] !== undefined) {
      expect(error.zhParams?.[name], `${label}: ${error.code} has no Chinese ${name}`).toBeDefined();
    }
  }
  expect(errorMessage(error.code, error.params, 'zh-CN', error.zhParams)).toBe(zh);
}

const CHECKPOINT = 'example.com/log\n3\nbnCh8U6dUzXqGcwNhSoF0aH/TZQrcIFHO/5ieg2G5H4=\n';
const note = (body: string) => `${body}\n— example.com/log AAAAAAAAAAAAAAAAAAAA\n`;

/** Malformed inputs for core's readers, one or more for each English-prose error. */
const MALFORMED: ReadonlyArray<readonly [label: string, run: () => unknown]> = [
  ['json: syntax', () => parseJson('{"a": tru}')],
  ['json: trailing text', () => parseJson('{} x')],
  ['json: escape', () => parseJson('"\\q"')],
  ['checkpoint: two lines', () => parseCheckpoint('example.com/log\n3\n')],
  ['checkpoint: size', () => parseCheckpoint('example.com/log\n03\nAAAA\n')],
  ['checkpoint: no newline', () => parseCheckpoint('example.com/log\n3\nAAAA')],
  ['note: no signatures', () => parseNote('hello\n')],
  ['note: bad signature line', () => parseNote('hello\n\nnot a signature\n')],
  ['note: key name', () => parseNote(note(CHECKPOINT).replace('example.com/log AAAA', '+ AAAA'))],
  ['tile path: prefix', () => parseTilePath('tiles/0/000')],
  ['tile path: level', () => parseTilePath('tile/99/000')],
  ['tile path: index', () => parseTilePath('tile/0/x000/001')],
  ['tile path: width', () => parseTilePath('tile/0/000.p/0')],
  ['entry bundle: cut short', () => parseEntryBundle(new Uint8Array([0, 5, 1]))],
  ['entry bundle: count', () => parseEntryBundle(new Uint8Array([0, 1, 65]), 2)],
  ['compact range: not an object', () => CompactRange.fromState('x')],
  ['compact range: hashes', () => CompactRange.fromState({ size: 3, hashes: ['AA=='] })],
  ['log entry: not JSON', () => parseLogEntry(new TextEncoder().encode('{'))],
  ['log entry: not an object', () => parseLogEntry(new TextEncoder().encode('[]'))],
  ['witness request: no blank line', () => parseAddCheckpointRequest('old 0\n')],
  ['witness request: old line', () => parseAddCheckpointRequest(`old x\n\n${note(CHECKPOINT)}`)],
  ['verifier key: shape', () => parseVerifierKey('example.com/log')],
  ['verifier key: key id', () => parseVerifierKey('example.com/log+zz+AAAA')],
  ['base45: character', () => decodeBase45('ab')],
  ['base45: length', () => decodeBase45('0000')],
  ['base64url: padding', () => decodeBase64url('AA==', 'x')],
  ['base64url: length', () => decodeBase64url('A', 'x')],
  ['print code: base45', () => decodePrintCode('HP1:ab')],
  ['licence: member type', () => parseLicence({ ...sampleSignedLicenceJson(), format: 7 })],
  [
    'licence: signature value',
    () => {
      const json = sampleSignedLicenceJson() as { proof: Record<string, unknown> };
      return parseLicence({ ...json, proof: { ...json.proof, signatureValue: 'A=' } });
    },
  ],
  ['trust list: not an object', () => parseTrustList([])],
  ['trust list: member type', () => parseTrustList({ format: 'hutong-trust-list/1', node: 3 })],
  ['consent receipt: not an object', () => parseConsentReceipt('x')],
  ['consent receipt: members', () => parseConsentReceipt({ format: 'x' })],
  ['status event: member', () => parseStatusEvent({ type: 'annual-inspection', outcome: 'maybe' })],
  ['status list token: parts', () => openStatusListToken('a.b', [])],
  ['status list token: not a string', () => openStatusListToken(3 as unknown as string, [])],
  ['pem: no block', () => importVerificationKeyPem('hello')],
  [
    'pem: other form',
    () => importVerificationKeyPem('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----'),
  ],
  ['pem: label', () => importVerificationKeyPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')],
  ['jwk: not an object', () => importVerificationKeyJwk([] as never)],
  ['jwk: length', () => importVerificationKeyJwk({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' })],
  ['jwk: curve', () => importVerificationKeyJwk({ kty: 'EC', crv: 'Ed25519', x: 'AAAA' } as never)],
  ['show code: context', () => verifyShowCode('HT1:00', {} as never, { now: new Date() })],
];

describe('errors thrown by core on malformed input', () => {
  it.each(MALFORMED)('%s: the zh-CN message is Chinese throughout', async (label, run) => {
    expectChinese(await refusal(run), label);
  });

  it('hold for any text given to the text readers (property)', async () => {
    const readers: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
      ['parseJson', (t) => parseJson(t)],
      ['parseCheckpoint', (t) => parseCheckpoint(t)],
      ['parseNote', (t) => parseNote(t)],
      ['parseTilePath', (t) => parseTilePath(t)],
      ['parseVerifierKey', (t) => parseVerifierKey(t)],
      ['parseAddCheckpointRequest', (t) => parseAddCheckpointRequest(t)],
      ['decodeBase45', (t) => decodeBase45(t)],
      ['decodeBase64url', (t) => decodeBase64url(t, 'value')],
      ['decodePrintCode', (t) => decodePrintCode(t)],
      ['importVerificationKeyPem', (t) => importVerificationKeyPem(t)],
    ];
    // Near misses of real inputs reach deeper checks than random text alone.
    const seeds = [
      '{"a":[1,2.5,"x",null,true]}',
      CHECKPOINT,
      note(CHECKPOINT),
      'tile/0/x001/234.p/7',
      'example.com/log+0b9b6b0a+AQ==',
      `old 1\nAAAA\n\n${note(CHECKPOINT)}`,
      'HP1:AB CD',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
    ];
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 }))
      .map(([seed, at, cut, insert]) => {
        const i = at % (seed.length + 1);
        return seed.slice(0, i) + insert + seed.slice(i + cut);
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.string({ maxLength: 40 })), async (text) => {
        for (const [name, read] of readers) {
          try {
            await read(text);
          } catch (error) {
            if (!(error instanceof HutongError)) throw error;
            expectChinese(error, `${name}(${JSON.stringify(text)})`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
