import { type Kysely, Migrator, sql } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from './database.js';
import { META_KEYS, writeMeta } from './meta.js';
import { MIGRATIONS } from './migrations/index.js';

/** Kysely's bookkeeping tables, named for Hutong so that they never clash with a shared database's. */
export const MIGRATION_TABLE = 'hutong_migration';
export const MIGRATION_LOCK_TABLE = 'hutong_migration_lock';

function versionOf(name: string): number {
  return Number.parseInt(name.slice(0, 4), 10);
}

/** The schema version this build of the server brings a store to. */
export const SCHEMA_VERSION = Math.max(...Object.keys(MIGRATIONS).map(versionOf));

/**
 * Refuses a store that a newer server already migrated: running old code on a newer
 * schema would write rows the newer code does not expect.
 */
async function refuseNewerSchema(db: Kysely<Database>): Promise<void> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return;
  const executed = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
  const unknown = executed.rows.map((row) => row.name).filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new ServerError('ERR_STORE_SCHEMA_TOO_NEW', {
      params: { found: Math.max(...unknown.map(versionOf)), known: SCHEMA_VERSION },
    });
  }
}

/**
 * Applies every migration the store has not seen yet (in one lock, so concurrent starts
 * are safe), then records the schema version in `meta`.
 *
 * @example const { schemaVersion, applied } = await migrateToLatest(store.db);
 */
export async function migrateToLatest(
  db: Kysely<Database>,
): Promise<{ readonly schemaVersion: number; readonly applied: readonly string[] }> {
  await refuseNewerSchema(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // Numbers are handed out to work that lands in parallel (0013 landed after 0014 and
    // 0016): a store that already ran a later migration still takes an earlier one that
    // arrives afterwards, instead of refusing as "corrupted". Each migration stands alone.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new ServerError('ERR_STORE_MIGRATION_FAILED', {
      params: { migration: failed?.migrationName ?? '(before any migration)' },
      cause: error,
    });
  }
  await writeMeta(db, META_KEYS.schemaVersion, String(SCHEMA_VERSION));
  return {
    schemaVersion: SCHEMA_VERSION,
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
}
