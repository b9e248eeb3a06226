/**
 * Receipts (issue 4 item 5): for a licence version, its entry, index, inclusion proof and
 * the published checkpoint that covers it — everything `verifyLogReceipt` (core) needs to
 * check offline, against the node's note key, that the issuance is in the log.
 */
import { LOG_RECEIPT_FORMAT, type LogReceipt } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { unpackJson } from '../store/packed-json.js';
import { toBase64 } from './base64.js';
import { targetOfEntry } from './log-entry.js';
import { MAX_MERGE_DELAY_MS } from './log-integrator.js';
import { logTreeStoreFor } from './log-tree-store.js';
import { findVersionEntry, isVersionEntry, licenceVersionOf } from './prove-inclusion.js';
import { readPublishedCheckpoint } from './read-checkpoint.js';

/** A receipt with what it is about (the extra members are information; the verifier ignores them). */
export interface LicenceReceipt extends LogReceipt {
  readonly identifier: string;
  readonly version: string;
  readonly treeSize: number;
  readonly leafHash: string;
}

async function receiptAt(db: Kysely<Database>, index: number): Promise<LicenceReceipt> {
  const entry = await db
    .selectFrom('log_entries')
    .select(['entry', 'leaf_hash', 'version'])
    .where('idx', '=', index)
    .executeTakeFirst();
  if (entry === undefined)
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: `entry ${index} is missing` },
      zhParams: { reason: `条目 ${index} 缺失` },
    });
  const checkpoint = await readPublishedCheckpoint(db);
  if (checkpoint === undefined || index >= checkpoint.size) {
    throw new ServerError('ERR_LOG_NOT_INTEGRATED', { params: { index, maxMergeDelayMs: MAX_MERGE_DELAY_MS } });
  }
  const proof = await logTreeStoreFor(db).inclusionProof(checkpoint.size, index);
  const bytes = unpackJson(entry.entry);
  return {
    format: LOG_RECEIPT_FORMAT,
    // The entry names its target (log-entry.ts); migration 0024 dropped the column that copied it.
    identifier: targetOfEntry(bytes) ?? '',
    version: entry.version ?? '',
    index,
    treeSize: checkpoint.size,
    leafHash: toBase64(entry.leaf_hash),
    entry: toBase64(bytes),
    inclusionProof: proof.map(toBase64),
    checkpoint: checkpoint.note,
  };
}

/**
 * The receipt of one licence version (by its identifier, or another version's identifier
 * and `version`). With `waitMs`, waits that long at most for the entry to be covered by a
 * checkpoint; otherwise an entry not yet covered is ERR_LOG_NOT_INTEGRATED (409).
 *
 * @example const receipt = await receiptFor(ctx, identifier, undefined, { waitMs: MAX_MERGE_DELAY_MS });
 */
export async function receiptFor(
  ctx: Pick<AppContext, 'store'>,
  identifier: string,
  version?: string,
  options: { readonly waitMs?: number } = {},
): Promise<LicenceReceipt> {
  const db = ctx.store.db;
  const index = await findVersionEntry(db, identifier, version);
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    try {
      return await receiptAt(db, index);
    } catch (error) {
      if (!(error instanceof ServerError && error.code === 'ERR_LOG_NOT_INTEGRATED') || Date.now() >= deadline)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * The receipts of every version of a licence that the log covers, oldest first (versions
 * sequenced but not yet covered are left out until the next checkpoint).
 *
 * @example const receipts = await receiptsFor(ctx, identifier);
 */
export async function receiptsFor(ctx: Pick<AppContext, 'store'>, identifier: string): Promise<LicenceReceipt[]> {
  const { series } = licenceVersionOf(identifier);
  const db = ctx.store.db;
  const rows = await db
    .selectFrom('log_entries')
    .select(['idx', 'version', 'entry'])
    .where('series', '=', series)
    .orderBy('idx')
    .execute()
    .then((all) => all.filter((r) => isVersionEntry(r.entry)));
  // One receipt per version: its first entry (a change also logs \`licence.version\` against
  // the version it replaces, after that version's own issuance).
  const seen = new Set<string | null>();
  const firsts = rows.filter((r) => !seen.has(r.version) && seen.add(r.version) !== undefined);
  if (firsts.length === 0)
    throw new ServerError('ERR_LOG_ENTRY_NOT_FOUND', { field: 'identifier', params: { target: identifier } });
  const checkpoint = await readPublishedCheckpoint(db);
  const covered = firsts.map((r) => Number(r.idx)).filter((i) => checkpoint !== undefined && i < checkpoint.size);
  if (covered.length === 0) {
    throw new ServerError('ERR_LOG_NOT_INTEGRATED', {
      params: { index: Number(firsts[0]?.idx), maxMergeDelayMs: MAX_MERGE_DELAY_MS },
    });
  }
  const receipts: LicenceReceipt[] = [];
  for (const index of covered) receipts.push(await receiptAt(db, index));
  return receipts;
}
