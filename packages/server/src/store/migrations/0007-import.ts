// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Bulk legacy import (存量证照转化): one row per import job, one row per input row of a job.
 * Portable SQL only (server-conventions.md §Store): timestamps RFC 3339 `text`, JSON `text`,
 * counters `bigint`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Set while the job runs, null after: at most one open job per file, type, issuer and mode.
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull())
    .addColumn('legacy', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_committed', 'bigint', (c) => c.notNull())
    .addColumn('rows_total', 'bigint')
    .addColumn('accepted', 'bigint', (c) => c.notNull())
    .addColumn('rejected', 'bigint', (c) => c.notNull())
    .addColumn('skipped', 'bigint', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('error', 'text')
    .addColumn('report_path', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('import_jobs_file')
    .on('import_jobs')
    .columns(['file_sha256', 'type_code', 'issuer_code'])
    .execute();
  await db.schema.createIndex('import_jobs_issuer').on('import_jobs').columns(['issuer_code', 'created_at']).execute();

  await db.schema
    .createTable('import_rows')
    .addColumn('job_id', 'text', (c) => c.notNull().references('import_jobs.id'))
    .addColumn('row_number', 'bigint', (c) => c.notNull())
    .addColumn('source_key', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text')
    .addColumn('reasons', 'text')
    .addColumn('warnings', 'text')
    .addPrimaryKeyConstraint('import_rows_pk', ['job_id', 'row_number'])
    .execute();
  // "Was this licence already reported by this job?" (a duplicate row, or a resumed batch).
  await db.schema.createIndex('import_rows_identifier').on('import_rows').columns(['job_id', 'identifier']).execute();
}
