#!/usr/bin/env node
// `npm test`: everything the tests need, then every test.
//
//   1. Chromium: Debian's /usr/bin/chromium for the browser tests (installed when missing).
//   2. PostgreSQL: $DATABASE_URL if set, else the machine's server on 127.0.0.1:5432 if it
//      answers, else (or with --throwaway-pg / HUTONG_TEST_PG=throwaway) a throwaway cluster
//      in a temp folder, removed at the end, also on failure or Ctrl-C. The tests get its
//      admin URL as $HUTONG_TEST_PG_ADMIN_URL and create their own databases on it.
//   3. `npm run build`: type-checks every package and builds the web shell the browser tests load;
//      then `npm run typecheck`: type-checks the test files too (the build leaves them out).
//   4. `vitest run` (every project) with the default reporter and a JSON report, then ONE
//      closing line `N passed, N failed` (`, N skipped` when any were: a skipped test fails
//      the run — nothing is skipped silently). Exit code 0 only when all passed.
//
// Usage: npm test [-- [--throwaway-pg] [vitest arguments…]]   e.g. npm test -- packages/core
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_URL_ENV, LOCAL_ADMIN_URL, probePostgres, redactUrl } from './test-env/postgres-admin.mjs';
import { startThrowawayPostgres } from './test-env/throwaway-postgres.mjs';
import { closingLine, readVitestReport, summarizeVitestReport } from './test-env/vitest-report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
// The smallest Debian package with the Chinese glyphs the web UI shows (WenQuanYi Micro Hei,
// GBK coverage: 1.6 MB download, 5 MB installed; fonts-wqy-zenhei 7.5 / 16 MB, fonts-noto-cjk
// 57 / 91 MB — apt-cache show, Debian 12).
const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';

const log = (message) => process.stderr.write(`[npm test] ${message}\n`);

class HarnessError extends Error {}

function parseArguments(argv) {
  const vitestArgs = [];
  let throwaway = process.env.HUTONG_TEST_PG === 'throwaway';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      vitestArgs.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--throwaway-pg') throwaway = true;
    else vitestArgs.push(arg);
  }
  return { throwaway, vitestArgs };
}

/** Runs a command with the terminal attached; resolves to its exit code (a signal counts as failure). */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

function apt(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function hasCjkFont() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}

function ensureChromium() {
  const isRoot = process.getuid?.() === 0;
  if (!existsSync(CHROMIUM)) {
    log(
      `Chromium is missing (${CHROMIUM}): installing Debian's chromium (apt-get update && apt-get install -y chromium)`,
    );
    if (!isRoot)
      throw new HarnessError(
        'installing Chromium needs root: run `sudo apt-get install -y chromium`, then npm test again',
      );
    if (!apt(['update']) || !apt(['install', '-y', 'chromium'])) {
      throw new HarnessError('apt-get could not install chromium; the browser tests cannot run without it');
    }
    if (!existsSync(CHROMIUM)) throw new HarnessError(`chromium was installed but ${CHROMIUM} is still missing`);
  }
  // Without a CJK font Chinese renders as empty boxes: the tests read the DOM and pass, but
  // the screenshots in e2e/screenshots/ would not show what a person sees. Checked whether or
  // not Chromium was there already: a machine with Chromium may still lack the font.
  if (!hasCjkFont()) {
    if (!isRoot) {
      log(
        `warning: no Chinese font for Chromium; screenshots will show boxes (sudo apt-get install -y ${CJK_FONT_PACKAGE})`,
      );
    } else {
      log(`no Chinese font for Chromium: installing Debian ${CJK_FONT_PACKAGE} (for readable screenshots)`);
      if (!apt(['install', '-y', CJK_FONT_PACKAGE]) && !(apt(['update']) && apt(['install', '-y', CJK_FONT_PACKAGE]))) {
        log(`warning: ${CJK_FONT_PACKAGE} could not be installed; screenshots will show boxes for Chinese`);
      }
    }
  }
}

/** Picks the PostgreSQL server for the run; returns its admin URL and, for a throwaway cluster, the cluster. */
async function ensurePostgres(throwaway) {
  if (!throwaway) {
    const given = process.env.DATABASE_URL;
    if (given !== undefined && given !== '') {
      const problem = await probePostgres(given);
      if (problem !== undefined) throw new HarnessError(`DATABASE_URL=${redactUrl(given)} does not answer: ${problem}`);
      log(`PostgreSQL: DATABASE_URL (${redactUrl(given)})`);
      return { adminUrl: given };
    }
    const problem = await probePostgres(LOCAL_ADMIN_URL);
    if (problem === undefined) {
      log('PostgreSQL: the local server on 127.0.0.1:5432');
      return { adminUrl: LOCAL_ADMIN_URL };
    }
    log(`PostgreSQL: nothing answers on 127.0.0.1:5432 (${problem}); starting a throwaway cluster`);
  } else {
    log('PostgreSQL: a throwaway cluster, as asked');
  }
  const cluster = await startThrowawayPostgres({ log });
  log(
    `PostgreSQL: throwaway cluster on 127.0.0.1:${cluster.port} (socket and data in ${cluster.dir}), removed at the end`,
  );
  return { adminUrl: cluster.adminUrl, cluster };
}

let current;
let cluster;
let interrupted;

function cleanupSync() {
  cluster?.stopSync();
  cluster = undefined;
}

async function cleanup() {
  const stopping = cluster;
  cluster = undefined;
  await stopping?.stop();
}

async function main() {
  const { throwaway, vitestArgs } = parseArguments(process.argv.slice(2));
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      interrupted ??= signal;
      // The child got the terminal's Ctrl-C itself; a SIGTERM is passed on.
      if (signal === 'SIGTERM') current?.kill('SIGTERM');
    });
  }

  ensureChromium();
  const postgres = await ensurePostgres(throwaway);
  cluster = postgres.cluster;
  if (interrupted) return 130;

  log('building (npm run build: type-checks every package, builds the web shell)');
  const built = await run('npm', ['run', 'build']);
  if (interrupted) return 130;
  if (built !== 0) throw new HarnessError(`npm run build failed (exit ${built}); no test was run`);

  // The build leaves test files out (they are not shipped), so a test with a type error would
  // only fail at run time, or pass while checking less than it says: type-check them too.
  log('type-checking the tests (npm run typecheck)');
  const checked = await run('npm', ['run', 'typecheck']);
  if (interrupted) return 130;
  if (checked !== 0) throw new HarnessError(`npm run typecheck failed (exit ${checked}); no test was run`);

  const reportDir = mkdtempSync(join(tmpdir(), 'hutong-test-report-'));
  const reportFile = join(reportDir, 'vitest.json');
  try {
    const exit = await run(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...vitestArgs],
      { env: { ...process.env, [ADMIN_URL_ENV]: postgres.adminUrl } },
    );
    await cleanup();
    if (interrupted) {
      log(`interrupted (${interrupted})`);
      return 130;
    }
    const summary = summarizeVitestReport(readVitestReport(reportFile), exit);
    for (const note of summary.notes) log(note);
    // The run's closing line: nothing is printed after it.
    process.stdout.write(`${closingLine(summary)}\n`);
    return summary.failed === 0 && summary.skipped === 0 ? 0 : 1;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

main().then(
  async (code) => {
    await cleanup();
    process.exitCode = code;
  },
  async (error) => {
    await cleanup();
    log(error instanceof HarnessError ? error.message : (error?.stack ?? String(error)));
    process.exitCode = 1;
  },
);
