import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { chunkSizes, insertRows, insertText } from './insert-rows.js';
import { migrateToLatest } from './migrate.js';
import { preparedName } from './prepared-texts.js';
import { openStore, type Store } from './store.js';
import { STORE_DIALECTS } from './store-dialect.js';

describe('chunkSizes', () => {
  it('cuts a count into full chunks, then the powers of two of the rest', () => {
    expect(chunkSizes(0, 256)).toEqual([]);
    expect(chunkSizes(300, 256)).toEqual([256, 32, 8, 4]);
    expect(chunkSizes(250, 128)).toEqual([128, 64, 32, 16, 8, 2]);
    expect(chunkSizes(600, 256)).toEqual([256, 256, 64, 16, 8]);
    // A bound that is no power of two: full chunks of it, then powers of two below it.
    expect(chunkSizes(230, 100)).toEqual([100, 100, 16, 8, 4, 2]);
    for (const count of [1, 7, 255, 256, 257, 1000, 4097]) {
      const sizes = chunkSizes(count, 256);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(256);
    }
  });
});

describe.each(STORE_DIALECTS)('insertRows (%s)', (dialect) => {
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

  const salt = (i: number) => new Uint8Array(32).fill(i % 251);

  it('writes every row, in several chunks, with the values given', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ idx: 1_000 + i, salt: salt(i) }));
    await store.db.transaction().execute((trx) => insertRows(trx, 'log_entry_salts', ['idx', 'salt'], rows, 256));
    const back = await store.db
      .selectFrom('log_entry_salts')
      .selectAll()
      .where('idx', '>=', 1_000)
      .where('idx', '<', 1_300)
      .orderBy('idx')
      .execute();
    expect(back.map((row) => [Number(row.idx), Buffer.from(row.salt).toString('hex')])).toEqual(
      rows.map((row) => [row.idx, Buffer.from(row.salt).toString('hex')]),
    );
  });

  it('compiles one text per table, columns and row count, every value a parameter', () => {
    const text = insertText(store.db, 'log_entry_salts', ['idx', 'salt'], 4);
    expect(insertText(store.db, 'log_entry_salts', ['idx', 'salt'], 4)).toBe(text);
    expect(insertText(store.db, 'log_entry_salts', ['idx', 'salt'], 2)).not.toBe(text);
    const placeholders = dialect === 'sqlite' ? text.match(/\?/g) : text.match(/\$\d+/g);
    expect(placeholders).toHaveLength(8);
  });

  it('refuses rows whose members are not the columns, writing nothing', async () => {
    const rows = [{ idx: 2_000, salt: salt(1), extra: 'x' }];
    await expect(
      store.db.transaction().execute((trx) => insertRows(trx, 'log_entry_salts', ['idx', 'salt'], rows as never, 256)),
    ).rejects.toThrow(/members/);
    const missing = [{ idx: 2_001 }];
    await expect(
      store.db
        .transaction()
        .execute((trx) => insertRows(trx, 'log_entry_salts', ['idx', 'salt'], missing as never, 256)),
    ).rejects.toThrow(/members/);
    const written = await store.db.selectFrom('log_entry_salts').select('idx').where('idx', '>=', 2_000).execute();
    expect(written).toEqual([]);
  });

  it('lists its texts as kept prepared; on PostgreSQL they run as named statements of the connection', async () => {
    const text = insertText(store.db, 'log_entry_salts', ['idx', 'salt'], 2);
    const name = preparedName(text);
    expect(name).toMatch(/^hutong_\d+$/);
    const rows = [0, 1].map((i) => ({ idx: 500 + i, salt: salt(i) }));
    const prepared = await store.db.transaction().execute(async (trx) => {
      await insertRows(trx, 'log_entry_salts', ['idx', 'salt'], rows, 256);
      // A second time on the same connection: Bind/Execute of the statement it parsed.
      await insertRows(
        trx,
        'log_entry_salts',
        ['idx', 'salt'],
        rows.map((row) => ({ ...row, idx: row.idx + 2 })),
        256,
      );
      if (dialect === 'sqlite') return [];
      const { rows: kept } = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements where name = ${name}`.execute(trx);
      return kept;
    });
    // pg_prepared_statements lists the session's protocol-level statements with their text.
    if (dialect === 'postgres') expect(prepared).toEqual([{ name, statement: text }]);
    const back = await store.db
      .selectFrom('log_entry_salts')
      .select('idx')
      .where('idx', '>=', 500)
      .where('idx', '<', 504)
      .execute();
    expect(back.map((row) => Number(row.idx)).sort()).toEqual([500, 501, 502, 503]);
  });

  it('rolls back with the transaction when a chunk after the first fails', async () => {
    // Row 260 repeats row 0's key: the second chunk's INSERT violates the primary key.
    const rows = Array.from({ length: 270 }, (_, i) => ({ idx: 3_000 + (i === 260 ? 0 : i), salt: salt(i) }));
    await expect(
      store.db.transaction().execute((trx) => insertRows(trx, 'log_entry_salts', ['idx', 'salt'], rows, 256)),
    ).rejects.toThrow();
    const written = await store.db.selectFrom('log_entry_salts').select('idx').where('idx', '>=', 3_000).execute();
    expect(written).toEqual([]);
  });
});
