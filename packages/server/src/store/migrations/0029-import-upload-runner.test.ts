import { describe, expect, it } from 'vitest';
import { currentRunner, IMPORT_HEARTBEAT_STALE_MS } from '../../import/import-jobs.js';
import { claimImportCheck, getImportUpload } from '../../import/import-uploads.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { legacyImportUploadRow, useStoreBeforeMigration } from '../../test-support/migrations.js';

const AT = '2026-11-30T05:00:00.000Z';

describe.each(TEST_DATABASES)('migration 0029-import-upload-runner on $dialect', ({ create }) => {
  const at = useStoreBeforeMigration(create, '0029-import-upload-runner');

  it('keeps every upload; one still checking has no runner and is taken up once, then held against another process', async () => {
    // A dry run the release before 0029 left running when its node stopped.
    await at.db
      .insertInto('import_uploads')
      .values({ ...legacyImportUploadRow({ id: 'upload-1', status: 'checking', at: AT }), files_expired_at: null })
      .execute();

    await at.migrate();

    const before = await getImportUpload(at.store.db, 'upload-1');
    if (before === undefined) throw new Error('the upload is missing');
    expect(before).toMatchObject({ status: 'checking', runner: undefined, heartbeatAt: undefined });
    const now = new Date(AT);
    // Another machine's process takes it up (no runner: nobody holds it).
    expect(await claimImportCheck(at.store.db, before, 'elsewhere:42', now)).toBe(true);
    const held = await getImportUpload(at.store.db, 'upload-1');
    if (held === undefined) throw new Error('the upload is missing');
    expect(held).toMatchObject({ runner: 'elsewhere:42', heartbeatAt: AT });
    // This process leaves it alone while that heartbeat is fresh, and so does a stale read of the row.
    expect(await claimImportCheck(at.store.db, held, currentRunner(), new Date(now.getTime() + 60_000))).toBe(false);
    expect(await claimImportCheck(at.store.db, before, currentRunner(), now)).toBe(false);
    // Past the staleness, it takes it over.
    const later = new Date(now.getTime() + IMPORT_HEARTBEAT_STALE_MS + 1);
    expect(await claimImportCheck(at.store.db, held, currentRunner(), later)).toBe(true);
    expect((await getImportUpload(at.store.db, 'upload-1'))?.runner).toBe(currentRunner());
  });
});
