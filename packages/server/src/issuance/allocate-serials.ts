import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database.js';

/** Digits of the counter part of a serial: 10^8 licences per issuer before the serial grows a digit. */
const COUNTER_DIGITS = 8;

/**
 * The serial of the `counter`-th licence of an issuer: the issue year (China time) then
 * the counter, zero-padded — `[0-9A-Z]`, 12 characters, within GB/T 36904's serial rule.
 * The counter alone makes serials unique per issuer; the year helps people read them.
 *
 * @example formatSerial(42, '2026') // '202600000042'
 */
export function formatSerial(counter: number, year: string): string {
  return `${year}${String(counter).padStart(COUNTER_DIGITS, '0')}`;
}

/**
 * Hands out `count` serial counters of `issuerCode`, never the same one twice, whatever
 * runs at the same time: the counter row is bumped by one `UPDATE … RETURNING`, which
 * PostgreSQL serialises on the row lock and SQLite on its single writer. Counters used by
 * a transaction that later rolls back are skipped (serials may have gaps, never repeats).
 *
 * @example const [first] = await allocateSerials(trx, '11650000MB0000001X', 1); // 1 on a fresh issuer
 */
export async function allocateSerials(
  trx: Kysely<Database> | Transaction<Database>,
  issuerCode: string,
  count: number,
): Promise<number[]> {
  if (count <= 0) return [];
  await trx
    .insertInto('licence_serials')
    .values({ issuer_code: issuerCode, next_serial: 1 })
    .onConflict((conflict) => conflict.column('issuer_code').doNothing())
    .execute();
  const row = await trx
    .updateTable('licence_serials')
    .set((eb) => ({ next_serial: eb('next_serial', '+', count) }))
    .where('issuer_code', '=', issuerCode)
    .returning('next_serial')
    .executeTakeFirstOrThrow();
  const end = Number(row.next_serial);
  return Array.from({ length: count }, (_, i) => end - count + i);
}
