/**
 * How to start one of the server's worker threads (the import's signing threads, the
 * verification threads): the compiled `<name>.js` beside the caller; or, when the server runs
 * from its TypeScript sources (tests, benchmarks, `tsx`), the `.ts` file through tsx's loader,
 * registered inside the thread (Node 20 does not apply `--import` hooks to a worker's entry),
 * with `@hutong/*` resolved to the sources as the test and bench runners do
 * (scripts/bench/tsconfig.json, unless TSX_TSCONFIG_PATH names another).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker(script, { eval })` takes. */
export interface ThreadEntry {
  readonly script: URL | string;
  readonly eval: boolean;
}

/**
 * @example const entry = threadEntry(import.meta.url, 'signing-worker'); new Worker(entry.script, { eval: entry.eval });
 */
export function threadEntry(callerUrl: string, name: string): ThreadEntry {
  if (callerUrl.endsWith('.js')) return { script: new URL(`./${name}.js`, callerUrl), eval: false };
  let tsconfig = process.env.TSX_TSCONFIG_PATH;
  for (let dir = dirname(fileURLToPath(callerUrl)), i = 0; tsconfig === undefined && i < 8; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'scripts', 'bench', 'tsconfig.json');
    if (existsSync(candidate)) tsconfig = candidate;
  }
  // The ESM entry of tsx's API (require.resolve would pick its CommonJS twin).
  const tsxPackage = createRequire(callerUrl).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(tsxPackage, 'utf8')).exports as Record<
    string,
    { import: { default: string } }
  >;
  const tsxApi = exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  const tsx = pathToFileURL(join(dirname(tsxPackage), tsxApi)).href;
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  const options = tsconfig === undefined ? '' : `{ tsconfig: ${JSON.stringify(tsconfig)} }`;
  const script = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(${options}); return import(${JSON.stringify(worker)}); });`;
  return { script, eval: true };
}
