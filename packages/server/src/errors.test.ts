import { describe, expect, it } from 'vitest';
import { ServerError } from './errors.js';

describe('ServerError zhParams', () => {
  it('are read over params in the Chinese message only, and carry over to a relabelled error of the same code', () => {
    const inner = new ServerError('ERR_LOG_QUERY_INVALID', {
      field: 'index',
      params: { reason: 'index must be a non-negative integer' },
      zhParams: { reason: 'index 须为非负整数' },
    });
    expect(inner.localize('en')).toContain('index must be a non-negative integer');
    expect(inner.localize('zh-CN')).toContain('index 须为非负整数');
    expect(inner.localize('zh-CN')).not.toContain('must be');
    const relabelled = new ServerError(inner.code, { field: 'entries[0].index', params: inner.params, cause: inner });
    expect(relabelled.localize('zh-CN')).toBe(inner.localize('zh-CN'));
    const other = new ServerError('ERR_LOG_TILE_PATH', { params: inner.params, cause: inner });
    expect(other.localize('zh-CN')).toContain('index must be a non-negative integer');
  });
});
