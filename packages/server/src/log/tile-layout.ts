/**
 * How the log stores its tree: one row per C2SP tile (L, N) holding every complete subtree
 * hash of tree levels 8L … 8L+7 under that tile, at fixed offsets:
 *
 *   relative level r:   0      1      2      3      4      5      6      7
 *   hashes:           256    128     64     32     16      8      4      2    (510 in all)
 *   first slot:         0    256    384    448    480    496    504    508
 *
 * Level r = 0 is the C2SP tile itself (its first `width` hashes are the tile's bytes), and
 * a proof needs no rehashing: the core engineer measured 518 proofs/s when the hashes
 * between tile levels were recomputed from tiles, against the 10,000/s the issue asks for.
 * A row is only ever extended (its width grows as the tree does); hashes already in it
 * never change, because a complete subtree of an append-only tree never does.
 */
import { HASH_SIZE, type NodeId, TILE_HEIGHT, TILE_WIDTH } from '@hutong/core';

/** Hashes in a tile row. */
export const TILE_ROW_HASHES = 510;
/** Bytes in a tile row. */
export const TILE_ROW_BYTES = TILE_ROW_HASHES * HASH_SIZE;

const FIRST_SLOT = [0, 256, 384, 448, 480, 496, 504, 508] as const;

/** Where a complete subtree's hash lives. */
export interface TileSlot {
  /** Tile level L = floor(level / 8). */
  readonly tileLevel: number;
  /** Tile index N. */
  readonly tileIndex: number;
  /** Hash position inside the row. */
  readonly slot: number;
  /** The row's width must be at least this for the hash to be there. */
  readonly minWidth: number;
}

/**
 * The slot of node (level, index).
 *
 * @example tileSlot({ level: 9, index: 3 }) // { tileLevel: 1, tileIndex: 0, slot: 259, minWidth: 8 }
 */
export function tileSlot(node: NodeId): TileSlot {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const r = node.level - tileLevel * TILE_HEIGHT;
  const perTile = TILE_WIDTH / 2 ** r;
  const tileIndex = Math.floor(node.index / perTile);
  const position = node.index - tileIndex * perTile;
  return { tileLevel, tileIndex, slot: (FIRST_SLOT[r] as number) + position, minWidth: (position + 1) * 2 ** r };
}

/** Tile (L, N)'s width at tree size `size`: complete level-8L hashes in it, 0–256. */
export function tileWidthAt(tileLevel: number, tileIndex: number, size: number): number {
  const hashesAtLevel = Math.floor(size / TILE_WIDTH ** tileLevel);
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel - tileIndex * TILE_WIDTH));
}

/** The row key used in maps. */
export function tileKey(tileLevel: number, tileIndex: number): string {
  return `${tileLevel}/${tileIndex}`;
}

/** A tile row as read or built. */
export interface TileRow {
  readonly level: number;
  readonly index: number;
  width: number;
  /** TILE_ROW_BYTES bytes. */
  readonly nodes: Uint8Array;
}
