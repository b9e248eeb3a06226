#!/usr/bin/env node
/**
 * The bytes a browser fetches for the first page (`/`, the home scene) of the built web shell:
 * index.html, the scripts and style sheets it names, and every chunk those scripts import
 * statically (followed to the end); chunks behind `import()` (the lazy scenes) are left out.
 * Prints each file with its size and gzip size (zlib level 6, what a reverse proxy typically
 * uses), then the totals. Usage: `npm run build -w @hutong/web && node packages/web/scripts/first-page-weight.mjs`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const seen = new Set(['index.html']);
const queue = [];
for (const match of html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)) queue.push(match[1]);
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(join(dist, file), 'utf8');
  // Static imports only: `import … from "./x.js"` and bare `import "./x.js"`; `import("./x.js")` is lazy.
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.\/[^"']+\.js)["']/g)) {
    queue.push(normalize(join(dirname(file), match[1])));
  }
}
let raw = 0;
let gzip = 0;
const rows = [];
for (const file of seen) {
  const bytes = readFileSync(join(dist, file));
  const zipped = gzipSync(bytes, { level: 6 }).length;
  raw += bytes.length;
  gzip += zipped;
  rows.push([file, bytes.length, zipped]);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [file, size, zipped] of rows)
  console.log(`${file.padEnd(44)} ${String(size).padStart(9)} ${String(zipped).padStart(9)}`);
console.log(
  `${'total'.padEnd(44)} ${String(raw).padStart(9)} ${String(gzip).padStart(9)}  (${rows.length} files; bytes, gzip bytes)`,
);
