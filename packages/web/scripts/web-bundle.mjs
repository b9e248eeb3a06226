/**
 * The web bundle's weight, in bytes (not time, so load does not move it): the first page (`/`,
 * the home scene) — index.html, the scripts and style sheets it names, and every chunk those
 * scripts import statically (followed to the end; chunks behind `import()`, the lazy scenes, are
 * left out) — and the largest chunks of the whole build. gzip at zlib level 6, what a reverse
 * proxy typically uses. Used by `first-page-weight.mjs` (docs/web-bundle.md) and by
 * `npm run bench` (the "Web bundle" section of docs/benchmarks.md, as issue 6 asks).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** packages/web/dist, where `npm run build -w @hutong/web` writes the shell. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** `[file, bytes, gzip bytes]` of the first page's files and of the whole build's chunks, largest first. */
export function measureWebBundle(dist = WEB_DIST) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: run \`npm run build -w @hutong/web\` first`);
  }
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
  const weigh = (file, path) => {
    const bytes = readFileSync(path);
    return [file, bytes.length, gzipSync(bytes, { level: 6 }).length];
  };
  const firstPage = [...seen].map((file) => weigh(file, join(dist, file))).sort((a, b) => b[1] - a[1]);
  const chunks = readdirSync(join(dist, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => weigh(`assets/${file}`, join(dist, 'assets', file)))
    .sort((a, b) => b[1] - a[1]);
  const raw = firstPage.reduce((sum, row) => sum + row[1], 0);
  const gzip = firstPage.reduce((sum, row) => sum + row[2], 0);
  return { firstPage, chunks, raw, gzip };
}

const kB = (n) => (n / 1000).toFixed(1);
// Content hashes change with every build; the names without them read better in a document.
const unhashed = (file) => file.replace(/-[A-Za-z0-9_-]{8}(\.(?:js|css))$/, '$1');

/** A Markdown table of `[file, bytes, gzip bytes]` rows, in kB. */
export function bundleTable(rows) {
  return [
    '| File | Size (kB) | gzip (kB) |',
    '|---|---:|---:|',
    ...rows.map(([f, s, z]) => `| ${unhashed(f)} | ${kB(s)} | ${kB(z)} |`),
  ].join('\n');
}

/** One line: the first page's total. */
export function firstPageTotal({ firstPage, raw, gzip }) {
  return `**${kB(raw)} kB, ${kB(gzip)} kB gzip** in ${firstPage.length} files`;
}
