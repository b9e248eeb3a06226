/**
 * The crash test of the import wizard's path: a file uploaded to a real `hutong serve`
 * process and committed, the server killed with SIGKILL while the import job runs, then
 * started again on the same data. The new process takes the job up by itself (no request
 * needed), and the library ends with exactly one licence per valid row, the upload completed
 * with a report of every row, and the audit chain intact — on SQLite and on PostgreSQL.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
import { createTestClient } from '../../../server/src/test-support/principals.js';
import { exited, licenceCount, spawnCli, startLine } from '../test-support/spawn-cli.js';

const ROWS = 3_000;

/** Every 41st row is invalid (a wrong citizen ID check character on the face). */
function rowsOfFile(): Array<Record<string, string>> {
  return Array.from({ length: ROWS }, (_, i) => {
    const n = i + 1;
    const row: Record<string, string> = { ...validRow(40_000 + n) };
    const id = row.idNumber ?? '';
    if (n % 41 === 0) row.idNumber = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    return row;
  });
}
const INVALID = Math.floor(ROWS / 41);
const VALID = ROWS - INVALID;

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

/** Runs the real CLI (`hutong serve …`) from the sources, as its own process, until it says where it listens. */
async function serve(dataDir: string, env: Record<string, string>): Promise<Serving> {
  const child = spawnCli(['serve', '--data-dir', dataDir, '--port', '0'], env);
  const ended = exited(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000);
  });
  const url = (JSON.parse(await startLine(child, ended, () => stderr)) as { url: string }).url;
  return { child, url, exited: ended };
}

describe.each(TEST_DATABASES)('an HTTP import when hutong serve is killed with SIGKILL, on $dialect', ({ create }) => {
  let database: TestDatabase;
  let folder: TestDatabase & { dataDir: string };
  let store: Store;
  let env: Record<string, string>;
  let authorization: string;
  let csv: Buffer;

  beforeAll(async () => {
    database = await create();
    folder = (database.location.dialect === 'sqlite' ? database : await createTestSqliteDatabase()) as TestDatabase & {
      dataDir: string;
    };
    env = {
      HUTONG_PUBLIC_URL: 'https://licences.xj.gov.cn',
      HUTONG_LOG_LEVEL: 'warn',
      ...(database.location.dialect === 'postgres' ? { DATABASE_URL: database.location.url } : {}),
    };
    store = await openStore(database.location);
    await migrateToLatest(store.db);
    // The master key the server processes read: the same data directory.
    const ctx = createAppContext({
      store,
      nodeId: 'test-node',
      secrets: loadSecrets({ dataDir: folder.dataDir, env: {} }),
    });
    await prepareImportNode(ctx, 'ed25519');
    authorization = (
      await createTestClient(ctx, {
        organisationCode: IMPORT_ISSUER,
        scopes: ['licence:issue'],
        licenceTypes: [IMPORT_TYPE],
      })
    ).authorization;
    const file = join(folder.dataDir, 'stock.csv');
    writeCsv(file, IMPORT_COLUMNS, rowsOfFile());
    csv = readFileSync(file);
  }, 120_000);
  afterAll(async () => {
    await store.close();
    await database.drop();
    if (folder !== database) await folder.drop();
  });

  it('resumes the job when the server starts again: one licence per valid row, the report whole, the audit chain intact', async () => {
    const api = (serving: Serving, path: string, init: RequestInit = {}) =>
      fetch(new URL(path, serving.url), {
        ...init,
        headers: { authorization, 'accept-language': 'en', ...(init.headers ?? {}) },
      });
    const state = async (serving: Serving, id: string) =>
      (await (await api(serving, `/api/v1/imports/${id}`)).json()) as { status: string; job?: { rowsDone: number } };

    const first = await serve(folder.dataDir, env);
    let id: string;
    try {
      const params = new URLSearchParams({ typeCode: IMPORT_TYPE, issuerCode: IMPORT_ISSUER, fileName: 'stock.csv' });
      const uploaded = await api(first, `/api/v1/imports?${params}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      });
      expect(uploaded.status).toBe(201);
      id = ((await uploaded.json()) as { id: string }).id;
      for (;;) {
        const now = await state(first, id);
        if (now.status !== 'checking') {
          expect(now.status).toBe('checked');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await api(first, `/api/v1/imports/${id}/commit`, { method: 'POST' })).status).toBe(202);
      // Killed once the job has issued some licences, at any moment of a batch.
      const step = 200 + Math.floor(Math.random() * 400);
      for (;;) {
        if ((await licenceCount(store)) >= step) break;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      }
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    const atKill = await licenceCount(store);
    expect(atKill).toBeLessThan(VALID); // it really stopped in the middle

    const second = await serve(folder.dataDir, env);
    try {
      let last: { status: string } = { status: 'committing' };
      const deadline = Date.now() + 240_000;
      while (last.status === 'committing' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        last = await state(second, id);
      }
      expect(last).toMatchObject({
        status: 'completed',
        job: { rowsDone: ROWS, accepted: VALID, rejected: INVALID, skipped: 0 },
      });
      const report = (await (await api(second, `/api/v1/imports/${id}/report.csv`)).text()).trim().split('\n');
      expect(report).toHaveLength(ROWS + 1);
      const identifiers = report
        .slice(1)
        .map((line) => line.split(',')[3])
        .filter((value) => value !== '' && value !== undefined);
      expect(new Set(identifiers).size).toBe(VALID);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect(await licenceCount(store)).toBe(VALID);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    const resumed = await store.db
      .selectFrom('audit_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'import.resumed')
      .executeTakeFirstOrThrow();
    expect(Number(resumed.n)).toBeGreaterThan(0);
  }, 600_000);
});
