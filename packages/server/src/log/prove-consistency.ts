/** Consistency proofs (RFC 9162 §2.1.4) between two sizes of the published tree. */
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { toBase64 } from './base64.js';
import { logTreeStoreFor } from './log-tree-store.js';
import { requirePublishedCheckpoint } from './read-checkpoint.js';

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
  readonly fromRoot: string;
  readonly toRoot: string;
  /** The published checkpoint note, when `to` is its size. */
  readonly checkpoint?: string | undefined;
}

function checkSize(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    // RFC 9162 §2.1.4: consistency is defined from a non-empty tree (0 < m ≤ n).
    throw new ServerError('ERR_LOG_QUERY_INVALID', {
      field,
      params: { reason: `${field} must be an integer of at least 1` },
      zhParams: { reason: `${field} 须为不小于 1 的整数` },
    });
  }
}

/**
 * The consistency proof from size `from` to size `to` (default: the published size).
 * ERR_LOG_QUERY_INVALID, ERR_LOG_SIZE_ORDER, ERR_LOG_SIZE_BEYOND_TREE (400).
 *
 * @example const { proof } = await proveConsistency(ctx.store.db, { from: savedSize });
 */
export async function proveConsistency(
  db: Kysely<Database>,
  request: { readonly from: number; readonly to?: number | undefined },
): Promise<ConsistencyProof> {
  checkSize(request.from, 'from');
  const checkpoint = await requirePublishedCheckpoint(db);
  const to = request.to ?? checkpoint.size;
  checkSize(to, 'to');
  if (to > checkpoint.size)
    throw new ServerError('ERR_LOG_SIZE_BEYOND_TREE', { field: 'to', params: { size: to, treeSize: checkpoint.size } });
  if (request.from > to)
    throw new ServerError('ERR_LOG_SIZE_ORDER', { field: 'from', params: { from: request.from, to } });
  const tree = logTreeStoreFor(db);
  const proof = await tree.consistencyProof(request.from, to);
  const toRoot = to === checkpoint.size ? checkpoint.rootHash : await tree.rootHash(to);
  return {
    from: request.from,
    to,
    proof: proof.map(toBase64),
    fromRoot: toBase64(await tree.rootHash(request.from)),
    toRoot: toBase64(toRoot),
    ...(to === checkpoint.size ? { checkpoint: checkpoint.note } : {}),
  };
}
