import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSqliteDatabase, type TestSqliteDatabase } from '../../test-support/databases.js';
import { openStore, type Store } from '../store.js';

describe('the SQLite dialect', () => {
  let database: TestSqliteDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestSqliteDatabase();
    store = await openStore(database.location);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function pragma(name: string): Promise<unknown> {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
    return Object.values(rows[0] ?? {})[0];
  }

  it('journals to a write-ahead log, so readers never wait for the writer', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
  });

  it('syncs fully on commit (2 = FULL), so an answered write survives a power cut', async () => {
    expect(await pragma('synchronous')).toBe(2);
  });

  it('waits for a busy lock instead of failing at once', async () => {
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('enforces foreign keys', async () => {
    expect(await pragma('foreign_keys')).toBe(1);
  });
});
