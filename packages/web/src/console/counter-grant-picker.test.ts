import { describe, expect, it } from 'vitest';
import { holderOfSearch } from './counter-grant-picker.js';

describe('holderOfSearch: what the picker asks the server for', () => {
  it('a full citizen ID number (any case, surrounding space) or a full USCC, check characters right', () => {
    expect(holderOfSearch(' 11010519491231002x ')).toEqual({ holderCodeType: '111', holderCode: '11010519491231002X' });
    expect(holderOfSearch('91350100M000100Y43')).toEqual({ holderCodeType: '001', holderCode: '91350100M000100Y43' });
  });

  it('nothing for a fragment, a wrong check character or anything else: those only filter what is loaded', () => {
    for (const text of [
      '',
      '002X',
      '110105********002X',
      '110105194912310021',
      '91350100M000100Y44',
      '申领社会保障卡',
    ]) {
      expect(holderOfSearch(text), text).toBeUndefined();
    }
  });
});
