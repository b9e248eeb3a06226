import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorMessage, HutongError, type HutongErrorCode } from './errors.js';

/** The straightforward reading of a template, as errors.ts formatted before it split templates once. */
function reference(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

const ERROR_TABLE: Readonly<Record<string, { en: string; zh: string }>> = Object.fromEntries(
  errorCatalogue().map((e) => [e.code, e]),
);
const CODES = Object.keys(ERROR_TABLE) as HutongErrorCode[];

describe('errorMessage', () => {
  it('fills every placeholder of every message, in both languages, as the plain reading does', () => {
    for (const code of CODES) {
      const entry = ERROR_TABLE[code] as { en: string; zh: string };
      const names = [...`${entry.en} ${entry.zh}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const params = Object.fromEntries(names.map((name, i) => [name, i % 2 === 0 ? `v-${name}` : i]));
      expect(errorMessage(code, params)).toBe(reference(entry.en, params));
      expect(errorMessage(code, params, 'zh-CN')).toBe(reference(entry.zh, params));
      // A missing parameter leaves its placeholder as written.
      expect(errorMessage(code)).toBe(reference(entry.en, {}));
      expect(errorMessage(code, {}, 'zh-CN')).toBe(reference(entry.zh, {}));
    }
  });

  it('writes values as they are, even ones that look like placeholders or replacement patterns', () => {
    const code = CODES.find((c) => /\{keyId\}/.test(ERROR_TABLE[c]?.en ?? '')) as HutongErrorCode;
    const en = ERROR_TABLE[code]?.en ?? '';
    for (const keyId of ['{keyId}', '$&', "$'", '0', '']) {
      expect(errorMessage(code, { keyId })).toBe(reference(en, { keyId }));
    }
    expect(new HutongError(code, { params: { keyId: 'k1' } }).message).toBe(reference(en, { keyId: 'k1' }));
  });
});

describe('zhParams', () => {
  it('are read over params in the Chinese message only; params stay the machine-readable values', () => {
    const params = { reason: 'a hash is not base64 of 32 bytes' };
    const zhParams = { reason: '哈希值不是 32 字节的 base64 编码' };
    const error = new HutongError('ERR_MERKLE_RANGE_STATE', { field: 'state', params, zhParams });
    expect(error.params).toEqual(params);
    expect(error.zhParams).toEqual(zhParams);
    expect(error.message).toBe(reference(ERROR_TABLE.ERR_MERKLE_RANGE_STATE?.en ?? '', params));
    expect(error.localize('en')).toBe(error.message);
    expect(error.localize('zh-CN')).toBe(reference(ERROR_TABLE.ERR_MERKLE_RANGE_STATE?.zh ?? '', zhParams));
    expect(error.localize('zh-CN')).not.toContain('base64 of');
    expect(error.toJSON('zh-CN').message).toBe(error.localize('zh-CN'));
    expect(errorMessage('ERR_MERKLE_RANGE_STATE', params, 'zh-CN', zhParams)).toBe(error.localize('zh-CN'));
    expect(errorMessage('ERR_MERKLE_RANGE_STATE', params, 'en', zhParams)).toBe(error.message);
  });

  it('leave a param they do not name as params has it', () => {
    const error = new HutongError('ERR_CRYPTO_INPUT_TYPE', {
      params: { name: 'jwk', expected: 'a JSON object', found: 'array' },
      zhParams: { expected: 'JSON 对象' },
    });
    expect(error.localize('zh-CN')).toBe(
      reference(ERROR_TABLE.ERR_CRYPTO_INPUT_TYPE?.zh ?? '', { name: 'jwk', expected: 'JSON 对象', found: 'array' }),
    );
    expect(new HutongError('ERR_CRYPTO_INPUT_TYPE').zhParams).toBeUndefined();
  });
});

describe('a relabelled error', () => {
  it('keeps the zhParams of the error of the same code it reports, unless given its own', () => {
    const inner = new HutongError('ERR_MERKLE_TILE_PATH', {
      field: 'level',
      params: { reason: 'the level must be at most 63' },
      zhParams: { reason: '层级不能超过 63' },
    });
    const relabelled = new HutongError(inner.code, { field: 'path', params: inner.params, cause: inner });
    expect(relabelled.zhParams).toEqual(inner.zhParams);
    expect(relabelled.localize('zh-CN')).toBe(inner.localize('zh-CN'));
    const own = new HutongError(inner.code, { params: inner.params, zhParams: { reason: '另一原因' }, cause: inner });
    expect(own.zhParams).toEqual({ reason: '另一原因' });
    // Another code's readings need not fit this code's template.
    const other = new HutongError('ERR_MERKLE_NOTE_MALFORMED', { params: inner.params, cause: inner });
    expect(other.zhParams).toBeUndefined();
  });
});
