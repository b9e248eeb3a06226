/**
 * Inclusion proof verification, RFC 9162 §2.1.3.2, and its subtree form from the
 * Merkle Tree Certificates draft (draft-ietf-plants-merkle-tree-certs §4.3, a proof
 * into the subtree [start, end) instead of the whole tree).
 */
import { HutongError } from '../errors.js';
import { bitCeil, bitLength, checkSize, popcount, shiftRight, xor } from './bits.js';
import { bytesEqual } from './encoding.js';
import { checkHash, createNodeHasher, HASH_SIZE, type HashProvider } from './hash.js';

/** Throws ERR_MERKLE_PROOF_MALFORMED unless `proof` is an array of Uint8Array (sizes checked later). */
export function checkProofShape(proof: unknown): readonly Uint8Array[] {
  if (!Array.isArray(proof) || !proof.every((p) => p instanceof Uint8Array)) {
    throw new HutongError('ERR_MERKLE_PROOF_MALFORMED', { field: 'proof' });
  }
  return proof as readonly Uint8Array[];
}

export function checkProofHashes(proof: readonly Uint8Array[], expected: number): void {
  if (proof.length !== expected) {
    throw new HutongError('ERR_MERKLE_PROOF_LENGTH', {
      field: 'proof',
      params: { expected, actual: proof.length },
    });
  }
  for (let i = 0; i < proof.length; i++) {
    // Build the field name only on failure: this runs for every hash of every proof.
    if ((proof[i] as Uint8Array).length !== HASH_SIZE) checkHash(proof[i], `proof[${i}]`);
  }
}

/**
 * Throws ERR_MERKLE_SUBTREE_INVALID unless [start, end) is a subtree of the MTC draft
 * (§4.1): start < end and start a multiple of BIT_CEIL(end − start), so that the
 * subtree is a node (perfect or on a right border) of every tree that contains it.
 */
export function checkSubtree(start: number, end: number, allowEmpty = false): void {
  const fail = (reason: string, reasonZh: string): never => {
    throw new HutongError('ERR_MERKLE_SUBTREE_INVALID', {
      field: 'start',
      params: { start, end, reason },
      zhParams: { reason: reasonZh },
    });
  };
  if (start > end) fail('start is after end', 'start 在 end 之后');
  if (start === end) {
    if (!allowEmpty) fail('the subtree is empty', '子树为空');
    return;
  }
  if (start % bitCeil(end - start) !== 0)
    fail(
      'start is not a multiple of the smallest power of two ≥ end − start',
      'start 不是不小于 end − start 的最小 2 的幂的整数倍',
    );
}

/** Number of hashes in the inclusion proof of `index` in a tree of `size` leaves. */
export function inclusionProofLength(index: number, size: number): number {
  // Split where the paths to `index` and to `size − 1` diverge: below it every level
  // has a sibling; above it only the levels where `index` is a right child do.
  const inner = bitLength(xor(index, size - 1));
  return inner + popcount(shiftRight(index, inner));
}

/**
 * Recomputes the root hash of a tree of `size` leaves from the leaf hash at `index`
 * and its inclusion proof (RFC 9162 §2.1.3.2, steps 1–5, without the final
 * comparison). Throws ERR_MERKLE_* for impossible indexes and malformed proofs.
 *
 * @example rootFromInclusionProof(nobleHashProvider, 5, 8, leaf, proof) // 32 bytes
 */
export function rootFromInclusionProof(
  hashes: HashProvider,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) {
    throw new HutongError('ERR_MERKLE_INDEX_OUT_OF_RANGE', { field: 'index', params: { index, start: 0, end: size } });
  }
  checkProofShape(proof);
  checkHash(leafHash, 'leafHash');
  const inner = bitLength(xor(index, size - 1));
  checkProofHashes(proof, inner + popcount(shiftRight(index, inner)));

  const hash = createNodeHasher(hashes);
  let r = leafHash;
  let fn = index;
  // RFC 9162 §2.1.3.2 step 4 in two phases: while fn ≠ sn the sibling side follows
  // LSB(fn); once the path reaches the right border (fn = sn) every remaining proof
  // hash is a left sibling, and levels where fn is a left child are skipped.
  for (let i = 0; i < inner; i++) {
    const p = proof[i] as Uint8Array;
    r = fn % 2 === 0 ? hash(r, p) : hash(p, r);
    fn = Math.floor(fn / 2);
  }
  for (let i = inner; i < proof.length; i++) r = hash(proof[i] as Uint8Array, r);
  return r;
}

/**
 * Verifies that `leafHash` is the entry at `index` of the tree of `size` leaves whose
 * root hash is `root` (RFC 9162 §2.1.3.2). Returns normally or throws a HutongError:
 * ERR_MERKLE_INDEX_OUT_OF_RANGE, ERR_MERKLE_PROOF_LENGTH, ERR_MERKLE_HASH_SIZE,
 * ERR_MERKLE_ROOT_MISMATCH…
 *
 * @example verifyInclusion(nobleHashProvider, 5, 8, leafHash(entry), proof, checkpoint.rootHash)
 */
export function verifyInclusion(
  hashes: HashProvider,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const computed = rootFromInclusionProof(hashes, index, size, leafHash, proof);
  checkHash(root, 'root');
  if (!bytesEqual(computed, root))
    throw new HutongError('ERR_MERKLE_ROOT_MISMATCH', { field: 'root', params: { field: 'root' } });
}

/**
 * Verifies that `leafHash` is the entry at `index` inside the subtree [start, end) whose
 * hash is `subtreeHash` (MTC draft §4.3): the proof is an ordinary inclusion proof in
 * a tree of end − start leaves at index − start.
 *
 * @example verifySubtreeInclusion(nobleHashProvider, 9, 8, 12, leaf, proof, subtreeHash)
 */
export function verifySubtreeInclusion(
  hashes: HashProvider,
  index: number,
  start: number,
  end: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  subtreeHash: Uint8Array,
): void {
  checkSize(index, 'index');
  checkSize(start, 'start');
  checkSize(end, 'end');
  checkSubtree(start, end);
  if (index < start || index >= end) {
    throw new HutongError('ERR_MERKLE_INDEX_OUT_OF_RANGE', { field: 'index', params: { index, start, end } });
  }
  const computed = rootFromInclusionProof(hashes, index - start, end - start, leafHash, proof);
  checkHash(subtreeHash, 'subtreeHash');
  if (!bytesEqual(computed, subtreeHash)) {
    throw new HutongError('ERR_MERKLE_ROOT_MISMATCH', { field: 'subtreeHash', params: { field: 'subtreeHash' } });
  }
}
