import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { type AppContext, createAppContext } from '../app-context.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { META_KEYS, readMeta } from '../store/meta.js';
import { openStore, type Store } from '../store/store.js';
import { createTestContext, createTestStaff, type TestStaff } from '../test-support/principals.js';
import { scratchDirs } from '../test-support/scratch-dirs.js';
import { ensureSharedImportDir, importDirFrom, importDirMarkPath } from './import-dir.js';
import { inspectImportFile } from './import-file.js';
import { currentRunner, IMPORT_HEARTBEAT_STALE_MS } from './import-jobs.js';
import { previewReportPath, uploadPath } from './import-upload-runner.js';
import { getImportUpload, insertImportUpload } from './import-uploads.js';
import {
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  prepareImportNode,
  validRow,
  writeCsv,
} from './test-support/import-fixtures.js';
import { until } from './test-support/until.js';

const scratch = scratchDirs();

const HOOK_TIMEOUT = 120_000;
const PUBLIC_URL = 'https://licences.xj.gov.cn';

describe('HUTONG_IMPORT_DIR', () => {
  it('is the import folder, relative to the working directory; unset or empty: <data-dir>/imports', () => {
    expect(importDirFrom({}, '/var/lib/hutong')).toBe('/var/lib/hutong/imports');
    expect(importDirFrom({ HUTONG_IMPORT_DIR: '' }, 'data', '/srv')).toBe('/srv/data/imports');
    expect(importDirFrom({ HUTONG_IMPORT_DIR: '/mnt/shared/imports' }, 'data', '/srv')).toBe('/mnt/shared/imports');
    expect(importDirFrom({ HUTONG_IMPORT_DIR: 'shared' }, 'data', '/srv')).toBe('/srv/shared');
  });
});

