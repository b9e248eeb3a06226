import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { generationOf } from './generation.js';
import { openStore, type Store, sqliteCommittedReadsFor } from './store.js';

/** The next event-loop turn: the SQLite memo of the generations is dropped at the turn's setImmediate. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
      // SQLite: the writer connection holds the uncommitted bump; the read must not see it
      // (a new turn, so that it is read, not remembered).
      await nextTurn();
      expect(await generationOf(store.db, 'auth_generation')).toBe(before);
    });
    expect(await generationOf(store.db, 'auth_generation')).toBe((before as number) + 1);
    if (dialect === 'sqlite') expect(sqliteCommittedReadsFor(store.db)?.served.reader).toBe(1);
  });

  it("this process's commits are seen at once, in the same turn", async () => {
    for (const table of ['auth_generation', 'trust_list_generation'] as const) {
      const before = (await generationOf(store.db, table)) as number;
      await sql`update ${sql.table(table)} set generation = generation + 1 where id = 1`.execute(store.db);
      expect(await generationOf(store.db, table)).toBe(before + 1);
      await store.db.transaction().execute(async (trx) => {
        await sql`update ${sql.table(table)} set generation = generation + 1 where id = 1`.execute(trx);
      });
      expect(await generationOf(store.db, table)).toBe(before + 2);
    }
  });

  if (dialect === 'sqlite') {
    it('SQLite: both rows in one read a turn; the next turn reads again', async () => {
      const reads = sqliteCommittedReadsFor(store.db);
      if (reads === undefined) throw new Error('a SQLite store has committed reads');
      await nextTurn();
      const served = () => reads.served.writer + reads.served.reader;
      const start = served();
      const auth = await generationOf(store.db, 'auth_generation');
      const trust = await generationOf(store.db, 'trust_list_generation');
      await generationOf(store.db, 'auth_generation');
      expect(served()).toBe(start + 1);
      await nextTurn();
      expect(await generationOf(store.db, 'trust_list_generation')).toBe(trust);
      expect(await generationOf(store.db, 'auth_generation')).toBe(auth);
      expect(served()).toBe(start + 2);
    });

    it("SQLite: another process's commit is seen from the next turn on", async () => {
      // A second store on the same file: another connection, as another process would have.
      const other = await openStore({ dialect: 'sqlite', file: store.target });
      try {
        await nextTurn();
        const before = (await generationOf(store.db, 'auth_generation')) as number;
        await sql`update auth_generation set generation = generation + 1 where id = 1`.execute(other.db);
        await nextTurn();
        expect(await generationOf(store.db, 'auth_generation')).toBe(before + 1);
      } finally {
        await other.close();
      }
    });
  }
});
