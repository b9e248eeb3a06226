/**
 * Reads the log's stored subtree hashes (tile rows, see `tile-layout.ts`) for proofs, with
 * an LRU cache of rows. Caching is always safe: a row only ever gains hashes, and a row
 * read with width w answers every node that needs at most w. With the upper tile levels
 * cached, an inclusion proof at 10,000,000 entries reads one row from the store.
 */
import {
  assembleProof,
  HASH_SIZE,
  type NodeId,
  nodesForRange,
  type ProofPlan,
  planConsistencyProof,
  planInclusionProof,
} from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { Database } from '../store/database.js';
import { TILE_ROW_BYTES, type TileRow, tileKey, tileSlot } from './tile-layout.js';

/** Rows kept by default: 1,024 × 16 KiB = 16 MiB, every row above level 0 of a 30-million-entry log. */
export const DEFAULT_TILE_CACHE_ROWS = 1024;

function corrupt(reason: string): ServerError {
  return new ServerError('ERR_LOG_STATE_CORRUPT', { params: { reason } });
}

/** Turns a stored row into a `TileRow` (node-postgres gives bigint as a string). */
export function tileRowOf(row: { level: number; idx: number | string; width: number; nodes: Uint8Array }): TileRow {
  if (!(row.nodes instanceof Uint8Array) || row.nodes.length !== TILE_ROW_BYTES) {
    throw corrupt(`tile row ${row.level}/${row.idx} has ${row.nodes?.length ?? 0} bytes`);
  }
  return { level: Number(row.level), index: Number(row.idx), width: Number(row.width), nodes: row.nodes };
}

/**
 * Reads tile rows `keys` from the store in one query.
 *
 * @example const rows = await readTileRows(db, [{ level: 0, index: 12 }]);
 */
export async function readTileRows(
  db: Kysely<Database>,
  keys: ReadonlyArray<{ readonly level: number; readonly index: number }>,
): Promise<TileRow[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('log_tiles')
    .select(['level', 'idx', 'width', 'nodes'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('level', '=', k.level), eb('idx', '=', k.index)]))))
    .execute();
  return rows.map(tileRowOf);
}

export class LogTreeStore {
  readonly #db: Kysely<Database>;
  readonly #capacity: number;
  readonly #cache = new Map<string, TileRow>();

  constructor(db: Kysely<Database>, options: { readonly cacheRows?: number } = {}) {
    this.#db = db;
    this.#capacity = options.cacheRows ?? DEFAULT_TILE_CACHE_ROWS;
  }

  #remember(row: TileRow): void {
    const key = tileKey(row.level, row.index);
    const known = this.#cache.get(key);
    if (known !== undefined && known.width > row.width) return;
    this.#cache.delete(key);
    this.#cache.set(key, row);
    if (this.#cache.size > this.#capacity) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }

  #cached(key: string): TileRow | undefined {
    const row = this.#cache.get(key);
    if (row !== undefined) {
      // Map order is least-recently-used first: move a hit to the end.
      this.#cache.delete(key);
      this.#cache.set(key, row);
    }
    return row;
  }

  /**
   * The hashes of complete subtrees `nodes`, in order. `overlay` holds rows being written
   * (the integrator's batch) that win over stored ones. Throws ERR_LOG_STATE_CORRUPT when
   * a node is not stored: proofs are only asked for sizes the log has integrated.
   */
  async readNodeHashes(nodes: readonly NodeId[], overlay?: ReadonlyMap<string, TileRow>): Promise<Uint8Array[]> {
    const slots = nodes.map(tileSlot);
    const rows = new Map<string, TileRow>();
    const missing = new Map<string, { level: number; index: number }>();
    for (const s of slots) {
      const key = tileKey(s.tileLevel, s.tileIndex);
      const known = rows.get(key) ?? overlay?.get(key) ?? this.#cached(key);
      if (known !== undefined && known.width >= s.minWidth) rows.set(key, known);
      else missing.set(key, { level: s.tileLevel, index: s.tileIndex });
    }
    if (missing.size > 0) {
      for (const row of await readTileRows(this.#db, [...missing.values()])) {
        this.#remember(row);
        const key = tileKey(row.level, row.index);
        const known = rows.get(key);
        if (known === undefined || known.width < row.width) rows.set(key, row);
      }
    }
    return slots.map((s, i) => {
      const row = rows.get(tileKey(s.tileLevel, s.tileIndex));
      if (row === undefined || row.width < s.minWidth) {
        const node = nodes[i] as NodeId;
        throw corrupt(`the hash of subtree level ${node.level} index ${node.index} is not stored`);
      }
      return row.nodes.subarray(s.slot * HASH_SIZE, (s.slot + 1) * HASH_SIZE);
    });
  }

  async #assemble(plan: ProofPlan, overlay?: ReadonlyMap<string, TileRow>): Promise<Uint8Array[]> {
    return assembleProof(plan, await this.readNodeHashes(plan.nodes, overlay), nodeHashProvider);
  }

  /**
   * RFC 9162 §2.1.3.1 inclusion proof of entry `index` in the tree of `size` entries.
   *
   * @example const proof = await store.inclusionProof(checkpoint.size, 42);
   */
  inclusionProof(size: number, index: number): Promise<Uint8Array[]> {
    return this.#assemble(planInclusionProof(size, index));
  }

  /**
   * RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` (0 < size1 ≤ size2).
   *
   * @example const proof = await store.consistencyProof(witnessSize, checkpoint.size);
   */
  consistencyProof(size1: number, size2: number, overlay?: ReadonlyMap<string, TileRow>): Promise<Uint8Array[]> {
    return this.#assemble(planConsistencyProof(size1, size2), overlay);
  }

  /** The root hash of the tree of `size` (> 0) entries, from stored subtrees. */
  async rootHash(size: number, overlay?: ReadonlyMap<string, TileRow>): Promise<Uint8Array> {
    const nodes = nodesForRange(0, size);
    const [root] = await this.#assemble({ nodes, groups: [nodes.length] }, overlay);
    if (root === undefined) throw corrupt('the empty tree has no stored root');
    return root;
  }
}

const stores = new WeakMap<Kysely<Database>, LogTreeStore>();

/**
 * The process's tree store of a database (one cache per store).
 *
 * @example const proof = await logTreeStoreFor(ctx.store.db).inclusionProof(size, index);
 */
export function logTreeStoreFor(db: Kysely<Database>): LogTreeStore {
  let store = stores.get(db);
  if (store === undefined) {
    store = new LogTreeStore(db);
    stores.set(db, store);
  }
  return store;
}
