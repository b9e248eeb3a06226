/**
 * Proof generation from stored subtree hashes: RFC 9162 §2.1.3.1 (inclusion) and
 * §2.1.4.1 (consistency), and the subtree forms of the Merkle Tree Certificates draft
 * (draft-ietf-plants-merkle-tree-certs §4.3 and §4.4). Each proof is first *planned*
 * as the leaf ranges whose hashes it lists, then read from a `TreeReader` (see
 * tree-reader.ts for the plan → read → assemble split).
 */
import { HutongError } from '../errors.js';
import { checkSize, largestPowerOfTwoBelow } from './bits.js';
import { type HashProvider, nobleHashProvider } from './hash.js';
import { assembleProof, type LeafRange, type ProofPlan, planFromRanges, type TreeReader } from './tree-reader.js';
import { checkSubtree } from './verify-inclusion.js';

/** PATH(m, D[start:end]) of RFC 9162 §2.1.3.1 as leaf ranges, deepest first. */
function inclusionRanges(index: number, start: number, end: number): LeafRange[] {
  const out: LeafRange[] = [];
  let lo = start;
  let hi = end;
  // Walk from the root down; siblings are collected top-down and reversed at the end.
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      out.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      out.push({ start: lo, end: lo + k });
      lo += k;
    }
  }
  return out.reverse();
}

/**
 * SUBPROOF of RFC 9162 §2.1.4.1, generalised by the MTC draft to a subtree
 * [start, end) of the node [lo, lo + n): the ranges in proof order (deepest first).
 */
function consistencyRanges(start: number, end: number, size: number): LeafRange[] {
  const out: LeafRange[] = [];
  let s = start;
  let e = end;
  let lo = 0;
  let n = size;
  let known = true;
  for (;;) {
    if (s === 0 && e === n) {
      if (!known) out.push({ start: lo, end: lo + n });
      return out.reverse();
    }
    const k = largestPowerOfTwoBelow(n);
    if (e <= k) {
      out.push({ start: lo + k, end: lo + n });
      n = k;
    } else if (s >= k) {
      out.push({ start: lo, end: lo + k });
      s -= k;
      e -= k;
      lo += k;
      n -= k;
    } else {
      // s = 0 < k < e: the old tree spans the split, so its hash is no longer a node
      // of the new tree and must be rebuilt from the proof (b = false).
      out.push({ start: lo, end: lo + k });
      e -= k;
      lo += k;
      n -= k;
      known = false;
    }
  }
}

/**
 * The stored nodes needed for the inclusion proof of leaf `index` in the tree of
 * `size` leaves.
 *
 * @example planInclusionProof(8, 5).nodes // [{level:0,index:4},{level:1,index:3},{level:2,index:0}]
 */
export function planInclusionProof(size: number, index: number): ProofPlan {
  checkSize(size, 'size');
  checkSize(index, 'index');
  if (index >= size) {
    throw new HutongError('ERR_MERKLE_INDEX_OUT_OF_RANGE', { field: 'index', params: { index, start: 0, end: size } });
  }
  return planFromRanges(inclusionRanges(index, 0, size));
}

/** The stored nodes needed for the inclusion proof of leaf `index` in the subtree [start, end). */
export function planSubtreeInclusionProof(start: number, end: number, index: number): ProofPlan {
  checkSize(start, 'start');
  checkSize(end, 'end');
  checkSize(index, 'index');
  checkSubtree(start, end);
  if (index < start || index >= end) {
    throw new HutongError('ERR_MERKLE_INDEX_OUT_OF_RANGE', { field: 'index', params: { index, start, end } });
  }
  return planFromRanges(inclusionRanges(index, start, end));
}

/**
 * The stored nodes needed for the consistency proof from `size1` to `size2`
 * (0 < size1 ≤ size2; equal sizes give an empty proof).
 *
 * @example planConsistencyProof(6, 8).groups.length // 3 hashes
 */
export function planConsistencyProof(size1: number, size2: number): ProofPlan {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  if (size1 > size2) throw new HutongError('ERR_MERKLE_SIZE_ORDER', { field: 'size1', params: { size1, size2 } });
  if (size1 === 0) throw new HutongError('ERR_MERKLE_CONSISTENCY_FROM_EMPTY', { field: 'size1' });
  return planFromRanges(consistencyRanges(0, size1, size2));
}

/** The stored nodes needed to prove the subtree [start, end) is part of the tree of `size`. */
export function planSubtreeConsistencyProof(start: number, end: number, size: number): ProofPlan {
  checkSize(start, 'start');
  checkSize(end, 'end');
  checkSize(size, 'size');
  checkSubtree(start, end, true);
  if (end > size) throw new HutongError('ERR_MERKLE_SIZE_ORDER', { field: 'end', params: { size1: end, size2: size } });
  if (start === end) return { nodes: [], groups: [] };
  return planFromRanges(consistencyRanges(start, end, size));
}

/**
 * The inclusion proof of leaf `index` in the tree of `size` leaves, read from stored
 * subtree hashes (RFC 9162 §2.1.3.1).
 *
 * @example inclusionProof(tree.size, 5, tree) // verifies with verifyInclusion
 */
export function inclusionProof(
  size: number,
  index: number,
  reader: TreeReader,
  hashes: HashProvider = nobleHashProvider,
): Uint8Array[] {
  const plan = planInclusionProof(size, index);
  return assembleProof(plan, reader.readNodeHashes(plan.nodes), hashes);
}

/**
 * The consistency proof from `size1` to `size2`, read from stored subtree hashes
 * (RFC 9162 §2.1.4.1).
 *
 * @example consistencyProof(oldCheckpoint.size, tree.size, tree)
 */
export function consistencyProof(
  size1: number,
  size2: number,
  reader: TreeReader,
  hashes: HashProvider = nobleHashProvider,
): Uint8Array[] {
  const plan = planConsistencyProof(size1, size2);
  return assembleProof(plan, reader.readNodeHashes(plan.nodes), hashes);
}

/** The inclusion proof of leaf `index` in the subtree [start, end) (MTC draft §4.3). */
export function subtreeInclusionProof(
  start: number,
  end: number,
  index: number,
  reader: TreeReader,
  hashes: HashProvider = nobleHashProvider,
): Uint8Array[] {
  const plan = planSubtreeInclusionProof(start, end, index);
  return assembleProof(plan, reader.readNodeHashes(plan.nodes), hashes);
}

/** The proof that the subtree [start, end) is part of the tree of `size` (MTC draft §4.4). */
export function subtreeConsistencyProof(
  start: number,
  end: number,
  size: number,
  reader: TreeReader,
  hashes: HashProvider = nobleHashProvider,
): Uint8Array[] {
  const plan = planSubtreeConsistencyProof(start, end, size);
  return assembleProof(plan, reader.readNodeHashes(plan.nodes), hashes);
}
