import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAppContext,
  loadSecrets,
  migrateToLatest,
  openStore,
  type Store,
  startServer,
  verifyAuditChain,
} from '@hutong/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only helpers are not part of @hutong/server's public surface (they never ship): the
// real test databases, and a node prepared through the real use cases.
import {
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  prepareImportNode,
  validRow,
  writeCsv,
  writeXlsx,
} from '../../../server/src/import/test-support/import-fixtures.js';
import {
  createTestSqliteDatabase,
  TEST_DATABASES,
  type TestDatabase,
} from '../../../server/src/test-support/databases.js';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';
import { createImport, PROGRESS_INTERVAL_MS, progressLine, progressPrinter } from './import.js';

/** The CLI contract: the last line of stdout is the JSON summary. */
function lastJson(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
}

describe.each(TEST_DATABASES)('hutong import on $dialect', ({ create }) => {
  let database: TestDatabase;
  let dataDir: string;
  let store: Store;
  let env: Record<string, string>;
  let sqliteDir: TestDatabase | undefined;

  beforeAll(async () => {
    database = await create();
    // The data directory holds the master key (and, on SQLite, the store) in both cases.
    const folder = database.location.dialect === 'sqlite' ? database : await createTestSqliteDatabase();
    if (folder !== database) sqliteDir = folder;
    dataDir = (folder as TestDatabase & { dataDir: string }).dataDir;
    env = {
      HUTONG_PUBLIC_URL: 'https://licences.xj.gov.cn',
      ...(database.location.dialect === 'postgres' ? { DATABASE_URL: database.location.url } : {}),
    };
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    const ctx = createAppContext({ store, nodeId: 'test-node', secrets: loadSecrets({ dataDir, env: {} }) });
    await prepareImportNode(ctx, 'ed25519');
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
    await sqliteDir?.drop();
  });

  const args = (file: string, ...extra: string[]) => [
    file,
    '--type',
    IMPORT_TYPE,
    '--issuer',
    IMPORT_ISSUER,
    '--data-dir',
    dataDir,
    '--workers',
    '1',
    ...extra,
  ];

  it('follows the contract: last stdout line {accepted,rejected,skipped,report}, exit 1 when a row is rejected, a report line per row', async () => {
    const file = join(dataDir, 'contract.csv');
    writeCsv(file, IMPORT_COLUMNS, [
      validRow(1),
      validRow(2),
      { ...validRow(3), certificateEffectiveDate: '2019-13-01' },
    ]);
    const io = captureIo(dataDir);
    const leaves = async () =>
      Number(
        (
          await store.db
            .selectFrom('log_entries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const leavesBefore = await leaves();
    expect(await createImport(env, false)(args(file), io)).toBe(1);
    // Each imported licence has its transparency-log leaf, written with it (the server's sinks).
    expect(await leaves()).toBe(leavesBefore + 2);
    const summary = lastJson(io.out);
    expect(Object.keys(summary).sort()).toEqual(['accepted', 'rejected', 'report', 'skipped']);
    expect(summary).toMatchObject({ accepted: 2, rejected: 1, skipped: 0 });
    const report = String(summary.report);
    expect(report.startsWith(join(dataDir, 'imports'))).toBe(true);
    expect(report).toMatch(/-report\.csv$/);
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^2,SK-1,accepted,1\.2\.156\.3005\.2\./);
    expect(lines[2]).toMatch(/^4,SK-3,rejected,,ERR_ISSUANCE_DATE \[certificateEffectiveDate\]/);
    // Progress and the report's path went to stderr, never into the JSON on stdout.
    expect(io.err).toMatch(/hutong import: .*rows/);

    const again = captureIo(dataDir);
    expect(await createImport(env, false)(args(file), again)).toBe(1);
    expect(lastJson(again.out)).toMatchObject({ accepted: 0, rejected: 1, skipped: 2 });
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('exits 0 when no row is rejected, for an XLSX file and a --report path', async () => {
    const file = join(dataDir, 'all-good.xlsx');
    await writeXlsx(file, IMPORT_COLUMNS, [validRow(11), validRow(12)]);
    const io = captureIo(dataDir);
    const reportPath = join(dataDir, 'elsewhere', 'good.csv');
    // A relative FILE is resolved against the working directory.
    expect(await createImport(env, false)(args('all-good.xlsx', '--report', reportPath), io)).toBe(0);
    expect(lastJson(io.out)).toEqual({ accepted: 2, rejected: 0, skipped: 0, report: reportPath });
    expect(readFileSync(reportPath, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('validates only with --dry-run: the library gains nothing, the report says what would happen', async () => {
    const file = join(dataDir, 'dry.csv');
    writeCsv(file, IMPORT_COLUMNS, [validRow(21), validRow(1), { ...validRow(22), idNumber: '' }]);
    const licences = async () =>
      Number(
        (
          await store.db
            .selectFrom('licences')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const jobs = async () =>
      Number(
        (
          await store.db
            .selectFrom('import_jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = [await licences(), await jobs()];
    const io = captureIo(dataDir);
    expect(await createImport(env, false)(args(file, '--dry-run'), io)).toBe(1);
    expect(lastJson(io.out)).toMatchObject({ accepted: 1, rejected: 1, skipped: 1 });
    expect([await licences(), await jobs()]).toEqual(before);
  });

  it('writes the reasons in Chinese with --lang zh-CN', async () => {
    const file = join(dataDir, 'zh.csv');
    writeCsv(file, IMPORT_COLUMNS, [{ ...validRow(31), certificateHolderName: '' }]);
    const io = captureIo(dataDir);
    expect(await createImport(env, false)(args(file, '--lang', 'zh-CN', '--dry-run'), io)).toBe(1);
    expect(readFileSync(String(lastJson(io.out).report), 'utf8')).toMatch(
      /ERR_IMPORT_CELL_EMPTY \[certificateHolderName\]: certificateHolderName 单元格为空/,
    );
  });

  it('refuses a whole file with one JSON error and exit 1, before any row', async () => {
    const file = join(dataDir, 'unknown.csv');
    writeCsv(file, [...IMPORT_COLUMNS, 'remarks'], [validRow(41)]);
    const io = captureIo(dataDir);
    expect(await createImport(env, false)(args(file), io)).toBe(1);
    expect(lastJson(io.out)).toEqual({
      error: expect.objectContaining({ code: 'ERR_IMPORT_COLUMN_UNKNOWN', field: 'remarks' }),
    });
    const missing = captureIo(dataDir);
    expect(await createImport(env, false)(args(join(dataDir, 'no-such.csv')), missing)).toBe(1);
    expect(lastJson(missing.out)).toMatchObject({ error: { code: 'ERR_IMPORT_FILE_UNREADABLE' } });
  });

  it('refuses usage mistakes with exit 2', async () => {
    const io = captureIo(dataDir);
    const run = createImport(env, false);
    expect(await run(['a.csv', '--issuer', IMPORT_ISSUER], io)).toBe(2);
    expect(await run(['a.csv', '--type', IMPORT_TYPE], io)).toBe(2);
    expect(await run(['a.csv', 'b.csv', '--type', IMPORT_TYPE, '--issuer', IMPORT_ISSUER], io)).toBe(2);
    expect(await run([...args('a.csv'), '--workers', '0'], io)).toBe(2);
    expect(await run([...args('a.csv'), '--lang', 'fr'], io)).toBe(2);
    expect(await run([...args('a.csv'), '--unknown'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(existsSync(join(dataDir, 'a.csv'))).toBe(false);
  });
});

describe('hutong import beside a running server', () => {
  it('imports into the SQLite file a server has open (WAL, busy timeout), and the server keeps answering', async () => {
    const database = await createTestSqliteDatabase();
    const server = await startServer({ dataDir: database.dataDir, port: 0, host: '127.0.0.1' });
    try {
      const ctx = createAppContext({
        store: server.store,
        nodeId: server.nodeId,
        secrets: loadSecrets({ dataDir: database.dataDir, env: {} }),
      });
      await prepareImportNode(ctx, 'ed25519');
      const file = join(database.dataDir, 'beside.csv');
      writeCsv(
        file,
        IMPORT_COLUMNS,
        Array.from({ length: 40 }, (_, i) => validRow(900 + i)),
      );
      const io = captureIo(database.dataDir);
      const importing = createImport({}, false)(
        [
          file,
          '--type',
          IMPORT_TYPE,
          '--issuer',
          IMPORT_ISSUER,
          '--data-dir',
          database.dataDir,
          '--workers',
          '1',
          '--batch-size',
          '10',
        ],
        io,
      );
      const health = await fetch(new URL('api/health', server.url));
      expect(health.status).toBe(200);
      expect(await importing).toBe(0);
      expect(lastJson(io.out)).toMatchObject({ accepted: 40, rejected: 0, skipped: 0 });
      const licences = await server.store.db
        .selectFrom('licences')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(licences.n)).toBe(40);
    } finally {
      await server.close();
      await database.drop();
    }
  });
});

describe('the hutong entry point', () => {
  it('lists and dispatches import', async () => {
    const io = captureIo('/');
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/hutong import /);
    expect(await main(['import', '--help'], io)).toBe(0);
    expect(io.out).toMatch(/Usage: hutong import FILE --type CODE --issuer USCC/);
  });
});

describe('import progress on stderr', () => {
  const progress = (row: number, phase: 'importing' | 'done' = 'importing') => ({
    phase,
    jobId: 'j',
    row,
    rowsTotal: 100_000,
    bytesRead: 0,
    bytesTotal: 1,
    accepted: row - 1,
    rejected: 0,
    skipped: 0,
    rowsPerSecond: 4321.4,
    elapsedMs: 1000,
  });

  it('shows rows, rows/s and the three counts', () => {
    expect(progressLine(progress(50_001))).toBe(
      '[############------------]  50%  50,000/100,000 rows  4,321 rows/s  accepted 50,000  rejected 0  skipped 0',
    );
  });

  it('redraws one line on a terminal, at most every 200 ms, and ends it when done', () => {
    const io = captureIo('/');
    let now = 0;
    const show = progressPrinter(io, true, () => now);
    show(progress(2));
    now += PROGRESS_INTERVAL_MS - 1;
    show(progress(3));
    now += 1;
    show(progress(4));
    show(progress(5, 'done'));
    const draws = io.err.split('\r').filter((s) => s !== '');
    expect(draws).toHaveLength(3);
    expect(io.err.endsWith('\n')).toBe(true);
  });

  it('prints a plain line per 10,000 rows when stderr is not a terminal', () => {
    const io = captureIo('/');
    const show = progressPrinter(io, false);
    for (let row = 2; row <= 25_001; row += 500) show(progress(row));
    show(progress(25_001, 'done'));
    expect(io.err.split('\n').filter((l) => l !== '')).toHaveLength(3);
    expect(io.err).not.toContain('\r');
  });
});
