/**
 * The register of show-code nonces seen by online verification (replay detection,
 * packages/server/src/showing/README.md). A nonce is 96 random bits per code, so a second
 * presentation of the same nonce is the same code presented again.
 */
import type { AppContext } from '../app-context.js';
import { groupCommitFor } from '../store/group-commit.js';
import { accessRecordWriterFor } from '../store/store.js';

/** What the register knew of a nonce before this presentation. */
export interface NonceSighting {
  /** True when the code was presented before this time. */
  readonly seenBefore: boolean;
  /** Presentations before this one. */
  readonly previousCount: number;
  /** The first presentation (RFC 3339 UTC): this one when `seenBefore` is false. */
  readonly firstSeenAt: string;
}

/**
 * Records a presentation of `nonce` and says whether it was seen before. One statement per
 * step inside a transaction: the insert does nothing on conflict, the update counts, and the
 * row read back tells this presentation apart from earlier ones on SQLite and PostgreSQL alike.
 * Rows past their code's expiry are dropped on the way (the code is refused as expired anyway).
 *
 * @example const { seenBefore } = await recordNonce(ctx, verdict.showCode.nonce, new Date(verdict.showCode.expiresAt));
 */
export async function recordNonce(
  ctx: Pick<AppContext, 'store' | 'now'>,
  nonce: string,
  expiresAt: Date,
): Promise<NonceSighting> {
  const at = ctx.now().toISOString();
  // SQLite: on the store's writer thread with the access records, off the event loop
  // (store/access-record-writer.ts): a nonce written on the main connection would wait for
  // the thread's write lock in SQLite's busy handler, which sleeps on the event loop.
  const writer = accessRecordWriterFor(ctx.store.db);
  if (writer !== undefined) return writer.recordNonce(nonce, expiresAt.toISOString(), at);
  // A per-request write on the hot path of verification: through the store's group commit
  // (store/group-commit.ts), answered once its batch committed. Within a batch the jobs run
  // one after another, so two presentations of one nonce still count 1 and 2.
  return groupCommitFor(ctx.store.db).run(async (trx) => {
    const inserted = await trx
      .insertInto('showing_nonces')
      .values({ nonce, expires_at: expiresAt.toISOString(), first_seen_at: at, last_seen_at: at, seen_count: 1 })
      .onConflict((c) => c.column('nonce').doNothing())
      .executeTakeFirst();
    const fresh = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    if (!fresh) {
      await trx
        .updateTable('showing_nonces')
        .set((eb) => ({ seen_count: eb('seen_count', '+', 1), last_seen_at: at }))
        .where('nonce', '=', nonce)
        .execute();
    }
    const row = await trx
      .selectFrom('showing_nonces')
      .select(['first_seen_at', 'seen_count'])
      .where('nonce', '=', nonce)
      .executeTakeFirstOrThrow();
    // Housekeeping: a code lives at most 120 s; its nonce is useless to keep after that.
    await trx.deleteFrom('showing_nonces').where('expires_at', '<', at).where('nonce', '!=', nonce).execute();
    return { seenBefore: !fresh, previousCount: Number(row.seen_count) - 1, firstSeenAt: row.first_seen_at };
  });
}
