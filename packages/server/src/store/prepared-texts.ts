/**
 * The hot write statements' texts that PostgreSQL keeps prepared on each connection (issue 3:
 * batch issuance). node-postgres sends an unnamed statement for every query, which the server
 * parses and plans each time: a 256-row INSERT of licences has 5,888 parameters, and every chunk
 * of a batch sent seven such INSERTs plus the audit chain head's updates. A text listed here
 * goes as a named statement (`Parse` once per connection, then only `Bind`/`Execute`): the
 * PostgreSQL dialect (dialects/postgres.ts) looks each query's text up here. SQLite needs none
 * of it (its writer keeps prepared statements by text, dialects/sqlite.ts).
 *
 * Only texts compiled by the server itself from fixed parts (table, columns, row count) are
 * listed: a handful per table (store/insert-rows.ts), never one per caller's value, so the
 * number of statements each connection keeps stays small.
 */
const names = new Map<string, string>();

/** Lists `text` as kept prepared (idempotent); returns its statement name. */
export function keepPrepared(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    // Server-side names are per connection; these stay unique in the process.
    name = `hutong_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** The statement name of a kept text, or undefined for any other query. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}
