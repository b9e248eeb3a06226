import { describe, expect, it } from 'vitest';
import { getImportJob } from '../../import/import-jobs.js';
import { getImportUpload } from '../../import/import-uploads.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { legacyImportUploadRow, useStoreBeforeMigration } from '../../test-support/migrations.js';

const AT = '2026-10-01T08:00:00.000Z';

describe.each(TEST_DATABASES)('migration 0023-import-file-expiry on $dialect', ({ create }) => {
  const at = useStoreBeforeMigration(create, '0023-import-file-expiry');

  it('keeps every import job and upload with its counts; their files count as kept (files_expired_at null)', async () => {
    // Rows as the release before 0023 wrote them: a finished CLI job and a completed upload.
    await at.db
      .insertInto('import_jobs')
      .values({
        id: 'job-1',
        open_key: null,
        file_sha256: 'a'.repeat(64),
        file_name: 'stock.csv',
        format: 'csv',
        encoding: 'utf-8',
        type_code: '11100000000000000A',
        issuer_code: '11650000MB1A2B3C4D',
        legacy: 0,
        status: 'completed',
        rows_committed: 10,
        rows_total: 9,
        accepted: 6,
        rejected: 3,
        skipped: 0,
        runner: null,
        heartbeat_at: AT,
        error: null,
        report_path: '/data/imports/job-1-report.csv',
        created_by: 'cli',
        created_at: AT,
        updated_at: AT,
        finished_at: AT,
      })
      .execute();
    await at.db
      .insertInto('import_uploads')
      .values(
        legacyImportUploadRow({
          id: 'upload-1',
          status: 'completed',
          at: AT,
          preview: { accepted: 6, rejected: 3, skipped: 0 },
          jobId: 'job-1',
        }),
      )
      .execute();

    await at.migrate();

    const upload = await getImportUpload(at.store.db, 'upload-1');
    expect(upload).toMatchObject({
      status: 'completed',
      preview: { accepted: 6, rejected: 3, skipped: 0 },
      jobId: 'job-1',
      filesExpiredAt: undefined,
    });
    expect(await getImportJob(at.store.db, 'job-1')).toMatchObject({
      status: 'completed',
      accepted: 6,
      rejected: 3,
      reportPath: '/data/imports/job-1-report.csv',
    });
    const columns = await at.store.db
      .selectFrom('import_jobs')
      .select('files_expired_at')
      .unionAll(at.store.db.selectFrom('import_uploads').select('files_expired_at'))
      .execute();
    expect(columns).toEqual([{ files_expired_at: null }, { files_expired_at: null }]);
    // The sweep's mark is an ordinary write on the new column.
    await at.store.db
      .updateTable('import_uploads')
      .set({ files_expired_at: AT })
      .where('id', '=', 'upload-1')
      .execute();
    expect((await getImportUpload(at.store.db, 'upload-1'))?.filesExpiredAt).toBe(AT);
  });
});
