#!/usr/bin/env node
/**
 * The bytes a browser fetches for the first page (`/`, the home scene) of the built web shell:
 * index.html, the scripts and style sheets it names, and every chunk those scripts import
 * statically (followed to the end); chunks behind `import()` (the lazy scenes) are left out.
 * Prints each file with its size and gzip size (zlib level 6, what a reverse proxy typically
 * uses), then the totals, and the ten largest chunks of the whole build. With `--write`, also
 * writes docs/web-bundle.md (the README links it). Usage:
 * `npm run build -w @hutong/web && node packages/web/scripts/first-page-weight.mjs [--write]`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const line = ([file, size, zipped]) => `${file.padEnd(44)} ${String(size).padStart(9)} ${String(zipped).padStart(9)}`;
console.log('first page (/):');
for (const row of rows) console.log(line(row));
console.log(`${line(['total', raw, gzip])}  (${rows.length} files; bytes, gzip bytes)`);

const chunks = readdirSync(join(dist, 'assets'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => {
    const bytes = readFileSync(join(dist, 'assets', file));
    return [`assets/${file}`, bytes.length, gzipSync(bytes, { level: 6 }).length];
  })
  .sort((a, b) => b[1] - a[1]);
console.log('\nlargest chunks of the build:');
for (const row of chunks.slice(0, 10)) console.log(line(row));

if (process.argv.includes('--write')) {
  const kB = (n) => (n / 1000).toFixed(1);
  // Content hashes change with every build; the names without them read better in a document.
  const unhashed = (file) => file.replace(/-[A-Za-z0-9_-]{8}(\.(?:js|css))$/, '$1');
  const table = (list) =>
    [
      '| File | Size (kB) | gzip (kB) |',
      '|---|---:|---:|',
      ...list.map(([f, s, z]) => `| ${unhashed(f)} | ${kB(s)} | ${kB(z)} |`),
    ].join('\n');
  const doc = `# Web bundle

Written by \`node packages/web/scripts/first-page-weight.mjs --write\` after \`npm run build -w @hutong/web\`
(${new Date().toISOString().slice(0, 10)}). Sizes in kB (1,000 bytes); gzip at zlib level 6; chunk names without
their content hash. Rolldown names a shared chunk after one of its modules, so a name such as
\`describe-api-error\` can stand for Ant Design's shared core.

## The first page (\`/\`, the home scene)
What a browser fetches before the first paint: index.html, its scripts and style sheet, and every
chunk they import statically. Every other scene is \`React.lazy\` (packages/web/src/app.tsx), so its
code and the Ant Design components only it uses arrive when it is opened.

Total: **${kB(raw)} kB, ${kB(gzip)} kB gzip** in ${rows.length} files. Before the change that stopped grouping
Ant Design, \`@hutong/core\`'s cryptography and the other libraries into hand-made chunks (commit
15150a6): 1,312.3 kB, 424.3 kB gzip in 9 files (Ant Design's 800.7 kB chunk alone).

${table(rows)}

## The ten largest chunks of the build

${table(chunks.slice(0, 10))}
`;
  writeFileSync(join(dist, '..', '..', '..', 'docs', 'web-bundle.md'), doc);
  console.log('\nwrote docs/web-bundle.md');
}
