// Frozen in time: never edit a migration that has shipped; add the next one instead.
import type { Kysely } from 'kysely';

/**
 * The expiry sweep's index (`status/expire-licences.ts`: live licences, `valid` or
 * `suspended`, whose expiring date has passed). Keyed by status first: the sweep reads two
 * short ranges (each live status, dates before today), never the growing mass of licences
 * already expired, revoked or cancelled, whose dates are in the past too. The due set is a
 * day's worth, so ordering it by date is cheap. A partial index would be smaller still, but
 * SQLite uses one only when the query repeats its condition as literals, not as the bound
 * parameters the store sends. Portable SQL only (server-conventions.md §Store).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('licences_expiry_sweep')
    .on('licences')
    .columns(['status', 'expiring_date', 'identifier'])
    .execute();
}
