/**
 * Batch issuance over HTTP (issue 3, "Performance"): `POST /api/v1/licences/batch` with 1,000
 * licences per request through the whole app (auth, validation, serials, status slots,
 * signing, storage, audit record, log leaf and outbox message per licence; SQLite with
 * synchronous=FULL), against the raw sign rate of the same suite on the same machine in the
 * same run: 1,000 signatures over the RFC 8785 bytes of a real issued licence. Targets: Ed25519
 * ≥ 0.5×, SM2 ≥ 0.8× the raw rate.
 *
 * The same workloads run on PostgreSQL too (a fresh database on the machine's server, the
 * one the tests use: HUTONG_TEST_PG_ADMIN_URL or postgres@127.0.0.1:5432, named like a test
 * database so that a killed run's is swept), because a node may run on either engine and
 * SQLite's single writer bounds the SQLite figure (the "SQLite floor" figure). Without a
 * server answering, the PostgreSQL workloads are listed as not run, with the reason.
 */
import { createPrivateKey, sign as nodeSign, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPkcs8Pem, licenceSigningBytes, parseLicence, type SigningKey } from '@hutong/core';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { BenchFigure, BenchFile, BenchWorkload } from '../../../../scripts/bench/types.js';
import { buildApp } from '../api/build-app.js';
import { createAppContext } from '../app-context.js';
import { createLicenceType } from '../catalogue/create-licence-type.js';
import { publishLicenceType } from '../catalogue/publish-licence-type.js';
import { setResponsibility } from '../catalogue/set-responsibility.js';
import { citizenId } from '../import/test-support/import-fixtures.js';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import { sampleInput, sampleTypeDocument, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import { loadSecrets } from '../secrets/secrets.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type StoreLocation } from '../store/store.js';
import { createTestClient } from '../test-support/principals.js';

const BATCH = 1_000;

/**
 * Where each path stands: `nice npm run bench -- --filter issuance/issuance.bench --no-write
 * --rounds 3` at f3a1389 (schema 27) on the shared 2-core machine, load average 2–10 (four
 * engineers), ratios paired in the run. On such a machine the wall-clock figures follow the
 * load, so the writer thread's own CPU time per batch (its clock in /proc, paired back to back
 * against the commit before) is what tells a change's effect; the notes give both.
 */
const ISSUANCE_NOTES = {
  ed25519:
    'Ed25519: out of reach with one writer thread: at 0.5× a 1,000-licence batch may take two signature-times (about 73 ms at the quiet machine’s 27,500 signatures/s), while the main thread alone spends several times that per batch (the "CPU per 1,000-licence batch" figures below give its thread clock against the signatures’ CPU, and the whole process’s). The signing threads check, canonicalise, sign, pack and digest each licence and make the answer’s licence text; the main thread parses the request, checks, numbers, makes each issue event’s side records (holder index, audit record, log entry), chains, inserts, commits and splices the answer bytes. Session 8 moved the side records back from the signing threads (alternating in-process A/B, Ed25519, SQLite, 8 rounds of 2 batches, load 12: all threads 822 → 697 ms CPU per batch, main thread 303 → 368 ms; SM2: 1,476 → 1,141 ms in all). SQLite’s own inserts and commits are 40–70 ms of it (the "SQLite floor" figure). Target 0.5× missed.',
  'sm2-sm3':
    'SM2: each licence is checked, canonicalised, signed, packed and digested, and its answer text made, on a pool of one thread per core, the threads sharing each chunk (each takes the next licence no thread took, so neither waits for the other’s half); the first chunk’s 256 items are checked, numbered and handed to the pool before the rest of the batch is checked (the rest is checked while the threads sign it, then numbered in a second short transaction), every chunk goes to the pool as soon as its serials are allocated (before that transaction’s commit is through), and each is stored as soon as it is signed (later chunks sign while earlier ones are stored). The main thread and the two signing threads share the 2 cores: every core-millisecond the main thread spends is one the signatures do not get (the CPU figures below: the main thread’s share against the signatures’). Earlier sessions 0.35–0.73× on a loaded machine. Target 0.8× missed on this loaded machine.',
} as const;
const POSTGRES_NOTE =
  'PostgreSQL (the machine’s server, a fresh database): the same app and batch; the store runs in its own process, so the node’s main thread and the signing threads share the 2 cores with it.';
const SYSTEM = { actor: 'system' };
const SUITES = [
  { suite: 'ed25519', title: 'Ed25519', issuer: '11220000013544541J', minRatio: 0.5 },
  { suite: 'sm2-sm3', title: 'SM2', issuer: '11430000006122244L', minRatio: 0.8 },
] as const;

export default async function bench(): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-issuance-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'hutong.db');
  const onSqlite = await engineWorkloads('SQLite', { dialect: 'sqlite', file }, dir, file);
  const postgres = await benchPostgres();
  const workloads = [...onSqlite.workloads];
  const figures = [...onSqlite.figures];
  // As in the store tests (conventions.md), a missing server is a loud failure, not a skip.
  if (typeof postgres === 'string') throw new Error(`the PostgreSQL workloads need a server: ${postgres}`);
  const onPostgres = await engineWorkloads('PostgreSQL', postgres.location, dir, undefined);
  workloads.push(...onPostgres.workloads);
  figures.push(...onPostgres.figures);
  return {
    title: 'Batch issuance over HTTP',
    issue: 'issue 3',
    workloads,
    figures,
    teardown: async () => {
      await onPostgres.close();
      await postgres.drop();
    },
  };
}

