/**
 * Master key rotation: re-seals every sealed column (`SEALED_COLUMNS`: issuers' private
 * keys, …) under a new master key, in ONE transaction — either every row moves or none does.
 * Sealed values name the master key they were made with (`v1.<masterKeyId>.…`), so old and
 * new coexist: readers holding both (the new key plus `previous`) open every row at every
 * moment of the rotation.
 */
import type { Kysely } from 'kysely';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { sealClearValues } from './seal-clear-values.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
import { isSealedUnderPrevious, openSealedValue, sealValue } from './sealed-value.js';
import { createSecrets, type Secrets } from './secrets.js';

export interface RotateMasterKeyOptions {
  /** Who rotates (default `system`: the CLI on the node's own machine). */
  readonly by?: ActingAs;
  /** Default: every sealed column (`SEALED_COLUMNS`). */
  readonly columns?: readonly SealedColumn[];
}

export interface MasterKeyRotation {
  /** The new master key's secrets, with every earlier key as `previous` (hand these to the next context). */
  readonly secrets: Secrets;
  readonly masterKeyId: string;
  /** Rows re-sealed by this call, per table. */
  readonly rewrapped: Readonly<Record<string, number>>;
  /** Values still sealed under an earlier key after the commit (written concurrently): run again. */
  readonly remaining: number;
}

/**
 * The secrets of `newMasterKey` that still open values sealed under `current` and its
 * previous keys.
 *
 * @example const next = secretsAfterRotation(ctx.secrets, newKey); next.previous[0].masterKeyId === ctx.secrets.masterKeyId
 */
export function secretsAfterRotation(current: Secrets, newMasterKey: Uint8Array): Secrets {
  const fresh = createSecrets(newMasterKey);
  if (fresh.masterKeyId === current.masterKeyId) {
    throw new ServerError('ERR_SECRETS_ROTATION_SAME_KEY', {
      field: 'masterKey',
      params: { masterKeyId: current.masterKeyId },
    });
  }
  const previous: Secrets[] = [];
  for (const candidate of [current, ...current.previous]) {
    if (candidate.masterKeyId === fresh.masterKeyId) continue;
    if (previous.some((p) => p.masterKeyId === candidate.masterKeyId)) continue;
    // Flattened: `openSealedValue` looks one level deep.
    previous.push(
      Object.freeze({ masterKeyId: candidate.masterKeyId, purposeKey: candidate.purposeKey, previous: [] }),
    );
  }
  return Object.freeze({
    masterKeyId: fresh.masterKeyId,
    purposeKey: fresh.purposeKey,
    previous: Object.freeze(previous),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: sealed columns are named at run time, across domains' tables.
async function resealColumn(trx: Kysely<any>, column: SealedColumn, from: Secrets, to: Secrets): Promise<number> {
  const columns = [...new Set([...column.idColumns, ...column.aadColumns, column.valueColumn])];
  const rows: Array<Record<string, unknown>> = await trx
    .selectFrom(column.table)
    .select(columns)
    .where(column.valueColumn, 'is not', null)
    .orderBy(column.idColumns[0] ?? column.valueColumn)
    .execute();
  let count = 0;
  for (const row of rows) {
    const sealed = String(row[column.valueColumn]);
    // Already under the new key (a resumed rotation): nothing to do.
    if (!isSealedUnderPrevious(to, sealed)) continue;
    const associatedData = column.associatedData(row);
    const plaintext = openSealedValue(from, column.purpose, sealed, associatedData);
    const resealed = sealValue(to, column.purpose, plaintext, associatedData);
    plaintext.fill(0);
    const set: Record<string, string> = { [column.valueColumn]: resealed };
    if (column.masterKeyIdColumn !== undefined) set[column.masterKeyIdColumn] = to.masterKeyId;
    let update = trx.updateTable(column.table).set(set);
    for (const id of column.idColumns) update = update.where(id, '=', row[id]);
    // Compare-and-set on the old text: a row another process re-sealed meanwhile is left alone.
    update = update.where(column.valueColumn, '=', sealed);
    await update.execute();
    count++;
  }
  return count;
}

/**
 * Re-seals every sealed value under `newMasterKey` in one transaction and returns the new
 * secrets (the new key, with the current and earlier keys as `previous`). The caller then
 * makes the new key the node's key (file or `HUTONG_MASTER_KEY`) and keeps the old one as
 * previous until no process still holds it (`rotateMasterKeyFile` does all of it for a
 * file-held key). Resumable: rows already under the new key are skipped, so running it again
 * after another process sealed a value under the old key finishes the job.
 *
 * @example
 * const { secrets, rewrapped } = await rotateMasterKey(ctx, crypto.getRandomValues(new Uint8Array(32)));
 * rewrapped.issuer_keys // 12
 */
export async function rotateMasterKey(
  ctx: Pick<AppContext, 'store' | 'secrets' | 'now'>,
  newMasterKey: Uint8Array,
  options: RotateMasterKeyOptions = {},
): Promise<MasterKeyRotation> {
  const columns = options.columns ?? SEALED_COLUMNS;
  const by = options.by ?? { actor: 'system' };
  const next = secretsAfterRotation(ctx.secrets, newMasterKey);
  const rewrapped: Record<string, number> = {};
  await ctx.store.db.transaction().execute(async (trx) => {
    // Values still in clear (written before their column was sealed) go straight under the new key.
    for (const [table, count] of Object.entries(await sealClearValues(trx, next, columns))) {
      rewrapped[table] = (rewrapped[table] ?? 0) + count;
    }
    for (const column of columns) {
      // biome-ignore lint/suspicious/noExplicitAny: see resealColumn.
      const count = await resealColumn(trx as Kysely<any>, column, ctx.secrets, next);
      rewrapped[column.table] = (rewrapped[column.table] ?? 0) + count;
    }
    // Key ids only: they are public fingerprints, never the keys.
    await recordEvent(trx, {
      type: 'secrets.rotated',
      actor: by.actor,
      requestId: by.requestId,
      target: next.masterKeyId,
      details: { from: ctx.secrets.masterKeyId, to: next.masterKeyId, rewrapped },
      at: ctx.now().toISOString(),
    });
  });
  // A process still running on the old key may have sealed a row meanwhile: it still opens
  // (the old key is `previous`), and running the rotation again re-seals it.
  let remaining = 0;
  for (const column of columns) {
    // biome-ignore lint/suspicious/noExplicitAny: see resealColumn.
    const rows: Array<Record<string, unknown>> = await (ctx.store.db as Kysely<any>)
      .selectFrom(column.table)
      .select(column.valueColumn)
      .where(column.valueColumn, 'is not', null)
      .execute();
    remaining += rows.filter((row) => isSealedUnderPrevious(next, String(row[column.valueColumn]))).length;
  }
  return { secrets: next, masterKeyId: next.masterKeyId, rewrapped, remaining };
}
