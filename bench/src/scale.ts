/**
 * `npm run bench:scale` (issue 7, item 5): builds a library of signed licences with their log
 * leaves in a data directory outside the repository — through `importLicences`, the path
 * `hutong import` takes (rows checked, signed on worker threads: both cores, stored with
 * audit, log entry and outbox message), the log integrated into a signed checkpoint — and at
 * each size measures: lookup by holder (p50/p99, the use case behind
 * `GET /api/v1/licences?holderCode=…`, access record included), online verification of
 * stored licences (`POST /api/v1/verify`, verifications/s and p50/p99), log receipt
 * generation (inclusion proof + checkpoint, p50/p99) and disk bytes per licence (database,
 * WAL checkpointed; log and indexes included). Targets (issue 7): lookup p99 at the largest
 * size ≤ 2 × its value at the smallest; ≤ 3 KiB per licence.
 *
 * Usage: npm run bench:scale -- [--sizes 10000,100000,1000000,10000000] [--data-dir DIR] [--keep]
 *        [--out docs/benchmarks-scale.md] [--no-write] [--samples 2000] [--chunk 100000]
 *        [--processes N] [--workers N]
 * (`--chunk`: rows per round of import jobs, and so per log integration. `--processes`: import
 * processes per round, default 1. `--workers`: signing threads of the one-process build,
 * default one per core minus one.)
 * Sizes are cumulative: the library grows from one to the next.
 *
 * Why several processes: an import's main thread checks rows, builds and packs each licence's
 * side records and stores them, while its worker threads sign and pack the documents; that
 * main thread is the bottleneck. SQLite takes one writer at a time
 * (BEGIN IMMEDIATE; the others wait under busy_timeout), but a chunk's write transaction is
 * short next to the checking and building around it, so N processes, each running the same
 * `importLicences` on its own share of the round's rows, keep N cores busy. Each process is
 * a separate `hutong import`-style job with its own file: nothing in the path is bypassed.
 * Measured on the shared 2-core machine (load 11–13, 40,000 rows in one round, back to back):
 * 2 processes built 336 rows/s, 1 process 557 rows/s, so the default stays 1 until a quiet
 * machine shows otherwise (each process also pays its own start-up and TypeScript load).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { buildApp } from '../../packages/server/src/api/build-app.js';
import { createAppContext } from '../../packages/server/src/app-context.js';
import type { Principal } from '../../packages/server/src/auth/principal.js';
import { importLicences } from '../../packages/server/src/import/import-licences.js';
import { defaultSigningWorkers } from '../../packages/server/src/import/signing-pool.js';
import {
  citizenId,
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  prepareImportNode,
} from '../../packages/server/src/import/test-support/import-fixtures.js';
import { findLicences } from '../../packages/server/src/library/find-licences.js';
import { licenceDocumentOf } from '../../packages/server/src/library/licence-records.js';
import { registerLogSink } from '../../packages/server/src/log/log-sink.js';
import { receiptsFor } from '../../packages/server/src/log/receipt-for.js';
import { registerOutboxSink } from '../../packages/server/src/notifications/outbox-sink.js';
import { createOrganisation } from '../../packages/server/src/organisations/create-organisation.js';
import { loadSecrets } from '../../packages/server/src/secrets/secrets.js';
import { migrateToLatest, SCHEMA_VERSION } from '../../packages/server/src/store/migrate.js';
import { openStore } from '../../packages/server/src/store/store.js';
import { createTestClient } from '../../packages/server/src/test-support/principals.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000,10000000' },
    'data-dir': { type: 'string', default: join(tmpdir(), 'hutong-scale') },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'docs/benchmarks-scale.md') },
    'no-write': { type: 'boolean', default: false },
    samples: { type: 'string', default: '2000' },
    chunk: { type: 'string', default: '100000' },
    processes: { type: 'string', default: '1' },
    workers: { type: 'string' },
    // Internal: run as one import process of a round (see the header), on this CSV file.
    part: { type: 'string' },
  },
});

const PUBLIC_URL = 'https://licences.scale.example.cn';
if (values.part !== undefined) {
  await importPart(values.part, resolve(values['data-dir']));
  process.exit(0);
}

/**
 * One import process of a round: `importLicences` (the `hutong import` path) on `file`, in the
 * store and with the secrets of `dir`, with one signing worker thread (the round's processes
 * share the cores). Prints how many rows it accepted.
 */
