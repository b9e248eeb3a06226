/**
 * Test-only: a migrated store on each engine for the library's store tests. Until the
 * migration list reaches 0003 (0002 belongs to the catalogue and keys, written alongside),
 * 0003 is applied here after the registered ones, so these tests run on the real schema.
 */
import { migrateToLatest } from '../../store/migrate.js';
import * as m0003 from '../../store/migrations/0003-licences-status.js';
import { openStore, type Store } from '../../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../../test-support/databases.js';

export interface LibraryTestStore {
  readonly store: Store;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

async function hasTable(store: Store, name: string): Promise<boolean> {
  const tables = await store.db.introspection.getTables();
  return tables.some((table) => table.name === name);
}

/**
 * Opens a fresh, migrated store.
 *
 * @example const { store, close } = await openLibraryTestStore(createTestSqliteDatabase);
 */
export async function openLibraryTestStore(create: () => Promise<TestDatabase>): Promise<LibraryTestStore> {
  const database = await create();
  const store = await openStore(database.location);
  await migrateToLatest(store.db);
  if (!(await hasTable(store, 'licences'))) await m0003.up(store.db);
  return {
    store,
    database,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

export { TEST_DATABASES };