/**
 * A fresh database on the tests' PostgreSQL server for this run (dropped when the process
 * ends; named `hutong_t_<pid>_…` so that the test harness sweeps one a killed run left), or
 * why there is none.
 */
async function benchPostgres(): Promise<{ location: StoreLocation; drop: () => Promise<void> } | string> {
  const admin = process.env.HUTONG_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `hutong_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const onAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 5000 });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await onAdmin(`create database "${name}"`);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    location: { dialect: 'postgres', url: url.toString() },
    drop: () => onAdmin(`drop database if exists "${name}" with (force)`),
  };
}

/** The two suites' workloads on one engine (and, on SQLite, the floor figure). */
async function engineWorkloads(
  engine: 'SQLite' | 'PostgreSQL',
  location: StoreLocation,
  dir: string,
  sqliteFile: string | undefined,
): Promise<{ workloads: BenchWorkload[]; figures: BenchFigure[]; close: () => Promise<void> }> {
  const store = await openStore(location);
  await migrateToLatest(store.db);
  const ctx = createAppContext({ store, nodeId: 'bench', secrets: loadSecrets({ dataDir: dir, env: {} }) });
  const { version: _v, status: _s, ...type } = sampleTypeDocument();
  await createLicenceType(ctx, type, SYSTEM);
  await publishLicenceType(ctx, TYPE_CODE, {}, SYSTEM);
  const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx, publicUrl: 'https://licences.xj.gov.cn' });
  await app.ready();

  let counter = 0;
  const workloads: BenchWorkload[] = [];
  const figures: BenchFigure[] = [];
  for (const { suite, title, issuer, minRatio } of SUITES) {
    await createOrganisation(
      ctx,
      {
        code: issuer,
        name: { zh: `${title} 发证部门`, en: `${title} department` },
        kind: 'department',
        level: 'provincial',
        areaCode: '650000',
      },
      SYSTEM,
    );
    await setResponsibility(
      ctx,
      { departmentCode: issuer, certificateTypeCode: TYPE_CODE, deadline: '2030-12-31' },
      SYSTEM,
    );
    await generateIssuerKey(ctx, issuer, { suite }, SYSTEM);
    const client = await createTestClient(ctx, {
      organisationCode: issuer,
      scopes: ['licence:issue'],
      licenceTypes: [TYPE_CODE],
    });
    // Access tokens live 10 minutes; a long run takes a fresh one when it nears the end.
    let token = client.authorization;
    let tokenAt = Date.now();
    const authorization = async () => {
      if (Date.now() - tokenAt > 8 * 60_000) {
        token = (
          await createTestClient(ctx, {
            organisationCode: issuer,
            scopes: ['licence:issue'],
            licenceTypes: [TYPE_CODE],
          })
        ).authorization;
        tokenAt = Date.now();
      }
      return token;
    };
    const batch = async (): Promise<number> => {
      const items = Array.from({ length: BATCH }, () => {
        counter += 1;
        // A department's batch names distinct people: each licence gets its own citizen ID, so
        // no per-process memory of accepted numbers (core's identifiers) serves a repeat.
        const holder = citizenId(counter);
        return sampleInput({
          certificateNumber: `BENCH-${counter}`,
          certificateIssuingAuthorityCode: issuer,
          certificateHolderCode: holder,
          face: { holderName: '张三', idNumber: holder, operationCategory: '建筑电工' },
        });
      });
      // The answer is read as its client would read it elsewhere, not here: its bytes arrive as
      // a stream (payloadAsStream) and only their head is checked. With inject's default the
      // bench's own thread — the server's — also joins, decodes and parses the 1.2 MB answer
      // (about 10 ms of CPU per batch, measured), work no server does.
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/licences/batch',
        headers: { authorization: await authorization() },
        payload: { items } as never,
        payloadAsStream: true,
      });
      return issuedCount(response.statusCode, response.stream());
    };

    // The baseline signs what issuance signs: the canonical bytes of a licence it issued.
    await batch();
    const row = await store.db
      .selectFrom('licences')
      .select('packed_document')
      .where('issuer_code', '=', issuer)
      .executeTakeFirstOrThrow();
    const { proof: _proof, ...unsigned } = parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)));
    const bytes = licenceSigningBytes(unsigned);
    const { signingKey } = await getIssuerSigningKey(ctx, issuer);
    const rawSign = rawSigner(suite, signingKey);
    const signBatch = async (): Promise<number> => {
      for (let i = 0; i < BATCH; i++) await rawSign(bytes);
      return BATCH;
    };
    if (suite === 'ed25519' && sqliteFile !== undefined) figures.push(await sqliteFloor(sqliteFile, batch, signBatch));
    figures.push(await cpuPerBatch(`${title}, ${engine}`, batch, signBatch, minRatio));
    workloads.push({
      name: `Batch issuance over HTTP, ${BATCH.toLocaleString('en-US')} per request (${title}, ${engine})`,
      subject: { label: 'POST /api/v1/licences/batch: check, number, sign, store, audit, log, outbox', fn: batch },
      baseline: {
        label:
          suite === 'ed25519'
            ? 'node:crypto Ed25519 sign × 1,000 (same bytes)'
            : 'core SM2-with-SM3 sign × 1,000 (same bytes)',
        fn: signBatch,
      },
      target: { minRatio },
      expect: BATCH,
      note: engine === 'SQLite' ? ISSUANCE_NOTES[suite] : POSTGRES_NOTE,
    });
  }
  return {
    workloads,
    figures,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/**
 * The `issued` count of a batch answer from its first bytes: batch-response-bytes.ts writes
 * the counts first (`{"issued":N,"existing":…`). Anything else is a failed batch.
 */
async function issuedCount(status: number, body: AsyncIterable<Buffer>): Promise<number> {
  let head = '';
  for await (const chunk of body) {
    head += chunk.toString('utf8', 0, Math.min(chunk.length, 300 - head.length));
    if (head.length >= 300 || status === 200) break;
  }
  const issued = /^\{"issued":(\d+),/.exec(head)?.[1];
  if (status !== 200 || issued === undefined) throw new Error(`batch answered ${status}: ${head}`);
  return Number(issued);
}

/**
 * The store's share of a batch, measured without the node: the rows one 1,000-licence batch
 * wrote (every table it inserted into: licences, status events, audit records, log entries
 * and salts, log tiles) are deleted, untimed, and inserted again with raw better-sqlite3
 * prepared statements in 4 transactions (as the batch commits 4 chunks), WAL and synchronous
 * FULL, against 1,000 raw signatures timed right after, 5 times (medians). It bounds what a
 * single SQLite writer allows: at 0.5× the raw sign rate, a batch has 2 signature-times in
 * all, and these inserts alone take the share shown here.
 */
async function sqliteFloor(
  file: string,
  batch: () => Promise<number>,
  signBatch: () => Promise<number>,
): Promise<BenchFigure> {
  const raw = new Sqlite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  // The replay deletes a batch's rows before writing them again; their references stay whole.
  raw.pragma('foreign_keys = OFF');
  raw.pragma('busy_timeout = 5000');
  try {
    const tables = raw
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string; sql: string }>;
    // A WITHOUT ROWID table (licence_status_events since 0018) has no rowid to find a batch's
    // rows by: its rows are told apart by primary key, the keys present before the batch
    // being remembered (the bench's store holds a few batches, so the set stays small).
    const keyColumns = (table: string): string[] =>
      (raw.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; pk: number }>)
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => `"${c.name}"`);
    const before = new Map<string, number | Set<string>>(
      tables.map(({ name, sql }): [string, number | Set<string>] => {
        if (!/WITHOUT ROWID/i.test(sql)) {
          return [name, (raw.prepare(`SELECT coalesce(max(rowid), 0) AS m FROM "${name}"`).get() as { m: number }).m];
        }
        const keys = raw
          .prepare(`SELECT ${keyColumns(name).join(', ')} FROM "${name}"`)
          .raw()
          .all();
        return [name, new Set(keys.map((k) => JSON.stringify(k)))];
      }),
    );
    await batch();
    const written: Array<{ table: string; rows: unknown[][]; insert: Sqlite.Statement; remove: () => void }> = [];
    for (const { name: table } of tables) {
      const columns = (raw.prepare(`SELECT * FROM "${table}" LIMIT 0`).columns() as Array<{ name: string }>).map(
        (c) => `"${c.name}"`,
      );
      const was = before.get(table);
      if (typeof was === 'number') {
        const rows = raw
          .prepare(`SELECT rowid AS "rowid", * FROM "${table}" WHERE rowid > ?`)
          .raw()
          .all(was) as unknown[][];
        if (rows.length === 0) continue;
        const remove = raw.prepare(`DELETE FROM "${table}" WHERE rowid > ?`);
        written.push({
          table,
          rows,
          insert: raw.prepare(
            `INSERT INTO "${table}" (rowid, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`,
          ),
          remove: () => remove.run(was),
        });
        continue;
      }
      const keys = keyColumns(table);
      const keyAt = keys.map((k) => columns.indexOf(k));
      const rows = (raw.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).filter(
        (row) => !was?.has(JSON.stringify(keyAt.map((i) => row[i]))),
      );
      if (rows.length === 0) continue;
      const removeOne = raw.prepare(`DELETE FROM "${table}" WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`);
      written.push({
        table,
        rows,
        insert: raw.prepare(
          `INSERT INTO "${table}" (${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length - 1)})`,
        ),
        remove: () => {
          for (const row of rows) removeOne.run(...keyAt.map((i) => row[i]));
        },
      });
    }
    const storeMs: number[] = [];
    const signMs: number[] = [];
    for (let round = 0; round < 5; round++) {
      raw.transaction(() => {
        for (const { remove } of written) remove();
      })();
      let start = performance.now();
      for (let part = 0; part < 4; part++) {
        raw.transaction(() => {
          for (const { rows, insert } of written) {
            const from = Math.floor((part * rows.length) / 4);
            const to = Math.floor(((part + 1) * rows.length) / 4);
            for (let i = from; i < to; i++) insert.run(rows[i]);
          }
        })();
      }
      storeMs.push(performance.now() - start);
      start = performance.now();
      await signBatch();
      signMs.push(performance.now() - start);
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1] ?? 0;
    const rowCount = written.reduce((n, w) => n + w.rows.length, 0);
    return {
      name: 'SQLite floor of one 1,000-licence batch (Ed25519): its rows inserted with raw better-sqlite3',
      unit: 'batches/s',
      subject: {
        label: `raw better-sqlite3: the ${rowCount.toLocaleString('en-US')} rows one batch writes (${written.map((w) => `${w.table} ${w.rows.length}`).join(', ')}), 4 transactions, WAL, synchronous FULL`,
        value: 1000 / median(storeMs),
      },
      baseline: { label: 'node:crypto Ed25519 sign × 1,000 (same bytes)', value: 1000 / median(signMs) },
      better: 'higher',
      note: `Medians of 5 paired rounds: ${median(storeMs).toFixed(1)} ms of inserts and commits vs ${median(signMs).toFixed(1)} ms of signatures per 1,000 licences. The HTTP target (≥ 0.5× the sign rate) leaves 2 signature-times per batch for everything; this ratio says what share the store's inserts alone take of it on one writer thread (ratio r: inserts use 0.5/r of the budget).`,
    };
  } finally {
    raw.close();
  }
}

