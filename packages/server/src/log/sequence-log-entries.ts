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
import { CompiledQuery, type Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import type { DomainEvent } from '../events/domain-event.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { Database } from '../store/database.js';
import { packJson } from '../store/packed-json.js';
import { type BuiltLogEntry, buildLogEntry } from './log-entry.js';

/** Random bytes per entry behind its commitments (NIST SP 800-90A security strength 256). */
export const LOG_SALT_BYTES = 32;
/**
 * Rows per INSERT, at most: 256 entries bind 2,048 parameters, far under SQLite's and
 * PostgreSQL's limits.
 */
const MAX_ROWS = 256;

/**
 * A batch of n entries is inserted in chunks of MAX_ROWS and then the powers of two of the
 * rest (300 = 256 + 32 + 8 + 4), so only nine statement texts per table ever exist: each is
 * built once, and the SQLite store's statement cache prepares it once.
 */
function chunkSizes(count: number): number[] {
  const sizes: number[] = [];
  let rest = count;
  while (rest >= MAX_ROWS) {
    sizes.push(MAX_ROWS);
    rest -= MAX_ROWS;
  }
  for (let size = MAX_ROWS >> 1; size >= 1; size >>= 1) {
    if (rest >= size) {
      sizes.push(size);
      rest -= size;
    }
  }
  return sizes;
}

interface InsertTexts {
  readonly entries: string;
  readonly salts: string;
}

/** The compiled inserts by dialect (its adapter's class) and row count. */
const compiledInserts = new Map<unknown, Map<number, InsertTexts>>();

/**
 * The SQL of the multi-row inserts of `rows` entries and salts, in the store's dialect,
 * compiled by Kysely once and reused with fresh parameters: building and compiling a
 * 256-row insert through the query builder cost more than SQLite's own work on it (the
 * log's sequencing runs in every issuance transaction).
 */
function insertTexts(trx: Transaction<Database>, rows: number): InsertTexts {
  const dialect = trx.getExecutor().adapter.constructor;
  let byRows = compiledInserts.get(dialect);
  if (byRows === undefined) {
    byRows = new Map();
    compiledInserts.set(dialect, byRows);
  }
  let texts = byRows.get(rows);
  if (texts === undefined) {
    const none = new Uint8Array(0);
    // Placeholder values: only the statement's text is kept, its parameters come per call.
    const entries = Array.from({ length: rows }, () => ({
      idx: 0,
      leaf_hash: none,
      entry: none,
      series: null,
      version: null,
    }));
    const salts = Array.from({ length: rows }, () => ({ idx: 0, salt: none }));
    const entryQuery = trx.insertInto('log_entries').values(entries).compile();
    const saltQuery = trx.insertInto('log_entry_salts').values(salts).compile();
    // Every value must be a parameter (none inlined), or the texts would not take fresh ones.
    if (entryQuery.parameters.length !== rows * 5 || saltQuery.parameters.length !== rows * 2)
      throw new ServerError('ERR_LOG_STATE_CORRUPT', {
        params: { reason: 'the entry insert does not bind every value' },
      });
    texts = { entries: entryQuery.sql, salts: saltQuery.sql };
    byRows.set(rows, texts);
  }
  return texts;
}

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
    throw new ServerError('ERR_LOG_STATE_CORRUPT', { params: { reason: 'log_sequence has no row 1' } });
  // bigint: node-postgres reads it as a string.
  const first = Number(head.next_index) - inputs.length;
  const indexes = built.map((_, i) => first + i);
  let start = 0;
  for (const rows of chunkSizes(built.length)) {
    const entryParameters: unknown[] = [];
    const saltParameters: unknown[] = [];
    for (let i = start; i < start + rows; i++) {
      const b = built[i] as BuiltLogEntry;
      // The entry is stored packed (migration 0017, issue 7's disk target); readers unpack it to these exact bytes.
      entryParameters.push(first + i, b.leafHash, packJson('log-entry', b.entry), b.series, b.version);
      saltParameters.push(first + i, salts.subarray(i * LOG_SALT_BYTES, (i + 1) * LOG_SALT_BYTES));
    }
    const texts = insertTexts(trx, rows);
    await trx.executeQuery(CompiledQuery.raw(texts.entries, entryParameters));
    await trx.executeQuery(CompiledQuery.raw(texts.salts, saltParameters));
    start += rows;
  }
  return indexes;
}
