/**
 * Bulk import over HTTP (issue 6 item 3, the import wizard's path): what the browser's way
 * costs against `hutong import`'s. One operation is one file of `FILE_ROWS` new records:
 * upload it (`POST /api/v1/imports`, through `inject`), wait for its dry run (the preview), commit
 * it and wait until the import job completed. The baseline imports a file of the same size with
 * `importLicences` directly, as the CLI does, in the same process and store. The ratio is the
 * price of the preview (a second pass over the file) and of the upload; no target is set.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { buildApp } from '../api/build-app.js';
import { createAppContext } from '../app-context.js';
import { registerLogSink } from '../log/log-sink.js';
import { registerOutboxSink } from '../notifications/outbox-sink.js';
import { loadSecrets } from '../secrets/secrets.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/store.js';
import { createTestStaff } from '../test-support/principals.js';
import { importLicences } from './import-licences.js';
import { getImportUpload } from './import-uploads.js';
import {
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  prepareImportNode,
  validRow,
} from './test-support/import-fixtures.js';

const FILE_ROWS = 200;
const PUBLIC_URL = 'https://licences.xj.gov.cn';

function csvLine(values: readonly string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
}

async function writeRows(path: string, first: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(IMPORT_COLUMNS));
  for (let n = first; n < first + count; n++) {
    const row = validRow(n);
    if (!out.write(csvLine(IMPORT_COLUMNS.map((c) => row[c])))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export default async function bench(): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-import-http-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'hutong.db') });
  await migrateToLatest(store.db);
  registerLogSink();
  registerOutboxSink();
  const ctx = createAppContext({ store, nodeId: 'bench', secrets: loadSecrets({ dataDir: dir, env: {} }) });
  await prepareImportNode(ctx, 'ed25519');
  // One signing thread on both sides: the comparison is of the paths, not of the pools.
  const app = await buildApp({
    store,
    nodeId: 'bench',
    context: ctx,
    webRoot: '/nonexistent',
    publicUrl: PUBLIC_URL,
    auth: { rateLimit: false },
    imports: { dir: join(dir, 'uploads'), workers: 1 },
  });
  await app.ready();
  const operator = await createTestStaff(ctx, { roles: ['department-operator'], organisationCode: IMPORT_ISSUER });

  let next = 1;
  const file = join(dir, 'job.csv');
  /** Waits (reading the store, not the HTTP route) until the upload leaves `from`. */
  const leave = async (id: string, from: string): Promise<string> => {
    for (;;) {
      const upload = await getImportUpload(store.db, id);
      if (upload !== undefined && upload.status !== from) return upload.status;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  const overHttp = async (): Promise<number> => {
    await writeRows(file, next, FILE_ROWS);
    next += FILE_ROWS;
    const params = new URLSearchParams({ typeCode: IMPORT_TYPE, issuerCode: IMPORT_ISSUER, fileName: 'stock.csv' });
    const uploaded = await app.inject({
      method: 'POST',
      url: `/api/v1/imports?${params}`,
      headers: { ...operator.headers, 'content-type': 'text/csv' },
      payload: readFileSync(file),
    });
    const id = (uploaded.json() as { id: string }).id;
    if ((await leave(id, 'checking')) !== 'checked') throw new Error('the dry run did not pass');
    await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/commit`, headers: operator.headers });
    if ((await leave(id, 'committing')) !== 'completed') throw new Error('the import did not complete');
    return (await getImportUpload(store.db, id))?.preview?.accepted ?? 0;
  };

  const direct = async (): Promise<number> => {
    await writeRows(file, next, FILE_ROWS);
    next += FILE_ROWS;
    const summary = await importLicences(
      ctx,
      { file, typeCode: IMPORT_TYPE, issuerCode: IMPORT_ISSUER, reportDir: join(dir, 'reports') },
      { by: { actor: 'cli' }, publicUrl: PUBLIC_URL, workers: 1 },
    );
    return summary.accepted;
  };

  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    title: 'Bulk import over HTTP (import wizard)',
    issue: 'issue 6',
    workloads: [
      {
        name: `Import over HTTP, ${FILE_ROWS}-row CSV files (upload, dry-run preview, commit; Ed25519, 1 signing thread, SQLite)`,
        subject: { label: 'POST /api/v1/imports → checked → commit → completed', fn: overHttp },
        baseline: { label: 'importLicences on the same-size file, as `hutong import` (1 signing thread)', fn: direct },
        expect: FILE_ROWS,
        note: 'The HTTP path reads the file twice (its dry run is the preview) and writes it to disk once more; no target.',
      },
    ],
  };
}
