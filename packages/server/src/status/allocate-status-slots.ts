import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database.js';

/**
 * Entries per status list: 2^20 (1,048,576). At 2 bits an entry the raw list is 256 KiB;
 * with 1 % of entries set it compresses to about 25 KB (docs/design/status-lists.md), so
 * one list covers an issuer of a million licences and stays one cacheable fetch.
 */
export const STATUS_LIST_CAPACITY = 1 << 20;

/**
 * An odd multiplier: `ordinal × STRIDE mod 2^20` is a bijection on [0, 2^20), so slots
 * never collide, yet neighbouring licences do not get neighbouring entries (IETF Token
 * Status List, "Privacy Considerations": indices should not reveal issuance order).
 */
const STRIDE = 0x5bd1e995;

/** One entry of a status list. */
export interface StatusSlot {
  readonly listId: number;
  readonly index: number;
}

/**
 * The entry index of the `ordinal`-th slot of a list.
 *
 * @example statusIndexOf(0) // 0
 */
export function statusIndexOf(ordinal: number, capacity = STATUS_LIST_CAPACITY): number {
  // ordinal < 2^20 and STRIDE < 2^31: the product stays below 2^53.
  return (ordinal * STRIDE) % capacity;
}

type Db = Kysely<Database> | Transaction<Database>;

async function currentList(trx: Db, issuerCode: string, now: string): Promise<number> {
  const last = await trx
    .selectFrom('status_lists')
    .select((eb) => eb.fn.max('list_id').as('list_id'))
    .where('issuer_code', '=', issuerCode)
    .executeTakeFirst();
  const listId = last?.list_id === null || last?.list_id === undefined ? 1 : Number(last.list_id);
  await trx
    .insertInto('status_lists')
    .values({
      issuer_code: issuerCode,
      list_id: listId,
      capacity: STATUS_LIST_CAPACITY,
      allocated: 0,
      revision: 0,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['issuer_code', 'list_id']).doNothing())
    .execute();
  return listId;
}

/**
 * Allocates `count` status-list entries for new licences of `issuerCode`, in the caller's
 * transaction (a rolled-back issuance gives its entries back). A full list is followed by
 * the next one. New entries read 0 (VALID), so allocating does not change a served list.
 *
 * @example const [slot] = await allocateStatusSlots(trx, issuerCode, 1, now); // { listId: 1, index: … }
 */
export async function allocateStatusSlots(
  trx: Db,
  issuerCode: string,
  count: number,
  now: string,
): Promise<StatusSlot[]> {
  const slots: StatusSlot[] = [];
  let listId = await currentList(trx, issuerCode, now);
  while (slots.length < count) {
    // A no-op update takes the row lock first (PostgreSQL; SQLite has one writer), so the
    // count read here is still true when it is bumped below.
    const row = await trx
      .updateTable('status_lists')
      .set((eb) => ({ allocated: eb.ref('allocated') }))
      .where('issuer_code', '=', issuerCode)
      .where('list_id', '=', listId)
      .returning(['allocated', 'capacity'])
      .executeTakeFirstOrThrow();
    const allocated = Number(row.allocated);
    const capacity = Number(row.capacity);
    const take = Math.min(capacity - allocated, count - slots.length);
    if (take > 0) {
      await trx
        .updateTable('status_lists')
        .set({ allocated: allocated + take })
        .where('issuer_code', '=', issuerCode)
        .where('list_id', '=', listId)
        .execute();
      for (let ordinal = allocated; ordinal < allocated + take; ordinal++) {
        slots.push({ listId, index: statusIndexOf(ordinal, capacity) });
      }
    }
    if (slots.length < count) {
      listId += 1;
      await trx
        .insertInto('status_lists')
        .values({
          issuer_code: issuerCode,
          list_id: listId,
          capacity: STATUS_LIST_CAPACITY,
          allocated: 0,
          revision: 0,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.columns(['issuer_code', 'list_id']).doNothing())
        .execute();
    }
  }
  return slots;
}

/**
 * Marks a list as changed (its ETag moves), in the caller's transaction.
 *
 * @example await touchStatusList(trx, issuerCode, 1, now);
 */
export async function touchStatusList(trx: Db, issuerCode: string, listId: number, now: string): Promise<void> {
  await trx
    .updateTable('status_lists')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('issuer_code', '=', issuerCode)
    .where('list_id', '=', listId)
    .execute();
}
