import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

/** Every leaf of a resource tree as `a.b.c` → text. */
function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === 'string') {
    out.set(prefix, tree);
    return out;
  }
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    for (const [path, text] of leaves(value, prefix === '' ? key : `${prefix}.${key}`)) out.set(path, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('interface texts', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('have the same keys in Chinese and English (no text falls back to the other language)', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('have no empty text', () => {
    for (const [path, text] of [...zh, ...english]) expect(text.trim(), path).not.toBe('');
  });

  it('use the same interpolation placeholders in both languages', () => {
    for (const [path, text] of zh) expect(placeholders(english.get(path) ?? ''), path).toEqual(placeholders(text));
  });

  it('write Chinese in Chinese: every zh-CN text has Han characters, or is a product name', () => {
    const names = new Set(['PostgreSQL']);
    for (const [path, text] of zh) {
      if (!names.has(text)) expect(text, path).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
