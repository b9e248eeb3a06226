// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Bulk legacy import from the browser (存量证照转化, issue 6 item 3): one row per uploaded
 * file, from its upload through its dry run (the preview) to the import job that commits it
 * (`import_jobs`, 0007). Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('legacy', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('preview_accepted', 'bigint')
    .addColumn('preview_rejected', 'bigint')
    .addColumn('preview_skipped', 'bigint')
    .addColumn('error', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_uploads_issuer')
    .on('import_uploads')
    .columns(['issuer_code', 'created_at'])
    .execute();
  // Resumed at start: the uploads whose dry run or commit a stopped server left unfinished.
  await db.schema.createIndex('import_uploads_status').on('import_uploads').columns(['status']).execute();
}
