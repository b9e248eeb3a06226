import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { AppContext } from '../app-context.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  createTestClient,
  createTestContext,
  createTestStaff,
  TEST_ORGANISATION_CODE,
  type TestStaff,
} from '../test-support/principals.js';
import { scratchDirs } from '../test-support/scratch-dirs.js';
import { inspectImportFile } from './import-file.js';
import { finishImportJob, getImportJob, openImportJob, runnerId } from './import-jobs.js';
import { importLicences } from './import-licences.js';
import { commitReportPath, ImportUploadRunner, previewReportPath, uploadPath } from './import-upload-runner.js';
import { getImportUpload, type ImportUpload } from './import-uploads.js';
import { importRetentionDaysFrom, sweepImportFiles } from './sweep-import-files.js';
import {
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  OTHER_DEPARTMENT,
  prepareImportNode,
  validRow,
  writeCsv,
  writeXlsx,
} from './test-support/import-fixtures.js';
import { until } from './test-support/until.js';

const scratch = scratchDirs();

/** Setting up a store and a node on a loaded machine can take longer than Vitest's default. */
const HOOK_TIMEOUT = 120_000;
const PUBLIC_URL = 'https://licences.xj.gov.cn';
const NOW = new Date('2026-11-29T04:00:00.000Z');
/** The runner of a killed node on this machine: a process id no process has (Linux pids stay below 2^22). */
const DEAD_RUNNER = runnerId(4194303, 'killed');

type Row = Record<string, string>;

/** Rows 2–7 valid, then three bad ones (rows 8–10). */
function mixedRows(offset: number): Row[] {
  const rows: Row[] = Array.from({ length: 6 }, (_, i) => validRow(offset + i));
  rows.push(
    { ...validRow(offset + 50), certificateHolderCode: '110105194912310021', idNumber: '110105194912310021' },
    { ...validRow(offset + 51), certificateEffectiveDate: '2022-01-01', certificateExpiringDate: '2021-01-01' },
    { ...validRow(offset + 52), operationCategory: '' },
  );
  return rows;
}

function csvOf(rows: Row[]): Buffer {
  const dir = scratch('hutong-import-body-');
  const path = join(dir, 'rows.csv');
  writeCsv(path, IMPORT_COLUMNS, rows, { bom: true });
  return readFileSync(path);
}

