/**
 * Sequencing (the tessera word): giving entries their index in the log, inside the
 * transaction of the event they record, so an acknowledged event always has its leaf and
 * a rolled-back one never has.
 *
 * Gap-free indexes: every sequencing transaction first runs
 * `UPDATE log_sequence SET next_index = next_index + n … RETURNING`. On PostgreSQL that
 * UPDATE holds the row's lock until the transaction ends, so concurrent writers queue and
 * commit in index order; on SQLite it takes the database's write lock. Either way a reader
 * never sees entry i + 1 committed without entry i, which is what lets the integrator take
 * the committed entries as a prefix. A rollback rolls its indexes back with it.
 */
import { randomFillSync } from 'node:crypto';
import type { Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import type { DomainEvent } from '../events/domain-event.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { Database } from '../store/database.js';
import { insertRows } from '../store/insert-rows.js';
import { packJson } from '../store/packed-json.js';
import { buildLogEntry } from './log-entry.js';

/** Random bytes per entry behind its commitments (NIST SP 800-90A security strength 256). */
export const LOG_SALT_BYTES = 32;
/**
 * Rows per INSERT, at most: 256 entries bind 1,280 parameters, far under SQLite's and
 * PostgreSQL's limits.
 */
const MAX_ROWS = 256;
const ENTRY_COLUMNS = ['idx', 'leaf_hash', 'entry', 'series', 'version'] as const;
const SALT_COLUMNS = ['idx', 'salt'] as const;

export interface LogEntryInput {
  readonly event: DomainEvent;
  /** The seq of the event's audit record (`recordEvent` passes it). */
  readonly auditSeq?: number | undefined;
}

/**
 * Sequences entries in the caller's transaction; returns their indexes, in order.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const [index] = await sequenceLogEntries(trx, [{ event, auditSeq: audit.seq }]);
 * });
 */
export async function sequenceLogEntries(
  trx: Transaction<Database>,
  inputs: readonly LogEntryInput[],
): Promise<number[]> {
  if (!trx.isTransaction) {
    throw new ServerError('ERR_LOG_EVENT_INVALID', {
      field: 'trx',
      params: { reason: 'entries are sequenced inside the event’s own transaction' },
      zhParams: { reason: '条目须在事件自身的事务中排序' },
    });
  }
  if (inputs.length === 0) return [];
  // Build (and so validate) every entry before taking the lock: a bad event fails without waiting.
  const salts = randomFillSync(new Uint8Array(LOG_SALT_BYTES * inputs.length));
  const built = inputs.map((input, i) =>
    buildLogEntry(
      input.event,
      input.auditSeq,
      salts.subarray(i * LOG_SALT_BYTES, (i + 1) * LOG_SALT_BYTES),
      nodeHashProvider,
    ),
  );
  const head = await trx
    .updateTable('log_sequence')
    .set((eb) => ({ next_index: eb('next_index', '+', inputs.length) }))
    .where('id', '=', 1)
    .returning('next_index')
    .executeTakeFirst();
  if (head === undefined)
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'log_sequence has no row 1' },
      zhParams: { reason: 'log_sequence 没有第 1 行' },
    });
  // bigint: node-postgres reads it as a string.
  const first = Number(head.next_index) - inputs.length;
  const indexes = built.map((_, i) => first + i);
  // The entry is stored packed (migration 0017, issue 7's disk target); readers unpack it to these exact bytes.
  await insertRows(
    trx,
    'log_entries',
    ENTRY_COLUMNS,
    built.map((b, i) => ({
      idx: first + i,
      leaf_hash: b.leafHash,
      entry: packJson('log-entry', b.entry),
      series: b.series,
      version: b.version,
    })),
    MAX_ROWS,
  );
  await insertRows(
    trx,
    'log_entry_salts',
    SALT_COLUMNS,
    built.map((_, i) => ({ idx: first + i, salt: salts.subarray(i * LOG_SALT_BYTES, (i + 1) * LOG_SALT_BYTES) })),
    MAX_ROWS,
  );
  return indexes;
}
