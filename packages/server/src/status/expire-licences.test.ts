import { CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { dueForExpiry } from './expire-licences.js';

/** Setting up a store on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('the expiry sweep on $dialect', ({ dialect, create }) => {
  let t: LibraryTestStore;
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  it('reads due licences through the licences_expiry_sweep index (migration 0013), not a table scan', async () => {
    const { sql, parameters } = dueForExpiry(t.store.db, '2026-11-29').compile();
    const plan = await t.store.db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') {
        // An empty table is cheapest to scan; forbid that to see whether the index serves the query.
        await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
        const rows = await trx.executeQuery(CompiledQuery.raw(`EXPLAIN ${sql}`, [...parameters]));
        return JSON.stringify(rows.rows);
      }
      const rows = await trx.executeQuery(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]));
      return JSON.stringify(rows.rows);
    });
    expect(plan).toContain('licences_expiry_sweep');
    expect(plan).not.toMatch(/SCAN licences(?! USING)|Seq Scan on licences/);
  });
});
