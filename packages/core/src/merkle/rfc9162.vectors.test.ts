/**
 * Every case of ../shared/vectors/merkle/rfc9162-proofs.json: the transparency-dev/merkle
 * test data (RFC 6962/9162 SHA-256 proofs and the MTC draft's subtree proofs), positive
 * and negative. Each negative case must fail with a typed error whose code is one of
 * the precise reasons that fit its mutation.
 */
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { loadVectors } from '../test-support/vectors.js';
import { nobleHashProvider as H } from './hash.js';
import { verifyConsistency, verifySubtreeConsistency } from './verify-consistency.js';
import { verifyInclusion, verifySubtreeInclusion } from './verify-inclusion.js';

interface Base {
  readonly desc: string;
  readonly wantErr: boolean;
  readonly file: string;
  readonly proof: readonly string[] | null;
}
interface Inclusion extends Base {
  readonly leafIdx: number;
  readonly treeSize: number;
  readonly root: string;
  readonly leafHash: string;
}
interface Consistency extends Base {
  readonly size1: number;
  readonly size2: number;
  readonly root1: string;
  readonly root2: string;
}
interface SubtreeInclusion extends Base {
  readonly leafIdx: number;
  readonly start: number;
  readonly end: number;
  readonly root: string;
  readonly leafHash: string;
}
interface SubtreeConsistency extends Base {
  readonly start: number;
  readonly end: number;
  readonly size: number;
  readonly root1: string;
  readonly root2: string;
}
interface Vectors {
  readonly source: string;
  readonly inclusion: readonly Inclusion[];
  readonly consistency: readonly Consistency[];
  readonly subtreeinclusion: readonly SubtreeInclusion[];
  readonly subtreeconsistency: readonly SubtreeConsistency[];
}

const vectors = loadVectors<Vectors>('merkle/rfc9162-proofs.json');
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const proofOf = (c: Base): Uint8Array[] => (c.proof ?? []).map(b64);

const LENGTH = 'ERR_MERKLE_PROOF_LENGTH';
const MISMATCH = 'ERR_MERKLE_ROOT_MISMATCH';
const HASH_SIZE = 'ERR_MERKLE_HASH_SIZE';
const RANGE = 'ERR_MERKLE_INDEX_OUT_OF_RANGE';
const SUBTREE = 'ERR_MERKLE_SUBTREE_INVALID';
const ORDER = 'ERR_MERKLE_SIZE_ORDER';
const EMPTY = 'ERR_MERKLE_CONSISTENCY_FROM_EMPTY';
const SIZE = 'ERR_MERKLE_SIZE_INVALID';

