/**
 * Inclusion proofs (RFC 9162 §2.1.3) from the stored subtree hashes, for an entry given by
 * its index or by the licence identifier and version it records, into the published tree
 * or any smaller one.
 */
import { isHutongError, licenceIdParts, parseLicenceId } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import { seriesOfParts } from '../library/licence-records.js';
import type { Database } from '../store/database.js';
import { unpackJson } from '../store/packed-json.js';
import { toBase64 } from './base64.js';
import { eventOfEntry } from './log-entry.js';
import { logTreeStoreFor } from './log-tree-store.js';
import { type PublishedCheckpoint, requirePublishedCheckpoint } from './read-checkpoint.js';

/** The events whose entry stands for a licence version (the issuance of a first or a later version). */
export const VERSION_EVENTS = ['licence.issued', 'licence.version'] as const;

/** Whether a stored (packed) entry records a licence version: {@link VERSION_EVENTS}. */
export function isVersionEntry(packed: Uint8Array): boolean {
  return (VERSION_EVENTS as readonly string[]).includes(eventOfEntry(unpackJson(packed)));
}

export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  /** Standard base64, as in C2SP text formats. */
  readonly leafHash: string;
  readonly proof: readonly string[];
  readonly rootHash: string;
  /** The published checkpoint note, when `size` is its size. */
  readonly checkpoint?: string | undefined;
}

function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ServerError('ERR_LOG_QUERY_INVALID', {
      field,
      params: { reason: `${field} must be a non-negative integer` },
      zhParams: { reason: `${field} 须为非负整数` },
    });
  }
}

/**
 * The tree size a request asks about: the published one by default; never beyond it.
 */
function sizeFor(checkpoint: PublishedCheckpoint, size: number | undefined, field: string): number {
  if (size === undefined) return checkpoint.size;
  checkCount(size, field);
  if (size > checkpoint.size) {
    throw new ServerError('ERR_LOG_SIZE_BEYOND_TREE', { field, params: { size, treeSize: checkpoint.size } });
  }
  return size;
}

/**
 * The inclusion proof of entry `index` in the tree of `size` entries (default: the
 * published checkpoint's). ERR_LOG_INDEX_OUT_OF_RANGE, ERR_LOG_SIZE_BEYOND_TREE (400).
 *
 * @example const { proof, rootHash } = await proveInclusion(ctx.store.db, { index: 42 });
 */
export async function proveInclusion(
  db: Kysely<Database>,
  request: { readonly index: number; readonly size?: number | undefined },
): Promise<InclusionProof> {
  checkCount(request.index, 'index');
  const checkpoint = await requirePublishedCheckpoint(db);
  const size = sizeFor(checkpoint, request.size, 'size');
  if (request.index >= size) {
    throw new ServerError('ERR_LOG_INDEX_OUT_OF_RANGE', { field: 'index', params: { index: request.index, size } });
  }
  const row = await db
    .selectFrom('log_entries')
    .select('leaf_hash')
    .where('idx', '=', request.index)
    .executeTakeFirst();
  if (row === undefined)
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: `entry ${request.index} is missing` },
      zhParams: { reason: `条目 ${request.index} 缺失` },
    });
  const tree = logTreeStoreFor(db);
  const proof = await tree.inclusionProof(size, request.index);
  const rootHash = size === checkpoint.size ? checkpoint.rootHash : await tree.rootHash(size);
  return {
    index: request.index,
    size,
    leafHash: toBase64(row.leaf_hash),
    proof: proof.map(toBase64),
    rootHash: toBase64(rootHash),
    ...(size === checkpoint.size ? { checkpoint: checkpoint.note } : {}),
  };
}

/** A licence series and version, from an identifier and an optional other version of it. */
export function licenceVersionOf(identifier: string, version?: string): { series: string; version: string } {
  let parts: ReturnType<typeof licenceIdParts>;
  try {
    parts = licenceIdParts(parseLicenceId(identifier));
  } catch (cause) {
    if (!isHutongError(cause)) throw cause;
    throw new ServerError('ERR_LOG_IDENTIFIER_INVALID', {
      field: 'identifier',
      params: { reason: cause.message },
      zhParams: { reason: cause.localize('zh-CN') },
      cause,
    });
  }
  if (version !== undefined && !/^[0-9]{3}$/.test(version)) {
    throw new ServerError('ERR_LOG_IDENTIFIER_INVALID', {
      field: 'version',
      params: { reason: 'a version is 3 digits' },
      zhParams: { reason: '版本号为 3 位数字' },
    });
  }
  return { series: seriesOfParts(parts), version: version ?? parts.version };
}

/**
 * The index of the entry that issued a licence version (identifier, optionally another
 * version of the same licence). ERR_LOG_ENTRY_NOT_FOUND (404) when the log has none.
 *
 * @example const index = await findVersionEntry(db, '1.2.156.3005.2.….001.F', '002');
 */
export async function findVersionEntry(db: Kysely<Database>, identifier: string, version?: string): Promise<number> {
  const wanted = licenceVersionOf(identifier, version);
  // The few entries of one version (its issuance, status changes …), by the series index;
  // the event is read from each entry (migration 0025 dropped the column that copied it).
  const rows = await db
    .selectFrom('log_entries')
    .select(['idx', 'entry'])
    .where('series', '=', wanted.series)
    .where('version', '=', wanted.version)
    .orderBy('idx')
    .execute();
  const row = rows.find((r) => isVersionEntry(r.entry));
  if (row === undefined) {
    throw new ServerError('ERR_LOG_ENTRY_NOT_FOUND', {
      field: 'identifier',
      params: { target: `${wanted.series} version ${wanted.version}` },
    });
  }
  return Number(row.idx);
}
