// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Who runs an upload's dry run (issue 3, several server processes on one store): `runner`
 * (`<host>:<pid>`, as an import job's) and `heartbeat_at` (RFC 3339 UTC, refreshed while it
 * reads). A process taking up `checking` uploads at start leaves alone those whose runner is
 * alive, as import jobs already do, instead of running the same dry run beside it.
 * Nullable with no default: a row written before has no runner, and is taken up as before.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_uploads').addColumn('runner', 'text').execute();
  await db.schema.alterTable('import_uploads').addColumn('heartbeat_at', 'text').execute();
}
