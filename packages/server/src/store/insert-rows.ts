/**
 * Multi-row INSERTs for the hot writes (a licence, its status event, audit record and log
 * entry per issued licence), with SQL texts compiled once.
 *
 * Why: building a 100-row `insertInto(…).values(rows)` through the query builder (its
 * operation tree, then the compiler's pass over it) cost more main-thread time than
 * SQLite's own work on the rows (issue 3 batch-issuance profile). The rows are cut into
 * chunks of at most `maxRows` and then powers of two (300 = 256 + 32 + 8 + 4), so only a
 * few texts per table ever exist: each is compiled by Kysely once per dialect, and the
 * SQLite store's statement cache (store/dialects/sqlite.ts) prepares each once, as each
 * PostgreSQL connection does (store/prepared-texts.ts).
 */
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { SqliteStatements } from './dialects/sqlite.js';
import { keepPrepared } from './prepared-texts.js';

type Db = Kysely<Database> | Transaction<Database>;

/** `count` rows as chunk sizes: `maxRows` as often as it fits, then the powers of two of the rest. */
export function chunkSizes(count: number, maxRows: number): number[] {
  const sizes: number[] = [];
  let rest = count;
  while (rest >= maxRows) {
    sizes.push(maxRows);
    rest -= maxRows;
  }
  for (let size = 1 << Math.floor(Math.log2(maxRows)); size >= 1; size >>= 1) {
    if (rest >= size) {
      sizes.push(size);
      rest -= size;
    }
  }
  return sizes;
}

/** Compiled texts by dialect (its adapter's class), then by table, columns and row count. */
const compiledTexts = new Map<unknown, Map<string, string>>();

/**
 * The SQL of an INSERT of `rows` rows into `table`'s `columns`, in the store's dialect,
 * every value a parameter (row by row, columns in the given order).
 */
export function insertText<T extends keyof Database & string>(
  db: Db,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  rows: number,
): string {
  const dialect = db.getExecutor().adapter.constructor;
  let texts = compiledTexts.get(dialect);
  if (texts === undefined) {
    texts = new Map();
    compiledTexts.set(dialect, texts);
  }
  const key = `${table}(${columns.join(',')})×${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    // Placeholder values: only the statement's text is kept, its parameters come per call.
    const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
    const query = db
      .insertInto(table)
      .values(Array.from({ length: rows }, () => placeholder) as never)
      .compile();
    // Every value must be a parameter (none inlined), or the text would not take fresh ones:
    // a programming error, never a caller's input.
    if (query.parameters.length !== rows * columns.length)
      throw new Error(`insertText: the insert into ${table} does not bind every value`);
    text = query.sql;
    texts.set(key, text);
    // A few texts per table, each sent many times: PostgreSQL keeps them prepared (prepared-texts.ts).
    keepPrepared(text);
  }
  return text;
}

/**
 * The statements that insert `rows` (see {@link insertRows}): the first row's members are
 * checked against `columns`, then one text and its parameters per chunk.
 */
function* insertStatements<T extends keyof Database & string>(
  db: Db,
  table: T,
  columns: readonly string[],
  rows: readonly object[],
  maxRows: number,
): Generator<CompiledQuery> {
  const first = rows[0];
  if (first === undefined) return;
  const members = Object.keys(first);
  if (members.length !== columns.length || !members.every((m) => columns.includes(m)))
    throw new Error(`insertRows: a row of ${table} has the members ${members.join(', ')}, not ${columns.join(', ')}`);
  let start = 0;
  for (const size of chunkSizes(rows.length, maxRows)) {
    const parameters: unknown[] = new Array(size * columns.length);
    let p = 0;
    for (let i = start; i < start + size; i++) {
      const row = rows[i] as Record<string, unknown>;
      for (const column of columns) parameters[p++] = row[column] ?? null;
    }
    yield CompiledQuery.raw(insertText(db, table, columns as (keyof Database[T] & string)[], size), parameters);
    start += size;
  }
}

/**
 * Inserts `rows` into `table` in the caller's transaction (or autocommit), a few statements
 * in all (see the file comment). The rows are built by one function: each has exactly the
 * members `columns` names (the first row is checked, so that a member added to the row but
 * not to the list fails at once instead of being dropped); an undefined value is NULL.
 *
 * @example await insertRows(trx, 'audit_records', AUDIT_COLUMNS, rows, 256);
 */
export async function insertRows<
  T extends keyof Database & string,
  C extends keyof Database[T] & string,
  R extends Insertable<Database[T]>,
>(
  db: Db,
  table: T,
  columns: readonly C[],
  // A member of the rows' type that `columns` leaves out is `never`: such rows do not compile.
  rows: readonly (R & { readonly [K in Exclude<keyof R, C>]: never })[],
  maxRows: number,
): Promise<void> {
  for (const statement of insertStatements(db, table, columns, rows, maxRows)) await db.executeQuery(statement);
}

/**
 * {@link insertRows} on a SQLite store's writer connection, synchronously, inside a
 * transaction run by `SqliteWriter.transact` (`db` only compiles the texts, once).
 *
 * @example insertRowsSqlite(statements, db, 'audit_records', AUDIT_COLUMNS, rows, 256);
 */
export function insertRowsSqlite<
  T extends keyof Database & string,
  C extends keyof Database[T] & string,
  R extends Insertable<Database[T]>,
>(
  statements: SqliteStatements,
  db: Db,
  table: T,
  columns: readonly C[],
  rows: readonly (R & { readonly [K in Exclude<keyof R, C>]: never })[],
  maxRows: number,
): void {
  for (const statement of insertStatements(db, table, columns, rows, maxRows))
    statements.prepare(statement.sql).run(statement.parameters as unknown[]);
}
