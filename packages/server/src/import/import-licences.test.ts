import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importVerificationKeyPem, parseLicence, verifyLicenceSignature } from '@hutong/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { batchSigningPoolRunning, retainBatchSigningPool } from '../issuance/batch-signing-pool.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { createTestContext } from '../test-support/principals.js';
import { scratchDirs } from '../test-support/scratch-dirs.js';
import { inspectImportFile } from './import-file.js';
import { openImportJob } from './import-jobs.js';
import { type ImportProgress, type ImportRequest, importLicences } from './import-licences.js';
import {
  citizenId,
  IMPORT_COLUMNS,
  IMPORT_ISSUER,
  IMPORT_TYPE,
  OTHER_DEPARTMENT,
  prepareImportNode,
  validRow,
  writeCsv,
  writeXlsx,
} from './test-support/import-fixtures.js';

const scratch = scratchDirs();

const PUBLIC_URL = 'https://licences.xj.gov.cn';
const NOW = new Date('2026-11-29T04:00:00.000Z');

type Row = Record<string, string>;

/** The report as rows of cells (the file has no header line). */
function readReport(path: string): string[][] {
  return parse(readFileSync(path, 'utf8'), { relax_column_count: false }) as string[][];
}

async function count(
  t: LibraryTestStore,
  table: 'licences' | 'import_jobs' | 'import_rows' | 'audit_records' | 'idempotency_records',
): Promise<number> {
  const row = await t.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows 2–11 valid; then one of each defect, as departments' spreadsheets have them. */
function mixedRows(): Row[] {
  const rows: Row[] = Array.from({ length: 10 }, (_, i) => validRow(i + 1));
  const bad = (n: number, change: Row): Row => ({ ...validRow(n), ...change });
  rows.push(
    // row 12: the ID number's check character is wrong (GB 11643), in metadata and on the face
    bad(101, { certificateHolderCode: '110105194912310021', idNumber: '110105194912310021' }),
    // row 13: effective after expiring
    bad(102, { certificateEffectiveDate: '2022-01-01', certificateExpiringDate: '2021-01-01' }),
    // row 14: a required face field left empty, and an impossible issue date
    bad(103, { operationCategory: '', certificateIssuedDate: '2019-02-30' }),
    // row 15: holder code type unknown to GB/T 36903
    bad(104, { certificateHolderTypeCode: '777' }),
    // row 16: no holder name, no licence number
    bad(105, { certificateHolderName: '', certificateNumber: '' }),
  );
  return rows;
}

describe.each(TEST_DATABASES)('importLicences on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let ctx: AppContext;
  let dir: string;

  const request = (file: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
    file,
    typeCode: IMPORT_TYPE,
    issuerCode: IMPORT_ISSUER,
    reportDir: join(dir, 'imports'),
    ...extra,
  });
  const run = (file: string, extra: Partial<ImportRequest> = {}, progress?: (p: ImportProgress) => void) =>
    importLicences(ctx, request(file, extra), {
      by: { actor: 'staff:importer' },
      publicUrl: PUBLIC_URL,
      workers: 1,
      batchSize: 4,
      onProgress: progress,
    });

  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    ctx = createTestContext(t.store, { now: () => NOW });
    await prepareImportNode(ctx, 'ed25519');
    dir = scratch('hutong-import-');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a CSV file with good and bad rows', () => {
    let file: string;
    beforeEach(() => {
      file = join(dir, `mixed-${Math.random().toString(36).slice(2)}.csv`);
    });

    it('imports every valid row as a signed licence, rejects each bad row with its reasons, and reports every row', async () => {
      writeCsv(file, IMPORT_COLUMNS, mixedRows(), { bom: true });
      const before = await count(t, 'licences');
      const seen: ImportProgress[] = [];
      const summary = await run(file, {}, (p) => seen.push(p));
      expect(summary).toMatchObject({ accepted: 10, rejected: 5, skipped: 0, dryRun: false, resumed: false });
      expect(await count(t, 'licences')).toBe(before + 10);
      // The completed job's rows went into the report; the store keeps none of them.
      expect(
        await t.store.db
          .selectFrom('import_rows')
          .select('row_number')
          .where('job_id', '=', summary.jobId ?? '')
          .execute(),
      ).toEqual([]);

      const report = readReport(summary.report);
      expect(report).toHaveLength(15);
      expect(report.map((r) => r[0])).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 2)));
      for (const line of report.slice(0, 10)) {
        expect(line[2]).toBe('accepted');
        expect(line[3]).toMatch(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${IMPORT_TYPE}\\.${IMPORT_ISSUER}\\.`));
        expect(line[4]).toBe('');
      }
      const reasons = Object.fromEntries(report.slice(10).map((r) => [r[0], r[4] ?? '']));
      for (const line of report.slice(10)) {
        expect(line[2]).toBe('rejected');
        expect(line[3]).toBe('');
      }
      expect(reasons['12']).toMatch(/ERR_CITIZEN_ID_CHECK \[certificateHolderCode\]/);
      expect(reasons['12']).toMatch(/\[idNumber\]/);
      expect(reasons['13']).toMatch(/ERR_ISSUANCE_DATE_ORDER \[certificateExpiringDate\]/);
      expect(reasons['14']).toMatch(/ERR_CATALOGUE_FACE_REQUIRED \[operationCategory\]/);
      expect(reasons['14']).toMatch(/ERR_ISSUANCE_DATE \[certificateIssuedDate\]/);
      expect(reasons['15']).toMatch(/\[certificateHolderTypeCode\]/);
      expect(reasons['16']).toMatch(/ERR_IMPORT_CELL_EMPTY \[certificateHolderName\]/);
      expect(reasons['16']).toMatch(/ERR_IMPORT_CELL_EMPTY \[certificateNumber\]/);

      // The licences are real: signed by the issuer's key, imported, under the node's status lists.
      const key = await t.store.db
        .selectFrom('issuer_keys')
        .select('public_key_pem')
        .where('issuer_code', '=', IMPORT_ISSUER)
        .executeTakeFirstOrThrow();
      const publicKey = await importVerificationKeyPem(key.public_key_pem, { provider: nodeCryptoProvider });
      const stored = await t.store.db
        .selectFrom('licences')
        .select(['packed_document', 'origin', 'source_key'])
        .where('source_key', '=', 'SK-1')
        .executeTakeFirstOrThrow();
      const licence = parseLicence(JSON.parse(licenceDocumentOf(stored.packed_document)));
      expect(stored.origin).toBe('imported');
      expect(await verifyLicenceSignature(licence, publicKey)).toBe(true);
      expect(licence.metadata.certificateHolderCode).toBe(citizenId(1));
      expect(licence.metadata.certificateIssuingAuthorityName).toBe('新疆维吾尔自治区公安厅');
      expect(licence.statusReference?.uri).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/status-lists/${IMPORT_ISSUER}/`));

      expect(seen.at(-1)).toMatchObject({ phase: 'done', accepted: 10, rejected: 5, skipped: 0, rowsTotal: 15 });
      expect(seen.some((p) => p.phase === 'importing')).toBe(true);
      expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true });
    });

    it('adds nothing when the same file is imported again: its rows are skipped', async () => {
      writeCsv(
        file,
        IMPORT_COLUMNS,
        mixedRows().map((r) => ({ ...r, sourceKey: `again-${r.sourceKey}` })),
      );
      const first = await run(file);
      expect(first).toMatchObject({ accepted: 10, rejected: 5, skipped: 0 });
      const licences = await count(t, 'licences');
      const second = await run(file);
      expect(second).toMatchObject({ accepted: 0, rejected: 5, skipped: 10, resumed: false });
      expect(second.jobId).not.toBe(first.jobId);
      expect(await count(t, 'licences')).toBe(licences);
      const firstReport = readReport(first.report);
      const secondReport = readReport(second.report);
      // A skipped row names the licence the first import made.
      for (const [i, line] of secondReport.slice(0, 10).entries()) {
        expect(line[2]).toBe('skipped');
        expect(line[3]).toBe(firstReport[i]?.[3]);
      }
    });

    it('recognises rows without a sourceKey by their content, also twice within one file', async () => {
      const rows = [validRow(201), validRow(202), validRow(201), validRow(203)].map(
        ({ sourceKey: _drop, ...rest }) => rest,
      );
      const columns = IMPORT_COLUMNS.filter((c) => c !== 'sourceKey');
      writeCsv(file, columns, rows);
      const first = await run(file);
      expect(first).toMatchObject({ accepted: 3, rejected: 0, skipped: 1 });
      const report = readReport(first.report);
      expect(report[2]?.[2]).toBe('skipped');
      expect(report[2]?.[3]).toBe(report[0]?.[3]);
      const licences = await count(t, 'licences');
      const other = join(dir, `content-${Math.random().toString(36).slice(2)}.csv`);
      // Another file (another job), with the same records in another order and date spelling.
      writeCsv(other, columns, [rows[3], rows[1], rows[0]] as Row[]);
      expect(await run(other)).toMatchObject({ accepted: 0, rejected: 0, skipped: 3 });
      expect(await count(t, 'licences')).toBe(licences);
    });

    it('keeps its signing threads when the last app closes mid-import; they close when the import ends', async () => {
      writeCsv(
        file,
        IMPORT_COLUMNS,
        Array.from({ length: 12 }, (_, i) => validRow(901 + i)),
      );
      // An app holding the shared pool, closed while the import's first batches are signed
      // (the server shutting down, or a test app closing, while a job runs in the process).
      const releaseApp = retainBatchSigningPool();
      let closing: Promise<void> | undefined;
      const summary = await run(file, {}, (progress) => {
        if (progress.phase === 'importing' && closing === undefined) closing = releaseApp();
      });
      expect(closing).toBeDefined();
      await closing;
      expect(summary).toMatchObject({ accepted: 12, rejected: 0, skipped: 0 });
      // The close the app asked for happened when the import let its pool go.
      expect(batchSigningPoolRunning()).toBe(false);
    });

    it('previews rows repeated within one file as the import then treats them: skipped, or refused for another record', async () => {
      const withoutKey = ({ sourceKey: _drop, ...rest }: Row): Row => rest;
      const columns = IMPORT_COLUMNS.filter((c) => c !== 'sourceKey');
      writeCsv(file, columns, [validRow(1101), validRow(1102), validRow(1101)].map(withoutKey));
      const preview = await run(file, { dryRun: true });
      expect(preview).toMatchObject({ accepted: 2, rejected: 0, skipped: 1 });
      expect(await run(file)).toMatchObject({ accepted: 2, rejected: 0, skipped: 1 });

      const keyed = join(dir, `keyed-${Math.random().toString(36).slice(2)}.csv`);
      writeCsv(keyed, IMPORT_COLUMNS, [
        validRow(1111),
        validRow(1111),
        { ...validRow(1112), sourceKey: 'SK-1111' },
        validRow(1113),
      ]);
      const keyedPreview = await run(keyed, { dryRun: true });
      expect(keyedPreview).toMatchObject({ accepted: 2, rejected: 1, skipped: 1 });
      expect(readReport(keyedPreview.report).map((r) => r[2])).toEqual(['accepted', 'skipped', 'rejected', 'accepted']);
      expect(readReport(keyedPreview.report)[2]?.[4]).toMatch(/^ERR_ISSUANCE_IDEMPOTENCY_CONFLICT \[sourceKey\]/);
      const imported = await run(keyed);
      expect(imported).toMatchObject({ accepted: 2, rejected: 1, skipped: 1 });
      expect(readReport(imported.report).map((r) => r[2])).toEqual(['accepted', 'skipped', 'rejected', 'accepted']);
    });

    it('reports every problem of a row: its holder code, its dates out of order and its face', async () => {
      writeCsv(file, IMPORT_COLUMNS, [
        {
          ...validRow(1201),
          certificateHolderCode: '110105194912310021',
          certificateEffectiveDate: '2022-01-01',
          certificateExpiringDate: '2021-01-01',
          operationCategory: '',
        },
      ]);
      const summary = await run(file, { dryRun: true });
      expect(summary).toMatchObject({ accepted: 0, rejected: 1 });
      const reasons = readReport(summary.report)[0]?.[4] ?? '';
      expect(reasons).toMatch(/^ERR_CITIZEN_ID_CHECK \[certificateHolderCode\]/);
      expect(reasons).toContain('ERR_ISSUANCE_DATE_ORDER [certificateExpiringDate]');
      expect(reasons).toContain('[operationCategory]');
    });

    it('rejects a sourceKey the issuer already used for another record', async () => {
      writeCsv(file, IMPORT_COLUMNS, [{ ...validRow(301), sourceKey: 'SK-1' }]);
      const summary = await run(file);
      expect(summary).toMatchObject({ accepted: 0, rejected: 1, skipped: 0 });
      expect(readReport(summary.report)[0]?.[4]).toMatch(/^ERR_ISSUANCE_IDEMPOTENCY_CONFLICT \[sourceKey\]/);
    });

    it('validates only on a dry run: the report says what would happen, the store is untouched', async () => {
      writeCsv(file, IMPORT_COLUMNS, [
        ...mixedRows().slice(0, 3),
        validRow(401),
        { ...validRow(402), certificateHolderTypeCode: '001' },
      ]);
      const tables = ['licences', 'import_jobs', 'import_rows', 'audit_records', 'idempotency_records'] as const;
      const before = await Promise.all(tables.map((table) => count(t, table)));
      const summary = await run(file, { dryRun: true });
      expect(summary).toMatchObject({ accepted: 1, rejected: 1, skipped: 3, dryRun: true, jobId: undefined });
      expect(await Promise.all(tables.map((table) => count(t, table)))).toEqual(before);
      const report = readReport(summary.report);
      expect(report.map((r) => r[2])).toEqual(['skipped', 'skipped', 'skipped', 'accepted', 'rejected']);
      expect(report[4]?.[4]).toMatch(/\[certificateHolder/);
    });

    it('reads GB18030 (GBK) text, as Chinese editions of Excel save CSV', async () => {
      writeCsv(file, IMPORT_COLUMNS, [validRow(501), validRow(502)], { gb18030: true });
      expect((await inspectImportFile(file)).encoding).toBe('gb18030');
      const summary = await run(file);
      expect(summary).toMatchObject({ accepted: 2, rejected: 0 });
      const stored = await t.store.db
        .selectFrom('licences')
        .select('packed_document')
        .where('source_key', '=', 'SK-501')
        .executeTakeFirstOrThrow();
      expect(parseLicence(JSON.parse(licenceDocumentOf(stored.packed_document))).metadata.certificateHolderName).toBe(
        '持证人501',
      );
    });
  });

  describe('an XLSX workbook', () => {
    it('imports the first worksheet, with dates, numbers and booleans as Excel keeps them', async () => {
      const file = join(dir, 'stock.xlsx');
      const rows: Array<Record<string, unknown>> = [
        // Dates typed as dates, the licence number as a number.
        {
          ...validRow(601),
          certificateIssuedDate: new Date(Date.UTC(2019, 2, 1)),
          certificateNumber: 42_000_601,
          certified: true,
        },
        { ...validRow(602), certified: '否' },
        // An 18-digit ID typed as a number has lost its last digits: refused, never rounded.
        { ...validRow(603), certificateHolderCode: Number('650102196001010011'), idNumber: citizenId(603) },
        // A formula error where the operation category should be.
        { ...validRow(604), operationCategory: { error: '#N/A' } },
      ];
      await writeXlsx(file, [...IMPORT_COLUMNS, 'certified'], rows);
      const summary = await run(file);
      expect(summary).toMatchObject({ accepted: 2, rejected: 2, skipped: 0 });
      const report = readReport(summary.report);
      expect(report.map((r) => [r[0], r[2]])).toEqual([
        ['2', 'accepted'],
        ['3', 'accepted'],
        ['4', 'rejected'],
        ['5', 'rejected'],
      ]);
      expect(report[2]?.[4]).toMatch(/^ERR_IMPORT_CELL_PRECISION \[certificateHolderCode\]/);
      expect(report[3]?.[4]).toMatch(/ERR_IMPORT_CELL_VALUE \[operationCategory\]/);
      const stored = await t.store.db
        .selectFrom('licences')
        .select('packed_document')
        .where('source_key', '=', 'SK-601')
        .executeTakeFirstOrThrow();
      const licence = parseLicence(JSON.parse(licenceDocumentOf(stored.packed_document)));
      expect(licence.metadata.certificateIssuedDate).toBe('20190301');
      expect(licence.metadata.certificateNumber).toBe('42000601');
      expect(licence.face.certified).toBe(true);
      const second = await t.store.db
        .selectFrom('licences')
        .select('packed_document')
        .where('source_key', '=', 'SK-602')
        .executeTakeFirstOrThrow();
      expect(parseLicence(JSON.parse(licenceDocumentOf(second.packed_document))).face.certified).toBe(false);
    });
  });

  describe('--legacy', () => {
    it('accepts an early-pilot USCC that fails its check only in legacy mode, flagged as a warning', async () => {
      const file = join(dir, 'legacy.csv');
      // 91350100M0001TGQXM: a real early pilot code whose check character fails (standards.md §5).
      writeCsv(file, [...IMPORT_COLUMNS, 'employerCode'], [{ ...validRow(701), employerCode: '91350100M0001TGQXM' }]);
      const strict = await run(file);
      expect(strict).toMatchObject({ accepted: 0, rejected: 1 });
      expect(readReport(strict.report)[0]?.[4]).toMatch(/\[employerCode\]/);
      const legacy = await run(file, { legacy: true });
      expect(legacy).toMatchObject({ accepted: 1, rejected: 0 });
      const line = readReport(legacy.report)[0];
      expect(line?.[2]).toBe('accepted');
      expect(line?.[5]).toMatch(/\[employerCode\]/);
    });
  });

  describe('refusals before any row is imported', () => {
    async function expectNothingWritten(action: () => Promise<unknown>, code: string): Promise<void> {
      const before = await Promise.all([count(t, 'licences'), count(t, 'import_jobs'), count(t, 'audit_records')]);
      await expect(action()).rejects.toMatchObject({ code });
      expect(await Promise.all([count(t, 'licences'), count(t, 'import_jobs'), count(t, 'audit_records')])).toEqual(
        before,
      );
    }

    it('refuses an unknown column, naming it', async () => {
      const file = join(dir, 'unknown-column.csv');
      writeCsv(file, [...IMPORT_COLUMNS, 'holderPhoto'], [validRow(801)]);
      await expectNothingWritten(() => run(file), 'ERR_IMPORT_COLUMN_UNKNOWN');
      await expect(run(file)).rejects.toMatchObject({ field: 'holderPhoto' });
    });

    it('refuses a missing required column', async () => {
      const file = join(dir, 'missing-column.csv');
      writeCsv(
        file,
        IMPORT_COLUMNS.filter((c) => c !== 'idNumber'),
        [validRow(802)],
      );
      await expectNothingWritten(() => run(file), 'ERR_IMPORT_COLUMN_MISSING');
    });

    it('refuses an issuer that is not on the type’s responsibility list', async () => {
      const file = join(dir, 'other-issuer.csv');
      writeCsv(file, IMPORT_COLUMNS, [validRow(803)]);
      await expectNothingWritten(
        () => run(file, { issuerCode: OTHER_DEPARTMENT }),
        'ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE',
      );
    });

    it('refuses a file that is not CSV or XLSX, and text in no known encoding', async () => {
      const txt = join(dir, 'stock.txt');
      writeCsv(txt, IMPORT_COLUMNS, [validRow(804)]);
      await expectNothingWritten(() => run(txt), 'ERR_IMPORT_FORMAT');
      const binary = join(dir, 'binary.csv');
      (await import('node:fs')).writeFileSync(binary, new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xfe, 0x0a]));
      await expectNothingWritten(() => run(binary), 'ERR_IMPORT_ENCODING');
    });

    it('refuses a CSV whose quotes do not close, with the line', async () => {
      const file = join(dir, 'broken.csv');
      (await import('node:fs')).writeFileSync(file, `${IMPORT_COLUMNS.join(',')}\nSK-1,"张三,unterminated\n`);
      await expectNothingWritten(() => run(file), 'ERR_IMPORT_CSV_SYNTAX');
    });

    it('refuses to run a file another live process is importing', async () => {
      const file = join(dir, 'busy.csv');
      writeCsv(file, IMPORT_COLUMNS, [validRow(805)]);
      // This process opens the job (as a concurrent `hutong import` would) and is alive.
      await openImportJob(t.store.db, {
        file: await inspectImportFile(file),
        typeCode: IMPORT_TYPE,
        issuerCode: IMPORT_ISSUER,
        legacy: false,
        rowsTotal: 1,
        by: { actor: 'system' },
        now: NOW,
      });
      await expect(run(file)).rejects.toMatchObject({ code: 'ERR_IMPORT_JOB_RUNNING' });
    });
  });
});