/** Batches of the CPU figure: enough for a steady mean (about 2 s of writer CPU), few enough to keep the run short. */
const CPU_BATCHES = 6;

/**
 * A thread's CPU time in ms: Linux's scheduler clock of the task (`schedstat`, nanoseconds),
 * else its utime + stime (`stat`, clock ticks of 10 ms); undefined off Linux.
 */
function taskCpuMs(task: number): number | undefined {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {}
  try {
    const fields = readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The whole process's CPU time in ms (every thread: the main one, the signing threads, libuv's). */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Where a batch's CPU goes (issue 3, "Use both cores"): the main thread's CPU per batch (it
 * parses the request, numbers, stores, chains the audit records, sequences the log and writes
 * the answer; Linux thread clock) against the CPU of 1,000 raw signatures on the same thread
 * and clock, and the process's CPU per batch (signing threads included) and the wall time in
 * the note. On a shared machine the wall-clock ratio follows the load; CPU time per batch
 * barely does. Ratio = raw signatures' CPU ÷ main thread's CPU: the HTTP target (≥ minRatio×
 * the sign rate) needs a batch within 1/minRatio signature-times, so while the main thread is
 * the bottleneck, this ratio bounds the wall ratio.
 */
async function cpuPerBatch(
  what: string,
  batch: () => Promise<number>,
  signBatch: () => Promise<number>,
  minRatio: number,
): Promise<BenchFigure> {
  const main = taskCpuMs(process.pid);
  if (main === undefined) {
    return {
      name: `CPU per 1,000-licence batch (${what}): main thread`,
      unit: 'ms',
      subject: { label: 'no per-thread clock on this platform (/proc)', value: Number.NaN },
      better: 'lower',
    };
  }
  const signCpu: number[] = [];
  for (let round = 0; round < 3; round++) {
    const before = taskCpuMs(process.pid) ?? 0;
    await signBatch();
    signCpu.push((taskCpuMs(process.pid) ?? 0) - before);
  }
  const mainBefore = taskCpuMs(process.pid) ?? 0;
  const processBefore = processCpuMs();
  const started = performance.now();
  for (let i = 0; i < CPU_BATCHES; i++) await batch();
  const wall = (performance.now() - started) / CPU_BATCHES;
  const mainMs = ((taskCpuMs(process.pid) ?? 0) - mainBefore) / CPU_BATCHES;
  const processMs = (processCpuMs() - processBefore) / CPU_BATCHES;
  const signMs = [...signCpu].sort((a, b) => a - b)[1] ?? 0;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  return {
    name: `CPU per 1,000-licence batch (${what}): main thread`,
    unit: 'ms CPU',
    subject: { label: 'main thread CPU per batch (Linux thread clock)', value: mainMs },
    baseline: { label: '1,000 raw signatures’ CPU on the same thread (median of 3)', value: signMs },
    better: 'lower',
    // Information, not the target: the issue's target is the wall-clock ratio above. This ratio
    // only bounds it while the main thread is the bottleneck (on 2 cores the process's CPU ÷ 2
    // bounds it too, in the note), so a "met" here would say nothing about the target.
    note:
      `Means of ${CPU_BATCHES} batches: main thread ${mainMs.toFixed(0)} ms CPU, whole process ${processMs.toFixed(0)} ms CPU ` +
      `(signing threads and libuv included), wall ${wall.toFixed(0)} ms per batch (load ${load}); 1,000 raw signatures ` +
      `${signMs.toFixed(0)} ms CPU. Ratio = signatures' CPU ÷ main thread's CPU: the HTTP target (≥ ${minRatio}× the sign ` +
      `rate) allows a batch ${(1 / minRatio).toFixed(2)} signature-times, so while the main thread is the bottleneck this ` +
      `ratio bounds the wall-clock one; on ${cpus().length} cores the whole process's CPU bounds it too: ` +
      `${(signMs / Math.max(mainMs, processMs / cpus().length)).toFixed(2)}× (signatures' CPU ÷ the larger of the main ` +
      `thread's CPU and the process's CPU per core), against the target ${minRatio}×.`,
  };
}

/** The raw primitive: node:crypto for Ed25519 (what the server signs with), core's SM2 (Node has no standard SM2). */
function rawSigner(suite: 'ed25519' | 'sm2-sm3', key: SigningKey): (data: Uint8Array) => unknown {
  if (suite === 'ed25519') {
    const privateKey = createPrivateKey(exportPkcs8Pem(key));
    return (data) => nodeSign(null, data, privateKey);
  }
  return (data) => key.sign(data);
}
