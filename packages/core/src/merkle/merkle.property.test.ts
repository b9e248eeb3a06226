/**
 * Properties of generation and verification together: for every m < n ≤ 300 (all of them,
 * as issue 4 asks), the generated consistency proof verifies and a log forked before m
 * fails (every pair, against a fork point cycling through [0, m); every fork point of every
 * pair exhaustively for n ≤ 24, and sampled above); inclusion proofs of every index verify; the
 * subtree proofs of the MTC draft agree with RFC 9162's; and the arithmetic holds past
 * 2^32 leaves, where JavaScript's 32-bit bitwise operators would break.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { CompactRange } from './compact-range.js';
import { createNodeHasher, emptyRoot, nobleHashProvider as H, leafHash, rootFromLeafHashes } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { consistencyProof, inclusionProof, subtreeConsistencyProof, subtreeInclusionProof } from './proofs.js';
import { type NodeId, type TreeReader, treeRootHash } from './tree-reader.js';
import {
  consistencyProofLength,
  subtreeConsistencyProofLength,
  verifyConsistency,
  verifySubtreeConsistency,
} from './verify-consistency.js';
import { inclusionProofLength, verifyInclusion, verifySubtreeInclusion } from './verify-inclusion.js';

const MAX = 300;
const entry = (i: number, tag = 'entry'): Uint8Array => new TextEncoder().encode(`${tag} ${i}`);
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(entry(i)));
const tree = new MemoryTree();
tree.appendAll(leaves);
/** Roots at every size, computed independently of the tree store (straight RFC 9162 §2.1.1). */
const roots = Array.from({ length: MAX + 1 }, (_, n) => rootFromLeafHashes(leaves.slice(0, n)));

