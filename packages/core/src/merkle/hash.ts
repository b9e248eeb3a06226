/**
 * RFC 9162 §2.1.1 Merkle Tree Hash with SHA-256, over an injectable synchronous
 * SHA-256. Merkle work is millions of 33- and 65-byte hashes; WebCrypto's `digest` is
 * asynchronous (a promise per node), so core defaults to the audited pure-JS SHA-256
 * of @noble/hashes and the server injects Node's native one
 * (`packages/server/src/merkle/node-hash-provider.ts`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HutongError } from '../errors.js';

/** Output size of SHA-256, the only hash RFC 9162 logs here use (C2SP tlog-tiles fixes it too). */
export const HASH_SIZE = 32;

/**
 * Throws ERR_MERKLE_HASH_SIZE unless `value` is a 32-byte Uint8Array. Internal.
 */
export function checkHash(value: unknown, field: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) {
    const actual = value instanceof Uint8Array ? value.length : 'no';
    throw new HutongError('ERR_MERKLE_HASH_SIZE', { field, params: { field, expected: HASH_SIZE, actual } });
  }
  return value;
}

/**
 * A synchronous SHA-256. Implementations MUST NOT keep a reference to `data` after
 * returning: callers reuse one scratch buffer for every node hash.
 */
export interface HashProvider {
  sha256(data: Uint8Array): Uint8Array;
}

/** Core's default: @noble/hashes SHA-256 (pure JS, runs in browsers and kiosks). */
export const nobleHashProvider: HashProvider = Object.freeze({
  sha256: (data: Uint8Array): Uint8Array => sha256(data),
});

// RFC 9162 §2.1.1: 0x00 and 0x01 separate leaf hashes from node hashes, so a leaf can
// never be passed off as an interior node (second-preimage defence).
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * The leaf hash of a log entry: SHA-256(0x00 ‖ entry).
 *
 * @example leafHash(new TextEncoder().encode('hello')) // 32 bytes
 */
export function leafHash(entry: Uint8Array, hashes: HashProvider = nobleHashProvider): Uint8Array {
  const data = new Uint8Array(entry.length + 1);
  data[0] = LEAF_PREFIX;
  data.set(entry, 1);
  return hashes.sha256(data);
}

/**
 * Hashes two children into a node: SHA-256(0x01 ‖ left ‖ right).
 *
 * @example nodeHash(leafHash(a), leafHash(b)) // the root of a two-entry log
 */
export function nodeHash(left: Uint8Array, right: Uint8Array, hashes: HashProvider = nobleHashProvider): Uint8Array {
  const data = new Uint8Array(1 + left.length + right.length);
  data[0] = NODE_PREFIX;
  data.set(left, 1);
  data.set(right, 1 + left.length);
  return hashes.sha256(data);
}

/**
 * A node hasher with one reusable 65-byte buffer: proof loops hash dozens of nodes
 * and a fresh allocation per node is measurable next to a native SHA-256. Only for
 * 32-byte children (callers check sizes first). Internal to `merkle/`.
 */
export function createNodeHasher(hashes: HashProvider): (left: Uint8Array, right: Uint8Array) => Uint8Array {
  // One hasher per provider: everything here is synchronous, so a shared scratch buffer
  // is never in use by two callers at once, and verification allocates nothing per call.
  const cached = nodeHashers.get(hashes);
  if (cached !== undefined) return cached;
  const scratch = new Uint8Array(1 + 2 * HASH_SIZE);
  scratch[0] = NODE_PREFIX;
  const hasher = (left: Uint8Array, right: Uint8Array): Uint8Array => {
    scratch.set(left, 1);
    scratch.set(right, 1 + HASH_SIZE);
    return hashes.sha256(scratch);
  };
  nodeHashers.set(hashes, hasher);
  return hasher;
}

const nodeHashers = new WeakMap<HashProvider, (left: Uint8Array, right: Uint8Array) => Uint8Array>();

/**
 * The root hash of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
 *
 * @example toHex(emptyRoot()) // 'e3b0c442…b855'
 */
export function emptyRoot(hashes: HashProvider = nobleHashProvider): Uint8Array {
  return hashes.sha256(new Uint8Array(0));
}

/**
 * The Merkle Tree Hash of a whole list of leaf hashes (RFC 9162 §2.1.1), computed
 * left to right in O(log n) memory like a compact range.
 *
 * @example rootFromLeafHashes([leafHash(a), leafHash(b), leafHash(c)])
 */
export function rootFromLeafHashes(
  leafHashes: Iterable<Uint8Array>,
  hashes: HashProvider = nobleHashProvider,
): Uint8Array {
  const hash = createNodeHasher(hashes);
  // stack[i] is the root of a perfect subtree; sizes strictly decrease to the right.
  const stack: Uint8Array[] = [];
  let size = 0;
  for (const leaf of leafHashes) {
    checkHash(leaf, `leafHashes[${size}]`);
    let node = leaf;
    let n = size;
    while (n % 2 === 1) {
      node = hash(stack.pop() as Uint8Array, node);
      n = (n - 1) / 2;
    }
    stack.push(node);
    size++;
  }
  if (stack.length === 0) return emptyRoot(hashes);
  let root = stack[stack.length - 1] as Uint8Array;
  for (let i = stack.length - 2; i >= 0; i--) root = hash(stack[i] as Uint8Array, root);
  return root;
}
