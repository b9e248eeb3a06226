#!/usr/bin/env node
// The `hutong` command. Runs the compiled CLI (built by `npm install` through the root
// `prepare` script, or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('hutong: the CLI is not built yet; run `npm run build` in the repository root.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
