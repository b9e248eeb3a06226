/**
 * Consistency proof verification: RFC 9162 §2.1.4.2 between two tree sizes, and the
 * subtree form of the Merkle Tree Certificates draft (draft-ietf-plants-merkle-tree-certs
 * §4.4.3: the subtree [start, end) with a known hash is part of the tree of `size`).
 */
import { HutongError } from '../errors.js';
import {
  bitLength,
  checkSize,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  popcount,
  shiftRight,
  trailingZeros,
  xor,
} from './bits.js';
import { bytesEqual } from './encoding.js';
import { checkHash, createNodeHasher, emptyRoot, type HashProvider } from './hash.js';
import { checkProofHashes, checkProofShape, checkSubtree } from './verify-inclusion.js';

function mismatch(field: string): HutongError {
  return new HutongError('ERR_MERKLE_ROOT_MISMATCH', { field, params: { field } });
}

function expectEmpty(proof: readonly Uint8Array[]): void {
  if (proof.length !== 0)
    throw new HutongError('ERR_MERKLE_PROOF_LENGTH', { field: 'proof', params: { expected: 0, actual: proof.length } });
}

/** Number of hashes in the consistency proof from size1 to size2 (0 < size1 < size2). */
export function consistencyProofLength(size1: number, size2: number): number {
  // The proof is the inclusion path of the last old leaf (size1 − 1) in the new tree,
  // starting at the level of the largest perfect subtree ending at size1, plus that
  // subtree's hash unless it is the whole old tree (size1 a power of two).
  const shift = trailingZeros(size1);
  const inner = bitLength(xor(size1 - 1, size2 - 1));
  const border = popcount(shiftRight(size1 - 1, inner));
  return (isPowerOfTwo(size1) ? 0 : 1) + (inner - shift) + border;
}

/**
 * Verifies that the tree of `size2` leaves with root `root2` extends the tree of `size1`
 * leaves with root `root1` (RFC 9162 §2.1.4.2). Returns normally or throws:
 * ERR_MERKLE_SIZE_ORDER, ERR_MERKLE_CONSISTENCY_FROM_EMPTY, ERR_MERKLE_PROOF_LENGTH,
 * ERR_MERKLE_HASH_SIZE, ERR_MERKLE_ROOT_MISMATCH (field `root1` or `root2`).
 *
 * Equal sizes need an empty proof and equal roots (the transparency-dev convention,
 * which RFC 9162 leaves undefined). Size 0 is refused: RFC 9162 §2.1.4 defines proofs
 * for 0 < size1 only, and every tree trivially extends the empty one, so a caller
 * (a witness, the checkpoint signer) handles that case itself.
 *
 * @example verifyConsistency(nobleHashProvider, 6, 8, proof, oldCheckpoint.rootHash, newCheckpoint.rootHash)
 */
export function verifyConsistency(
  hashes: HashProvider,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  if (size1 > size2) throw new HutongError('ERR_MERKLE_SIZE_ORDER', { field: 'size1', params: { size1, size2 } });
  if (size1 === 0) throw new HutongError('ERR_MERKLE_CONSISTENCY_FROM_EMPTY', { field: 'size1' });
  checkProofShape(proof);
  if (!(root1 instanceof Uint8Array)) checkHash(root1, 'root1');
  if (!(root2 instanceof Uint8Array)) checkHash(root2, 'root2');
  if (size1 === size2) {
    expectEmpty(proof);
    if (!bytesEqual(root1, root2)) throw mismatch('root2');
    return;
  }
  checkProofHashes(proof, consistencyProofLength(size1, size2));
  checkHash(root1, 'root1');
  checkHash(root2, 'root2');

  const hash = createNodeHasher(hashes);
  // Step 2: when size1 is a power of two the old root is itself a node of the new tree
  // and the proof omits it; put it back in front.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Steps 3–4: fn walks from the last old leaf, sn from the last new one; skip the
  // levels where the old tree's last node is a right child of a complete node.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (fn % 2 === 1 || fn === sn) {
      fr = hash(c, fr);
      sr = hash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7 (sn = 0 holds by construction once the length matched).
  if (!bytesEqual(fr, root1)) throw mismatch('root1');
  if (!bytesEqual(sr, root2)) throw mismatch('root2');
}

