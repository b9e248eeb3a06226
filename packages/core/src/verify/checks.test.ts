import { describe, expect, it } from 'vitest';
import { errorMessage, HutongError } from '../errors.js';
import { checkFromError, codedCheck, failCheck, passCheck } from './checks.js';

describe('checks: the members a verdict prints, in order, optional ones absent', () => {
  it('passCheck: name, ok, reason', () => {
    expect(Object.entries(passCheck('format', 'fine'))).toEqual([
      ['name', 'format'],
      ['ok', true],
      ['reason', 'fine'],
    ]);
  });

  it('failCheck and codedCheck: field and params only when given, after the code', () => {
    const params = { keyHint: 'AAAAAAAAAAA', nodeId: 'n' };
    const reason = errorMessage('ERR_SHOWING_KEY_UNKNOWN', params);
    for (const ok of [false, true]) {
      for (const field of [undefined, 'code']) {
        for (const given of [{}, params]) {
          const check =
            ok === false
              ? failCheck('node-trusted', 'ERR_SHOWING_KEY_UNKNOWN', given, field)
              : codedCheck('node-trusted', true, 'ERR_SHOWING_KEY_UNKNOWN', given, field);
          const expected: [string, unknown][] = [
            ['name', 'node-trusted'],
            ['ok', ok],
            ['reason', given === params ? reason : errorMessage('ERR_SHOWING_KEY_UNKNOWN', {})],
            ['code', 'ERR_SHOWING_KEY_UNKNOWN'],
          ];
          if (field !== undefined) expected.push(['field', field]);
          if (given === params) expected.push(['params', params]);
          expect(Object.entries(check)).toEqual(expected);
        }
      }
    }
  });
});

describe('checkFromError', () => {
  it("carries the error's zhParams, so a zh-CN caller re-formatting from code and params reads Chinese", () => {
    const params = { reason: 'a checkpoint has at least three lines' };
    const zhParams = { reason: '检查点至少有三行' };
    const error = new HutongError('ERR_MERKLE_CHECKPOINT_MALFORMED', { params, zhParams });
    const check = checkFromError('format', error);
    expect(check).toMatchObject({ ok: false, code: error.code, params, zhParams, reason: error.message });
    expect(errorMessage(error.code, check.params, 'zh-CN', check.zhParams)).toBe(error.localize('zh-CN'));
    expect(checkFromError('format', new HutongError(error.code, { params }))).not.toHaveProperty('zhParams');
  });
});
