// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * `licences.document_digest`: SHA-256 of the signed document's RFC 8785 canonical form
 * (library/licence-document-digest.ts), written with every new licence version. Online
 * verification of a licence document (issue 5, performance) compares it with the presented
 * document's digest: the library's own copy had its signature checked when it entered the
 * library (signed here, or verified on aggregation), so an identical document needs no
 * signature arithmetic; anything else gets the full check.
 *
 * Rows written before this migration keep NULL and are verified with the full check, as
 * before: computing their digests means unpacking and canonicalising every document, hours
 * on a 10-million-licence library, for a shortcut and not for correctness.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema.alterTable('licences').addColumn('document_digest', binary).execute();
}