describe.each(TEST_DATABASES)('the import routes on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let ctx: AppContext;
  let app: FastifyInstance;
  let dir: string;
  let operator: TestStaff;
  let otherOperator: TestStaff;
  let auditor: TestStaff;

  async function start(extra: { maxUploadBytes?: number } = {}): Promise<FastifyInstance> {
    const built = await buildApp({
      store: t.store,
      nodeId: ctx.nodeId,
      context: ctx,
      webRoot: '/nonexistent',
      auth: { rateLimit: false },
      publicUrl: PUBLIC_URL,
      log: false,
      imports: { dir, workers: 1, batchSize: 2, ...extra },
    });
    await built.ready();
    return built;
  }

  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    ctx = createTestContext(t.store, { now: () => NOW });
    await prepareImportNode(ctx, 'ed25519');
    dir = scratch('hutong-import-routes-');
    operator = await createTestStaff(ctx, { roles: ['department-operator'], organisationCode: IMPORT_ISSUER });
    otherOperator = await createTestStaff(ctx, { roles: ['department-operator'], organisationCode: OTHER_DEPARTMENT });
    auditor = await createTestStaff(ctx, { roles: ['auditor'] });
    app = await start();
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  }, HOOK_TIMEOUT);

  async function count(table: 'licences' | 'import_uploads' | 'import_jobs' | 'audit_records'): Promise<number> {
    const row = await t.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  function upload(
    body: Buffer | string,
    query: Record<string, string> = {},
    headers: Record<string, string> = {},
    on: FastifyInstance = app,
  ) {
    const params = new URLSearchParams({
      typeCode: IMPORT_TYPE,
      issuerCode: IMPORT_ISSUER,
      fileName: 'stock.csv',
      ...query,
    });
    return on.inject({
      method: 'POST',
      url: `/api/v1/imports?${params}`,
      headers: { ...operator.headers, 'content-type': 'text/csv', 'accept-language': 'en', ...headers },
      payload: body,
    });
  }

  const get = (url: string, headers: Record<string, string> = operator.headers, on: FastifyInstance = app) =>
    on.inject({ url, headers: { ...headers, 'accept-language': 'en' } });
  const commit = (id: string, headers: Record<string, string> = operator.headers, on: FastifyInstance = app) =>
    on.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      headers: { ...headers, 'accept-language': 'en' },
    });
  const state = async (id: string, on: FastifyInstance = app) =>
    (await get(`/api/v1/imports/${id}`, operator.headers, on)).json() as {
      status: string;
      preview?: { accepted: number; rejected: number; skipped: number };
      error?: { code: string; message: string };
      job?: { rowsTotal: number; rowsDone: number; accepted: number; rejected: number; skipped: number };
      reportReady: boolean;
    };

  /** Uploads `rows` as a CSV and waits for its dry run: the upload as the store has it, `checked`. */
  async function uploadChecked(rows: Row[]): Promise<ImportUpload> {
    const id = (await upload(csvOf(rows))).json().id as string;
    await until(
      () => state(id),
      (s) => s.status === 'checked',
      'the dry run',
    );
    const checked = await getImportUpload(t.store.db, id);
    if (checked?.status !== 'checked') throw new Error(`the upload is ${checked?.status ?? 'missing'}`);
    return checked;
  }

  it('uploads a CSV, previews it with each rejected row’s reasons, commits it in the background and serves the report', async () => {
    const licencesBefore = await count('licences');
    const response = await upload(csvOf(mixedRows(1000)));
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as { id: string; status: string; fileName: string; format: string };
    expect(created).toMatchObject({ status: 'checking', fileName: 'stock.csv', format: 'csv' });
    expect(response.headers.location).toBe(`/api/v1/imports/${created.id}`);

    const checked = await until(
      () => state(created.id),
      (s) => s.status !== 'checking',
      'the dry run',
    );
    expect(checked.status).toBe('checked');
    expect(checked.preview).toEqual({ accepted: 6, rejected: 3, skipped: 0 });
    // The dry run wrote nothing.
    expect(await count('licences')).toBe(licencesBefore);

    const rejected = (await get(`/api/v1/imports/${created.id}/preview?outcome=rejected`)).json() as {
      counts: unknown;
      rows: Array<{ row: number; outcome: string; reasons: Array<{ code: string; field?: string; message: string }> }>;
    };
    expect(rejected.counts).toEqual({ accepted: 6, rejected: 3, skipped: 0 });
    expect(rejected.rows.map((r) => r.row)).toEqual([8, 9, 10]);
    expect(rejected.rows.every((r) => r.outcome === 'rejected' && r.reasons.length > 0)).toBe(true);
    expect(rejected.rows[0]?.reasons.some((r) => r.field === 'certificateHolderCode')).toBe(true);
    expect(rejected.rows[2]?.reasons.some((r) => r.field === 'operationCategory')).toBe(true);
    // Pages: two rows, then the rest after `next`.
    const first = (await get(`/api/v1/imports/${created.id}/preview?limit=2`)).json() as {
      rows: unknown[];
      next: number;
    };
    expect(first.rows).toHaveLength(2);
    expect(first.next).toBe(3);
    const rest = (await get(`/api/v1/imports/${created.id}/preview?after=3&limit=50`)).json() as {
      rows: Array<{ row: number }>;
      next?: number;
    };
    expect(rest.rows.map((r) => r.row)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(rest.next).toBeUndefined();
    // The report exists only once the import is done.
    expect((await get(`/api/v1/imports/${created.id}/report.csv`)).json().code).toBe('ERR_IMPORT_UPLOAD_STATE');

    const committed = await commit(created.id);
    expect(committed.statusCode, committed.body).toBe(202);
    const done = await until(
      () => state(created.id),
      (s) => s.status !== 'committing',
      'the import job',
    );
    expect(done.status).toBe('completed');
    expect(done.job).toMatchObject({ rowsTotal: 9, rowsDone: 9, accepted: 6, rejected: 3, skipped: 0 });
    expect(done.reportReady).toBe(true);
    expect(await count('licences')).toBe(licencesBefore + 6);

    const report = await get(`/api/v1/imports/${created.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toContain('attachment');
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('row,sourceKey,outcome,identifier,reasons,warnings');
    expect(lines).toHaveLength(10);
    expect(lines.filter((l) => l.includes(',accepted,1.2.156.3005.2.'))).toHaveLength(6);
    expect(lines.filter((l) => l.includes(',rejected,'))).toHaveLength(3);

    // Committing again changes nothing.
    const again = await commit(created.id);
    expect(again.statusCode).toBe(202);
    expect(again.json().status).toBe('completed');
    expect(await count('licences')).toBe(licencesBefore + 6);
    expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
  });

  it('imports an XLSX workbook; the same records uploaded again come out skipped', async () => {
    const path = join(dir, 'book.xlsx');
    await writeXlsx(path, IMPORT_COLUMNS, [validRow(2000), validRow(2001)]);
    const first = await upload(
      readFileSync(path),
      { fileName: 'book.xlsx' },
      {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    );
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json().id as string;
    await until(
      () => state(id),
      (s) => s.status === 'checked',
      'the dry run',
    );
    await commit(id);
    const done = await until(
      () => state(id),
      (s) => s.status !== 'committing',
      'the job',
    );
    expect(done.job).toMatchObject({ accepted: 2, rejected: 0, skipped: 0 });

    const again = await upload(csvOf([validRow(2000), validRow(2001)]));
    const againId = again.json().id as string;
    const checked = await until(
      () => state(againId),
      (s) => s.status === 'checked',
      'the dry run',
    );
    expect(checked.preview).toEqual({ accepted: 0, rejected: 0, skipped: 2 });
  });

  it('refuses a file whose columns are wrong after its dry run, and will not commit it', async () => {
    const response = await upload('certificateHolderName,whatever\n张三,x\n');
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    const refused = await until(
      () => state(id),
      (s) => s.status !== 'checking',
      'the dry run',
    );
    expect(refused.status).toBe('refused');
    expect(refused.error?.code).toMatch(/^ERR_IMPORT_COLUMN_/);
    const attempt = await commit(id);
    expect(attempt.statusCode).toBe(409);
    expect(attempt.json()).toMatchObject({ code: 'ERR_IMPORT_UPLOAD_STATE' });
  });

  describe('bad input: a precise problem, nothing kept', () => {
    async function refused(response: Awaited<ReturnType<typeof upload>>, status: number, code: string) {
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe(code);
    }
    let before: { uploads: number; files: string[] };
    const snapshot = async () => ({ uploads: await count('import_uploads'), files: readdirSync(dir).sort() });
    const unchanged = async () => {
      expect(await snapshot()).toEqual(before);
    };

    it('an unknown licence type', async () => {
      before = await snapshot();
      const response = await upload(csvOf([validRow(1)]), { typeCode: '11100000000013338W099' });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json()).toMatchObject({
        code: expect.stringMatching(/^ERR_CATALOGUE_/),
        field: expect.any(String),
      });
      await unchanged();
    });
    it('an unknown issuer', async () => {
      before = await snapshot();
      // An operator of a department this node does not know (a valid USCC, no organisation here).
      const stranger = await createTestStaff(ctx, {
        roles: ['department-operator'],
        organisationCode: TEST_ORGANISATION_CODE,
      });
      const response = await upload(csvOf([validRow(1)]), { issuerCode: TEST_ORGANISATION_CODE }, stranger.headers);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json().code).toMatch(/^ERR_(CATALOGUE|ORGANISATIONS)_/);
      await unchanged();
    });
    it('an issuer the operator may not act for', async () => {
      before = await snapshot();
      await refused(await upload(csvOf([validRow(1)]), {}, otherOperator.headers), 403, 'ERR_AUTH_ISSUER_FORBIDDEN');
      await unchanged();
    });
    it('a file that is not CSV or XLSX, by name or by media type', async () => {
      before = await snapshot();
      await refused(await upload('a,b\n', { fileName: 'stock.txt' }), 415, 'ERR_IMPORT_FORMAT');
      await refused(await upload('a,b\n', {}, { 'content-type': 'text/plain' }), 415, 'ERR_API_UNSUPPORTED_MEDIA_TYPE');
      await refused(
        await upload('not a zip', { fileName: 'book.xlsx' }, { 'content-type': 'application/octet-stream' }),
        422,
        'ERR_IMPORT_XLSX_INVALID',
      );
      await refused(await upload(Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x81])), 422, 'ERR_IMPORT_ENCODING');
      await refused(await upload(''), 422, 'ERR_IMPORT_FILE_EMPTY');
      await unchanged();
    });
    it('a file over the size limit', async () => {
      const small = await start({ maxUploadBytes: 100 });
      try {
        before = await snapshot();
        await refused(await upload(csvOf(mixedRows(1)), {}, {}, small), 413, 'ERR_API_BODY_TOO_LARGE');
        await unchanged();
      } finally {
        await small.close();
      }
    });
    it('a query with an unknown member or no type', async () => {
      before = await snapshot();
      await refused(await upload('x', { extra: '1' }), 400, 'ERR_API_BAD_REQUEST');
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/imports?issuerCode=${IMPORT_ISSUER}&fileName=a.csv`,
        headers: { ...operator.headers, 'content-type': 'text/csv' },
        payload: 'x',
      });
      expect(response.statusCode).toBe(400);
      await unchanged();
    });
  });

  describe('refusals per route', () => {
    let id: string;
    beforeAll(async () => {
      id = (await uploadChecked([validRow(3000)])).id;
    }, HOOK_TIMEOUT);

    const routes = (): Array<{ method: 'GET' | 'POST'; url: string }> => [
      { method: 'GET', url: '/api/v1/imports' },
      { method: 'GET', url: `/api/v1/imports/${id}` },
      { method: 'GET', url: `/api/v1/imports/${id}/preview` },
      { method: 'POST', url: `/api/v1/imports/${id}/commit` },
      { method: 'GET', url: `/api/v1/imports/${id}/report.csv` },
      { method: 'POST', url: `/api/v1/imports?typeCode=${IMPORT_TYPE}&issuerCode=${IMPORT_ISSUER}&fileName=a.csv` },
    ];

    it('refuses anonymous callers, other roles, clients without licence:issue, and a staff change without its CSRF token', async () => {
      const reader = await createTestClient(ctx, { organisationCode: IMPORT_ISSUER, scopes: ['licence:read'] });
      for (const { method, url } of routes()) {
        const payload = method === 'POST' ? 'x' : undefined;
        const base = {
          method,
          url,
          ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'text/csv' } }),
        };
        const anonymous = await app.inject({ ...base, headers: { ...(base.headers ?? {}) } });
        expect(anonymous.statusCode, `${method} ${url} anonymous`).toBe(401);
        const wrongRole = await app.inject({ ...base, headers: { ...(base.headers ?? {}), ...auditor.headers } });
        expect(wrongRole.statusCode, `${method} ${url} auditor`).toBe(403);
        const wrongScope = await app.inject({
          ...base,
          headers: { ...(base.headers ?? {}), authorization: reader.authorization },
        });
        expect(wrongScope.statusCode, `${method} ${url} licence:read client`).toBe(403);
        if (method === 'POST') {
          const noCsrf = await app.inject({ ...base, headers: { ...(base.headers ?? {}), cookie: operator.cookie } });
          expect(noCsrf.statusCode, `${method} ${url} without CSRF`).toBe(403);
          expect(noCsrf.json().code).toBe('ERR_AUTH_CSRF');
        }
      }
      expect((await state(id)).status).toBe('checked');
    });

    it('shows another department’s operator nothing of this upload, and lists only their own', async () => {
      for (const { method, url } of routes().slice(1, 5)) {
        const response = await app.inject({
          method,
          url,
          headers: { ...otherOperator.headers, 'accept-language': 'en' },
        });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json().code).toBe('ERR_IMPORT_UPLOAD_NOT_FOUND');
      }
      const list = (await get('/api/v1/imports', otherOperator.headers)).json() as { uploads: unknown[] };
      expect(list.uploads).toEqual([]);
      const own = (await get('/api/v1/imports')).json() as { uploads: Array<{ id: string; issuerCode: string }> };
      expect(own.uploads.some((u) => u.id === id)).toBe(true);
      expect(own.uploads.every((u) => u.issuerCode === IMPORT_ISSUER)).toBe(true);
      expect((await get(`/api/v1/imports?issuerCode=${OTHER_DEPARTMENT}`)).statusCode).toBe(403);
    });

    it('lets the department’s API client with licence:issue follow the same upload', async () => {
      const issuer = await createTestClient(ctx, {
        organisationCode: IMPORT_ISSUER,
        scopes: ['licence:issue'],
        licenceTypes: [IMPORT_TYPE],
      });
      const response = await get(`/api/v1/imports/${id}`, { authorization: issuer.authorization });
      expect(response.statusCode).toBe(200);
      const otherType = await createTestClient(ctx, {
        organisationCode: IMPORT_ISSUER,
        scopes: ['licence:issue'],
        licenceTypes: ['11100000000013338W099'],
      });
      expect((await get(`/api/v1/imports/${id}`, { authorization: otherType.authorization })).statusCode).toBe(404);
    });
  });

  describe('a node that stops in the middle of an import', () => {
    it('resumes the job when it starts again, and imports each row exactly once', async () => {
      const upload0 = await uploadChecked(mixedRows(4000));
      const id = upload0.id;
      // The node was killed right after the commit started its job: the upload says
      // `committing`, the job is open under a runner that no longer exists.
      const file = await inspectImportFile(uploadPath(dir, upload0));
      const { job } = await openImportJob(t.store.db, {
        file,
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: 9,
        by: { actor: `staff:${operator.userId}` },
        now: NOW,
      });
      await t.store.db.updateTable('import_jobs').set({ runner: DEAD_RUNNER }).where('id', '=', job.id).execute();
      await t.store.db.updateTable('import_uploads').set({ status: 'committing' }).where('id', '=', id).execute();
      const licencesBefore = await count('licences');

      const restarted = await start();
      try {
        const done = await until(
          () => state(id, restarted),
          (s) => s.status !== 'committing',
          'the resumed job',
        );
        expect(done.status).toBe('completed');
        expect(done.job).toMatchObject({ rowsDone: 9, accepted: 6, rejected: 3 });
        expect((await getImportUpload(t.store.db, id))?.jobId).toBe(job.id);
        expect(await count('licences')).toBe(licencesBefore + 6);
      } finally {
        await restarted.close();
      }
    });

    it('marks the upload interrupted when another live process holds its job, and the commit route resumes it', async () => {
      const upload0 = await uploadChecked(mixedRows(5000));
      const id = upload0.id;
      // A job of the same file held by this (live) process: the starting node may not take it.
      const { job } = await openImportJob(t.store.db, {
        file: await inspectImportFile(uploadPath(dir, upload0)),
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: 9,
        by: { actor: 'system' },
        now: NOW,
      });
      await t.store.db.updateTable('import_uploads').set({ status: 'committing' }).where('id', '=', id).execute();
      const restarted = await start();
      try {
        const interrupted = await until(
          () => state(id, restarted),
          (s) => s.status !== 'committing',
          'the resumption',
        );
        expect(interrupted.status).toBe('interrupted');
        expect(interrupted.error?.code).toBe('ERR_IMPORT_JOB_RUNNING');
        // That process died: the operator resumes.
        await t.store.db.updateTable('import_jobs').set({ runner: DEAD_RUNNER }).where('id', '=', job.id).execute();
        const resumed = await commit(id, operator.headers, restarted);
        expect(resumed.statusCode).toBe(202);
        const done = await until(
          () => state(id, restarted),
          (s) => s.status !== 'committing',
          'the resumed job',
        );
        expect(done.status).toBe('completed');
        expect(done.error).toBeUndefined();
        expect(done.job).toMatchObject({ accepted: 6, rejected: 3 });
      } finally {
        await restarted.close();
      }
    });
  });

  it('runs a commit that arrives while the upload’s previous task is still finishing, instead of dropping it', async () => {
    // On PostgreSQL the wizard can read `checked` (one connection) and commit before the dry
    // run's task has seen its own write return (another connection); the commit then found
    // that task still registered, was dropped, and the upload stayed `committing`.
    const checked = await uploadChecked(mixedRows(9000));
    const runner = new ImportUploadRunner(ctx, { dir, publicUrl: PUBLIC_URL, workers: 1, batchSize: 2 });
    // As the commit route leaves it before it starts the job.
    await t.store.db.updateTable('import_uploads').set({ status: 'committing' }).where('id', '=', checked.id).execute();
    const committing = await getImportUpload(t.store.db, checked.id);
    if (committing === undefined) throw new Error('the upload is missing');
    runner.check(checked);
    expect(runner.isRunning(checked.id)).toBe(true);
    runner.commit(committing, { actor: `staff:${operator.userId}` });
    expect(await runner.settle(60_000)).toBe(true);
    expect(await state(checked.id)).toMatchObject({ status: 'completed', job: { accepted: 6, rejected: 3 } });
  });

  describe('the retention of import files (HUTONG_IMPORT_RETENTION_DAYS)', () => {
    const DAY_MS = 86_400_000;
    const later = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

    it('deletes the files of imports that ended more than the retention ago (at start), keeps their counts, and answers ERR_IMPORT_FILES_EXPIRED for the report and preview', async () => {
      const { id } = await uploadChecked(mixedRows(6000));
      await commit(id);
      await until(
        () => state(id),
        (s) => s.status === 'completed',
        'the import job',
      );
      const done = await getImportUpload(t.store.db, id);
      if (done?.jobId === undefined) throw new Error('the upload has no job');
      const files = [uploadPath(dir, done), previewReportPath(dir, id), commitReportPath(dir, id)];
      expect(files.filter((f) => existsSync(f))).toEqual(files);

      // `hutong import --report PATH` outside the folder: the operator's file, never swept.
      const elsewhere = scratch('hutong-import-own-report-');
      const source = join(elsewhere, 'rows.csv');
      writeCsv(source, IMPORT_COLUMNS, [validRow(6100)]);
      const ownReport = join(elsewhere, 'report.csv');
      writeFileSync(ownReport, '2,,accepted,x,,\n');
      const { job: cliJob } = await openImportJob(t.store.db, {
        file: await inspectImportFile(source),
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: 1,
        by: { actor: 'cli' },
        now: NOW,
      });
      await finishImportJob(
        t.store.db,
        cliJob,
        {
          status: 'completed',
          counts: { accepted: 1, rejected: 0, skipped: 0 },
          rowsCommitted: 2,
          reportPath: ownReport,
        },
        { actor: 'cli' },
        NOW,
      );
      // `hutong import --dry-run`'s default report in the folder: no row names it, its age does.
      const dryRun = join(dir, 'dry-run-0123456789abcdef-report.csv');
      writeFileSync(dryRun, '2,,accepted,,,\n');
      utimesSync(dryRun, NOW, NOW);

      // Within the retention nothing goes.
      expect(await sweepImportFiles({ ...ctx, now: () => later(29) }, { dir, retentionDays: 30 })).toEqual({
        uploads: 0,
        abandonedUploads: 0,
        interruptedUploads: 0,
        jobs: 0,
        dryRunReports: 0,
      });
      expect(files.filter((f) => existsSync(f))).toEqual(files);
      expect(existsSync(dryRun)).toBe(true);

      // A node started 31 days later sweeps at start.
      const laterCtx: AppContext = { ...ctx, now: () => later(31) };
      const restarted = await buildApp({
        store: t.store,
        nodeId: ctx.nodeId,
        context: laterCtx,
        webRoot: '/nonexistent',
        auth: { rateLimit: false },
        publicUrl: PUBLIC_URL,
        log: false,
        imports: { dir, workers: 1, retentionDays: 30 },
      });
      await restarted.ready();
      // Sessions of 31 days ago have ended: staff of that day.
      const laterOperator = await createTestStaff(laterCtx, {
        roles: ['department-operator'],
        organisationCode: IMPORT_ISSUER,
      });
      const laterOther = await createTestStaff(laterCtx, {
        roles: ['department-operator'],
        organisationCode: OTHER_DEPARTMENT,
      });
      try {
        // The sweep ends with the dry-run reports: once that one is gone the round is over.
        const swept = await until(
          () => getImportUpload(t.store.db, id),
          (u) => u?.filesExpiredAt !== undefined && !existsSync(dryRun),
          'the sweep at start',
        );
        expect(swept?.filesExpiredAt).toBe(later(31).toISOString());
        expect(files.filter((f) => existsSync(f))).toEqual([]);
        expect(existsSync(ownReport)).toBe(true);
        expect((await getImportJob(t.store.db, cliJob.id))?.accepted).toBe(1);
        const jobRow = await t.store.db
          .selectFrom('import_jobs')
          .select(['id', 'files_expired_at'])
          .where('id', 'in', [done.jobId ?? '', cliJob.id])
          .execute();
        expect(Object.fromEntries(jobRow.map((r) => [r.id, r.files_expired_at]))).toEqual({
          [done.jobId ?? '']: later(31).toISOString(),
          [cliJob.id]: null,
        });

        // The import keeps its counts; its report state says why there is no report.
        const view = (await get(`/api/v1/imports/${id}`, laterOperator.headers, restarted)).json() as {
          preview?: unknown;
          job?: unknown;
        };
        expect(view).toMatchObject({ status: 'completed', reportReady: false, reportState: 'expired' });
        expect(view.preview).toEqual({ accepted: 6, rejected: 3, skipped: 0 });
        expect(view.job).toMatchObject({ accepted: 6, rejected: 3, skipped: 0 });
        const report = await get(`/api/v1/imports/${id}/report.csv`, laterOperator.headers, restarted);
        expect(report.statusCode).toBe(410);
        expect(report.json()).toMatchObject({ code: 'ERR_IMPORT_FILES_EXPIRED', field: 'id' });
        expect(report.json().detail).toContain('30 days');
        const zh = await restarted.inject({
          url: `/api/v1/imports/${id}/preview`,
          headers: { ...laterOperator.headers, 'accept-language': 'zh-CN' },
        });
        expect(zh.statusCode).toBe(410);
        expect(zh.json().detail).toContain('报告已过期');
        // Another department still learns nothing of it.
        expect((await get(`/api/v1/imports/${id}/report.csv`, laterOther.headers, restarted)).statusCode).toBe(404);

        // Recorded once, and a second sweep finds nothing more to do (idempotent).
        const expiredRecords = await t.store.db
          .selectFrom('audit_records')
          .select('target')
          .where('action', '=', 'import.files-expired')
          .execute();
        expect(expiredRecords.map((r) => r.target)).toContain(id);
        expect(await sweepImportFiles(laterCtx, { dir, retentionDays: 30 })).toEqual({
          uploads: 0,
          abandonedUploads: 0,
          interruptedUploads: 0,
          jobs: 0,
          dryRunReports: 0,
        });
        expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
      } finally {
        await restarted.close();
      }
    });

    it('ends an upload interrupted and not resumed within the retention: its job closed failed (its licences stay), files deleted, audited; the upload says what happened; the file uploaded again imports the rest', async () => {
      const left = await uploadChecked(mixedRows(8000));
      const id = left.id;
      // A commit that stopped after its first batch (rows 2–3 issued), as a node whose store
      // went away leaves it: the job open, the upload `interrupted` and pointing at it.
      const licencesBefore = await count('licences');
      const stop = new Error('the store went away');
      await expect(
        importLicences(
          ctx,
          {
            file: uploadPath(dir, left),
            typeCode: IMPORT_TYPE,
            issuerCode: IMPORT_ISSUER,
            reportDir: dir,
            reportPath: commitReportPath(dir, id),
          },
          {
            by: { actor: `staff:${operator.userId}` },
            publicUrl: PUBLIC_URL,
            workers: 1,
            batchSize: 2,
            onProgress: (progress) => {
              if (progress.phase === 'importing') throw stop;
            },
          },
        ),
      ).rejects.toBe(stop);
      const job = await t.store.db
        .selectFrom('import_jobs')
        .select('id')
        .where('file_sha256', '=', left.fileSha256)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (job === undefined) throw new Error('no open job');
      expect(await getImportJob(t.store.db, job.id)).toMatchObject({
        status: 'running',
        rowsCommitted: 3,
        accepted: 2,
      });
      expect(await count('licences')).toBe(licencesBefore + 2);
      await t.store.db
        .updateTable('import_uploads')
        .set({ status: 'interrupted', job_id: job.id, updated_at: NOW.toISOString() })
        .where('id', '=', id)
        .execute();
      const files = [uploadPath(dir, left), previewReportPath(dir, id)];
      const sweepAt = (days: number) =>
        sweepImportFiles({ ...ctx, now: () => later(days) }, { dir, retentionDays: 30 });

      // Within the retention: kept, still resumable.
      expect(await sweepAt(29)).toMatchObject({ interruptedUploads: 0 });
      expect((await getImportUpload(t.store.db, id))?.status).toBe('interrupted');
      // Past it, but a live process (on another machine, fresh heartbeat) resumed the job: left alone.
      const elsewhere = 'node-b:1:0123456789abcdef:another-machine';
      await t.store.db
        .updateTable('import_jobs')
        .set({ runner: elsewhere, heartbeat_at: later(31).toISOString() })
        .where('id', '=', job.id)
        .execute();
      expect(await sweepAt(31)).toMatchObject({ interruptedUploads: 0 });
      expect(files.filter((f) => existsSync(f))).toEqual(files);
      expect((await getImportJob(t.store.db, job.id))?.status).toBe('running');
      // That process is gone too (silent for two minutes): the upload and its job end.
      expect(await sweepAt(31.01)).toMatchObject({ interruptedUploads: 1 });
      expect(files.filter((f) => existsSync(f))).toEqual([]);
      expect(await getImportJob(t.store.db, job.id)).toMatchObject({ status: 'failed', accepted: 2, rowsCommitted: 3 });
      const jobRow = await t.store.db
        .selectFrom('import_jobs')
        .select(['open_key', 'error'])
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(jobRow.open_key).toBeNull();
      expect(JSON.parse(jobRow.error ?? '{}')).toMatchObject({ code: 'ERR_IMPORT_FILES_EXPIRED' });
      // Its licences stay.
      expect(await count('licences')).toBe(licencesBefore + 2);
      const actions = await t.store.db
        .selectFrom('audit_records')
        .select(['action', 'target'])
        .where('action', 'in', ['import.files-expired', 'import.failed'])
        .where('target', 'in', [id, job.id])
        .execute();
      expect(actions.map((a) => `${a.action} ${a.target}`).sort()).toEqual(
        [`import.failed ${job.id}`, `import.files-expired ${id}`].sort(),
      );

      // The upload says what happened, in the caller's language; its commit and report are gone.
      const view = await state(id);
      expect(view).toMatchObject({ status: 'failed', reportReady: false, job: { accepted: 2, rejected: 0 } });
      expect(view.error?.code).toBe('ERR_IMPORT_INTERRUPTED_EXPIRED');
      expect(view.error?.message).toContain('The 2 licences it issued (file rows up to 3) stay in the library');
      const zh = await app.inject({
        url: `/api/v1/imports/${id}`,
        headers: { ...operator.headers, 'accept-language': 'zh-CN' },
      });
      expect(zh.json().error.message).toContain('已签发的 2 份证照');
      const refused = await commit(id);
      expect(refused.statusCode).toBe(410);
      expect(refused.json()).toMatchObject({ code: 'ERR_IMPORT_FILES_EXPIRED', field: 'id' });
      expect((await get(`/api/v1/imports/${id}/report.csv`)).statusCode).toBe(410);
      expect((await getImportUpload(t.store.db, id))?.status).toBe('failed');
      // Idempotent: a second round finds nothing more.
      expect(await sweepAt(32)).toMatchObject({ interruptedUploads: 0 });
      expect((await verifyAuditChain(t.store.db)).ok).toBe(true);

      // As the message says: the same file uploaded again imports the rest, the first two skipped.
      const again = await uploadChecked(mixedRows(8000));
      expect(again.preview).toEqual({ accepted: 4, rejected: 3, skipped: 2 });
      expect((await commit(again.id)).statusCode).toBe(202);
      const done = await until(
        () => state(again.id),
        (s) => s.status !== 'committing',
        'the new import job',
      );
      expect(done).toMatchObject({ status: 'completed', job: { accepted: 4, rejected: 3, skipped: 2 } });
      expect(await count('licences')).toBe(licencesBefore + 6);
    });

    it('ends an upload checked and never committed once the retention passed since its check: files deleted, audited, and its commit, preview and report answer ERR_IMPORT_FILES_EXPIRED', async () => {
      // Checked now (the dry run's end is the upload's last activity) and then left.
      const left = await uploadChecked(mixedRows(7000));
      const id = left.id;
      expect(left.updatedAt).toBe(NOW.toISOString());
      const files = [uploadPath(dir, left), previewReportPath(dir, id)];
      expect(files.filter((f) => existsSync(f))).toEqual(files);
      const expiredRecords = async () =>
        (
          await t.store.db
            .selectFrom('audit_records')
            .select('target')
            .where('action', '=', 'import.files-expired')
            .where('target', '=', id)
            .execute()
        ).length;

      // A day short of the retention: kept, and still committable (not committed here).
      await sweepImportFiles({ ...ctx, now: () => later(29) }, { dir, retentionDays: 30 });
      expect((await getImportUpload(t.store.db, id))?.filesExpiredAt).toBeUndefined();
      expect(files.filter((f) => existsSync(f))).toEqual(files);
      expect(await expiredRecords()).toBe(0);

      // Past it: the files go, the row is marked and keeps its counts, one audit record.
      const sweptAt = later(30.5);
      const swept = await sweepImportFiles({ ...ctx, now: () => sweptAt }, { dir, retentionDays: 30 });
      expect(swept.abandonedUploads).toBeGreaterThanOrEqual(1);
      const after = await getImportUpload(t.store.db, id);
      expect(after).toMatchObject({ status: 'checked', filesExpiredAt: sweptAt.toISOString() });
      expect(after?.preview).toEqual({ accepted: 6, rejected: 3, skipped: 0 });
      expect(files.filter((f) => existsSync(f))).toEqual([]);
      expect(await expiredRecords()).toBe(1);
      expect(await state(id)).toMatchObject({ status: 'checked', reportReady: false, reportState: 'expired' });

      // A commit now is refused and changes nothing: no job, no audit record, status kept.
      const auditBefore = await count('audit_records');
      const jobsBefore = await count('import_jobs');
      const refused = await commit(id);
      expect(refused.statusCode).toBe(410);
      expect(refused.json()).toMatchObject({ code: 'ERR_IMPORT_FILES_EXPIRED', field: 'id' });
      expect(refused.json().detail).toContain('upload the file again');
      expect((await getImportUpload(t.store.db, id))?.status).toBe('checked');
      expect(await count('audit_records')).toBe(auditBefore);
      expect(await count('import_jobs')).toBe(jobsBefore);
      expect((await get(`/api/v1/imports/${id}/preview`)).statusCode).toBe(410);
      // Another department learns nothing of it.
      expect((await commit(id, otherOperator.headers)).statusCode).toBe(404);

      // A second round finds nothing more to do (idempotent); the chain holds.
      await sweepImportFiles({ ...ctx, now: () => later(31) }, { dir, retentionDays: 30 });
      expect(await expiredRecords()).toBe(1);
      expect((await verifyAuditChain(t.store.db)).ok).toBe(true);
    });
  });
});

describe('HUTONG_IMPORT_RETENTION_DAYS', () => {
  it('is a whole number of days from 1 to 36500, 30 when unset; anything else stops the start with ERR_IMPORT_OPTIONS', () => {
    expect(importRetentionDaysFrom({})).toBe(30);
    expect(importRetentionDaysFrom({ HUTONG_IMPORT_RETENTION_DAYS: '' })).toBe(30);
    expect(importRetentionDaysFrom({ HUTONG_IMPORT_RETENTION_DAYS: '90' })).toBe(90);
    for (const bad of ['0', '-1', '1.5', '30d', '36501', ' 30']) {
      expect(() => importRetentionDaysFrom({ HUTONG_IMPORT_RETENTION_DAYS: bad }), bad).toThrow(
        expect.objectContaining({ code: 'ERR_IMPORT_OPTIONS', field: 'HUTONG_IMPORT_RETENTION_DAYS' }),
      );
    }
  });
});
