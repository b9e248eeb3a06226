/** Test-only: a fresh, migrated store on each engine for the library's store tests. */
import { migrateToLatest } from '../../store/migrate.js';
import { openStore, type Store } from '../../store/store.js';
import { TEST_DATABASES, type TestDatabase } from '../../test-support/databases.js';

export interface LibraryTestStore {
  readonly store: Store;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Opens a fresh, migrated store.
 *
 * @example const { store, close } = await openLibraryTestStore(createTestSqliteDatabase);
 */
export async function openLibraryTestStore(
  create: () => Promise<TestDatabase>,
  options: Parameters<typeof openStore>[1] = {},
): Promise<LibraryTestStore> {
  const database = await create();
  const store = await openStore(database.location, options);
  await migrateToLatest(store.db);
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
