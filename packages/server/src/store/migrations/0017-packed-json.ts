// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { packJson } from '../packed-json.js';

/**
 * The library's size (issue 7: ≤ 3 KiB per licence including log and indexes). The signed
 * licence document and the log entry are most of a licence's bytes; both are now kept
 * packed (store/packed-json.ts: DEFLATE against a frozen dictionary, one codec byte first;
 * the codecs stay readable for ever, so this migration may use today's `packJson`).
 *
 * - `licences.document` (JSON text) becomes `licences.packed_document` (binary). The column
 *   is renamed, not retyped, so that code still reading the text fails to compile instead
 *   of reading bytes. It is added nullable (neither engine adds a NOT NULL column to a
 *   filled table without a default); every writer fills it.
 * - `log_entries.entry` (already binary) is packed in place: readers unpack, and a value
 *   starting with `{` is read as plain, so a row this migration has not reached yet stays
 *   readable.
 * - `audit_records.details` (canonical JSON text) becomes `audit_records.packed_details`
 *   (binary), as for the document. The chain hashes the parsed details (audit/append-audit.ts),
 *   so packing changes no hash.
 *
 * - `licences_status_list` (an entry per licence) becomes `licences_status_set`, partial:
 *   only licences whose status-list value is not 0.
 *
 * Existing rows are converted in keyset pages, so a large library needs no more memory
 * than one page.
 */
const PAGE = 1_000;

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await db.schema.alterTable('licences').addColumn('packed_document', binary).execute();
  let after = '';
  for (;;) {
    const rows: Array<{ identifier: string; document: string }> = await db
      .selectFrom('licences')
      .select(['identifier', 'document'])
      .where('identifier', '>', after)
      .orderBy('identifier')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      await db
        .updateTable('licences')
        .set({ packed_document: packJson('licence-document', row.document) })
        .where('identifier', '=', row.identifier)
        .execute();
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    after = last.identifier;
  }
  await db.schema.alterTable('licences').dropColumn('document').execute();

  let from = -1;
  for (;;) {
    const rows: Array<{ idx: number | string; entry: Uint8Array }> = await db
      .selectFrom('log_entries')
      .select(['idx', 'entry'])
      .where('idx', '>', from)
      .orderBy('idx')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.entry[0] !== 0x7b) continue; // packed already
      await db
        .updateTable('log_entries')
        .set({ entry: packJson('log-entry', row.entry) })
        .where('idx', '=', row.idx)
        .execute();
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    from = Number(last.idx);
  }

  await db.schema.alterTable('audit_records').addColumn('packed_details', binary).execute();
  let seq = 0;
  for (;;) {
    const rows: Array<{ seq: number | string; details: string }> = await db
      .selectFrom('audit_records')
      .select(['seq', 'details'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      await db
        .updateTable('audit_records')
        .set({ packed_details: packJson('audit-details', row.details) })
        .where('seq', '=', row.seq)
        .execute();
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    seq = Number(last.seq);
  }
  await db.schema.alterTable('audit_records').dropColumn('details').execute();

  // The status list needs only the entries that are not 0 (valid): a partial index on those
  // replaces one with an entry for every licence. Queries must say `status_value > 0` with a
  // literal 0, or neither engine can prove the index covers them (status/get-status-list.ts).
  await db.schema.dropIndex('licences_status_list').execute();
  await db.schema
    .createIndex('licences_status_set')
    .on('licences')
    .columns(['issuer_code', 'status_list_id', 'status_index', 'status_value'])
    .where(sql.ref('status_value'), '>', sql.lit(0))
    .execute();
}
