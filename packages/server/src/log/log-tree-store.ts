/**
 * Reads the log's stored subtree hashes (tile rows, see `tile-layout.ts`) for proofs, with
 * an LRU cache of node hashes. Caching is always safe: a complete subtree's hash never
 * changes. With the upper levels cached, an inclusion proof at 10,000,000 entries reads
 * the few hashes it needs from one row of the store.
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
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { ServerError } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { Database } from '../store/database.js';
import type { CommittedReads } from '../store/dialects/sqlite.js';
import { sqliteCommittedReadsFor } from '../store/store.js';
import { TILE_ROW_BYTES, type TileRow, tileKey, tileSlot } from './tile-layout.js';

/** Node hashes kept by default (about 6 MiB): recent reads, the right border every proof shares. */
export const DEFAULT_NODE_CACHE = 65_536;
/** Rows of tile level ≥ 1 kept whole by default: 1,024 × 16 KiB = 16 MiB, every one of a 67-million-entry log. */
export const DEFAULT_ROW_CACHE = 1024;

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function corrupt(reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_LOG_STATE_CORRUPT', { params: { reason }, zhParams: { reason: reasonZh } });
}

/** Turns a stored row into a `TileRow` (node-postgres gives bigint as a string). */
export function tileRowOf(row: { level: number; idx: number | string; width: number; nodes: Uint8Array }): TileRow {
  if (!(row.nodes instanceof Uint8Array) || row.nodes.length !== TILE_ROW_BYTES) {
    throw corrupt(
      `tile row ${row.level}/${row.idx} has ${row.nodes?.length ?? 0} bytes`,
      `瓦片行 ${row.level}/${row.idx} 有 ${row.nodes?.length ?? 0} 字节`,
    );
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

/**
 * A bounded cache in two generations: hits are looked up in the young map, then the old
 * one (and promoted); when the young map is full it becomes the old one. No deletions, so
 * no LRU bookkeeping: V8's Map keeps deleted slots until it rehashes, and an LRU built on
 * delete-and-reinsert (with eviction from the front) spends its time skipping them.
 */
class GenerationalCache<K, V> {
  readonly #capacity: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}

export class LogTreeStore {
  readonly #db: Kysely<Database>;
  readonly #nodes: GenerationalCache<number, Uint8Array>;
  readonly #rows: GenerationalCache<string, TileRow>;
  /** The compiled text of the slot read, by the number of slots read. */
  readonly #slotQueries = new Map<number, string>();
  /** The same for a SQLite store's committed reads (store.ts `sqliteCommittedReadsFor`), which prepare it once. */
  readonly #slotTexts = new Map<number, string>();

  constructor(db: Kysely<Database>, options: { readonly cacheNodes?: number; readonly cacheRows?: number } = {}) {
    this.#db = db;
    this.#nodes = new GenerationalCache(options.cacheNodes ?? DEFAULT_NODE_CACHE);
    this.#rows = new GenerationalCache(options.cacheRows ?? DEFAULT_ROW_CACHE);
  }

  /** A row only gains hashes: keep the widest one read. */
  #rememberRow(row: TileRow): void {
    const key = tileKey(row.level, row.index);
    const known = this.#rows.get(key);
    if (known === undefined || known.width < row.width) this.#rows.set(key, row);
  }

  /**
   * Reads only the wanted hashes of one row (`substr`, on both engines): a row is 16 KiB and
   * a proof needs at most eight hashes of it.
   */
  async #readSlots(
    level: number,
    index: number,
    slots: readonly number[],
  ): Promise<{ width: number; hashes: Uint8Array[] } | undefined> {
    // Offsets are parameters, so the statement text depends only on how many hashes are read:
    // it is compiled once per count (for this store's dialect) and run with fresh parameters,
    // and the SQLite store's statement cache prepares it once (`store/dialects/sqlite.ts`).
    // Proofs are the hot read of a public log; Kysely's per-call compilation cost more than
    // the row read itself.
    const reads = sqliteCommittedReadsFor(this.#db);
    if (reads !== undefined) return this.#readSlotsDirect(reads, level, index, slots);
    let text = this.#slotQueries.get(slots.length);
    if (text === undefined) {
      const columns = slots.map((_, k) => sql`substr(nodes, ${1}, ${HASH_SIZE}) as ${sql.ref(`h${k}`)}`);
      text = sql`select width, ${sql.join(columns)} from log_tiles where level = ${0} and idx = ${0}`.compile(
        this.#db,
      ).sql;
      this.#slotQueries.set(slots.length, text);
    }
    const parameters: number[] = [];
    for (const slot of slots) parameters.push(slot * HASH_SIZE + 1, HASH_SIZE);
    parameters.push(level, index);
    const { rows } = await this.#db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
    const row = rows[0];
    if (row === undefined) return undefined;
    const hashes = slots.map((_, k) => row[`h${k}`]);
    if (!hashes.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE))
      throw corrupt(`tile row ${level}/${index} is short`, `瓦片行 ${level}/${index} 不完整`);
    return { width: Number(row.width), hashes: hashes as Uint8Array[] };
  }

  /**
   * {@link #readSlots} on the SQLite store's committed reads: one prepared statement per
   * number of slots, run synchronously. It reads what is committed, as a read through
   * Kysely outside a transaction does.
   */
  #readSlotsDirect(
    reads: CommittedReads,
    level: number,
    index: number,
    slots: readonly number[],
  ): { width: number; hashes: Uint8Array[] } | undefined {
    let text = this.#slotTexts.get(slots.length);
    if (text === undefined) {
      const columns = slots.map((_, k) => `substr(nodes, ?, ${HASH_SIZE}) as h${k}`).join(', ');
      text = `select width, ${columns} from log_tiles where level = ? and idx = ?`;
      this.#slotTexts.set(slots.length, text);
    }
    const parameters: number[] = [];
    for (const slot of slots) parameters.push(slot * HASH_SIZE + 1);
    parameters.push(level, index);
    const row = reads.statement<number[], Record<string, unknown>>(text).get(...parameters);
    if (row === undefined) return undefined;
    const hashes = slots.map((_, k) => row[`h${k}`]);
    if (!hashes.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE))
      throw corrupt(`tile row ${level}/${index} is short`, `瓦片行 ${level}/${index} 不完整`);
    return { width: Number(row.width), hashes: hashes as Uint8Array[] };
  }

  /**
   * The hashes of complete subtrees `nodes`, in order. `overlay` holds rows being written
   * (the integrator's batch) that win over stored ones. Throws ERR_LOG_STATE_CORRUPT when
   * a node is not stored: proofs are only asked for sizes the log has integrated.
   */
  async readNodeHashes(nodes: readonly NodeId[], overlay?: ReadonlyMap<string, TileRow>): Promise<Uint8Array[]> {
    const out: Array<Uint8Array | undefined> = new Array(nodes.length);
    const wanted = new Map<
      string,
      { level: number; index: number; items: Array<{ at: number; slot: number; minWidth: number; key: number }> }
    >();
    nodes.forEach((node, at) => {
      const s = tileSlot(node);
      const rowKey = tileKey(s.tileLevel, s.tileIndex);
      const pending = overlay?.get(rowKey);
      if (pending !== undefined && pending.width >= s.minWidth) {
        out[at] = pending.nodes.subarray(s.slot * HASH_SIZE, (s.slot + 1) * HASH_SIZE);
        return;
      }
      // A node's hash never changes once stored: (level, index) names it for good.
      const key = node.index * 64 + node.level;
      const known = this.#nodes.get(key);
      if (known !== undefined) {
        out[at] = known;
        return;
      }
      // Rows above level 0 are few (one per 65,536 entries) and shared by many proofs: keep them whole.
      const row = s.tileLevel > 0 ? this.#rows.get(rowKey) : undefined;
      if (row !== undefined && row.width >= s.minWidth) {
        out[at] = row.nodes.subarray(s.slot * HASH_SIZE, (s.slot + 1) * HASH_SIZE);
        return;
      }
      let group = wanted.get(rowKey);
      if (group === undefined) {
        group = { level: s.tileLevel, index: s.tileIndex, items: [] };
        wanted.set(rowKey, group);
      }
      group.items.push({ at, slot: s.slot, minWidth: s.minWidth, key });
    });
    for (const group of wanted.values()) {
      let row: { width: number; hashes: Uint8Array[] } | undefined;
      if (group.level > 0) {
        const [whole] = await readTileRows(this.#db, [{ level: group.level, index: group.index }]);
        if (whole !== undefined) {
          this.#rememberRow(whole);
          row = {
            width: whole.width,
            hashes: group.items.map((item) => whole.nodes.subarray(item.slot * HASH_SIZE, (item.slot + 1) * HASH_SIZE)),
          };
        }
      } else {
        row = await this.#readSlots(
          group.level,
          group.index,
          group.items.map((item) => item.slot),
        );
      }
      group.items.forEach((item, k) => {
        if (row === undefined || row.width < item.minWidth) {
          const node = nodes[item.at] as NodeId;
          throw corrupt(
            `the hash of subtree level ${node.level} index ${node.index} is not stored`,
            `未存储层级 ${node.level}、索引 ${node.index} 的子树哈希`,
          );
        }
        const hash = row.hashes[k] as Uint8Array;
        out[item.at] = hash;
        this.#nodes.set(item.key, hash);
      });
    }
    return out as Uint8Array[];
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
    if (root === undefined) throw corrupt('the empty tree has no stored root', '空树没有存储的根');
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
