/**
 * The language a command speaks: `--lang en|zh-CN` when given, otherwise the caller's locale
 * (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them), English when none says zh.
 * Codes and fields stay the same in both; only messages change.
 */
import type { Language } from '@hutong/core';

export type Environment = Readonly<Record<string, string | undefined>>;

/** What `--help` says about `--lang`, in each language. */
export const LANG_OPTION_HELP: Readonly<Record<Language, string>> = {
  en: '--lang     language of messages: en or zh-CN (default: zh-CN when $LC_ALL, $LC_MESSAGES or $LANG is zh_*, else en)',
  'zh-CN': '--lang     消息的语言：en 或 zh-CN（默认：$LC_ALL、$LC_MESSAGES 或 $LANG 为 zh_* 时为 zh-CN，否则为 en）',
};

/**
 * The language from `--lang` and the environment; null for a `--lang` that is neither `en` nor
 * `zh-CN` (a usage mistake the command reports).
 *
 * @example languageOf(undefined, { LANG: 'zh_CN.UTF-8' }) // 'zh-CN'
 */
export function languageOf(option: string | undefined, env: Environment | undefined): Language | null {
  if (option === 'en' || option === 'zh-CN') return option;
  if (option !== undefined) return null;
  // An empty LC_ALL does not override (POSIX: only a non-empty value takes precedence).
  const locale = env?.LC_ALL || env?.LC_MESSAGES || env?.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

/** The language a usage mistake is reported in before `--lang` could be read: the environment's. */
export function environmentLanguage(env: Environment | undefined): Language {
  return languageOf(undefined, env) ?? 'en';
}

/**
 * The last `--lang` value in `argv` (`--lang X` or `--lang=X`), read before the command parses
 * its options, so that even a failure of that parsing is reported in the caller's language.
 *
 * @example langArgument(['--suite', 'sm2-sm3', '--lang', 'zh-CN']) // 'zh-CN'
 */
export function langArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--lang') found = argv[i + 1];
    else if (arg.startsWith('--lang=')) found = arg.slice('--lang='.length);
  }
  return found;
}
