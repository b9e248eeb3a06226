#!/usr/bin/env node
// `npm run bench`: finds every packages/*/src/**/*.bench.ts and bench/src/**/*.bench.ts, runs each in its own Node process
// (through tsx, with @hutong/* resolved to sources), prints a summary and writes
// docs/benchmarks.md. Never part of `npm test`. The bench-file contract: scripts/bench/README.md.
//
// Options: --filter <text> (files or workloads whose path/name contains it), --rounds <n>,
// --slice-ms <ms>, --warmup-ms <ms>, --no-write (do not touch docs/benchmarks.md nor .png),
// --chart-out <file.png> (also render the chart there, e.g. for a filtered run),
// --check (exit 1 when a target is missed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleTable, firstPageTotal, measureWebBundle } from '../packages/web/scripts/web-bundle.mjs';
import { figureRowsOf, markdownReport, rowsOf, textSummary } from './bench/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    filter: { type: 'string' },
    rounds: { type: 'string', default: '16' },
    'slice-ms': { type: 'string', default: '250' },
    'warmup-ms': { type: 'string', default: '500' },
    'no-write': { type: 'boolean', default: false },
    'chart-out': { type: 'string' },
    check: { type: 'boolean', default: false },
  },
});

function benchFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...benchFiles(path));
    else if (entry.name.endsWith('.bench.ts')) out.push(path);
  }
  return out;
}

const packagesDir = join(root, 'packages');
// bench/ is the bench-only package (the peers, the chart renderer): never shipped, not a root
// workspace, so `npm install` stays lean; its bench files run like the others.
const benchDir = join(root, 'bench');
let files = [
  ...readdirSync(packagesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      try {
        return benchFiles(join(packagesDir, e.name, 'src'));
      } catch {
        return [];
      }
    }),
  ...(existsSync(join(benchDir, 'src')) ? benchFiles(join(benchDir, 'src')) : []),
].sort();
// A filter that names a file keeps that file whole; otherwise it selects workloads by name.
const fileFilter = values.filter !== undefined && files.some((f) => relative(root, f).includes(values.filter));
if (fileFilter) files = files.filter((f) => relative(root, f).includes(values.filter));
if (files.length === 0) {
  process.stderr.write('bench: no *.bench.ts files found\n');
  process.exit(1);
}
ensureBenchPackage();

/** Installs bench/'s pinned dependencies (npm ci, from its own lock file) the first time they are needed. */
function ensureBenchPackage() {
  if (existsSync(join(benchDir, 'node_modules', '.package-lock.json'))) return;
  process.stderr.write('bench: installing the bench-only package (bench/: peers, chart renderer) with npm ci\n');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: ['ignore', 2, 2] });
  if (npm.status !== 0) {
    process.stderr.write('bench: npm ci in bench/ failed\n');
    process.exit(1);
  }
}

