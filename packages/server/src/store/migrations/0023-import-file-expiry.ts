// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Retention of the import folder (issue 3 item 7, leftover): the files of a finished import
 * (the uploaded file, the dry run's preview, the report) are deleted once older than the
 * node's retention (`HUTONG_IMPORT_RETENTION_DAYS`, import/sweep-import-files.ts), while the
 * row keeps its counts. `files_expired_at` (RFC 3339 UTC, null while the files are kept) says
 * when they were swept, so that a later download answers "expired" rather than a missing file.
 * Nullable with no default: rows written before this migration keep their files' state (kept).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_uploads').addColumn('files_expired_at', 'text').execute();
  await db.schema.alterTable('import_jobs').addColumn('files_expired_at', 'text').execute();
}
