/**
 * A compact range [0, size) of a log (the transparency-dev `compact.Range` idea, see
 * transparency-dev/merkle docs/compact_ranges.md): the roots of the perfect subtrees
 * that cover the leaves so far, one per set bit of `size`. It is all a sequencer needs
 * to append: each new leaf merges with its left neighbours, every completed subtree
 * is reported once (for the tile store), and the root hash at the current size is a
 * fold of at most 53 hashes. Its state serialises to JSON so the server resumes after
 * a crash without re-reading the log.
 */
import { HutongError } from '../errors.js';
import { bitLength, popcount } from './bits.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { checkHash, createNodeHasher, emptyRoot, HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';
import type { NodeId } from './tree-reader.js';

/** A subtree hash that became complete during an append; level 0 is the leaf itself. */
export interface CompletedNode extends NodeId {
  readonly hash: Uint8Array;
}

/** JSON form of a compact range: the tree size and its subtree roots, largest first, in base64. */
export interface CompactRangeState {
  readonly size: number;
  readonly hashes: readonly string[];
}

export class CompactRange {
  #size: number;
  readonly #stack: Uint8Array[];
  readonly #hashes: HashProvider;
  readonly #hash: (l: Uint8Array, r: Uint8Array) => Uint8Array;

  private constructor(size: number, stack: Uint8Array[], hashes: HashProvider) {
    this.#size = size;
    this.#stack = stack;
    this.#hashes = hashes;
    this.#hash = createNodeHasher(hashes);
  }

  /**
   * A compact range of the empty tree.
   *
   * @example const range = CompactRange.empty(); range.append(leafHash(entry));
   */
  static empty(hashes: HashProvider = nobleHashProvider): CompactRange {
    return new CompactRange(0, [], hashes);
  }

  /**
   * Restores a range from `toState()` output (hostile-input safe: throws
   * ERR_MERKLE_RANGE_STATE for anything else).
   *
   * @example CompactRange.fromState(JSON.parse(row.state))
   */
  static fromState(state: unknown, hashes: HashProvider = nobleHashProvider): CompactRange {
    const fail = (reason: string, reasonZh: string): never => {
      throw new HutongError('ERR_MERKLE_RANGE_STATE', {
        field: 'state',
        params: { reason },
        zhParams: { reason: reasonZh },
      });
    };
    if (typeof state !== 'object' || state === null) return fail('not an object', '不是对象');
    const { size, hashes: encoded } = state as { size?: unknown; hashes?: unknown };
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      return fail('size is not a non-negative safe integer', 'size 不是非负安全整数');
    if (!Array.isArray(encoded)) return fail('hashes is not an array', 'hashes 不是数组');
    // One subtree per set bit of the size: anything else cannot be a compact range.
    if (encoded.length !== popcount(size))
      return fail(
        `a size of ${size} needs ${popcount(size)} hashes, not ${encoded.length}`,
        `大小为 ${size} 时需要 ${popcount(size)} 个哈希值，而不是 ${encoded.length} 个`,
      );
    const stack = encoded.map((h) => {
      const bytes = typeof h === 'string' ? decodeBase64(h) : undefined;
      if (bytes === undefined || bytes.length !== HASH_SIZE)
        return fail('a hash is not base64 of 32 bytes', '有哈希值不是 32 字节的 base64 编码');
      return bytes;
    });
    return new CompactRange(size, stack, hashes);
  }

  /** Number of leaves covered. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash. `onNode` is called for the leaf (level 0) and for each
   * subtree it completes, lowest first — exactly the hashes a tile store must write.
   *
   * @example range.append(leafHash(entry), (node) => store.put(node.level, node.index, node.hash))
   */
  append(leafHash: Uint8Array, onNode?: (node: CompletedNode) => void): void {
    checkHash(leafHash, 'leafHash');
    const index = this.#size;
    let node = leafHash;
    onNode?.({ level: 0, index, hash: node });
    let n = index;
    let level = 0;
    // Each trailing 1 bit of the old size is a left neighbour of equal height to merge with.
    while (n % 2 === 1) {
      node = this.#hash(this.#stack.pop() as Uint8Array, node);
      n = (n - 1) / 2;
      level++;
      onNode?.({ level, index: n, hash: node });
    }
    this.#stack.push(node);
    this.#size = index + 1;
  }

  /** Appends leaf hashes in order (a sequenced batch). */
  appendAll(leafHashes: Iterable<Uint8Array>, onNode?: (node: CompletedNode) => void): void {
    for (const h of leafHashes) this.append(h, onNode);
  }

  /**
   * The root hash at the current size (RFC 9162 §2.1.1): the subtree roots folded
   * right to left; the empty-tree hash when nothing was appended.
   */
  rootHash(): Uint8Array {
    const stack = this.#stack;
    if (stack.length === 0) return emptyRoot(this.#hashes);
    let root = stack[stack.length - 1] as Uint8Array;
    for (let i = stack.length - 2; i >= 0; i--) root = this.#hash(stack[i] as Uint8Array, root);
    return root;
  }

  /** The complete subtrees held, largest (leftmost) first, with their hashes. */
  subtrees(): CompletedNode[] {
    const out: CompletedNode[] = [];
    let start = 0;
    let remaining = this.#size;
    for (const hash of this.#stack) {
      const level = bitLength(remaining) - 1;
      const size = 2 ** level;
      out.push({ level, index: start / size, hash });
      start += size;
      remaining -= size;
    }
    return out;
  }

  /** JSON-safe state; `CompactRange.fromState` restores it. */
  toState(): CompactRangeState {
    return { size: this.#size, hashes: this.#stack.map(encodeBase64) };
  }
}
