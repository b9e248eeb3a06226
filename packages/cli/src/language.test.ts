import { describe, expect, it } from 'vitest';
import { environmentLanguage, langArgument, languageOf } from './language.js';

describe('the language a command speaks', () => {
  it('takes --lang first, then LC_ALL, LC_MESSAGES and LANG, else English', () => {
    expect(languageOf('zh-CN', { LANG: 'en_GB.UTF-8' })).toBe('zh-CN');
    expect(languageOf('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(languageOf(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf(undefined, { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'C.UTF-8' })).toBe('zh-CN');
    // An empty LC_ALL is as if unset.
    expect(languageOf(undefined, { LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(languageOf(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(languageOf(undefined, undefined)).toBe('en');
    expect(environmentLanguage({ LANG: 'zh_CN.GB18030' })).toBe('zh-CN');
  });

  it('refuses a --lang that is neither en nor zh-CN', () => {
    expect(languageOf('fr', {})).toBeNull();
    expect(languageOf('zh', {})).toBeNull();
    expect(languageOf('', {})).toBeNull();
  });

  it('finds --lang in argv before the options are parsed, the last one winning, none after --', () => {
    expect(langArgument(['--suite', 'sm2-sm3', '--lang', 'zh-CN'])).toBe('zh-CN');
    expect(langArgument(['--lang=en', '--out', 'k.pem'])).toBe('en');
    expect(langArgument(['--lang', 'en', '--lang=zh-CN'])).toBe('zh-CN');
    expect(langArgument(['--', '--lang', 'zh-CN'])).toBeUndefined();
    expect(langArgument(['--lang'])).toBeUndefined();
    expect(langArgument([])).toBeUndefined();
  });
});
