/**
 * Seals in place the values a column held in clear before it was sealed
 * (`SealedColumn.clearBeforeSealing`: webhook secrets before migration 0021). A migration
 * cannot do it (the master key lives outside the database), so the server runs this at
 * start and a master-key rotation runs it first, in its own transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
import { sealValue } from './sealed-value.js';
import type { Secrets } from './secrets.js';

/**
 * Seals every clear value of `columns` under `secrets` and returns how many rows it sealed,
 * per table. Each row is a compare-and-set on its clear text with a null key id, so
 * processes sharing one PostgreSQL may run it at once: a row is sealed exactly once.
 *
 * @example await sealClearValues(store.db, secrets) // { webhook_subscriptions: 3 }
 */
export async function sealClearValues(
  db: Kysely<Database>,
  secrets: Secrets,
  columns: readonly SealedColumn[] = SEALED_COLUMNS,
): Promise<Record<string, number>> {
  const sealed: Record<string, number> = {};
  // biome-ignore lint/suspicious/noExplicitAny: sealed columns are named at run time, across domains' tables.
  const any = db as Kysely<any>;
  for (const column of columns) {
    const keyIdColumn = column.masterKeyIdColumn;
    if (column.clearBeforeSealing !== true || keyIdColumn === undefined) continue;
    const names = [...new Set([...column.idColumns, ...column.aadColumns, column.valueColumn])];
    const rows: Array<Record<string, unknown>> = await any
      .selectFrom(column.table)
      .select(names)
      .where(keyIdColumn, 'is', null)
      .where(column.valueColumn, 'is not', null)
      .execute();
    let count = 0;
    for (const row of rows) {
      const clear = String(row[column.valueColumn]);
      const plaintext = new TextEncoder().encode(clear);
      const value = sealValue(secrets, column.purpose, plaintext, column.associatedData(row));
      plaintext.fill(0);
      let update = any
        .updateTable(column.table)
        .set({ [column.valueColumn]: value, [keyIdColumn]: secrets.masterKeyId });
      for (const id of column.idColumns) update = update.where(id, '=', row[id]);
      update = update.where(keyIdColumn, 'is', null).where(column.valueColumn, '=', clear);
      const result = await update.executeTakeFirst();
      count += Number(result.numUpdatedRows);
    }
    sealed[column.table] = count;
  }
  return sealed;
}
