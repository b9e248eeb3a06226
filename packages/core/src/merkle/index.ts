// Public surface of `merkle/`: RFC 9162 Merkle trees, proofs, compact ranges, C2SP tiles,
// signed notes, checkpoints, cosignatures and the witness logic. See README.md here.

export {
  type Checkpoint,
  type CheckpointInput,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  type VerifiedCheckpoint,
} from './checkpoint.js';
export { CheckpointSigner, type CheckpointSignerOptions, type SignedTreeHeadState } from './checkpoint-signer.js';
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
  formatKeyId,
  formatSignatureLine,
  isValidKeyName,
  MAX_NOTE_BYTES,
  MAX_NOTE_SIGNATURES,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
  openNote,
  type ParsedNote,
  parseNote,
  signerNames,
  signNote,
} from './note.js';
export {
  type CosignatureNoteKey,
  cosignatureMessage,
  cosignatureNoteKey,
  cosignatureTimestamp,
  type Ed25519NoteKey,
  ed25519NoteKey,
  formatVerifierKey,
  generateEd25519NoteKey,
  NOTE_SIGNATURE_TYPE,
  noteKeyId,
  type ParsedVerifierKey,
  parseSignerKey,
  parseVerifierKey,
  SM2_NOTE_KEY_TYPE,
  type Sm2KeyImporter,
  sm2NoteSigner,
  sm2NoteVerifier,
} from './note-keys.js';
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
  LOG_ENTRY_VERSION,
  LOG_RECEIPT_FORMAT,
  type LogEntry,
  type LogReceipt,
  logCommitment,
  logFieldKey,
  parseLogEntry,
  type VerifiedLogReceipt,
  type VerifyLogReceiptOptions,
  verifyLogReceipt,
} from './receipt.js';
export {
  formatEntryBundle,
  formatEntryBundlePath,
  formatTileIndex,
  formatTilePath,
  MAX_TILE_LEVEL,
  parseEntryBundle,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
  type TileCoordinates,
  type TilePath,
  TileTreeReader,
  tileNodes,
  tileOfNode,
  tilesOfTree,
  tilesToWrite,
} from './tiles.js';
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
export {
  type AddCheckpointRequest,
  type CosignedTreeHead,
  type ForkEvidence,
  formatAddCheckpointRequest,
  MAX_WITNESS_PROOF_LINES,
  parseAddCheckpointRequest,
  type WitnessedLog,
  type WitnessOutcome,
  witnessAddCheckpoint,
} from './witness.js';