/** MTH(D[start:end]) by the RFC's recursive definition, as an oracle. */
function mth(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot();
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return createNodeHasher(H)(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

function forkedTree(n: number, forkAt: number): MemoryTree {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(i === forkAt ? leafHash(entry(i, 'forked')) : (leaves[i] as Uint8Array));
  return t;
}

function codeOf(run: () => void): string {
  try {
    run();
  } catch (e) {
    if (e instanceof HutongError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('roots', () => {
  it('the compact range, the stored tree and the recursive definition agree at every size', () => {
    const range = CompactRange.empty();
    for (let n = 0; n <= MAX; n++) {
      expect(range.rootHash()).toEqual(roots[n]);
      expect(treeRootHash(n, tree)).toEqual(roots[n]);
      if (n <= 64) expect(mth(leaves.slice(0, n))).toEqual(roots[n]);
      if (n < MAX) range.append(leaves[n] as Uint8Array);
    }
  });
});

describe('inclusion proofs', () => {
  it('verify for every index of every size n ≤ 300, with the predicted length', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(n, i, tree);
        expect(proof.length).toBe(inclusionProofLength(i, n));
        verifyInclusion(H, i, n, leaves[i] as Uint8Array, proof, roots[n] as Uint8Array);
      }
    }
  });

  it('fail for another leaf, another index, or a flipped bit (sampled)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: MAX }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, bit) => {
        const i = a % n;
        const j = b % n;
        const proof = inclusionProof(n, i, tree);
        const root = roots[n] as Uint8Array;
        if (j !== i) {
          expect(codeOf(() => verifyInclusion(H, i, n, leaves[j] as Uint8Array, proof, root))).toBe(
            'ERR_MERKLE_ROOT_MISMATCH',
          );
          expect(codeOf(() => verifyInclusion(H, j, n, leaves[i] as Uint8Array, proof, root))).not.toBe('OK');
        }
        if (proof.length > 0) {
          const bad = proof.map((p) => Uint8Array.from(p));
          const at = bit % (bad.length * 256);
          const hash = bad[Math.floor(at / 256)] as Uint8Array;
          const byte = Math.floor((at % 256) / 8);
          hash[byte] = (hash[byte] as number) ^ (1 << (at % 8));
          expect(codeOf(() => verifyInclusion(H, i, n, leaves[i] as Uint8Array, bad, root))).toBe(
            'ERR_MERKLE_ROOT_MISMATCH',
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('consistency proofs', () => {
  const check = (m: number, n: number): void => {
    const proof = consistencyProof(m, n, tree);
    expect(proof.length).toBe(m === n ? 0 : consistencyProofLength(m, n));
    verifyConsistency(H, m, n, proof, roots[m] as Uint8Array, roots[n] as Uint8Array);
    // RFC 9162 consistency is the MTC draft's subtree consistency with start = 0.
    verifySubtreeConsistency(H, 0, m, n, proof, roots[m] as Uint8Array, roots[n] as Uint8Array);
  };

  it(`verify for every 0 < m ≤ n ≤ ${MAX}`, () => {
    for (let n = 1; n <= MAX; n++) for (let m = 1; m <= n; m++) check(m, n);
  });

  it(`fail for a log forked before m, for every 0 < m < n ≤ ${MAX}`, () => {
    // One forked log of MAX leaves per fork point, built when first needed; pair (m, n) is
    // checked against fork point (n² + m − 2) mod m: over all pairs every point of [0, MAX − 1)
    // comes up (the last assertion), spread rather than always the first or last leaf.
    const forks = new Map<number, MemoryTree>();
    const failures: string[] = [];
    for (let n = 2; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        const forkAt = (n * n + m - 2) % m;
        let forked = forks.get(forkAt);
        if (forked === undefined) {
          forked = forkedTree(MAX, forkAt);
          forks.set(forkAt, forked);
        }
        const forkedRoot = treeRootHash(n, forked);
        const code = codeOf(() =>
          verifyConsistency(H, m, n, consistencyProof(m, n, forked), roots[m] as Uint8Array, forkedRoot),
        );
        if (code !== 'ERR_MERKLE_ROOT_MISMATCH') failures.push(`m=${m} n=${n} fork=${forkAt}: ${code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(forks.size).toBe(MAX - 1);
  });

  it('fail for a log forked at any point before m (exhaustive for n ≤ 24)', () => {
    for (let n = 2; n <= 24; n++) {
      for (let forkAt = 0; forkAt < n; forkAt++) {
        const forked = forkedTree(n, forkAt);
        for (let m = forkAt + 1; m < n; m++) {
          // The forked log's own proof cannot connect the honest old root to its new root…
          const code = codeOf(() =>
            verifyConsistency(H, m, n, consistencyProof(m, n, forked), roots[m] as Uint8Array, forked.rootHash()),
          );
          expect(code, `m=${m} n=${n} fork=${forkAt}`).toBe('ERR_MERKLE_ROOT_MISMATCH');
          // …nor can the honest proof reach the forked root.
          expect(
            codeOf(() =>
              verifyConsistency(H, m, n, consistencyProof(m, n, tree), roots[m] as Uint8Array, forked.rootHash()),
            ),
          ).toBe('ERR_MERKLE_ROOT_MISMATCH');
        }
      }
    }
  });

  it(`fail for a log forked at any point (sampled, n ≤ ${MAX})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: MAX }), fc.nat(), fc.nat(), (n, a, b) => {
        const m = (a % (n - 1)) + 1; // 1 ≤ m < n
        const forkAt = b % m; // the fork changes an entry the old tree already had
        const forked = forkedTree(n, forkAt);
        expect(
          codeOf(() =>
            verifyConsistency(H, m, n, consistencyProof(m, n, forked), roots[m] as Uint8Array, forked.rootHash()),
          ),
        ).toBe('ERR_MERKLE_ROOT_MISMATCH');
      }),
      { numRuns: 300 },
    );
  });
});

/** Valid subtrees [start, end) of a tree of `size` (MTC draft §4.1). */
const subtreeArb = fc
  .record({ size: fc.integer({ min: 1, max: MAX }), level: fc.integer({ min: 0, max: 8 }), a: fc.nat(), b: fc.nat() })
  .map(({ size, level, a, b }) => {
    const width = 2 ** Math.min(level, Math.floor(Math.log2(size)));
    const start = (a % Math.floor(size / width)) * width;
    const end = start + 1 + (b % Math.min(width, size - start));
    return { size, start, end };
  });

describe('subtree proofs (MTC draft)', () => {
  it('subtree inclusion and consistency proofs verify against the recursive MTH', () => {
    fc.assert(
      fc.property(subtreeArb, fc.nat(), ({ size, start, end }, k) => {
        const subtreeHash = mth(leaves.slice(start, end));
        const proof = subtreeConsistencyProof(start, end, size, tree);
        expect(proof.length).toBe(start === 0 && end === size ? 0 : subtreeConsistencyProofLength(start, end, size));
        verifySubtreeConsistency(H, start, end, size, proof, subtreeHash, roots[size] as Uint8Array);
        const index = start + (k % (end - start));
        verifySubtreeInclusion(
          H,
          index,
          start,
          end,
          leaves[index] as Uint8Array,
          subtreeInclusionProof(start, end, index, tree),
          subtreeHash,
        );
        // A different subtree hash is refused.
        if (end - start > 1 || start > 0) {
          const other = mth(leaves.slice(start, end - 1 > start ? end - 1 : end + 0).concat(leafHash(entry(-1))));
          expect(
            codeOf(() => verifySubtreeConsistency(H, start, end, size, proof, other, roots[size] as Uint8Array)),
          ).not.toBe('OK');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reproduces the Boulder example: [4, 8) in 14 is proven by MTH(D[0:4]) and MTH(D[8:14])', () => {
    expect(subtreeConsistencyProof(4, 8, 14, tree)).toEqual([mth(leaves.slice(0, 4)), mth(leaves.slice(8, 14))]);
  });
});

describe('compact range state', () => {
  it('resumes from its JSON state at any size with the same root and the same emitted nodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: 40 }), (cut, more) => {
        const a = CompactRange.empty();
        a.appendAll(leaves.slice(0, cut));
        const b = CompactRange.fromState(JSON.parse(JSON.stringify(a.toState())));
        const end = Math.min(MAX, cut + more);
        const emitted: NodeId[] = [];
        b.appendAll(leaves.slice(cut, end), (node) => {
          emitted.push({ level: node.level, index: node.index });
          expect(node.hash).toEqual(tree.nodeHash(node.level, node.index));
        });
        expect(b.rootHash()).toEqual(roots[end]);
        expect(b.size).toBe(end);
        // Each new leaf is emitted once at level 0.
        expect(emitted.filter((n) => n.level === 0).map((n) => n.index)).toEqual(
          Array.from({ length: end - cut }, (_, i) => cut + i),
        );
        expect(b.subtrees().map((s) => s.hash)).toEqual(
          b.toState().hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
        );
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['not an object', 'x'],
    ['a negative size', { size: -1, hashes: [] }],
    ['too few hashes', { size: 3, hashes: ['bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0='] }],
    ['a short hash', { size: 1, hashes: ['V3JvbmdSb290'] }],
    ['a non-string hash', { size: 1, hashes: [7] }],
    ['an unsafe size', { size: 2 ** 60, hashes: [] }],
  ])('rejects %s', (_name, state) => {
    expect(() => CompactRange.fromState(state)).toThrow(expect.objectContaining({ code: 'ERR_MERKLE_RANGE_STATE' }));
  });
});

/**
 * A tree of any size whose leaves all hash to Z except leaf `marked`: every complete
 * subtree not containing it has the hash Z_level, so node hashes of a 2^45-leaf tree
 * cost O(level) to compute, while every proof still has one asymmetric path.
 */
class MarkedTree implements TreeReader {
  readonly #z: Uint8Array[] = [leafHash(new Uint8Array([0]))];
  readonly #hash = createNodeHasher(H);
  constructor(readonly marked: number) {}

  #zAt(level: number): Uint8Array {
    while (this.#z.length <= level) {
      const below = this.#z[this.#z.length - 1] as Uint8Array;
      this.#z.push(this.#hash(below, below));
    }
    return this.#z[level] as Uint8Array;
  }

  node(level: number, index: number): Uint8Array {
    if (Math.floor(this.marked / 2 ** level) !== index) return this.#zAt(level);
    if (level === 0) return leafHash(new Uint8Array([1]));
    return this.#hash(this.node(level - 1, index * 2), this.node(level - 1, index * 2 + 1));
  }

  readNodeHashes(nodes: readonly NodeId[]): readonly Uint8Array[] {
    return nodes.map((n) => this.node(n.level, n.index));
  }
}

describe('beyond 2^32 leaves', () => {
  it('inclusion and consistency proofs verify, and a different marked leaf is a fork', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 32, max: 2 ** 45 }),
        fc.integer({ min: 1, max: 2 ** 45 }),
        fc.nat(),
        (a, b, c) => {
          const n = Math.max(a, b) + 1;
          const m = Math.min(a, b);
          const marked = c % m;
          const t = new MarkedTree(marked);
          const root = treeRootHash(n, t);
          verifyInclusion(H, marked, n, t.node(0, marked), inclusionProof(n, marked, t), root);
          verifyConsistency(H, m, n, consistencyProof(m, n, t), treeRootHash(m, t), root);
          const fork = new MarkedTree((marked + 1) % m === marked ? marked + 1 : (marked + 1) % m);
          if (m > 1) {
            expect(
              codeOf(() =>
                verifyConsistency(H, m, n, consistencyProof(m, n, fork), treeRootHash(m, t), treeRootHash(n, fork)),
              ),
            ).toBe('ERR_MERKLE_ROOT_MISMATCH');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses sizes that are not safe integers', () => {
    expect(codeOf(() => verifyInclusion(H, 0, 2 ** 53, leaves[0] as Uint8Array, [], roots[1] as Uint8Array))).toBe(
      'ERR_MERKLE_SIZE_INVALID',
    );
    expect(codeOf(() => verifyConsistency(H, 1.5, 3, [], roots[1] as Uint8Array, roots[3] as Uint8Array))).toBe(
      'ERR_MERKLE_SIZE_INVALID',
    );
    expect(codeOf(() => inclusionProof(Number.NaN, 0, tree))).toBe('ERR_MERKLE_SIZE_INVALID');
  });
});

describe('garbage in, typed errors out', () => {
  it('never throws a stray error for hostile proof shapes', () => {
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string(), fc.constant(null))),
      fc.uint8Array(),
    );
    fc.assert(
      fc.property(junk, fc.integer({ min: -2, max: 20 }), fc.integer({ min: -2, max: 20 }), (proof, a, b) => {
        for (const run of [
          () => verifyInclusion(H, a, b, leaves[0] as Uint8Array, proof as never, roots[1] as Uint8Array),
          () => verifyConsistency(H, a, b, proof as never, roots[1] as Uint8Array, roots[2] as Uint8Array),
          () => verifySubtreeConsistency(H, a, b, 20, proof as never, roots[1] as Uint8Array, roots[2] as Uint8Array),
        ]) {
          const code = codeOf(run);
          expect(code === 'OK' || code.startsWith('ERR_MERKLE_')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
