import { describe, expect, it } from 'vitest';
import { errorMessage } from '../errors.js';
import { codedCheck, failCheck, passCheck } from './checks.js';

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
