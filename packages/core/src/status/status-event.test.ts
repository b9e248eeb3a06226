import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { parseStatusEvent } from './status-event.js';

function refused(input: unknown): { code: string; field: string | undefined } {
  try {
    parseStatusEvent(input);
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseStatusEvent', () => {
  it.each([
    [{ type: 'issue' }, { type: 'issue' }],
    [
      { type: 'issue', expiringDate: '2030-01-08' },
      { type: 'issue', expiringDate: '20300108' },
    ],
    [
      { type: 'annual-inspection', outcome: 'fail', reason: '未按期年检' },
      { type: 'annual-inspection', outcome: 'fail', reason: '未按期年检' },
    ],
    [
      { type: 'extension', expiringDate: '20300108' },
      { type: 'extension', expiringDate: '20300108' },
    ],
    [
      { type: 'change', newVersion: '002', expiringDate: '2031-01-01' },
      { type: 'change', newVersion: '002', expiringDate: '20310101' },
    ],
    [
      { type: 'transfer', toAreaCode: '650000' },
      { type: 'transfer', toAreaCode: '650000' },
    ],
    [
      {
        type: 'mortgage',
        id: '京(2025)朝阳区不动产证明第0012345号',
        creditor: '某银行',
        start: '2025-01-01',
        end: '2030-01-01',
      },
      {
        type: 'mortgage',
        id: '京(2025)朝阳区不动产证明第0012345号',
        creditor: '某银行',
        start: '20250101',
        end: '20300101',
      },
    ],
    [
      { type: 'pledge-release', id: 'P-1' },
      { type: 'pledge-release', id: 'P-1' },
    ],
    [{ type: 'expiry' }, { type: 'expiry' }],
  ])('%j', (input, expected) => {
    expect(parseStatusEvent(input)).toEqual(expected);
  });

  it.each([
    ['not an object', 'extension', 'ERR_STATUS_EVENT_NOT_OBJECT', '$'],
    ['an array', [{ type: 'issue' }], 'ERR_STATUS_EVENT_NOT_OBJECT', '$'],
    ['no type', {}, 'ERR_STATUS_EVENT_TYPE', '$.type'],
    ['an unknown type', { type: 'renewal' }, 'ERR_STATUS_EVENT_TYPE', '$.type'],
    ['a type with different case', { type: 'Revocation' }, 'ERR_STATUS_EVENT_TYPE', '$.type'],
    [
      'a member of another event type',
      { type: 'revocation', expiringDate: '20300101' },
      'ERR_STATUS_EVENT_UNKNOWN_MEMBER',
      '$.expiringDate',
    ],
    ['an extension without a date', { type: 'extension' }, 'ERR_STATUS_EVENT_MISSING_MEMBER', '$.expiringDate'],
    [
      'an extension to 30 February',
      { type: 'extension', expiringDate: '20300230' },
      'ERR_STATUS_EVENT_MEMBER',
      '$.expiringDate',
    ],
    ['an inspection without outcome', { type: 'annual-inspection' }, 'ERR_STATUS_EVENT_MISSING_MEMBER', '$.outcome'],
    [
      'an inspection outcome of true',
      { type: 'annual-inspection', outcome: true },
      'ERR_STATUS_EVENT_MEMBER',
      '$.outcome',
    ],
    ['a change to version 001', { type: 'change', newVersion: '001' }, 'ERR_STATUS_EVENT_MEMBER', '$.newVersion'],
    ['a change to version 2', { type: 'change', newVersion: 2 }, 'ERR_STATUS_EVENT_MEMBER', '$.newVersion'],
    ['a transfer to a bad area', { type: 'transfer', toAreaCode: '990000' }, 'ERR_STATUS_EVENT_MEMBER', '$.toAreaCode'],
    ['a mortgage without id', { type: 'mortgage' }, 'ERR_STATUS_EVENT_MISSING_MEMBER', '$.id'],
    ['a mortgage with an empty id', { type: 'mortgage', id: '' }, 'ERR_STATUS_EVENT_MEMBER', '$.id'],
    ['a mortgage id of 65 characters', { type: 'mortgage', id: 'M'.repeat(65) }, 'ERR_STATUS_EVENT_MEMBER', '$.id'],
    ['a pledge with a control character', { type: 'pledge', id: 'P\n1' }, 'ERR_STATUS_EVENT_MEMBER', '$.id'],
    ['a reason with a lone surrogate', { type: 'revocation', reason: '\ud800' }, 'ERR_STATUS_EVENT_MEMBER', '$.reason'],
    [
      'a reason of 501 characters',
      { type: 'revocation', reason: '因'.repeat(501) },
      'ERR_STATUS_EVENT_MEMBER',
      '$.reason',
    ],
    [
      'a release with a creditor',
      { type: 'mortgage-release', id: 'M', creditor: 'x' },
      'ERR_STATUS_EVENT_UNKNOWN_MEMBER',
      '$.creditor',
    ],
  ])('refuses %s', (_name, input, code, field) => {
    expect(refused(input)).toEqual({ code, field });
  });

  it('localises its messages', () => {
    try {
      parseStatusEvent({ type: 'extension' });
    } catch (error) {
      expect((error as HutongError).localize('zh-CN')).toBe('“extension”事件缺少成员 expiringDate');
      expect((error as HutongError).message).toBe('A extension event needs the member expiringDate');
      return;
    }
    throw new Error('accepted');
  });

  it('states the length limit of a text member in both languages', () => {
    for (const [input, max] of [
      [{ type: 'mortgage', id: 'M'.repeat(65) }, 64],
      [{ type: 'revocation', reason: '因'.repeat(501) }, 500],
    ] as const) {
      let error: HutongError | undefined;
      try {
        parseStatusEvent(input);
      } catch (caught) {
        error = caught as HutongError;
      }
      expect(error?.message).toContain(`1 to ${max} characters`);
      expect(error?.localize('zh-CN')).toContain(`1 至 ${max} 个字符`);
    }
  });
});
