import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { generationOf } from './generation.js';
import { type Store, sqliteCommittedReadsFor } from './store.js';

describe.each(TEST_DATABASES)('generation rows ($dialect)', ({ dialect, create }) => {
  let opened: LibraryTestStore;
  let store: Store;

  beforeAll(async () => {
    opened = await openLibraryTestStore(create);
    store = opened.store;
  });

  afterAll(async () => {
    await opened.close();
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
