// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Fewer bytes per licence (issue 7 item 5: ≤ 3 KiB including log and indexes), by keeping no
 * copy of what a row already says. Measured with SQLite's dbstat on a 30,000-licence library
 * built by `npm run bench:scale` at schema 22 (bytes per licence; 3,442 in all):
 *
 * - `licences_type` (type_code, identifier), 121 B, and `licences_issuer` (issuer_code,
 *   identifier), 117 B, go. A GB/T 36904 identifier is
 *   `1.2.156.3005.2.<typeCode>.<issuerCode>.<serial>.<version>.<check>` (core
 *   `parseLicence` refuses a document whose identifier disagrees with its type and issuer
 *   codes), so the licences of a type, or of a type and issuer, are one range of the primary
 *   key, already in identifier order; those of an issuer are one such range per type
 *   (library/licence-ranges.ts).
 * - On PostgreSQL, `licences.identifier` takes the "C" collation: a range of the key is a
 *   prefix only under byte order (a linguistic collation such as en_US ignores the dots at
 *   first level). SQLite compares text bytewise already, so both engines now also page the
 *   library in the same order.
 * - `log_entries.target`, ~75 B, goes: the entry (RFC 8785 JSON, kept) carries the target,
 *   and the only reader, the receipt, unpacks that entry anyway (log/receipt-for.ts).
 * - `licences.status_state` holds `''` when the state says nothing the row's `status` and
 *   `expiring_date` do not (no encumbrance, no suspension cause: nearly every licence,
 *   ~62 B): library/licence-records.ts `statusStateOf` rebuilds exactly the JSON that was
 *   there. Existing rows are rewritten only where their text equals that JSON.
 *
 * SQLite rewrites `log_entries` for the dropped column (ALTER TABLE DROP COLUMN), in this
 * migration's one transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licences_type').execute();
  await db.schema.dropIndex('licences_issuer').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table licences alter column identifier type text collate "C"`.execute(db);
  }
  await db.schema.alterTable('log_entries').dropColumn('target').execute();
  await sql`update licences set status_state = ''
    where status_state = '{"status":"' || status || '",'
      || coalesce('"expiringDate":"' || expiring_date || '",', '') || '"encumbrances":[]}'`.execute(db);
}