/** The reasons each mutation may legitimately produce (by description, " - subtree" removed). */
const allowed: Record<string, readonly string[]> = {
  'empty proof': [LENGTH],
  'preceding garbage': [LENGTH],
  'trailing garbage': [LENGTH],
  'preceding root': [LENGTH],
  'trailing root': [LENGTH],
  'preceding root1': [LENGTH],
  'preceding root2': [LENGTH],
  'trailing root1': [LENGTH],
  'trailing root2': [LENGTH],
  'preceding proof @0': [LENGTH],
  'truncated proof': [LENGTH],
  'removed component': [LENGTH],
  'inserted component': [LENGTH],
  'swapped roots': [MISMATCH],
  'random root': [MISMATCH],
  'wrong leaf': [HASH_SIZE],
  'wrong root1': [HASH_SIZE],
  'wrong root2': [HASH_SIZE],
  'empty leaf': [HASH_SIZE],
  'empty root and leaf': [HASH_SIZE],
  // The empty-tree hash as root: a mismatch, or the index/subtree is impossible first.
  'empty root': [MISMATCH, HASH_SIZE, RANGE, SUBTREE],
  'empty root and random leaf': [MISMATCH, RANGE, SUBTREE],
  'random leaf': [HASH_SIZE, RANGE, SUBTREE],
  'leafIdx sub @1': [SIZE, MISMATCH, LENGTH],
  'leafIdx plus @1': [RANGE, MISMATCH],
  'leafIdx XOR @2': [RANGE, MISMATCH, LENGTH],
  'treeSize mul @2': [LENGTH],
  'treeSize div @2': [RANGE, LENGTH, SUBTREE],
  'size1 sub @1': [EMPTY, LENGTH],
  'size1 plus @1': [LENGTH],
  'size1 XOR @2': [EMPTY, LENGTH],
  'size2 mul @2': [LENGTH],
  'size2 div @2': [ORDER, LENGTH],
  'consistency check on empty tree (size1 is zero) is useless': [EMPTY, LENGTH],
  'roots do not match and sizes are zero': [EMPTY],
  'roots do not not match and sizes are one': [MISMATCH],
  'roots do not match and sizes are one': [MISMATCH],
  'size1 is greater than size2': [ORDER],
  'size1 is greater than size2 again': [ORDER],
  'size1 is zero and does not equal size2': [EMPTY, MISMATCH],
  'size1 is zero and size2 is not zero': [EMPTY],
  'sizes are equal (one) but roots are not': [MISMATCH],
  'sizes are equal (zero) and proof is empty': [EMPTY, MISMATCH],
  'sizes are equal (zero) but roots are not': [EMPTY, MISMATCH],
  'sizes do not watch and proof is empty': [LENGTH],
  'sizes do not match and proof is empty': [LENGTH],
  'sizes match but proof is not empty and sizes are one': [LENGTH],
  'sizes match but proof is not empty and sizes are zero': [EMPTY, LENGTH],
  'subtree is empty roots match but not valid': [MISMATCH],
  'subtree is empty roots valid but proof is not empty': [LENGTH],
  'subtree is empty sizes are equal (one) roots match but not valid': [MISMATCH],
  'subtree is empty sizes are equal (one) roots valid but proof is not empty': [LENGTH],
  'subtree is empty sizes are equal (zero) roots match but not valid': [MISMATCH],
  'subtree is empty sizes are equal (zero) roots valid but proof is not empty': [LENGTH],
  'invalid subtree': [SUBTREE],
  'invalid subtree start 1 end 15 size 15': [SUBTREE],
  'invalid subtree start 1 end 3 size 8': [SUBTREE],
  'invalid subtree start 2 end 5 size 8': [SUBTREE],
  'invalid subtree start 2 end 6 size 8': [SUBTREE],
  // 2^63 + 2 is no safe integer: refused before any arithmetic.
  'invalid large subtree': [SIZE],
  'everything zero': [SUBTREE],
  'start equals end': [SUBTREE],
  'start larger than end': [SUBTREE],
  'oob left': [RANGE],
  'oob right': [RANGE],
  'oob right 2': [RANGE],
};

function allowedCodes(desc: string): readonly string[] {
  const base = desc.replace(/ - subtree$/, '');
  if (/^modified proof/.test(base)) return [MISMATCH];
  const codes = allowed[base];
  if (codes === undefined) throw new Error(`no expectation for vector "${desc}"`);
  return codes;
}

function check(c: Base, run: () => void): void {
  if (!c.wantErr) {
    expect(run).not.toThrow();
    return;
  }
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, `${c.file} must fail`).toBeInstanceOf(HutongError);
  expect(allowedCodes(c.desc)).toContain((caught as HutongError).code);
}

describe('RFC 9162 vectors (transparency-dev/merkle testdata)', () => {
  it('the vector file has the four sections, with negative cases', () => {
    expect(vectors.source).toMatch(/transparency-dev\/merkle/);
    expect(vectors.inclusion.length).toBeGreaterThan(90);
    expect(vectors.consistency.length).toBeGreaterThan(90);
    expect(vectors.subtreeinclusion.length).toBeGreaterThan(200);
    expect(vectors.subtreeconsistency.length).toBeGreaterThan(110);
    for (const section of [
      vectors.inclusion,
      vectors.consistency,
      vectors.subtreeinclusion,
      vectors.subtreeconsistency,
    ]) {
      expect(section.filter((c) => c.wantErr).length).toBeGreaterThan(section.length / 2);
      expect(section.filter((c) => !c.wantErr).length).toBeGreaterThan(4);
    }
  });

  it.each(vectors.inclusion.map((c) => [c.file, c] as const))('inclusion %s', (_file, c) => {
    check(c, () => verifyInclusion(H, c.leafIdx, c.treeSize, b64(c.leafHash), proofOf(c), b64(c.root)));
  });

  it.each(vectors.consistency.map((c) => [c.file, c] as const))('consistency %s', (_file, c) => {
    check(c, () => verifyConsistency(H, c.size1, c.size2, proofOf(c), b64(c.root1), b64(c.root2)));
  });

  it.each(vectors.subtreeinclusion.map((c) => [c.file, c] as const))('subtree inclusion %s', (_file, c) => {
    check(c, () => verifySubtreeInclusion(H, c.leafIdx, c.start, c.end, b64(c.leafHash), proofOf(c), b64(c.root)));
  });

  it.each(vectors.subtreeconsistency.map((c) => [c.file, c] as const))('subtree consistency %s', (_file, c) => {
    check(c, () => verifySubtreeConsistency(H, c.start, c.end, c.size, proofOf(c), b64(c.root1), b64(c.root2)));
  });
});