async function importPart(file: string, dir: string): Promise<void> {
  // As `hutong import` does: the log and outbox sinks write each licence's side records.
  registerLogSink();
  registerOutboxSink();
  const partStore = await openStore({ dialect: 'sqlite', file: join(dir, 'hutong.db') });
  try {
    const partCtx = createAppContext({
      store: partStore,
      nodeId: 'scale',
      secrets: loadSecrets({ dataDir: dir, env: {} }),
    });
    const summary = await importLicences(
      partCtx,
      { file, typeCode: IMPORT_TYPE, issuerCode: IMPORT_ISSUER, reportDir: join(file, '..', 'imports') },
      { by: { actor: 'cli' }, publicUrl: PUBLIC_URL, workers: 1 },
    );
    process.stdout.write(`${JSON.stringify({ accepted: summary.accepted, report: summary.report })}\n`);
  } finally {
    await partStore.close();
  }
}

/** Runs one import process (`--part`) and gives back the rows it accepted. */
async function runPart(file: string): Promise<{ accepted: number; report: string }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--part', file, '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`import process for ${file} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { accepted: number; report: string };
}
const sizes = values.sizes
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')))
  .sort((a, b) => a - b);
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1000))
  throw new Error('--sizes: integers ≥ 1000, comma-separated');
const dataDir = resolve(values['data-dir']);
if (!relative(root, dataDir).startsWith('..')) throw new Error(`--data-dir must be outside the repository (${root})`);
if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
  throw new Error(`--data-dir ${dataDir} is not empty: give a fresh directory`);
const SAMPLES = Number(values.samples);
const CHUNK = Number(values.chunk);
const PROCESSES = Number(values.processes);
if (!Number.isSafeInteger(PROCESSES) || PROCESSES < 1) throw new Error('--processes: an integer ≥ 1');
const READER_CODE = '91350100M000100Y43';
const USE_CAUSE = '办理业务核验';
const MiB = 1024 * 1024;

/** Row `n` of the library: one licence per holder (GB 11643 numbers, unique below 14.6 M), valid today. */
function row(n: number): string {
  const id = citizenId(n);
  const values: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    sourceKey: `SCALE-${n}`,
    certificateHolderName: `持证人${n}`,
    certificateHolderCode: id,
    certificateHolderTypeCode: '111',
    certificateNumber: `新S${String(n).padStart(10, '0')}`,
    certificateIssuedDate: '2026-03-01',
    certificateEffectiveDate: '2026-03-01',
    certificateExpiringDate: '2028-02-29',
    holderName: `持证人${n}`,
    idNumber: id,
    operationCategory: '建筑电工',
  };
  return `${IMPORT_COLUMNS.map((c) => values[c]).join(',')}\n`;
}

async function writeRows(path: string, first: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  if (!out.write(`${IMPORT_COLUMNS.join(',')}\n`)) await once(out, 'drain');
  for (let n = first; n < first + count; n++) if (!out.write(row(n))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function bytesUnder(dir: string, skip: ReadonlySet<string>): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path, skip) : statSync(path).size;
  }
  return total;
}

function percentiles(times: number[]): { p50: number; p99: number } {
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

interface Measured {
  readonly size: number;
  readonly buildSeconds: number;
  readonly buildRowsPerSecond: number;
  readonly lookup: { p50: number; p99: number };
  readonly verify: { perSecond: number; p50: number; p99: number };
  readonly receipt: { perSecond: number; p50: number; p99: number };
  readonly bytesPerLicence: number;
  readonly diskBytes: number;
  readonly peakRssMiB: number;
  /** The largest tables and indexes, bytes per licence (SQLite dbstat). */
  readonly largest: ReadonlyArray<{ readonly name: string; readonly bytesPerLicence: number }>;
  /** 1-minute load average when the size was reached and when its measures ended. */
  readonly load: { readonly built: number; readonly measured: number };
}

const work = join(dataDir, '..', `${dataDir.split('/').at(-1)}-work`);
mkdirSync(dataDir, { recursive: true });
mkdirSync(work, { recursive: true });
const store = await openStore({ dialect: 'sqlite', file: join(dataDir, 'hutong.db') });
const results: Measured[] = [];
const loadAtStart = loadavg()[0] ?? 0;
const started = new Date();
const workers = values.workers === undefined ? defaultSigningWorkers() : Number(values.workers);
if (!Number.isSafeInteger(workers) || workers < 1) throw new Error('--workers: an integer ≥ 1');
try {
  await migrateToLatest(store.db);
  const ctx = createAppContext({ store, nodeId: 'scale', secrets: loadSecrets({ dataDir, env: {} }) });
  await prepareImportNode(ctx, 'ed25519');
  await createOrganisation(
    ctx,
    {
      code: READER_CODE,
      name: { zh: '某市政务服务中心', en: 'City service centre' },
      kind: 'relying-party',
      level: 'provincial',
      areaCode: '650000',
    },
    { actor: 'system' },
  );
  const app = await buildApp({
    store,
    nodeId: ctx.nodeId,
    context: ctx,
    publicUrl: PUBLIC_URL,
    auth: { rateLimit: false },
    log: { integrate: false, sm2: false },
  });
  await app.ready();
  const integrator = (app as unknown as { transparencyLog: { integrator: { integrateNow(): Promise<unknown> } } })
    .transparencyLog.integrator;
  const reader: Principal = {
    kind: 'client',
    clientId: 'scale-reader',
    organisationCode: READER_CODE,
    scopes: ['licence:read'],
    licenceTypes: [IMPORT_TYPE],
  } as Principal;
  try {
    let built = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      while (built < size) {
        const count = Math.min(CHUNK, size - built);
        // The round's rows in PROCESSES consecutive shares, one file and one import job each.
        const share = Math.ceil(count / PROCESSES);
        const parts: Array<{ file: string; first: number; count: number }> = [];
        for (let first = 0; first < count; first += share)
          parts.push({
            file: join(work, `chunk-${parts.length}.csv`),
            first: built + 1 + first,
            count: Math.min(share, count - first),
          });
        for (const part of parts) await writeRows(part.file, part.first, part.count);
        const summaries =
          parts.length === 1 && PROCESSES === 1
            ? [
                await importLicences(
                  ctx,
                  {
                    file: parts[0]?.file ?? '',
                    typeCode: IMPORT_TYPE,
                    issuerCode: IMPORT_ISSUER,
                    reportDir: join(work, 'imports'),
                  },
                  { by: { actor: 'cli' }, publicUrl: PUBLIC_URL, workers },
                ),
              ]
            : await Promise.all(parts.map((part) => runPart(part.file)));
        parts.forEach((part, i) => {
          const summary = summaries[i];
          if (summary?.accepted !== part.count)
            throw new Error(`import accepted ${summary?.accepted} of ${part.count} rows: see ${summary?.report}`);
        });
        built += count;
        await integrator.integrateNow();
        process.stderr.write(
          `  ${built.toLocaleString('en-US')} licences (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
        );
      }
      const buildSeconds = (performance.now() - t0) / 1000;
      const loadBuilt = loadavg()[0] ?? 0;
      const increment = size - (results.at(-1)?.size ?? 0);

      // A second connection (readers never block in WAL): checkpoint, and rows picked by rowid.
      const raw = new Sqlite(join(dataDir, 'hutong.db'));
      raw.pragma('wal_checkpoint(TRUNCATE)');
      const diskBytes = bytesUnder(dataDir, new Set(['imports']));

      // Lookup by holder.
      const lookups: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const holderCode = citizenId(1 + Math.floor(Math.random() * size));
        const t = performance.now();
        const page = await findLicences(ctx, reader, { holderCode, holderCodeType: '111' }, { useCause: USE_CAUSE });
        lookups.push(performance.now() - t);
        if (page.items.length !== 1) throw new Error(`holder lookup found ${page.items.length} licences`);
      }

      // Online verification of stored licences over the app (inject), and receipts.
      const verifier = await createTestClient(ctx, {
        organisationCode: READER_CODE,
        kind: 'relying-party',
        scopes: ['verify'],
        licenceTypes: [IMPORT_TYPE],
      });
      const largest = (
        raw
          .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 16')
          .all() as {
          name: string;
          bytes: number;
        }[]
      ).map((r) => ({ name: r.name, bytesPerLicence: r.bytes / size }));
      const byRowid = raw.prepare('SELECT identifier, packed_document FROM licences WHERE rowid = ?');
      const randomLicence = () => {
        const found = byRowid.get(1 + Math.floor(Math.random() * size)) as
          | { identifier: string; packed_document: Uint8Array }
          | undefined;
        if (found === undefined) throw new Error('no licence at that rowid');
        return { identifier: found.identifier, document: licenceDocumentOf(found.packed_document) };
      };
      const verifyTimes: number[] = [];
      const receiptTimes: number[] = [];
      const picked = [];
      for (let i = 0; i < Math.min(SAMPLES, 1000); i++) picked.push(randomLicence());
      raw.close();
      const v0 = performance.now();
      for (const licence of picked) {
        const t = performance.now();
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/verify',
          headers: { authorization: verifier.authorization, 'content-type': 'application/json' },
          payload: `{"licence":${licence.document},"useCause":"${USE_CAUSE}"}`,
        });
        verifyTimes.push(performance.now() - t);
        if (response.statusCode !== 200 || response.json().valid !== true)
          throw new Error(`verify answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      }
      const verifySeconds = (performance.now() - v0) / 1000;
      const r0 = performance.now();
      for (const licence of picked) {
        const t = performance.now();
        const receipts = await receiptsFor(ctx, licence.identifier);
        receiptTimes.push(performance.now() - t);
        if (receipts.length !== 1) throw new Error('expected one receipt');
      }
      const receiptSeconds = (performance.now() - r0) / 1000;
      const measured: Measured = {
        size,
        buildSeconds,
        buildRowsPerSecond: increment / buildSeconds,
        lookup: percentiles(lookups),
        verify: { perSecond: picked.length / verifySeconds, ...percentiles(verifyTimes) },
        receipt: { perSecond: picked.length / receiptSeconds, ...percentiles(receiptTimes) },
        bytesPerLicence: diskBytes / size,
        diskBytes,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        largest,
        load: { built: loadBuilt, measured: loadavg()[0] ?? 0 },
      };
      results.push(measured);
      process.stderr.write(`${JSON.stringify(measured)}\n`);
    }
  } finally {
    await app.close();
  }
} finally {
  await store.close();
  rmSync(work, { recursive: true, force: true });
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

const first = results[0];
const last = results.at(-1);
const command = ['npm run bench:scale --', ...process.argv.slice(2)].join(' ');
const lines = [
  '# Scale: a library of signed licences with their log',
  '',
  `Generated by \`${command}\` — do not edit by hand; run it again.`,
  '',
  `- Date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')}`,
  `- Machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}; Node ${process.version}`,
  `- Load: ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (1-minute load average)`,
  `- Built with \`importLicences\` (the \`hutong import\` path): Ed25519, ${PROCESSES === 1 ? `one process, ${workers} signing worker thread(s) + the main thread storing` : `${PROCESSES} import processes at once, each on its share of a round's rows with 1 signing worker thread`}, SQLite (WAL, synchronous=NORMAL plus the store's per-commit WAL fsync off the event loop: FULL's durability, store/dialects/sqlite.ts WalSync), one round of import jobs and one log integration every ${CHUNK.toLocaleString('en-US')} rows; store schema ${SCHEMA_VERSION} (documents, log entries and audit details packed; a completed job's import rows deleted). One licence per holder. ${SAMPLES.toLocaleString('en-US')} lookups and ${Math.min(SAMPLES, 1000).toLocaleString('en-US')} verifications and receipts at random per size.`,
  '',
  '| Licences | Build (rows/s) | Lookup by holder p50 / p99 | Online verify (/s, p50 / p99) | Log receipt (/s, p50 / p99) | Disk per licence | Peak RSS | Load (built / measured) |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${Math.round(r.buildRowsPerSecond).toLocaleString('en-US')} (${Math.round(r.buildSeconds)} s) | ${ms(r.lookup.p50)} / ${ms(r.lookup.p99)} ms | ${Math.round(r.verify.perSecond)}/s, ${ms(r.verify.p50)} / ${ms(r.verify.p99)} ms | ${Math.round(r.receipt.perSecond)}/s, ${ms(r.receipt.p50)} / ${ms(r.receipt.p99)} ms | ${(r.bytesPerLicence / 1024).toFixed(2)} KiB (${(r.diskBytes / MiB).toFixed(0)} MiB) | ${Math.round(r.peakRssMiB)} MiB | ${r.load.built.toFixed(1)} / ${r.load.measured.toFixed(1)} |`,
  ),
  '',
  '## Targets',
  '',
];
if (first !== undefined && last !== undefined) {
  const at = (n: number) => results.find((r) => r.size === n);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const n = (value: number) => value.toLocaleString('en-US');
  // Issue 7: lookup p99 at 10 M ≤ 2 × at 100 k. Issue 3: p99 at 1 M ≤ 2 × at 10 k.
  const targets: Array<[number, number, string]> = [
    [10_000, 1_000_000, 'issue 3'],
    [100_000, 10_000_000, 'issue 7'],
  ];
  for (const [small, large, issue] of targets) {
    const a = at(small);
    const b = at(large);
    if (a !== undefined && b !== undefined) {
      const growth = b.lookup.p99 / a.lookup.p99;
      lines.push(
        `- Lookup p99 at ${n(large)} ÷ at ${n(small)} (${issue}, target ≤ 2): ${growth.toFixed(2)}: ${growth <= 2 ? 'met' : '**missed**'}.`,
      );
    } else {
      lines.push(
        `- Lookup p99 at ${n(large)} ÷ at ${n(small)} (${issue}, target ≤ 2): **not measured** (${n(large)} not run).`,
      );
    }
  }
  if (results.length > 1)
    lines.push(
      `- Growth from ${n(first.size)} to ${n(last.size)} (×${n(last.size / first.size)} licences): lookup p50 ×${ratio(last.lookup.p50, first.lookup.p50)}, p99 ×${ratio(last.lookup.p99, first.lookup.p99)}; online verify rate ×${ratio(last.verify.perSecond, first.verify.perSecond)}; receipt p50 ×${ratio(last.receipt.p50, first.receipt.p50)}, p99 ×${ratio(last.receipt.p99, first.receipt.p99)}; disk per licence ×${ratio(last.bytesPerLicence, first.bytesPerLicence)}. The sizes are measured one after another, not paired: read each ratio with the load column beside it.`,
    );
  lines.push(
    `- Disk per licence at ${n(last.size)}: ${(last.bytesPerLicence / 1024).toFixed(2)} KiB (target ≤ 3 KiB): ${last.bytesPerLicence <= 3 * 1024 ? 'met' : '**missed**'}.`,
  );
  lines.push(
    `- Where the bytes go at ${n(last.size)} (SQLite dbstat, bytes per licence; tables and their indexes, largest first; the rest of the file is free pages and small tables): ${last.largest.map((l) => `${l.name} ${n(Math.round(l.bytesPerLicence))}`).join(', ')}.`,
  );
  const notRun = [10_000, 100_000, 1_000_000, 10_000_000].filter((size) => !sizes.includes(size));
  if (notRun.length > 0)
    lines.push(
      `- **Not run by this command: ${notRun.map(n).join(', ')} licences.** At the build rate measured here (${n(Math.round(last.buildRowsPerSecond))} rows/s), 10,000,000 licences take about ${(10_000_000 / last.buildRowsPerSecond / 3600).toFixed(1)} h: run \`npm run bench:scale -- --sizes 10000,100000,1000000,10000000\` on a quiet machine.`,
    );
}
const doc = `${lines.join('\n')}\n`;
process.stdout.write(doc);
if (!values['no-write']) {
  writeFileSync(values.out, doc);
  process.stderr.write(`wrote ${relative(process.cwd(), values.out)}\n`);
}
