// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * Fewer bytes per log entry (issue 7 item 5: ≤ 3 KiB per licence including log and indexes).
 * `log_entries.created_at` (24 characters) was written and never read, and `event` (the
 * entry's `event` member, ~14 characters) is in the entry itself (RFC 8785 JSON, kept): the
 * readers that filtered on it read one licence series' few entries, and now take the event
 * from the entry (log/log-entry.ts `eventOfEntry`). Measured with SQLite's dbstat on a
 * 30,000-licence library (`npm run bench:scale`): an entry row carried ~401 B of payload,
 * 10 rows to a 4 KiB page; ~39 B less makes it 11.
 *
 * SQLite rewrites the table for each dropped column (ALTER TABLE DROP COLUMN), in this
 * migration's one transaction; PostgreSQL only marks the columns dropped.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('log_entries').dropColumn('created_at').execute();
  await db.schema.alterTable('log_entries').dropColumn('event').execute();
}
