/**
 * How proof generation reads a stored tree. A log stores the hashes of *complete*
 * subtrees (a tile store holds them 256 at a time, C2SP tlog-tiles); a proof needs
 * some of them plus a few ephemeral right-border nodes, which are hashed from complete
 * ones. Generation is therefore split in three steps so that a synchronous store
 * (memory, SQLite) and an asynchronous one (PostgreSQL, object storage) share it:
 *
 *   1. plan    — which complete nodes the proof needs (`planInclusionProof` …),
 *   2. read    — the store returns their hashes, in one batch,
 *   3. assemble — `assembleProof` folds them into the proof hashes.
 *
 * The `inclusionProof`/`consistencyProof` helpers run the three steps against a
 * synchronous `TreeReader`.
 */
import { HutongError } from '../errors.js';
import { bitLength, checkSize } from './bits.js';
import { createNodeHasher, emptyRoot, HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';

/**
 * A complete (perfect) subtree of the log: the node at `level` (0 = leaves) and `index`
 * covers the leaves [index · 2^level, (index + 1) · 2^level).
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Read access to stored hashes of complete subtrees; what a tile store implements. */
export interface TreeReader {
  /**
   * The hash of every requested complete subtree, in the requested order. A store that
   * lacks one MUST throw (ERR_MERKLE_NODE_UNAVAILABLE) rather than return a placeholder.
   */
  readNodeHashes(nodes: readonly NodeId[]): readonly Uint8Array[];
}

/**
 * The stored nodes a proof needs. Proof hash i is the Merkle Tree Hash of the next
 * `groups[i]` nodes of `nodes` (1 for a stored node; more for an ephemeral
 * right-border node, folded right to left as RFC 9162 §2.1.1 splits it).
 */
export interface ProofPlan {
  readonly nodes: readonly NodeId[];
  readonly groups: readonly number[];
}

/** A range of leaves [start, end) whose Merkle Tree Hash is one proof hash. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Decomposes [start, end) — a valid subtree range, as every range in an RFC 9162
 * proof is — into the complete subtrees that cover it, largest first. Its MTH is
 * the right-to-left fold of their hashes.
 */
export function nodesForRange(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let s = start;
  while (s < end) {
    // The largest power of two ≤ the remaining length; `s` is aligned to it because a
    // valid subtree range starts at a multiple of BIT_CEIL(end − start).
    const level = bitLength(end - s) - 1;
    const size = 2 ** level;
    nodes.push({ level, index: s / size });
    s += size;
  }
  return nodes;
}

/** Turns the proof ranges of a generation algorithm into a plan of stored nodes. */
export function planFromRanges(ranges: readonly LeafRange[]): ProofPlan {
  const nodes: NodeId[] = [];
  const groups: number[] = [];
  for (const r of ranges) {
    const part = nodesForRange(r.start, r.end);
    nodes.push(...part);
    groups.push(part.length);
  }
  return { nodes, groups };
}

/**
 * Step 3: folds the stored node hashes read for `plan` into the proof hashes.
 * Throws ERR_MERKLE_NODE_UNAVAILABLE when the store answered the wrong number of
 * hashes or a hash of the wrong size.
 *
 * @example const plan = planInclusionProof(size, index);
 *          const proof = assembleProof(plan, await store.readNodeHashes(plan.nodes));
 */
export function assembleProof(
  plan: ProofPlan,
  nodeHashes: readonly Uint8Array[],
  hashes: HashProvider = nobleHashProvider,
): Uint8Array[] {
  if (nodeHashes.length !== plan.nodes.length) {
    const missing = plan.nodes[Math.min(nodeHashes.length, plan.nodes.length - 1)] ?? { level: 0, index: 0 };
    throw new HutongError('ERR_MERKLE_NODE_UNAVAILABLE', { field: 'nodeHashes', params: { ...missing } });
  }
  nodeHashes.forEach((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
      throw new HutongError('ERR_MERKLE_NODE_UNAVAILABLE', {
        field: 'nodeHashes',
        params: { ...(plan.nodes[i] as NodeId) },
      });
    }
  });
  const hash = createNodeHasher(hashes);
  const proof: Uint8Array[] = [];
  let offset = 0;
  for (const count of plan.groups) {
    let h = nodeHashes[offset + count - 1] as Uint8Array;
    for (let j = offset + count - 2; j >= offset; j--) h = hash(nodeHashes[j] as Uint8Array, h);
    proof.push(h);
    offset += count;
  }
  return proof;
}

/**
 * The root hash of the tree of `size` leaves, read from a store that may be larger
 * (a log answers "what was the root at size N" from its stored complete subtrees).
 *
 * @example treeRootHash(checkpoint.size, store) // equals checkpoint.rootHash
 */
export function treeRootHash(size: number, reader: TreeReader, hashes: HashProvider = nobleHashProvider): Uint8Array {
  checkSize(size, 'size');
  if (size === 0) return emptyRoot(hashes);
  const plan = planFromRanges([{ start: 0, end: size }]);
  const [root] = assembleProof(plan, reader.readNodeHashes(plan.nodes), hashes);
  return root as Uint8Array;
}
