/**
 * Lookup by holder (issue 3, "Performance"): `findLicences` by holder code + holder code type
 * — the use case `GET /api/v1/licences?holderCode=…` runs, keyed-hash index lookup, document
 * parsing and the access record with its use cause — on a library of 10,000 licences and on
 * one of 1,000,000 (SQLite), three licences per holder. p50/p99 of each are in the note; the
 * target is p99 at 1M ≤ 2 × p99 at 10k, and the paired ratio of the two rates ≥ 0.5.
 *
 * The libraries are filled with copies of one really issued licence row (identifier, serial,
 * holder index and status entry made unique per row) in multi-row INSERTs: issuing a million
 * licences one by one would take the benchmark hours and measure issuance, not lookup.
 * `HUTONG_BENCH_LIBRARY_ROWS` sets the large library's size (default 1,000,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citizenIdCheckCharacter, generateSigningKey, licenceIdCheckCharacter } from '@hutong/core';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { type AppContext, createAppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { issuePreparedLicences } from '../issuance/issue-prepared-licences.js';
import { prepareLicence } from '../issuance/prepare-licence.js';
import { requestHash } from '../issuance/request-hash.js';
import { loadSecrets } from '../secrets/secrets.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/store.js';
import { findLicences } from './find-licences.js';
import { holderIndex } from './holder-index.js';
import { ISSUER_CODE, sampleInput, sampleIssuer, sampleType, TYPE_CODE } from './test-support/licence-fixtures.js';
import { writeContextFor } from './write-context-for.js';

const LARGE = Number(process.env.HUTONG_BENCH_LIBRARY_ROWS ?? 1_000_000);
const SMALL = 10_000;
const PER_HOLDER = 3;
const SAMPLES = 2_000;
const ROWS_PER_INSERT = 40;

const reader: Principal = {
  kind: 'client',
  clientId: 'bench-rp',
  organisationCode: '91350100M000100Y43',
  scopes: ['licence:read'],
  licenceTypes: [TYPE_CODE],
};

/** The `n`-th synthetic holder: a valid GB 11643 citizen ID (area 650102, a birth date from 1950 on, a sequence). */
function holderCode(n: number): string {
  const day = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const date = day.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `650102${date}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${citizenIdCheckCharacter(first17)}`;
}

async function library(dir: string, name: string, rows: number): Promise<AppContext> {
  const store = await openStore({ dialect: 'sqlite', file: join(dir, `${name}.db`) });
  await migrateToLatest(store.db);
  const ctx = createAppContext({ store, nodeId: name, secrets: loadSecrets({ dataDir: dir, env: {} }) });
  const key = await generateSigningKey('ed25519');
  const input = sampleInput();
  const [outcome] = await issuePreparedLicences(
    writeContextFor(ctx, reader, { publicUrl: 'https://licences.xj.gov.cn' }),
    [
      {
        prepared: prepareLicence(input, sampleType(), sampleIssuer(), { now: new Date() }),
        key,
        requestHash: requestHash(input),
      },
    ],
  );
  if (outcome?.status !== 'issued') throw new Error('the template licence was not issued');
  const template = await store.db.selectFrom('licences').selectAll().executeTakeFirstOrThrow();
  const indexKey = ctx.secrets.purposeKey('holder-index');
  for (let start = 1; start < rows; start += ROWS_PER_INSERT) {
    const values = [];
    for (let n = start; n < Math.min(rows, start + ROWS_PER_INSERT); n++) {
      const serial = `B${String(n).padStart(11, '0')}`;
      const body = `${TYPE_CODE}${ISSUER_CODE}${serial}001`;
      values.push({
        ...template,
        identifier: `1.2.156.3005.2.${TYPE_CODE}.${ISSUER_CODE}.${serial}.001.${licenceIdCheckCharacter(body)}`,
        series: `${TYPE_CODE}.${ISSUER_CODE}.${serial}`,
        serial,
        holder_index: holderIndex(indexKey, '111', holderCode(Math.floor(n / PER_HOLDER))),
        status_index: n,
        status_list_id: 2 + Math.floor(n / 1_000_000),
      });
    }
    await store.db.insertInto('licences').values(values).execute();
  }
  return ctx;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function latencies(ctx: AppContext, rows: number): Promise<{ p50: number; p99: number }> {
  const holders = Math.floor(rows / PER_HOLDER);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const code = holderCode(1 + Math.floor(Math.random() * (holders - 1)));
    const start = performance.now();
    await findLicences(ctx, reader, { holderCode: code, holderCodeType: '111' }, { useCause: '办理业务核验' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

export default async function bench(): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-library-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const small = await library(dir, 'small', SMALL);
  const filled = performance.now();
  const large = await library(dir, 'large', LARGE);
  const fillSeconds = (performance.now() - filled) / 1000;
  const a = await latencies(small, SMALL);
  const b = await latencies(large, LARGE);
  const ratio = b.p99 / a.p99;
  process.stderr.write(
    `  by holder: 10k p50 ${a.p50.toFixed(2)} ms p99 ${a.p99.toFixed(2)} ms; ${LARGE} p50 ${b.p50.toFixed(2)} ms p99 ${b.p99.toFixed(2)} ms; p99 ratio ${ratio.toFixed(2)} (fill ${fillSeconds.toFixed(0)} s)\n`,
  );
  let n = 0;
  const lookup = (ctx: AppContext, rows: number) => async () => {
    n += 1;
    const code = holderCode(1 + ((n * 7919) % (Math.floor(rows / PER_HOLDER) - 1)));
    const page = await findLicences(
      ctx,
      reader,
      { holderCode: code, holderCodeType: '111' },
      { useCause: '办理业务核验' },
    );
    return page.items.length > 0;
  };
  return {
    title: 'Library lookup by holder',
    issue: 'issue 3',
    workloads: [
      {
        name: `Lookup by holder, ${LARGE.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} licences (SQLite)`,
        subject: {
          label: `findLicences by holder, ${LARGE.toLocaleString('en-US')}-licence library`,
          fn: lookup(large, LARGE),
        },
        baseline: { label: `the same on a ${SMALL.toLocaleString('en-US')}-licence library`, fn: lookup(small, SMALL) },
        target: { minRatio: 0.5 },
        expect: true,
        note:
          `${SAMPLES} random holders each: ${SMALL.toLocaleString('en-US')} licences p50 ${a.p50.toFixed(2)} ms / p99 ${a.p99.toFixed(2)} ms; ` +
          `${LARGE.toLocaleString('en-US')} licences p50 ${b.p50.toFixed(2)} ms / p99 ${b.p99.toFixed(2)} ms; ` +
          `p99 ratio ${ratio.toFixed(2)} (target ≤ 2). Each lookup includes its access record (audit, use cause).`,
      },
    ],
  };
}