// The machine's load when the run starts and ends goes into the report: on a shared machine
// the absolute figures move with it (the paired ratios much less).
const loadAtStart = loadavg()[0];
const work = mkdtempSync(join(tmpdir(), 'hutong-bench-'));
const results = [];
const skipped = [];
const failures = [];
try {
  for (const file of files) {
    const name = relative(root, file);
    process.stderr.write(`${name}\n`);
    const out = join(work, `${results.length + skipped.length}.json`);
    const args = [
      '--expose-gc',
      '--import',
      'tsx',
      join(root, 'scripts/bench/run-file.mjs'),
      file,
      '--out',
      out,
      '--rounds',
      values.rounds,
      '--slice-ms',
      values['slice-ms'],
      '--warmup-ms',
      values['warmup-ms'],
      ...(values.filter !== undefined && !fileFilter ? ['--filter', values.filter] : []),
    ];
    const child = spawnSync(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'scripts/bench/tsconfig.json') },
    });
    if (child.status !== 0) {
      // One broken bench file (work in progress elsewhere) must not cost everyone else's
      // figures: report it under "Not run" and fail the run at the end.
      process.stderr.write(`bench: ${name} failed (exit ${child.status ?? child.signal})\n`);
      skipped.push({ file: name, reason: `failed (exit ${child.status ?? child.signal}); run it alone to see why` });
      failures.push(name);
      continue;
    }
    const result = JSON.parse(readFileSync(out, 'utf8'));
    if (result.skipped !== undefined) {
      process.stderr.write(`  not run: ${result.skipped}\n`);
      skipped.push({ file: name, reason: result.skipped });
    } else if (result.results.length > 0 || (result.figures ?? []).length > 0) {
      results.push({ file: name, ...result });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

process.stdout.write(textSummary(results));

// Bench files may read HUTONG_BENCH_* variables (sizes of a quick run): they are part of the command.
const benchEnv = Object.entries(process.env)
  .filter(([name]) => name.startsWith('HUTONG_BENCH_'))
  .map(([name, value]) => `${name}=${value}`)
  .sort();
const command = [...benchEnv, 'npm run bench', ...process.argv.slice(2)].join(' ');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = markdownReport({
  command,
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  machine: {
    cpu,
    cores: cpus().length,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    platform: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    load: `${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end (1-minute load average)`,
  },
  options: {
    rounds: Number(values.rounds),
    sliceMs: Number(values['slice-ms']),
    warmupMs: Number(values['warmup-ms']),
  },
  files: results,
  skipped,
});
// Bytes, not time (issue 6: "bundle size reported in docs/benchmarks.md with the largest chunks"):
// measured here from the built shell, with the same code as first-page-weight.mjs (docs/web-bundle.md).
function webBundleSection() {
  if (!existsSync(join(root, 'packages/web/dist/index.html'))) {
    const built = spawnSync('npm', ['run', 'build', '-w', '@hutong/web'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) throw new Error('npm run build -w @hutong/web failed');
  }
  const measured = measureWebBundle(join(root, 'packages/web/dist'));
  return [
    '',
    '## Web bundle',
    '',
    'Bytes, not time (gzip at zlib level 6), of the built web shell (`npm run build -w @hutong/web`). The first page',
    '(`/`) is what a browser fetches before the first paint: index.html, its script and style sheet and every chunk',
    'they import statically; the admin, kiosk and other scenes are `React.lazy` and arrive when opened. Detail and',
    `history: [web-bundle.md](web-bundle.md) (\`node packages/web/scripts/first-page-weight.mjs --write\`).`,
    '',
    `First page: ${firstPageTotal(measured)}.`,
    '',
    bundleTable(measured.firstPage),
    '',
    '### The ten largest chunks of the build',
    '',
    bundleTable(measured.chunks.slice(0, 10)),
    '',
  ].join('\n');
}
if (!values['no-write']) {
  writeFileSync(join(root, 'docs/benchmarks.md'), report + webBundleSection());
  process.stderr.write('wrote docs/benchmarks.md\n');
}
const chartTargets = [
  ...(values['no-write'] ? [] : [join(root, 'docs/benchmarks.png')]),
  ...(values['chart-out'] === undefined ? [] : [values['chart-out']]),
];
if (chartTargets.length > 0) {
  // The chart's renderer (ECharts, resvg) is a bench-only dependency: bench/chart.mjs.
  const { renderChart } = await import('../bench/chart.mjs');
  const { chartPoints } = await import('./bench/chart-data.mjs');
  const { png } = renderChart(chartPoints(results), {
    title: 'Hutong benchmarks: each target, measured ÷ target (1 = met exactly; log scale)',
    subtitle: `${command} — ${new Date().toISOString().slice(0, 10)}, ${cpu} × ${cpus().length} cores, Node ${process.version}; green met, red missed; figures in docs/benchmarks.md`,
  });
  for (const target of chartTargets) {
    writeFileSync(target, png);
    process.stderr.write(`wrote ${relative(process.cwd(), target) || target}\n`);
  }
}

if (failures.length > 0) {
  process.stderr.write(`bench: ${failures.length} file(s) failed: ${failures.join(', ')}\n`);
  process.exitCode = 1;
}
const missed = results.flatMap((f) => [...rowsOf(f), ...figureRowsOf(f)]).filter((r) => r.met === false);
if (missed.length > 0) {
  process.stderr.write(`bench: ${missed.length} target(s) missed: ${missed.map((r) => r.name).join('; ')}\n`);
  if (values.check) process.exit(1);
}
