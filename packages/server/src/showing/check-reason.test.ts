import { errorMessage, HutongError } from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { checkReason } from './check-reason.js';

describe('checkReason', () => {
  it("formats a core check's code in the caller's language, with its zhParams in Chinese", () => {
    const error = new HutongError('ERR_MERKLE_CHECKPOINT_MALFORMED', {
      params: { reason: 'a checkpoint has at least three lines' },
      zhParams: { reason: '检查点至少有三行' },
    });
    // As core's checkFromError makes it.
    const check = { reason: error.message, code: error.code, params: error.params, zhParams: error.zhParams };
    expect(checkReason(check, 'en')).toBe(error.message);
    expect(checkReason(check, 'zh-CN')).toBe(error.localize('zh-CN'));
    expect(checkReason(check, 'zh-CN')).toContain('检查点至少有三行');
  });

  it("formats a server check's code, and keeps the reason of a check without a code", () => {
    const check = {
      reason: 'The library holds no licence x.',
      code: 'ERR_LIBRARY_NOT_FOUND',
      params: { identifier: 'x' },
    };
    expect(checkReason(check, 'zh-CN')).toBe('本证照库中没有证照 x。');
    expect(checkReason({ reason: 'fine' }, 'zh-CN')).toBe('fine');
    expect(
      checkReason({ reason: 'r', code: 'ERR_VERIFY_STATUS_INVALID', params: { status: 'revoked' } }, 'zh-CN'),
    ).toBe(errorMessage('ERR_VERIFY_STATUS_INVALID', { status: 'revoked' }, 'zh-CN'));
  });
});
