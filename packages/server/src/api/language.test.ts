import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language.js';

describe('negotiateLanguage (RFC 9110 §12.5.4)', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5', 'en'],
    ['fr-FR,de;q=0.5', 'zh-CN'],
    ['*', 'zh-CN'],
    // Weights decide, not order.
    ['zh;q=0.3, en;q=0.8', 'en'],
    // q=0 means "not acceptable".
    ['en;q=0, zh;q=0.1', 'zh-CN'],
    ['EN-us', 'en'],
  ] as const)('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('answers a language Hutong speaks for any header, never throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (header) => {
        expect(['zh-CN', 'en']).toContain(negotiateLanguage(header));
      }),
    );
  });
});
