/**
 * Prefill of a matter with 5 materials (issue 5, "Performance"): `prefillMatter` with a live
 * grant — the matter read, the grant checked, the holder's covered licences fetched through the
 * grants domain (masking by clearance, five usage records and `licence.used` events with their
 * audit records and log leaves), the form filled with sources, the `matter.prefilled` event —
 * against a raw library lookup of the same five licences (one SELECT by holder index and type,
 * documents parsed) in the same run, on a SQLite library of `HUTONG_BENCH_MATTERS_ROWS`
 * licences (default 10,000; `HUTONG_BENCH_MATTERS_ROWS=1000000` gives the issue's 1M figure,
 * about 1 GB of disk in the temp folder). p50/p99 of both
 * are measured over the same holder and reported as figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { licenceIdCheckCharacter, parseLicence } from '@hutong/core';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { buildApp } from '../api/build-app.js';
import { type AppContext, createAppContext } from '../app-context.js';
import type { ClientPrincipal, HolderPrincipal } from '../auth/principal.js';
import { registerClient } from '../auth/register-client.js';
import { addScenario } from '../catalogue/add-scenario.js';
import { createLicenceType } from '../catalogue/create-licence-type.js';
import { publishLicenceType } from '../catalogue/publish-licence-type.js';
import { setResponsibility } from '../catalogue/set-responsibility.js';
import { setClearance } from '../grants/clearance.js';
import { createGrant } from '../grants/create-grant.js';
import { issueLicenceBatch } from '../issuance/issue-licence-batch.js';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { holderIndex } from '../library/holder-index.js';
import { unindexed } from '../library/licence-ranges.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  sampleInput,
  sampleTypeDocument,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import { loadSecrets } from '../secrets/secrets.js';
import { statusIndexOf } from '../status/allocate-status-slots.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/store.js';
import { prefillMatter } from './prefill-matter.js';
import { createMatter } from './save-matter.js';

const ROWS = Number(process.env.HUTONG_BENCH_MATTERS_ROWS ?? 10_000);
const SAMPLES = 300;
const ROWS_PER_INSERT = 40;
const RELYING_PARTY = '91350100M000100Y43';
const SYSTEM = { actor: 'system' };
const MATTER = 'BENCH-5';
/** Five types of the sample's defining authority: …W032 (the sample) to …W036. */
const TYPES = [32, 33, 34, 35, 36].map((n) => `${TYPE_CODE.slice(0, 18)}0${n}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function node(dir: string): Promise<{ ctx: AppContext; rp: ClientPrincipal; grantId: string; index: string }> {
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'matters.db') });
  await migrateToLatest(store.db);
  const ctx = createAppContext({ store, nodeId: 'bench', secrets: loadSecrets({ dataDir: dir, env: {} }) });
  // Registers the side-record sinks (transparency log, outbox) as a running node has them.
  await buildApp({ store, nodeId: ctx.nodeId, context: ctx, log: { integrate: false } });
  await createOrganisation(
    ctx,
    {
      code: ISSUER_CODE,
      name: { zh: '吉林省住房和城乡建设厅', en: 'Department' },
      kind: 'department',
      level: 'provincial',
      areaCode: '220000',
    },
    SYSTEM,
  );
  await createOrganisation(
    ctx,
    {
      code: RELYING_PARTY,
      name: { zh: '某市政务服务中心', en: 'Service centre' },
      kind: 'relying-party',
      level: 'provincial',
      areaCode: '220000',
    },
    SYSTEM,
  );
  await generateIssuerKey(ctx, ISSUER_CODE, { suite: 'ed25519' }, SYSTEM);
  for (const [n, code] of TYPES.entries()) {
    const {
      version: _v,
      status: _s,
      ...document
    } = sampleTypeDocument({
      certificateTypeCode: code,
      name: { zh: `特种作业资格证书（类别${n + 1}）`, en: `Special operations certificate ${n + 1}` },
    });
    await createLicenceType(ctx, document, SYSTEM);
    await publishLicenceType(ctx, code, {}, SYSTEM);
    await setResponsibility(
      ctx,
      { departmentCode: ISSUER_CODE, certificateTypeCode: code, deadline: '2027-12-31' },
      SYSTEM,
    );
    await addScenario(
      ctx,
      { certificateTypeCode: code, matterCode: MATTER, description: '基准测试事项免提交。' },
      SYSTEM,
    );
  }
  const department: ClientPrincipal = {
    kind: 'client',
    clientId: 'bench-department',
    organisationCode: ISSUER_CODE,
    scopes: ['licence:issue'],
    licenceTypes: TYPES,
  };
  // The holder's five licences, one per type, through the real issuance path.
  const { items } = await issueLicenceBatch(
    ctx,
    department,
    TYPES.map((code, n) => sampleInput({ certificateTypeCode: code, certificateNumber: `BENCH-${n}` })),
    { publicUrl: 'https://licences.example.gov.cn' },
  );
  if (items.some((i) => i.outcome === 'rejected')) throw new Error('the holder’s licences were not issued');
  // Other holders' licences around them: copies of one issued row with their own identifier and holder index.
  const template = await store.db.selectFrom('licences').selectAll().executeTakeFirstOrThrow();
  const indexKey = ctx.secrets.purposeKey('holder-index');
  for (let start = 0; start < ROWS - TYPES.length; start += ROWS_PER_INSERT) {
    const values = [];
    for (let n = start; n < Math.min(ROWS - TYPES.length, start + ROWS_PER_INSERT); n++) {
      const serial = `B${String(n).padStart(11, '0')}`;
      const type = TYPES[n % TYPES.length] ?? TYPE_CODE;
      const body = `${type}${ISSUER_CODE}${serial}001`;
      values.push({
        ...template,
        identifier: `1.2.156.3005.2.${type}.${ISSUER_CODE}.${serial}.001.${licenceIdCheckCharacter(body)}`,
        series: `${type}.${ISSUER_CODE}.${serial}`,
        serial,
        type_code: type,
        holder_index: holderIndex(indexKey, '111', `bench-${Math.floor(n / TYPES.length)}`),
        // Slots after the five real ones, in the list's own permuted order (allocate-status-slots.ts),
        // so a library of up to the list's capacity (2^20) has no two licences on one slot.
        status_index: statusIndexOf(TYPES.length + n),
      });
    }
    await store.db.insertInto('licences').values(values).execute();
  }
  const field = (code: string, n: number, key: string) => ({
    key: `${key}${n}`,
    label: { zh: `字段${n}`, en: `Field ${n}` },
    type: 'string' as const,
    required: true,
    source: { kind: 'licence' as const, from: [{ typeCode: code, path: `face.${key}` }] },
  });
  await createMatter(
    ctx,
    {
      code: MATTER,
      name: { zh: '五项材料的基准事项', en: 'Benchmark matter with five materials' },
      departmentCode: ISSUER_CODE,
      holderCategory: 'person',
      materials: TYPES.map((code, n) => ({
        key: `m${n}`,
        name: { zh: `材料${n}`, en: `Material ${n}` },
        kind: 'licence' as const,
        anyOf: [code],
      })),
      fields: [
        {
          key: 'name',
          label: { zh: '姓名', en: 'Name' },
          type: 'string',
          required: true,
          source: { kind: 'holder', attribute: 'name' },
        },
        ...TYPES.flatMap((code, n) => [field(code, n, 'idNumber'), field(code, n, 'operationCategory')]),
      ],
    },
    SYSTEM,
  );
  const { client } = await registerClient(
    ctx,
    {
      name: 'bench relying party',
      organisationCode: RELYING_PARTY,
      kind: 'relying-party',
      scopes: ['licence:read'],
      licenceTypes: TYPES,
      withSecret: true,
    },
    SYSTEM,
  );
  await setClearance(ctx, client.clientId, 3, SYSTEM);
  const holder: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID };
  const grant = await createGrant(ctx, holder, {
    clientId: client.clientId,
    typeCodes: TYPES,
    matterCode: MATTER,
    purpose: '基准测试',
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const rp: ClientPrincipal = {
    kind: 'client',
    clientId: client.clientId,
    organisationCode: RELYING_PARTY,
    scopes: ['licence:read'],
    licenceTypes: TYPES,
  };
  return { ctx, rp, grantId: grant.id, index: holderIndex(indexKey, '111', CITIZEN_ID) };
}

export default async function bench(): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-matters-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const { ctx, rp, grantId, index } = await node(dir);
  const prefill = async () => {
    const form = await prefillMatter(ctx, rp, MATTER, { useCause: '办理基准事项', grantId });
    return form.complete && form.attached.length === TYPES.length;
  };
  const lookup = async () => {
    const rows = await ctx.store.db
      .selectFrom('licences')
      .select('packed_document')
      .where('holder_index', '=', index)
      // As the library reads (library/licence-ranges.ts `unindexed`): SQLite has no statistics,
      // and with a plain `status = 'valid'` it walked the status index — every valid licence —
      // instead of the holder's few: 518 ms p50 at 1,000,000 licences against 2.7 ms at 10,000.
      .where(unindexed('type_code'), 'in', TYPES)
      .where(unindexed('status'), '=', 'valid')
      .execute();
    return rows.map((row) => parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)))).length === TYPES.length;
  };
  if (!(await prefill()) || !(await lookup())) throw new Error('the benchmark’s prefill or lookup is not complete');
  const a = await timed(prefill);
  const b = await timed(lookup);
  const rows = ROWS.toLocaleString('en-US');
  process.stderr.write(
    `  prefill (5 materials, ${rows} licences): p50 ${a.p50.toFixed(2)} ms p99 ${a.p99.toFixed(2)} ms; raw lookup p50 ${b.p50.toFixed(2)} ms p99 ${b.p99.toFixed(2)} ms\n`,
  );
  return {
    title: 'Service matter prefill',
    issue: 'issue 5',
    workloads: [
      {
        name: `Prefill of a matter with 5 materials, grant, ${rows}-licence library (SQLite)`,
        subject: { label: 'prefillMatter with a grant (fetch, 5 usage records + log leaves, form)', fn: prefill },
        baseline: { label: 'raw library lookup of the same 5 licences (one SELECT, documents parsed)', fn: lookup },
        expect: true,
        note: `${SAMPLES} prefills: p50 ${a.p50.toFixed(2)} ms / p99 ${a.p99.toFixed(2)} ms; raw lookup p50 ${b.p50.toFixed(2)} ms / p99 ${b.p99.toFixed(2)} ms. Every prefill writes five usage records and their log leaves: a write path, against a read.`,
      },
    ],
    figures: [
      {
        name: `Prefill p99, 5 materials, ${rows} licences`,
        unit: 'ms',
        subject: { label: 'prefillMatter with a grant', value: a.p99 },
        baseline: { label: 'raw library lookup of the same licences', value: b.p99 },
        better: 'lower',
      },
      {
        name: `Prefill p50, 5 materials, ${rows} licences`,
        unit: 'ms',
        subject: { label: 'prefillMatter with a grant', value: a.p50 },
        baseline: { label: 'raw library lookup of the same licences', value: b.p50 },
        better: 'lower',
      },
    ],
  };
}
