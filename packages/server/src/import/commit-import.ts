/**
 * The import wizard's commit: turns a previewed upload into an import job running in the
 * background. Idempotent: committing an upload that is already committing or completed
 * changes nothing and answers its state; an `interrupted` upload is resumed (its job goes on
 * after its last committed batch).
 */
import type { ActingAs, AppContext } from '../app-context.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/index.js';
import { findImportUpload } from './get-import-upload.js';
import type { ImportUploadRunner } from './import-upload-runner.js';
import { changeImportUpload, getImportUpload, type ImportUpload } from './import-uploads.js';
import { assertImportFilesKept } from './sweep-import-files.js';

/**
 * Commits (or resumes) an upload. Refuses an upload still `checking`, `refused` by its dry
 * run, or `failed` (`ERR_IMPORT_UPLOAD_STATE`, 409): a corrected file is a new upload; and one
 * left uncommitted past the retention, whose files the sweep deleted (`ERR_IMPORT_FILES_EXPIRED`, 410).
 *
 * @example const upload = await commitImport(ctx, principal, id, { runner, retentionDays: 30, by: { actor: actorOf(principal) } });
 */
export async function commitImport(
  ctx: AppContext,
  principal: Principal,
  id: string,
  options: {
    readonly runner: ImportUploadRunner;
    /** The node's retention (`HUTONG_IMPORT_RETENTION_DAYS`), named by the refusal of an expired upload. */
    readonly retentionDays: number | false;
    readonly by: ActingAs;
  },
): Promise<ImportUpload> {
  const upload = await findImportUpload(ctx, principal, id);
  if (upload.status === 'committing' || upload.status === 'completed') {
    // A retried commit; and a `committing` upload no process runs (its node stopped) is taken up.
    if (upload.status === 'committing' && !options.runner.isRunning(id)) options.runner.commit(upload, options.by);
    return upload;
  }
  assertImportFilesKept(upload, options.retentionDays);
  if (upload.status !== 'checked' && upload.status !== 'interrupted') {
    throw new ServerError('ERR_IMPORT_UPLOAD_STATE', {
      field: 'id',
      params: {
        status: upload.status,
        action: 'commit',
        actionZh: '提交导入',
        expected: upload.status === 'checking' ? 'checked (the preview is still running)' : 'checked',
      },
    });
  }
  const at = ctx.now();
  const taken = await ctx.store.db.transaction().execute(async (trx) => {
    const changed = await changeImportUpload(trx, id, ['checked', 'interrupted'], { status: 'committing' }, at);
    if (!changed) return false;
    await recordEvent(trx, {
      type: upload.status === 'interrupted' ? 'import.commit-resumed' : 'import.committed',
      actor: options.by.actor,
      requestId: options.by.requestId,
      target: id,
      details: {
        uploadId: id,
        fileSha256: upload.fileSha256,
        typeCode: upload.typeCode,
        issuerCode: upload.issuerCode,
      },
      at: at.toISOString(),
    });
    return true;
  });
  const current = await getImportUpload(ctx.store.db, id);
  if (current === undefined) throw new Error('the upload just committed is missing');
  // The retention sweep marked it between the read above and the compare-and-set.
  if (!taken) assertImportFilesKept(current, options.retentionDays);
  // Of two commits at once, the one that changed the row starts the job.
  if (taken) options.runner.commit(current, options.by);
  return current;
}
