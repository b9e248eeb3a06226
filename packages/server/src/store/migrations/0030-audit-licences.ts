// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * One audit record per committed chunk (docs/design/write-path-budget.md, proposal 1): a batch
 * issuance or an import writes one `licence.issued` record for the licences one transaction
 * stores, listing them in its details, instead of one record per licence. This narrow table
 * keeps "the audit records of licence X" answerable from an index: one row per licence a
 * chunk record lists, `(identifier, seq)` where `seq` is the record's.
 *
 * The rows are not chained themselves: the record's details (which the chain hashes) list its
 * licences, and `hutong audit verify` checks that the rows of each record are exactly those
 * (audit/verify-audit-chain.ts), so an inserted, deleted or edited row is detected as surely as
 * an edited record.
 *
 * - Primary key (identifier, seq): a licence's records, by identifier. SQLite: `WITHOUT ROWID`,
 *   the table is the b-tree of its key (0018's reasoning: a rowid table would write the
 *   identifier into a second b-tree).
 * - Index (seq): verification reads the rows of a page of records by seq range, and the
 *   activity statistics count a chunk's licences by joining on seq. Chunk records are appended
 *   in seq order, so its entries go to the right edge of the b-tree.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('audit_licences')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_licences_pk', ['identifier', 'seq']);
  if (!postgres) table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  await db.schema.createIndex('audit_licences_seq').on('audit_licences').column('seq').execute();
}