/**
 * Verifies that the subtree [start, end) whose hash is `subtreeHash` is part of the tree
 * of `size` leaves with root `root` (MTC draft §4.4.3). With start = 0 this is the RFC
 * 9162 consistency proof from size `end`. An empty subtree (start = end) is part of every
 * tree: it needs an empty proof and the empty-tree hash.
 *
 * @example verifySubtreeConsistency(nobleHashProvider, 4, 8, 14, proof, subtreeHash, root)
 */
export function verifySubtreeConsistency(
  hashes: HashProvider,
  start: number,
  end: number,
  size: number,
  proof: readonly Uint8Array[],
  subtreeHash: Uint8Array,
  root: Uint8Array,
): void {
  checkSize(start, 'start');
  checkSize(end, 'end');
  checkSize(size, 'size');
  checkSubtree(start, end, true);
  if (end > size) throw new HutongError('ERR_MERKLE_SIZE_ORDER', { field: 'end', params: { size1: end, size2: size } });
  checkProofShape(proof);
  if (!(subtreeHash instanceof Uint8Array)) checkHash(subtreeHash, 'subtreeHash');
  if (!(root instanceof Uint8Array)) checkHash(root, 'root');
  if (start === end) {
    expectEmpty(proof);
    if (!bytesEqual(subtreeHash, emptyRoot(hashes))) throw mismatch('subtreeHash');
    return;
  }
  if (start === 0 && end === size) {
    expectEmpty(proof);
    if (!bytesEqual(subtreeHash, root)) throw mismatch('root');
    return;
  }
  checkProofHashes(proof, subtreeConsistencyProofLength(start, end, size));
  checkHash(subtreeHash, 'subtreeHash');
  checkHash(root, 'root');

  const hash = createNodeHasher(hashes);
  let next = 0;
  const take = (): Uint8Array => proof[next++] as Uint8Array;
  // Mirrors the proof's recursive definition (RFC 9162 §2.1.4.1 SUBPROOF, generalised
  // by the draft to a subtree): returns the hashes of the node [0, n) as the old view
  // (only the subtree's leaves) and the new view (all n leaves). `known` says whether
  // the subtree's own hash is known to the verifier and therefore left out of the proof.
  const walk = (s: number, e: number, n: number, known: boolean): [Uint8Array, Uint8Array] => {
    if (s === 0 && e === n) {
      if (known) return [subtreeHash, subtreeHash];
      const p = take();
      return [p, p];
    }
    const k = largestPowerOfTwoBelow(n);
    if (e <= k) {
      const [o, w] = walk(s, e, k, known);
      return [o, hash(w, take())];
    }
    if (s >= k) {
      const [o, w] = walk(s - k, e - k, n - k, known);
      return [o, hash(take(), w)];
    }
    // s < k < e: only s = 0 for a valid subtree; the old view then spans the split.
    const [o, w] = walk(0, e - k, n - k, false);
    const p = take();
    return [hash(p, o), hash(p, w)];
  };
  const [oldView, newView] = walk(start, end, size, true);
  if (!bytesEqual(oldView, subtreeHash)) throw mismatch('subtreeHash');
  if (!bytesEqual(newView, root)) throw mismatch('root');
}

/** Number of hashes in the subtree consistency proof of [start, end) in a tree of `size`. */
export function subtreeConsistencyProofLength(start: number, end: number, size: number): number {
  let count = 0;
  let s = start;
  let e = end;
  let n = size;
  let known = true;
  for (;;) {
    if (s === 0 && e === n) return count + (known ? 0 : 1);
    const k = largestPowerOfTwoBelow(n);
    count++;
    if (e <= k) n = k;
    else if (s >= k) {
      s -= k;
      e -= k;
      n -= k;
    } else {
      e -= k;
      n -= k;
      known = false;
    }
  }
}
