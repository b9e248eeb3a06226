import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json' with { type: 'json' };
import zhCN from '../i18n/zh-CN.json' with { type: 'json' };
import { describePeriod, describeValidity } from './describe-validity.js';

async function translator(language: 'zh-CN' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('describeValidity (GB/T 36902 validity rules)', () => {
  it('reads each kind of rule in Chinese', async () => {
    const t = await translator('zh-CN');
    expect(describeValidity({ kind: 'long-term' }, t, 'zh-CN')).toBe('长期有效');
    expect(describeValidity({ kind: 'period', years: 5, months: 6 }, t, 'zh-CN')).toBe('5年6个月');
    expect(describeValidity({ kind: 'range', min: { years: 5 }, max: { years: 20 } }, t, 'zh-CN')).toBe('5年至20年');
  });

  it('reads each kind of rule in English, with plurals', async () => {
    const t = await translator('en');
    expect(describeValidity({ kind: 'long-term' }, t, 'en')).toBe('Long-term');
    expect(describeValidity({ kind: 'period', years: 1, months: 6 }, t, 'en')).toBe('1 year 6 months');
    expect(describeValidity({ kind: 'range', min: { months: 1 }, max: { years: 2 } }, t, 'en')).toBe(
      '1 month to 2 years',
    );
  });

  it('reads an empty period as zero days rather than nothing', async () => {
    expect(describePeriod({}, await translator('en'), 'en')).toBe('0 days');
  });
});
