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
