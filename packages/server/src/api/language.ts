import type { Language } from '@hutong/core';

/** Chinese first: a caller that states no preference, or none Hutong speaks, gets zh-CN. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/**
 * Picks the response language from an `Accept-Language` header (RFC 9110 §12.5.4):
 * ranges in order of their `q` weight, the first that Hutong speaks wins. Every `zh`
 * range maps to zh-CN (the only Chinese the messages are written in); `*` and unknown
 * ranges fall back to zh-CN.
 *
 * @example negotiateLanguage('en-GB,en;q=0.9,zh;q=0.5') // 'en'
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (header === undefined || header.length > 512) return DEFAULT_LANGUAGE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    // A q of 0 means "not acceptable" (RFC 9110 §12.4.2).
    .filter((range) => range.tag !== '' && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === '*') return DEFAULT_LANGUAGE;
  }
  return DEFAULT_LANGUAGE;
}
