/**
 * Migration tests (test-only): a store left at the schema just before the migration under
 * test, so that a test writes rows as the previous release did and then runs the migration
 * exactly as the server does (house rule: "a new migration … with a test on rows written at
 * the previous schema").
 */
import { type Kysely, Migrator } from 'kysely';
import { afterEach, beforeEach } from 'vitest';
import { type AuditRecord, chainHash, GENESIS_HASH } from '../audit/append-audit.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { packJson } from '../store/packed-json.js';
import { openStore, type Store } from '../store/store.js';
import type { CreateTestDatabaseOptions, TestDatabase } from './databases.js';

/** Migrates `store` to `name` exactly as the server does (same tables, same lock), stopping there. */
export async function migrateStoreTo(store: Store, name: string): Promise<void> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration ${name}`);
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateTo(name);
  if (error !== undefined) throw error;
}

/** The migration that comes before `name` in the server's order. */
export function migrationBefore(name: string): string {
  const names = Object.keys(MIGRATIONS);
  const previous = names[names.indexOf(name) - 1];
  if (!names.includes(name) || previous === undefined) throw new Error(`no migration before ${name}`);
  return previous;
}

export interface StoreAtMigration {
  /** The store of the running test, at the schema before the migration until `migrate` ran. */
  readonly store: Store;
  /** The same database untyped: the schema before the migration is not today's `Database`. */
  // biome-ignore lint/suspicious/noExplicitAny: rows written as the previous release wrote them.
  readonly db: Kysely<any>;
  /** Runs the migration under test (or up to `name`). */
  migrate(name?: string): Promise<void>;
}

/**
 * For each test of the enclosing `describe`: a fresh, empty database (`create`), its store migrated up
 * to the migration before `migration`; closed and dropped after the test.
 *
 * @example
 * describe.each(TEST_DATABASES)('migration 0023 on $dialect', ({ create }) => {
 *   const at = useStoreBeforeMigration(create, '0023-import-file-expiry');
 *   it('…', async () => { await at.db.insertInto('import_jobs').values(row).execute(); await at.migrate(); });
 * });
 */
export function useStoreBeforeMigration(
  create: (options?: CreateTestDatabaseOptions) => Promise<TestDatabase>,
  migration: string,
): StoreAtMigration {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  const opened = (): Store => {
    if (store === undefined) throw new Error('the store is opened for each test (beforeEach)');
    return store;
  };
  beforeEach(async () => {
    database = await create({ empty: true });
    store = await openStore(database.location);
    await migrateStoreTo(store, migrationBefore(migration));
  });
  afterEach(async () => {
    await store?.close();
    await database?.drop();
    store = undefined;
    database = undefined;
  });
  return {
    get store() {
      return opened();
    },
    get db() {
      // biome-ignore lint/suspicious/noExplicitAny: see StoreAtMigration.db.
      return opened().db as unknown as Kysely<any>;
    },
    migrate: (name = migration) => migrateStoreTo(opened(), name),
  };
}

/** What the migration tests vary in a licence row; the rest is alike in all of them. */
export interface LegacyLicence {
  readonly identifier: string;
  readonly series: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly serial: string;
  readonly holderIndex: string;
  readonly status: string;
  /** The status state as JSON text. */
  readonly statusState: string;
  readonly statusIndex: number;
  readonly statusValue: number;
  readonly expiringDate: string | null;
  /** Makes the packed document `{"n":n}`. */
  readonly n: number;
}

/**
 * A `licences` row as schemas 17 to 23 store it (from 0017's packed document to 0024's derived
 * keys the table keeps these columns), written as `hutong import` wrote it then.
 *
 * @example await at.db.insertInto('licences').values([legacyLicenceRow({ identifier, … })]).execute();
 */
export function legacyLicenceRow(licence: LegacyLicence) {
  return {
    identifier: licence.identifier,
    series: licence.series,
    version: '001',
    type_code: licence.typeCode,
    issuer_code: licence.issuerCode,
    serial: licence.serial,
    holder_index: licence.holderIndex,
    status: licence.status,
    status_state: licence.statusState,
    key_id: 'k',
    origin: 'issued',
    status_list_id: 1,
    status_index: licence.statusIndex,
    status_value: licence.statusValue,
    effective_date: '20260301',
    expiring_date: licence.expiringDate,
    source_key: null,
    request_hash: null,
    created_by: 'cli',
    issued_at: '2026-11-29T00:00:00.000Z',
    updated_at: '2026-11-29T00:00:00.000Z',
    packed_document: packJson('licence-document', `{"n":${licence.n}}`),
  };
}

/**
 * The columns of an `audit_records` row that schemas 17 to 23 store alike (details packed,
 * 0017); each schema adds its own hash columns (hex and the previous hash before 0019, binary
 * after).
 *
 * @example { ...legacyAuditRow(record), prev_hash: prevHash, hash }
 */
export function legacyAuditRow(record: AuditRecord) {
  return {
    seq: record.seq,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    use_cause: record.useCause,
    outcome: record.outcome,
    request_id: record.requestId,
    packed_details: packJson('audit-details', JSON.stringify(record.details)),
  };
}

/**
 * Audit records chained from genesis as the node chains them (`chainHash`): each with the hash
 * before it and its own, for a test to store in the columns of the schema it stands at.
 *
 * @example const chain = chainAuditRecords(records); chain.at(-1)?.hash // the head
 */
export function chainAuditRecords(
  records: readonly AuditRecord[],
): Array<{ readonly record: AuditRecord; readonly prevHash: string; readonly hash: string }> {
  let prevHash = GENESIS_HASH;
  return records.map((record) => {
    const hash = chainHash(prevHash, record);
    const link = { record, prevHash, hash };
    prevHash = hash;
    return link;
  });
}

/**
 * An `import_uploads` row as migration 0014 made the table (and 0022 left it): a CSV upload of
 * one department's stock. Later schemas add their columns beside it.
 *
 * @example { ...legacyImportUploadRow({ id: 'upload-1', status: 'completed', at }), files_expired_at: null }
 */
export function legacyImportUploadRow(upload: {
  readonly id: string;
  readonly status: string;
  readonly at: string;
  readonly preview?: { readonly accepted: number; readonly rejected: number; readonly skipped: number };
  readonly jobId?: string;
}) {
  return {
    id: upload.id,
    stored_name: `${upload.id}.csv`,
    file_name: 'stock.csv',
    format: 'csv',
    size: 1234,
    file_sha256: 'a'.repeat(64),
    type_code: '11100000000000000A',
    issuer_code: '11650000MB1A2B3C4D',
    legacy: 0,
    language: 'zh-CN',
    status: upload.status,
    preview_accepted: upload.preview?.accepted ?? null,
    preview_rejected: upload.preview?.rejected ?? null,
    preview_skipped: upload.preview?.skipped ?? null,
    error: null,
    job_id: upload.jobId ?? null,
    created_by: 'staff:1',
    created_at: upload.at,
    updated_at: upload.at,
  };
}
