import { LICENCE_ID_ROOT } from '@hutong/core';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../store/database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A half-open range of licence identifiers: `from <= identifier < below`. */
export interface IdentifierRange {
  readonly from: string;
  readonly below: string;
}

/**
 * The identifiers of a type's licences, or of a type and issuer's: a GB/T 36904 identifier is
 * `1.2.156.3005.2.<typeCode>.<issuerCode>.<serial>.<version>.<check>` (core `parseLicence`
 * refuses one that disagrees with the document's codes), so they share one prefix, and
 * `'/'` is the character right after `'.'`. Migration 0024 dropped the type and issuer
 * indexes for this range of the primary key (issue 7 item 5); PostgreSQL compares the key
 * in the "C" collation since then, so a prefix is a range on both engines. Callers keep
 * their `type_code`/`issuer_code` conditions beside it: the range only says where to look.
 *
 * @example const { from, below } = licenceRange(typeCode, issuerCode);
 */
export function licenceRange(typeCode: string, issuerCode?: string): IdentifierRange {
  const prefix = `${LICENCE_ID_ROOT}.${typeCode}.${issuerCode === undefined ? '' : `${issuerCode}.`}`;
  return { from: prefix, below: `${prefix.slice(0, -1)}/` };
}

/**
 * A text column as a condition no index may serve: `column || ''`, the same value. Beside a
 * {@link licenceRange}, SQLite (no statistics) would rather take any index whose first column
 * an equality names — `issuer_code` leads the status-slot and source-key keys, `status` the
 * expiry sweep's — and sort the whole issuer or status by identifier than walk the range
 * already in order (measured: `EXPLAIN QUERY PLAN` gave "USE TEMP B-TREE FOR ORDER BY").
 * SQLite's documented way is a unary `+` (https://sqlite.org/optoverview.html, "Disqualifying
 * WHERE clause terms using unary-'+'"), which PostgreSQL refuses on text; an expression
 * disqualifies the index on both engines.
 *
 * @example query.where(unindexed('status'), '=', status)
 */
export function unindexed(column: 'type_code' | 'issuer_code' | 'status'): RawBuilder<string> {
  return sql<string>`${sql.ref(column)} || ''`;
}

/**
 * The type codes of the library's licences with an identifier ≥ `from`, in identifier order:
 * one seek of the primary key per type (a loose index scan), so an issuer's licences are
 * found as one {@link licenceRange} per type without an index by issuer. The library holds
 * few types (the catalogue's), far fewer than licences.
 *
 * @example for await (const typeCode of typeCodesFrom(db, '')) …
 */
export async function* typeCodesFrom(db: Db, from: string): AsyncGenerator<string> {
  let at = from;
  for (;;) {
    const row = await db
      .selectFrom('licences')
      .select('type_code')
      .where('identifier', '>=', at)
      .orderBy('identifier')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return;
    yield row.type_code;
    at = licenceRange(row.type_code).below;
  }
}
