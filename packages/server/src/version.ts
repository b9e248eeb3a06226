import { readFileSync } from 'node:fs';

/**
 * The server's version, from its own package.json. The relative URL is the same from
 * `src/` (tests, tsx) and `dist/` (the build): both sit one level below the package.
 */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
