import { describe, expect, it } from 'vitest';
import { sampleUnsignedLicence } from '../licence/test-support/sample-licence.js';
import { maskHolder } from './mask-holder.js';

const metadata = sampleUnsignedLicence().metadata;

describe('maskHolder', () => {
  it('masks a person as government apps do: 张*, 110105********002X', () => {
    expect(maskHolder(metadata)).toEqual({ name: '张*', code: '110105********002X', codeType: '111' });
  });

  it('masks names by code point, so a name outside the BMP is never cut in half', () => {
    expect(maskHolder({ ...metadata, certificateHolderName: '𠮷野家' }).name).toBe('𠮷**');
  });

  it('masks by code point with or without characters outside the BMP, lone surrogates as one each', () => {
    const cases: [string, string][] = [
      ['张', '*'],
      ['', ''],
      ['𠮷', '*'],
      ['张三丰', '张**'],
      ['\ud842', '*'],
      ['a\udfb7b', 'a**'],
    ];
    for (const [name, masked] of cases)
      expect(maskHolder({ ...metadata, certificateHolderName: name }).name).toBe(masked);
    // 18 code points, one of them two code units: still an 18-character code.
    const wide = '𠮷1010519491231002X';
    expect(maskHolder({ ...metadata, certificateHolderCode: wide }).code).toBe('𠮷10105********002X');
    expect(maskHolder({ ...metadata, certificateHolderCode: 'AB' }).code).toBe('**');
  });

  it('keeps only the ends of short codes (passports, permits)', () => {
    const passport = { ...metadata, certificateHolderTypeCode: '414' as never, certificateHolderCode: 'E12345678' };
    expect(maskHolder(passport).code).toBe('E1*****78');
  });

  it('shows organisations in clear: their codes are public registry facts', () => {
    const company = {
      ...metadata,
      certificateHolderTypeCode: '001' as never,
      certificateHolderCode: '91350100M000100Y43',
      certificateHolderName: '福建某某建设有限公司',
    };
    expect(maskHolder(company)).toEqual({ name: '福建某某建设有限公司', code: '91350100M000100Y43', codeType: '001' });
  });
});
