#!/usr/bin/env node
// `npm run screenshots`: refreshes the README's pictures (e2e/screenshots/readme-*.png) on purpose.
//
// An ordinary test run (`npm test`, `npx vitest run e2e`) writes its screenshots to the ignored
// e2e/screenshots/last-run/, so running the tests leaves the checkout as it was. This script
// builds the web shell and runs the browser tests with HUTONG_README_SCREENSHOTS=1: each
// `readme-*` picture is then also written over the committed one (e2e/support/browser.ts).
// Review the changed pictures with `git diff --stat e2e/screenshots` before committing them.
//
// Usage: npm run screenshots [-- e2e/web-kiosk.test.ts …]   (default: every e2e file)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (message) => process.stderr.write(`[npm run screenshots] ${message}\n`);

// Without a CJK font Chromium draws Chinese as empty boxes: pictures of no use to a reader.
const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
if (fonts.status !== 0 || fonts.stdout.trim() === '') {
  log('no Chinese font for Chromium: apt-get install -y fonts-wqy-microhei (npm test installs it as root), then again');
  process.exit(1);
}

const run = (command, args, env = process.env) =>
  spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;

if (run('npm', ['run', 'build', '-w', '@hutong/web']) !== 0) process.exit(1);
const files = process.argv.slice(2).filter((arg) => arg !== '--');
const status = run('npx', ['vitest', 'run', ...(files.length === 0 ? ['e2e'] : files)], {
  ...process.env,
  HUTONG_README_SCREENSHOTS: '1',
});
log(status === 0 ? 'done: see `git status e2e/screenshots`' : 'a browser test failed: its pictures may be missing');
process.exit(status);
