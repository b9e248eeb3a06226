#!/usr/bin/env node
// `npm run bench:scale`: runs bench/src/scale.ts (through tsx, @hutong/* from the sources) — a
// library of signed licences with their log built in a data directory outside the repository,
// measured at each size. Never part of `npm test` nor of `npm run bench` (it takes hours at
// 10 M). Options are scale.ts's (see its header).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'bench/src/scale.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'scripts/bench/tsconfig.json') },
  },
);
process.exit(child.status ?? 1);
