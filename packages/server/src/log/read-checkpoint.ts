/** The published checkpoint: what every public read of the log is bounded by. */
import { parseCheckpoint, parseNote } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';

export interface PublishedCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed note, cosignatures included (C2SP tlog-checkpoint). */
  readonly note: string;
  /** RFC 3339 UTC. */
  readonly at: string;
}

/**
 * The latest published checkpoint, or undefined before the first one.
 *
 * @example const checkpoint = await readPublishedCheckpoint(ctx.store.db);
 */
export async function readPublishedCheckpoint(db: Kysely<Database>): Promise<PublishedCheckpoint | undefined> {
  const row = await db
    .selectFrom('log_integration')
    .select(['checkpoint', 'checkpoint_size', 'checkpoint_at'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (row === undefined || row.checkpoint === null || row.checkpoint_size === null) return undefined;
  const parsed = parseCheckpoint(parseNote(row.checkpoint).text);
  if (parsed.size !== Number(row.checkpoint_size)) {
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'the published checkpoint does not state its stored size' },
      zhParams: { reason: '已发布的检查点没有注明其存储的大小' },
    });
  }
  return { size: parsed.size, rootHash: parsed.rootHash, note: row.checkpoint, at: row.checkpoint_at ?? '' };
}

/**
 * The latest published checkpoint; ERR_LOG_NO_CHECKPOINT (503) before the first one.
 *
 * @example const { size } = await requirePublishedCheckpoint(ctx.store.db);
 */
export async function requirePublishedCheckpoint(db: Kysely<Database>): Promise<PublishedCheckpoint> {
  const checkpoint = await readPublishedCheckpoint(db);
  if (checkpoint === undefined) throw new ServerError('ERR_LOG_NO_CHECKPOINT');
  return checkpoint;
}
