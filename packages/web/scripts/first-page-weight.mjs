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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTable, firstPageTotal, measureWebBundle, WEB_DIST } from './web-bundle.mjs';

const measured = measureWebBundle();
const { firstPage: rows, chunks, raw, gzip } = measured;
const line = ([file, size, zipped]) => `${file.padEnd(44)} ${String(size).padStart(9)} ${String(zipped).padStart(9)}`;
console.log('first page (/):');
for (const row of rows) console.log(line(row));
console.log(`${line(['total', raw, gzip])}  (${rows.length} files; bytes, gzip bytes)`);

console.log('\nlargest chunks of the build:');
for (const row of chunks.slice(0, 10)) console.log(line(row));

if (process.argv.includes('--write')) {
  const doc = `# Web bundle

Written by \`node packages/web/scripts/first-page-weight.mjs --write\` after \`npm run build -w @hutong/web\`
(${new Date().toISOString().slice(0, 10)}). Sizes in kB (1,000 bytes); gzip at zlib level 6; chunk names without
their content hash. Rolldown names a shared chunk after one of its modules, so a name such as
\`describe-api-error\` can stand for Ant Design's shared core.

## The first page (\`/\`, the home scene)
What a browser fetches before the first paint: index.html, its scripts and style sheet, and every
chunk they import statically. Every other scene is \`React.lazy\` (packages/web/src/app.tsx), so its
code and the Ant Design components only it uses arrive when it is opened.

Total: ${firstPageTotal(measured)}. Before the change that stopped grouping
Ant Design, \`@hutong/core\`'s cryptography and the other libraries into hand-made chunks (commit
15150a6): 1,312.3 kB, 424.3 kB gzip in 9 files (Ant Design's 800.7 kB chunk alone).

${bundleTable(rows)}

## The ten largest chunks of the build

${bundleTable(chunks.slice(0, 10))}
`;
  writeFileSync(join(WEB_DIST, '..', '..', '..', 'docs', 'web-bundle.md'), doc);
  console.log('\nwrote docs/web-bundle.md');
}
