import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { generationOf } from './generation.js';
import { migrateToLatest } from './migrate.js';
import { openStore, type Store, sqliteCommittedReadsFor } from './store.js';
import { STORE_DIALECTS } from './store-dialect.js';

describe.each(STORE_DIALECTS)('generation rows (%s)', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = dialect === 'sqlite' ? await createTestSqliteDatabase() : await createTestPostgresDatabase();
    store = await openStore(database.location);
    await migrateToLatest(store.db);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('reads the committed generation only, also while a write transaction bumping it is open', async () => {
    const before = await generationOf(store.db, 'auth_generation');
    expect(before).toBeTypeOf('number');
    await store.db.transaction().execute(async (trx) => {
      await sql`update auth_generation set generation = generation + 1 where id = 1`.execute(trx);
      // SQLite: the writer connection holds the uncommitted bump; the read must not see it.
      expect(await generationOf(store.db, 'auth_generation')).toBe(before);
    });
    expect(await generationOf(store.db, 'auth_generation')).toBe((before as number) + 1);
    if (dialect === 'sqlite') expect(sqliteCommittedReadsFor(store.db)?.served.reader).toBe(1);
  });
});
