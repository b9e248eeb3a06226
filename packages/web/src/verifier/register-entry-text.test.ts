import { describe, expect, it } from 'vitest';
import type { VenueEntry } from '../api/verify-api.js';
import en from '../i18n/en.json' with { type: 'json' };
import zhCN from '../i18n/zh-CN.json' with { type: 'json' };
import { registerEntryText } from './register-entry-text.js';
import type { TypeLabelIndex } from './type-labels.js';

/** The interface's texts, looked up as i18next does (`a.b.c`). */
function translator(resources: unknown): (key: string) => string {
  return (key) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], resources);
    if (typeof found !== 'string') throw new Error(`no text ${key}`);
    return found;
  };
}

const ID_CARD = '11100000000013469Q001';
const LABELS: TypeLabelIndex = {
  [ID_CARD]: {
    name: { zh: '居民身份证', en: 'Resident identity card' },
    fields: {
      issuingOffice: { label: { zh: '签发机关', en: 'Issuing office' }, type: 'string' },
      sex: { label: { zh: '性别', en: 'Sex' }, type: 'enum', values: { '2': { zh: '女', en: 'Female' } } },
    },
  },
};

/** An entry as the node keeps it: the Chinese labels of the day of entry (register-fields.ts). */
const ENTRY: Pick<VenueEntry, 'typeCode' | 'fields'> = {
  typeCode: ID_CARD,
  fields: [
    { key: 'certificateHolderName', label: '持证主体', value: '许玉兰', masked: false },
    { key: 'certificateName', label: '证照名称', value: '居民身份证', masked: false },
    { key: 'issuingOffice', label: '签发机关', value: '阿勒泰市公安局', masked: false },
    { key: 'sex', label: '性别', value: '2', masked: false },
    { key: 'unknownField', label: '其他', value: 'x', masked: false },
  ],
};

describe('a venue register line (registerEntryText)', () => {
  it('names each field in English on an English page: the node keeps Chinese labels', () => {
    expect(registerEntryText(ENTRY, LABELS, 'en', translator(en))).toBe(
      'Holder: 许玉兰, Licence name: 居民身份证, Issuing office: 阿勒泰市公安局, Sex: Female, 其他: x',
    );
  });

  it('reads as before in Chinese', () => {
    expect(registerEntryText(ENTRY, LABELS, 'zh-CN', translator(zhCN))).toBe(
      '持证主体：许玉兰，证照名称：居民身份证，签发机关：阿勒泰市公安局，性别：女，其他：x',
    );
  });

  it('keeps the stored label and value when the type is not in the catalogue cache', () => {
    const text = registerEntryText({ ...ENTRY, typeCode: 'unknown' }, {}, 'en', translator(en));
    expect(text).toBe('Holder: 许玉兰, Licence name: 居民身份证, 签发机关: 阿勒泰市公安局, 性别: 2, 其他: x');
  });
});
