/**
 * The nonce register's writes (showing/record-nonce.ts) on a SQLite connection, synchronously:
 * the access-record writer thread's part (store/access-record-thread.ts). A file of its own so
 * that the thread loads neither the store nor its PostgreSQL driver.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { SqliteStatements } from '../store/dialects/sqlite.js';
import type { NonceSighting } from './record-nonce.js';

/** The statements of {@link recordNonce}, compiled once per dialect (texts only). */
let nonceTexts:
  | { readonly insert: string; readonly count: string; readonly read: string; readonly sweep: string }
  | undefined;

function compiledNonceTexts(db: Kysely<Database>): NonNullable<typeof nonceTexts> {
  const insert = db
    .insertInto('showing_nonces')
    .values({ nonce: 'n', expires_at: 'e', first_seen_at: 'a', last_seen_at: 'a', seen_count: 1 })
    .onConflict((c) => c.column('nonce').doNothing())
    .compile();
  const count = db
    .updateTable('showing_nonces')
    .set((eb) => ({ seen_count: eb('seen_count', '+', 1), last_seen_at: 'a' }))
    .where('nonce', '=', 'n')
    .compile();
  const read = db
    .selectFrom('showing_nonces')
    .select(['first_seen_at', 'seen_count'])
    .where('nonce', '=', 'n')
    .compile();
  const sweep = db.deleteFrom('showing_nonces').where('expires_at', '<', 'a').where('nonce', '!=', 'n').compile();
  // A programming error, never a caller's input: the texts must bind exactly what recordNoncesSqlite passes, in order.
  const bound = JSON.stringify([insert.parameters, count.parameters, read.parameters, sweep.parameters]);
  if (bound !== '[["n","e","a","a",1],[1,"a","n"],["n"],["a","n"]]')
    throw new Error(`recordNoncesSqlite: the nonce statements bind ${bound}`);
  return { insert: insert.sql, count: count.sql, read: read.sql, sweep: sweep.sql };
}

/**
 * {@link recordNonce}'s statements on a SQLite connection inside its open write transaction
 * (the access-record writer thread, store/access-record-thread.ts), for the nonces of a batch
 * in order — the same statements, so two presentations of one nonce in one batch count 1 and
 * 2. `nonces` is flat: nonce, expiry, presentation time (RFC 3339 UTC) per nonce. `db` only
 * compiles the texts.
 */
export function recordNoncesSqlite(
  statements: SqliteStatements,
  db: Kysely<Database>,
  nonces: readonly string[],
): NonceSighting[] {
  nonceTexts ??= compiledNonceTexts(db);
  const sightings: NonceSighting[] = [];
  for (let k = 0; k + 3 <= nonces.length; k += 3) {
    const nonce = nonces[k] as string;
    const expiresAt = nonces[k + 1] as string;
    const at = nonces[k + 2] as string;
    const fresh = statements.prepare(nonceTexts.insert).run(nonce, expiresAt, at, at, 1).changes === 1;
    if (!fresh) statements.prepare(nonceTexts.count).run(1, at, nonce);
    const row = statements.prepare(nonceTexts.read).get(nonce) as {
      first_seen_at: string;
      seen_count: number | bigint;
    };
    // Housekeeping, as recordNonce: a code lives at most 120 s.
    statements.prepare(nonceTexts.sweep).run(at, nonce);
    sightings.push({ seenBefore: !fresh, previousCount: Number(row.seen_count) - 1, firstSeenAt: row.first_seen_at });
  }
  return sightings;
}
