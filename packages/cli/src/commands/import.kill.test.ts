/**
 * The crash test of bulk import: the real `hutong import` process, killed with SIGKILL
 * (no chance to clean up) several times while it imports, then run to the end. Afterwards
 * the library holds exactly one licence per valid row, the final summary counts every row
 * once, and the audit chain is intact — on SQLite and on PostgreSQL.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAppContext,
  loadSecrets,
  migrateToLatest,
  openStore,
  type Store,
  verifyAuditChain,
} from '@hutong/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  prepareImportNode,
  validRow,
  writeCsv,
} from '../../../server/src/import/test-support/import-fixtures.js';
import {
  createTestSqliteDatabase,
  TEST_DATABASES,
  type TestDatabase,
} from '../../../server/src/test-support/databases.js';
import { exited, licenceCount, spawnCli } from '../test-support/spawn-cli.js';

const ROWS = 2_000;
const KILLS = 4;

/** Every 37th row is invalid (a wrong citizen ID check character); every 50th has no sourceKey. */
function rowsOfFile(): Array<Record<string, string>> {
  return Array.from({ length: ROWS }, (_, i) => {
    const n = i + 1;
    const row: Record<string, string> = { ...validRow(10_000 + n) };
    if (n % 37 === 0) row.idNumber = `${row.idNumber?.slice(0, 17)}${row.idNumber?.endsWith('0') ? '1' : '0'}`;
    if (n % 50 === 0) row.sourceKey = '';
    return row;
  });
}
const INVALID = Math.floor(ROWS / 37);
const VALID = ROWS - INVALID;

/** Runs the real CLI (`hutong import …`) from the sources, as its own process. */
function spawnImport(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawnCli(['import', ...args], env);
}

describe.each(TEST_DATABASES)('hutong import killed with SIGKILL on $dialect', ({ create }) => {
  let database: TestDatabase;
  let folder: TestDatabase & { dataDir: string };
  let store: Store;
  let env: Record<string, string>;
  let file: string;

  beforeAll(async () => {
    database = await create();
    folder = (database.location.dialect === 'sqlite' ? database : await createTestSqliteDatabase()) as TestDatabase & {
      dataDir: string;
    };
    env = {
      HUTONG_PUBLIC_URL: 'https://licences.xj.gov.cn',
      ...(database.location.dialect === 'postgres' ? { DATABASE_URL: database.location.url } : {}),
    };
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    // The master key file the CLI processes will read: the same data directory.
    const ctx = createAppContext({
      store,
      nodeId: 'test-node',
      secrets: loadSecrets({ dataDir: folder.dataDir, env: {} }),
    });
    await prepareImportNode(ctx, 'ed25519');
    file = join(folder.dataDir, 'stock.csv');
    writeCsv(file, IMPORT_COLUMNS, rowsOfFile());
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
    if (folder !== database) await folder.drop();
  });

  it('resumes after every kill and ends with exactly one licence per valid row and an intact audit chain', async () => {
    const args = [
      file,
      '--type',
      IMPORT_TYPE,
      '--issuer',
      IMPORT_ISSUER,
      '--data-dir',
      folder.dataDir,
      '--batch-size',
      '100',
    ];
    let kills = 0;
    let last = await licenceCount(store);
    while (kills < KILLS) {
      const child = spawnImport(args, env);
      const exit = exited(child);
      let finished = false;
      void exit.then(() => {
        finished = true;
      });
      // Kill once this run has committed some licences (each run makes progress), at a moment
      // that falls anywhere in a batch: inside a transaction, between issuance and the
      // batch record, while signing.
      const step = 100 + Math.floor(Math.random() * 200);
      for (;;) {
        if (finished) break;
        const now = await licenceCount(store);
        if (now >= last + step) break;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      }
      if (finished) break; // the machine was fast enough to finish between two looks
      child.kill('SIGKILL');
      await exit;
      kills += 1;
      last = await licenceCount(store);
      expect(last).toBeLessThanOrEqual(VALID);
    }
    expect(kills).toBeGreaterThan(0);

    // The same command, to the end.
    const child = spawnImport(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await exited(child);
    expect(code, stderr).toBe(1); // some rows are invalid
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
    // Every row counted once across the runs of the job: none skipped, none twice.
    expect(summary).toMatchObject({ accepted: VALID, rejected: INVALID, skipped: 0 });
    expect(stderr).toMatch(/resumed job/);

    // Exactly one licence per valid row.
    expect(await licenceCount(store)).toBe(VALID);
    const bySourceKey = await store.db
      .selectFrom('licences')
      .select(['source_key', (eb) => eb.fn.countAll().as('n')])
      .where('source_key', 'is not', null)
      .groupBy('source_key')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(bySourceKey).toEqual([]);
    const report = readFileSync(String(summary.report), 'utf8').trim().split('\n');
    expect(report).toHaveLength(ROWS);
    const identifiers = report.map((line) => line.split(',')[3]).filter((id) => id !== '' && id !== undefined);
    expect(identifiers).toHaveLength(VALID);
    expect(new Set(identifiers).size).toBe(VALID);
    expect(report.filter((line) => line.split(',')[2] === 'rejected')).toHaveLength(INVALID);

    // No half-written licence: every licence has its issue event and a status slot of its own.
    const events = await store.db
      .selectFrom('licence_status_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(VALID);
    const audit = await verifyAuditChain(store.db);
    expect(audit).toMatchObject({ ok: true });
    // Every licence is named by exactly one issuance audit record: its own (target), or the
    // record of the chunk that stored it (listed in audit_licences, migration 0030), never both
    // and never twice.
    const issuedAlone = await store.db
      .selectFrom('audit_records')
      .select('target')
      .where('action', '=', 'licence.issued')
      .where('target', 'is not', null)
      .execute();
    const issuedInChunks = await store.db
      .selectFrom('audit_licences')
      .innerJoin('audit_records', 'audit_records.seq', 'audit_licences.seq')
      .select('audit_licences.identifier')
      .where('audit_records.action', '=', 'licence.issued')
      .execute();
    const audited = [...issuedAlone.map((r) => r.target), ...issuedInChunks.map((r) => r.identifier)];
    expect(audited).toHaveLength(VALID);
    expect(new Set(audited)).toEqual(new Set(identifiers));
    expect(existsSync(`${String(summary.report)}.partial`)).toBe(false);
  }, 420_000);
});
