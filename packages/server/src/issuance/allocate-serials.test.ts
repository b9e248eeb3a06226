import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { allocateStatusSlots, STATUS_LIST_CAPACITY } from '../status/allocate-status-slots.js';
import { allocateSerials, formatSerial } from './allocate-serials.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

const ISSUER = '91350100M000100Y43';
const OTHER = '11220000013544541J';
const NOW = '2026-11-29T12:00:00.000Z';

describe('formatSerial', () => {
  it('is the year then an 8-digit counter, inside GB/T 36904’s [0-9A-Z]{1,32}', () => {
    expect(formatSerial(42, '2026')).toBe('202600000042');
    expect(formatSerial(123_456_789, '2026')).toBe('2026123456789');
  });
});

describe.each(TEST_DATABASES)('serial and status-slot allocation on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  it('counts serials per issuer from 1', async () => {
    expect(await allocateSerials(t.store.db, ISSUER, 3)).toEqual([1, 2, 3]);
    expect(await allocateSerials(t.store.db, OTHER, 1)).toEqual([1]);
    expect(await allocateSerials(t.store.db, ISSUER, 2)).toEqual([4, 5]);
    expect(await allocateSerials(t.store.db, ISSUER, 0)).toEqual([]);
  });

  it('never hands out a serial twice to concurrent transactions', async () => {
    const runs = await Promise.all(
      Array.from({ length: 40 }, () => t.store.db.transaction().execute((trx) => allocateSerials(trx, ISSUER, 5))),
    );
    const all = runs.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('rolls the counter back with a transaction that fails', async () => {
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await allocateSerials(trx, ISSUER, 2);
        throw new Error('signing failed');
      }),
    ).rejects.toThrow('signing failed');
    // The bump rolled back with the transaction: the next counter is 1 again.
    expect(await allocateSerials(t.store.db, ISSUER, 1)).toEqual([1]);
  });

  it('allocates distinct status slots under concurrency', async () => {
    const runs = await Promise.all(
      Array.from({ length: 30 }, () =>
        t.store.db.transaction().execute((trx) => allocateStatusSlots(trx, ISSUER, 4, NOW)),
      ),
    );
    const slots = runs.flat();
    expect(slots.every((s) => s.listId === 1 && s.index >= 0 && s.index < STATUS_LIST_CAPACITY)).toBe(true);
    expect(new Set(slots.map((s) => s.index)).size).toBe(120);
    const list = await t.store.db.selectFrom('status_lists').selectAll().where('issuer_code', '=', ISSUER).execute();
    expect(list.map((row) => Number(row.allocated))).toEqual([120]);
  });

  it('opens the next list when one is full, splitting a request across both', async () => {
    await allocateStatusSlots(t.store.db, ISSUER, 1, NOW);
    await t.store.db
      .updateTable('status_lists')
      .set({ allocated: STATUS_LIST_CAPACITY - 2 })
      .where('issuer_code', '=', ISSUER)
      .execute();
    const slots = await allocateStatusSlots(t.store.db, ISSUER, 5, NOW);
    expect(slots.map((s) => s.listId)).toEqual([1, 1, 2, 2, 2]);
    const lists = await t.store.db
      .selectFrom('status_lists')
      .select(['list_id', 'allocated'])
      .where('issuer_code', '=', ISSUER)
      .orderBy('list_id')
      .execute();
    expect(lists.map((row) => [Number(row.list_id), Number(row.allocated)])).toEqual([
      [1, STATUS_LIST_CAPACITY],
      [2, 3],
    ]);
  });
});
