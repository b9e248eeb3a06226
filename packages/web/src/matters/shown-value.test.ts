import { describe, expect, it } from 'vitest';
import type { FaceField } from '../api/catalogue-api.js';
import type { FilledField } from '../api/matters-api.js';
import { shownValue } from './shown-value.js';

const t = (key: string) => ({ 'common.yes': '是', 'common.no': '否' })[key] ?? key;
const SEX: FaceField = {
  key: 'gender',
  label: { zh: '性别', en: 'Sex' },
  type: 'enum',
  required: true,
  sensitivity: 2,
  enum: [
    { value: '1', label: { zh: '男', en: 'Male' } },
    { value: '2', label: { zh: '女', en: 'Female' } },
  ],
};
const catalogue = new Map([['11100000000000000X', [SEX]]]);
const filled = (
  value: NonNullable<FilledField['value']>,
  path = 'face.gender',
  typeCode = '11100000000000000X',
): FilledField => ({
  key: 'sex',
  label: { zh: '性别', en: 'Sex' },
  type: 'string',
  required: true,
  value,
  source: { kind: 'licence', identifier: 'x', typeCode, path },
});

describe('a prefilled value as a person reads it', () => {
  it('names a coded face value by its catalogue label, in the interface language', () => {
    expect(shownValue(filled('2'), t, catalogue, 'zh-CN')).toBe('女');
    expect(shownValue(filled('1'), t, catalogue, 'en')).toBe('Male');
  });

  it('shows the value itself when the code, the field or the type is unknown, or the catalogue is not read yet', () => {
    expect(shownValue(filled('9'), t, catalogue, 'zh-CN')).toBe('9');
    expect(shownValue(filled('2', 'face.other'), t, catalogue, 'zh-CN')).toBe('2');
    expect(shownValue(filled('2', 'face.gender', 'unknown'), t, catalogue, 'zh-CN')).toBe('2');
    expect(shownValue(filled('2', 'metadata.certificateHolderName'), t, catalogue, 'zh-CN')).toBe('2');
    expect(shownValue(filled('2'), t, new Map(), 'zh-CN')).toBe('2');
  });

  it('says yes or no for a boolean and nothing for an empty field', () => {
    expect(shownValue(filled(true), t, catalogue, 'zh-CN')).toBe('是');
    expect(shownValue(filled(false), t, catalogue, 'zh-CN')).toBe('否');
    expect(
      shownValue(
        { key: 'phone', label: { zh: '电话', en: 'Phone' }, type: 'string', required: true },
        t,
        catalogue,
        'zh-CN',
      ),
    ).toBe('');
  });
});
