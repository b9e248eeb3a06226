/**
 * Core must run in browsers, kiosks and other nodes (architecture §2): no Node.js
 * module, no Node-only global. `tsconfig.json` sets `"types": []` so Node's typings
 * are absent at compile time; this test also catches what types cannot — a bare
 * `import 'fs'`, a dynamic `import('node:…')`, or `Buffer`/`process` used through `globalThis`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('.', import.meta.url));

function shippedSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support') out.push(...shippedSources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|bench)\.ts$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const specifier = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"]([^'"]+)['"]/g;
const nodeGlobals = /\b(?:Buffer|process|__dirname|__filename|require)\s*[.(]/;

/** Finds every violation in a source text (exported so the rule itself is tested). */
function violations(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(specifier)) {
    const name = match[1] ?? '';
    if (builtins.has(name) || name.startsWith('node:')) found.push(`imports ${name}`);
  }
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const g = nodeGlobals.exec(code);
  if (g) found.push(`uses Node global ${g[0]}`);
  return found;
}

describe('core imports nothing from Node', () => {
  it('the rule catches what it must', () => {
    expect(violations("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(violations("import x from 'crypto';")).toEqual(['imports crypto']);
    expect(violations("const m = await import('node:crypto');")).toEqual(['imports node:crypto']);
    expect(violations('const b = Buffer.from(x);')).toEqual(['uses Node global Buffer.']);
    expect(violations("import { x } from './y.js'; // Buffer.from is not used")).toEqual([]);
  });

  const files = shippedSources(srcDir);
  it('finds the shipped sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  it.each(files.map((f) => [relative(srcDir, f), f]))('%s', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
