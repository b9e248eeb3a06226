// Public surface of `merkle/`: RFC 9162 Merkle trees, proofs, compact ranges, C2SP tiles,
// signed notes, checkpoints, cosignatures and the witness logic. See README.md here.
export { CompactRange, type CompactRangeState, type CompletedNode } from './compact-range.js';
export {
  emptyRoot,
  HASH_SIZE,
  type HashProvider,
  leafHash,
  nobleHashProvider,
  nodeHash,
  rootFromLeafHashes,
} from './hash.js';
export { MemoryTree } from './memory-tree.js';
export {
  consistencyProof,
  inclusionProof,
  planConsistencyProof,
  planInclusionProof,
  planSubtreeConsistencyProof,
  planSubtreeInclusionProof,
  subtreeConsistencyProof,
  subtreeInclusionProof,
} from './proofs.js';
export {
  assembleProof,
  type LeafRange,
  type NodeId,
  nodesForRange,
  type ProofPlan,
  type TreeReader,
  treeRootHash,
} from './tree-reader.js';
export {
  consistencyProofLength,
  subtreeConsistencyProofLength,
  verifyConsistency,
  verifySubtreeConsistency,
} from './verify-consistency.js';
export {
  inclusionProofLength,
  rootFromInclusionProof,
  verifyInclusion,
  verifySubtreeInclusion,
} from './verify-inclusion.js';