describe.each(TEST_DATABASES)('several server processes on one $dialect store', ({ create }) => {
  let t: LibraryTestStore;
  /** The second process's own connection to the same database. */
  let second: Store;
  let ctx: AppContext;
  let dir: string;
  let operator: TestStaff;
  let first: FastifyInstance;
  let other: FastifyInstance;

  async function start(context: AppContext, store: Store): Promise<FastifyInstance> {
    // As `startServer` does before it builds the app.
    await ensureSharedImportDir(store.db, dir);
    const app = await buildApp({
      store,
      nodeId: context.nodeId,
      context,
      webRoot: '/nonexistent',
      auth: { rateLimit: false },
      publicUrl: PUBLIC_URL,
      log: false,
      imports: { dir, workers: 1, batchSize: 2 },
    });
    await app.ready();
    return app;
  }

  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    second = await openStore(t.database.location);
    ctx = createTestContext(t.store);
    await prepareImportNode(ctx, 'ed25519');
    operator = await createTestStaff(ctx, { roles: ['department-operator'], organisationCode: IMPORT_ISSUER });
    dir = scratch('hutong-shared-imports-');
    first = await start(ctx, t.store);
    // The same node (id, master key), another process: its own store connection and runner.
    other = await start(createAppContext({ store: second, nodeId: ctx.nodeId, secrets: ctx.secrets }), second);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await other?.close();
    await first?.close();
    await second?.close();
    await t?.close();
  }, HOOK_TIMEOUT);

  const get = (on: FastifyInstance, url: string) =>
    on.inject({ url, headers: { ...operator.headers, 'accept-language': 'en' } });
  const state = async (on: FastifyInstance, id: string) =>
    (await get(on, `/api/v1/imports/${id}`)).json() as { status: string; preview?: unknown };

  it('an upload received by one process is previewed, committed and its report downloaded through another', async () => {
    const source = join(scratch('hutong-shared-body-'), 'rows.csv');
    writeCsv(source, IMPORT_COLUMNS, [
      validRow(1),
      validRow(2),
      validRow(3),
      { ...validRow(4), operationCategory: '' },
    ]);
    const response = await first.inject({
      method: 'POST',
      url: `/api/v1/imports?${new URLSearchParams({ typeCode: IMPORT_TYPE, issuerCode: IMPORT_ISSUER, fileName: 'stock.csv' })}`,
      headers: { ...operator.headers, 'content-type': 'text/csv', 'accept-language': 'en' },
      payload: readFileSync(source),
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    const checked = await until(
      () => state(other, id),
      (s) => s.status !== 'checking',
      'the dry run',
    );
    expect(checked).toMatchObject({ status: 'checked', preview: { accepted: 3, rejected: 1, skipped: 0 } });
    const preview = (await get(other, `/api/v1/imports/${id}/preview?outcome=rejected`)).json() as {
      rows: Array<{ row: number }>;
    };
    expect(preview.rows.map((r) => r.row)).toEqual([5]);

    const committed = await other.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      headers: { ...operator.headers, 'accept-language': 'en' },
    });
    expect(committed.statusCode, committed.body).toBe(202);
    const done = await until(
      () => state(other, id),
      (s) => s.status !== 'committing',
      'the import job',
    );
    expect(done.status).toBe('completed');
    for (const on of [other, first]) {
      const report = await get(on, `/api/v1/imports/${id}/report.csv`);
      expect(report.statusCode, report.body).toBe(200);
      const lines = report.body.trim().split('\n');
      expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'rejected',
      ]);
    }
    const upload = await getImportUpload(t.store.db, id);
    if (upload === undefined) throw new Error('the upload is missing');
    expect(existsSync(uploadPath(dir, upload))).toBe(true);
  });

  it('a process that starts leaves alone a dry run another live process runs, and takes up one whose runner is gone', async () => {
    const source = join(scratch('hutong-shared-body-'), 'rows.csv');
    writeCsv(source, IMPORT_COLUMNS, [validRow(11), validRow(12)]);
    const file = await inspectImportFile(source);
    const id = randomUUID();
    copyFileSync(source, join(dir, `${id}.csv`));
    const now = ctx.now();
    // Received by a process on another machine, whose dry run is running (fresh heartbeat).
    await t.store.db.transaction().execute((trx) =>
      insertImportUpload(trx, {
        id,
        storedName: `${id}.csv`,
        fileName: 'stock.csv',
        format: 'csv',
        size: file.size,
        fileSha256: file.sha256,
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        language: 'en',
        createdBy: 'staff:elsewhere',
        createdAt: now.toISOString(),
        runner: 'elsewhere:4242',
      }),
    );
    const starting = await start(createAppContext({ store: second, nodeId: ctx.nodeId, secrets: ctx.secrets }), second);
    // Closing waits for the tasks the start took up: none here.
    await starting.close();
    expect(await getImportUpload(t.store.db, id)).toMatchObject({ status: 'checking', runner: 'elsewhere:4242' });
    expect(existsSync(previewReportPath(dir, id))).toBe(false);

    // That process went silent: the next start takes the dry run over and finishes it.
    await t.store.db
      .updateTable('import_uploads')
      .set({ heartbeat_at: new Date(now.getTime() - IMPORT_HEARTBEAT_STALE_MS - 1).toISOString() })
      .where('id', '=', id)
      .execute();
    const next = await start(createAppContext({ store: second, nodeId: ctx.nodeId, secrets: ctx.secrets }), second);
    try {
      const checked = await until(
        () => state(next, id),
        (s) => s.status !== 'checking',
        'the dry run taken over',
      );
      expect(checked).toMatchObject({ status: 'checked', preview: { accepted: 2, rejected: 0, skipped: 0 } });
      expect((await getImportUpload(t.store.db, id))?.runner).toBe(currentRunner());
    } finally {
      await next.close();
    }
  });

  it('refuses a process whose import folder is another (ERR_IMPORT_DIR_NOT_SHARED), writing no mark there', async () => {
    const mark = await readMeta(t.store.db, META_KEYS.importDirMark);
    expect(mark).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(importDirMarkPath(dir, mark ?? ''))).toBe(true);
    const own = scratch('hutong-own-imports-');
    await expect(ensureSharedImportDir(second.db, own)).rejects.toMatchObject({
      code: 'ERR_IMPORT_DIR_NOT_SHARED',
      field: 'HUTONG_IMPORT_DIR',
    });
    expect(readdirSync(own)).toEqual([]);
    expect(await readMeta(t.store.db, META_KEYS.importDirMark)).toBe(mark);
    // The shared folder still passes, and keeps one mark.
    expect(await ensureSharedImportDir(second.db, dir)).toBe(mark);
    expect(readdirSync(dir).filter((name) => name.startsWith('.hutong-store-'))).toHaveLength(1);
  });

  it('of processes starting at once on a new store, one mark wins and the shared folder keeps only it', async () => {
    const fresh = await openLibraryTestStore(create);
    const again = await openStore(fresh.database.location);
    try {
      const folder = scratch('hutong-race-imports-');
      const marks = await Promise.all([
        ensureSharedImportDir(fresh.store.db, folder),
        ensureSharedImportDir(again.db, folder),
        ensureSharedImportDir(fresh.store.db, folder),
      ]);
      expect(new Set(marks).size).toBe(1);
      expect(readdirSync(folder)).toEqual([`.hutong-store-${marks[0]}`]);
    } finally {
      await again.close();
      await fresh.close();
    }
  });
});
