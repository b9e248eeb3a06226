/**
 * An in-memory tree that keeps the hash of every complete subtree, level by level in
 * contiguous buffers (32 bytes a node, about 64 bytes a leaf in all). It is the
 * reference `TreeReader`: tests, benchmarks and small tools use it; the server's tile
 * store implements the same interface over its database.
 */
import { HutongError } from '../errors.js';
import { CompactRange, type CompletedNode } from './compact-range.js';
import { HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';
import type { NodeId, TreeReader } from './tree-reader.js';

class Level {
  buffer = new Uint8Array(HASH_SIZE * 16);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer.set(hash, this.count * HASH_SIZE);
    this.count++;
  }

  get(index: number): Uint8Array {
    return this.buffer.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}

export class MemoryTree implements TreeReader {
  readonly #range: CompactRange;
  readonly #levels: Level[] = [];
  readonly #onNode = (node: CompletedNode): void => {
    const level = this.#levels[node.level] ?? new Level();
    this.#levels[node.level] = level;
    level.push(node.hash);
  };

  /** @example const tree = new MemoryTree(); tree.appendAll(entries.map((e) => leafHash(e))); */
  constructor(hashes: HashProvider = nobleHashProvider) {
    this.#range = CompactRange.empty(hashes);
  }

  get size(): number {
    return this.#range.size;
  }

  append(leafHash: Uint8Array): void {
    this.#range.append(leafHash, this.#onNode);
  }

  appendAll(leafHashes: Iterable<Uint8Array>): void {
    for (const h of leafHashes) this.append(h);
  }

  /** The root hash at the current size. */
  rootHash(): Uint8Array {
    return this.#range.rootHash();
  }

  /** The hash of one complete subtree (a view into the store: do not modify). */
  nodeHash(level: number, index: number): Uint8Array {
    const stored = this.#levels[level];
    if (stored === undefined || !Number.isInteger(index) || index < 0 || index >= stored.count) {
      throw new HutongError('ERR_MERKLE_NODE_UNAVAILABLE', { field: 'node', params: { level, index } });
    }
    return stored.get(index);
  }

  readNodeHashes(nodes: readonly NodeId[]): readonly Uint8Array[] {
    return nodes.map((n) => this.nodeHash(n.level, n.index));
  }
}
