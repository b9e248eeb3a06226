/**
 * C2SP tlog-tiles: the tree served as immutable 256-hash tiles. Coordinates and paths
 * (`tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), which tiles a tree has,
 * which tiles change when it grows, entry bundles, and a `TreeReader` over tiles so
 * proofs are generated from the tiles the log stores.
 */
import { HutongError } from '../errors.js';
import { checkSize } from './bits.js';
import { createNodeHasher, HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';
import type { NodeId, TreeReader } from './tree-reader.js';

/** Tile height: each tile spans 8 tree levels (tlog-tiles fixes it). */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile: 2^8. */
export const TILE_WIDTH = 256;
/** Highest tile level a path may name (tlog-tiles: "between 0 and 63"). */
export const MAX_TILE_LEVEL = 63;

/**
 * A hash tile: `level` L holds hashes of tree level 8·L; tile `index` N holds nodes
 * [N·256, N·256 + width) of that tree level. `width` is 256 for a full tile, 1–255 for
 * a partial one.
 */
export interface TileCoordinates {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** A parsed tile path: hashes at a level, or an entry bundle (the entries of a level-0 tile). */
export type TilePath =
  | { readonly kind: 'hashes'; readonly level: number; readonly index: number; readonly width: number }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function coordinatesError(reason: string, reasonZh: string, field: string): HutongError {
  return new HutongError('ERR_MERKLE_TILE_COORDINATES', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH)
    throw coordinatesError('width must be 1 to 256', 'width 必须为 1 至 256', 'width');
}

/**
 * The `<N>` path element: zero-padded 3-digit groups, all but the last prefixed `x`.
 *
 * @example formatTileIndex(1234067) // 'x001/x234/067'
 */
export function formatTileIndex(index: number): string {
  checkSize(index, 'index');
  let n = index;
  let out = String(n % 1000).padStart(3, '0');
  n = Math.floor(n / 1000);
  while (n > 0) {
    out = `x${String(n % 1000).padStart(3, '0')}/${out}`;
    n = Math.floor(n / 1000);
  }
  return out;
}

/**
 * The path of a hash tile.
 *
 * @example formatTilePath({ level: 1, index: 1234067, width: 17 }) // 'tile/1/x001/x234/067.p/17'
 */
export function formatTilePath(tile: TileCoordinates): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) {
    throw coordinatesError('level must be 0 to 63', 'level 必须为 0 至 63', 'level');
  }
  checkWidth(tile.width);
  const suffix = tile.width === TILE_WIDTH ? '' : `.p/${tile.width}`;
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${suffix}`;
}

/**
 * The path of an entry bundle (the entries behind level-0 tile `index`).
 *
 * @example formatEntryBundlePath(5, 256) // 'tile/entries/005'
 */
export function formatEntryBundlePath(index: number, width: number = TILE_WIDTH): string {
  checkWidth(width);
  return `tile/entries/${formatTileIndex(index)}${width === TILE_WIDTH ? '' : `.p/${width}`}`;
}

/** Longest path accepted: level 63, a 16-digit index in 6 groups, a width. */
const MAX_PATH_LENGTH = 64;

/**
 * Parses a tile or entry-bundle path from a request (hostile input). Only the canonical
 * spelling is accepted: no leading zeroes, no `x000` group, width 1–255 after `.p/`, so
 * every tile has exactly one URL and caches cannot be split. Throws ERR_MERKLE_TILE_PATH
 * with the faulty segment as `field`.
 *
 * @example parseTilePath('tile/0/x001/x234/067.p/8') // { kind: 'hashes', level: 0, index: 1234067, width: 8 }
 */
export function parseTilePath(path: unknown): TilePath {
  const fail = (reason: string, reasonZh: string, field: string): never => {
    throw new HutongError('ERR_MERKLE_TILE_PATH', { field, params: { reason }, zhParams: { reason: reasonZh } });
  };
  if (typeof path !== 'string') return fail('not a string', '不是字符串', 'path');
  if (path.length > MAX_PATH_LENGTH) return fail('too long', '过长', 'path');
  const parts = path.split('/');
  if (parts[0] !== 'tile') return fail('must start with "tile/"', '必须以“tile/”开头', 'path');
  const levelPart = parts[1] ?? '';
  let kind: 'hashes' | 'entries';
  let level = 0;
  if (levelPart === 'entries') {
    kind = 'entries';
  } else {
    kind = 'hashes';
    if (!/^(0|[1-9][0-9]?)$/.test(levelPart))
      return fail(
        'the level must be a decimal 0–63 without leading zeroes',
        '层级必须是不含前导零的十进制数 0–63',
        'level',
      );
    level = Number(levelPart);
    if (level > MAX_TILE_LEVEL) return fail('the level must be at most 63', '层级不能超过 63', 'level');
  }
  let rest = parts.slice(2);
  let width = TILE_WIDTH;
  // A partial tile ends in ".p/<W>": the last index group carries the ".p".
  const partialAt = rest.findIndex((p) => p.endsWith('.p'));
  if (partialAt !== -1) {
    if (partialAt !== rest.length - 2) return fail('".p/<W>" must end the path', '“.p/<W>”必须位于路径末尾', 'width');
    const w = rest[rest.length - 1] ?? '';
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) > TILE_WIDTH - 1)
      return fail('the width must be a decimal 1–255', '宽度必须是十进制数 1–255', 'width');
    width = Number(w);
    rest = [...rest.slice(0, -2), (rest[partialAt] as string).slice(0, -2)];
  }
  if (rest.length === 0 || rest.length > 6)
    return fail('the index must have 1 to 6 groups', '索引必须由 1 至 6 组组成', 'index');
  let index = 0;
  for (let i = 0; i < rest.length; i++) {
    const group = rest[i] as string;
    const last = i === rest.length - 1;
    const match = (last ? /^([0-9]{3})$/ : /^x([0-9]{3})$/).exec(group);
    if (match === null)
      return fail(
        last ? 'the last index group must be 3 digits' : 'index groups before the last must be "x" and 3 digits',
        last ? '索引的最后一组必须是 3 位数字' : '索引最后一组之前的各组必须是“x”加 3 位数字',
        'index',
      );
    if (i === 0 && !last && match[1] === '000')
      return fail('the index has a leading zero group', '索引以全零组开头', 'index');
    index = index * 1000 + Number(match[1]);
  }
  if (!Number.isSafeInteger(index)) return fail('the index is too large', '索引过大', 'index');
  return kind === 'entries' ? { kind, index, width } : { kind, level, index, width };
}

/** 256^L as a number (exact up to L = 6, which covers every safe tree size). */
function tileSpan(level: number): number {
  return TILE_WIDTH ** level;
}

/**
 * Every tile a tree of `size` leaves has: the full ones and, per level, the final partial
 * one (tlog-tiles: width floor(size / 256^L) mod 256; empty tiles do not exist).
 *
 * @example [...tilesOfTree(70000)].filter((t) => t.width < 256) // widths 112, 17 and 1
 */
export function* tilesOfTree(size: number): Generator<TileCoordinates> {
  checkSize(size, 'size');
  for (let level = 0; tileSpan(level) <= size; level++) {
    const hashesAtLevel = Math.floor(size / tileSpan(level));
    const full = Math.floor(hashesAtLevel / TILE_WIDTH);
    for (let index = 0; index < full; index++) yield { level, index, width: TILE_WIDTH };
    const width = hashesAtLevel % TILE_WIDTH;
    if (width > 0) yield { level, index: full, width };
  }
}

/**
 * The tiles whose content differs between tree sizes `oldSize` and `newSize`: what a
 * log writes after integrating a batch (new full tiles and the new partial ones).
 *
 * @example tilesToWrite(0, 300) // [{level:0,index:0,width:256},{level:0,index:1,width:44},{level:1,index:0,width:1}]
 */
export function tilesToWrite(oldSize: number, newSize: number): TileCoordinates[] {
  checkSize(oldSize, 'oldSize');
  checkSize(newSize, 'newSize');
  if (oldSize > newSize)
    throw new HutongError('ERR_MERKLE_SIZE_ORDER', { field: 'oldSize', params: { size1: oldSize, size2: newSize } });
  const out: TileCoordinates[] = [];
  for (let level = 0; tileSpan(level) <= newSize; level++) {
    const oldCount = Math.floor(oldSize / tileSpan(level));
    const newCount = Math.floor(newSize / tileSpan(level));
    if (newCount === oldCount) continue;
    // The first tile that gains hashes is the one holding hash number `oldCount`.
    for (let index = Math.floor(oldCount / TILE_WIDTH); index * TILE_WIDTH < newCount; index++) {
      const width = Math.min(TILE_WIDTH, newCount - index * TILE_WIDTH);
      out.push({ level, index, width });
    }
  }
  return out;
}

/**
 * Where a complete subtree's hash lives: the tile at level floor(level / 8) and, inside
 * it, the `count` consecutive hashes from `offset` whose Merkle Tree Hash it is (one
 * hash when the level is a multiple of 8, else a perfect subtree of 2^(level mod 8)).
 */
export function tileOfNode(node: NodeId): {
  readonly level: number;
  readonly index: number;
  readonly offset: number;
  readonly count: number;
} {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const count = 2 ** (node.level - tileLevel * TILE_HEIGHT);
  const first = node.index * count;
  const index = Math.floor(first / TILE_WIDTH);
  return { level: tileLevel, index, offset: first - index * TILE_WIDTH, count };
}

/**
 * The nodes whose hashes make up a tile (what a store reads to write tile bytes).
 *
 * @example tileNodes({ level: 1, index: 0, width: 2 }) // [{level:8,index:0},{level:8,index:1}]
 */
export function tileNodes(tile: TileCoordinates): NodeId[] {
  checkWidth(tile.width);
  const nodes: NodeId[] = [];
  for (let i = 0; i < tile.width; i++)
    nodes.push({ level: tile.level * TILE_HEIGHT, index: tile.index * TILE_WIDTH + i });
  return nodes;
}

/**
 * A `TreeReader` over stored tiles, for a tree of `size` leaves. Hashes between tile
 * levels are recomputed from the tile's hashes (tlog-tiles: "the Merkle Tree levels
 * between those expressed by the tile hashes are reconstructed by hashing"); tiles
 * read within one batch are read once.
 *
 * @example const reader = new TileTreeReader(checkpoint.size, (t) => store.readTile(t));
 *          inclusionProof(checkpoint.size, index, reader)
 */
export class TileTreeReader implements TreeReader {
  readonly #size: number;
  readonly #readTile: (tile: TileCoordinates) => Uint8Array;
  readonly #hash: (l: Uint8Array, r: Uint8Array) => Uint8Array;

  constructor(size: number, readTile: (tile: TileCoordinates) => Uint8Array, hashes: HashProvider = nobleHashProvider) {
    this.#size = checkSize(size, 'size');
    this.#readTile = readTile;
    this.#hash = createNodeHasher(hashes);
  }

  readNodeHashes(nodes: readonly NodeId[]): readonly Uint8Array[] {
    const cache = new Map<string, Uint8Array>();
    return nodes.map((node) => {
      const unavailable = (): never => {
        throw new HutongError('ERR_MERKLE_NODE_UNAVAILABLE', {
          field: 'node',
          params: { level: node.level, index: node.index },
        });
      };
      if (!Number.isSafeInteger(node.index) || node.index < 0 || !Number.isInteger(node.level) || node.level < 0)
        return unavailable();
      // Only complete subtrees of this tree size are ever stored.
      if ((node.index + 1) * 2 ** node.level > this.#size) return unavailable();
      const where = tileOfNode(node);
      const span = tileSpan(where.level);
      const completeHashes = Math.floor(this.#size / span);
      const width = (where.index + 1) * TILE_WIDTH <= completeHashes ? TILE_WIDTH : completeHashes % TILE_WIDTH;
      const coords: TileCoordinates = { level: where.level, index: where.index, width };
      const key = `${coords.level}/${coords.index}/${coords.width}`;
      let tile = cache.get(key);
      if (tile === undefined) {
        tile = this.#readTile(coords);
        if (!(tile instanceof Uint8Array) || tile.length !== width * HASH_SIZE) {
          throw new HutongError('ERR_MERKLE_TILE_DATA', {
            field: 'tile',
            params: {
              path: formatTilePath(coords),
              expected: width * HASH_SIZE,
              actual: tile instanceof Uint8Array ? tile.length : 0,
            },
          });
        }
        cache.set(key, tile);
      }
      return this.#subtreeHash(tile, where.offset, where.count);
    });
  }

  #subtreeHash(tile: Uint8Array, offset: number, count: number): Uint8Array {
    if (count === 1) return tile.slice(offset * HASH_SIZE, (offset + 1) * HASH_SIZE);
    const half = count / 2;
    return this.#hash(this.#subtreeHash(tile, offset, half), this.#subtreeHash(tile, offset + half, half));
  }
}

/**
 * Encodes log entries as an entry bundle: big-endian uint16 length-prefixed entries.
 *
 * @example formatEntryBundle([utf8('a'), utf8('bc')]) // 00 01 61 00 02 62 63
 */
export function formatEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const e of entries) {
    if (e.length > 0xffff)
      throw new HutongError('ERR_MERKLE_ENTRY_BUNDLE', {
        field: 'entries',
        params: { reason: 'an entry is longer than 65535 bytes' },
        zhParams: { reason: '有条目超过 65535 字节' },
      });
    length += 2 + e.length;
  }
  const out = new Uint8Array(length);
  let o = 0;
  for (const e of entries) {
    out[o] = e.length >>> 8;
    out[o + 1] = e.length & 0xff;
    out.set(e, o + 2);
    o += 2 + e.length;
  }
  return out;
}

/**
 * Splits an entry bundle into its entries (hostile input: truncated lengths and
 * trailing bytes are refused). With `expectedCount`, the bundle must hold exactly that many.
 *
 * @example parseEntryBundle(bytes, 256)
 */
export function parseEntryBundle(bundle: unknown, expectedCount?: number): Uint8Array[] {
  const fail = (reason: string, reasonZh: string): never => {
    throw new HutongError('ERR_MERKLE_ENTRY_BUNDLE', {
      field: 'bundle',
      params: { reason },
      zhParams: { reason: reasonZh },
    });
  };
  if (!(bundle instanceof Uint8Array)) return fail('not bytes', '不是字节串');
  const entries: Uint8Array[] = [];
  let o = 0;
  while (o < bundle.length) {
    if (o + 2 > bundle.length) return fail('a length prefix is cut short', '长度前缀不完整');
    const length = ((bundle[o] as number) << 8) | (bundle[o + 1] as number);
    if (o + 2 + length > bundle.length) return fail('an entry is cut short', '有条目不完整');
    entries.push(bundle.slice(o + 2, o + 2 + length));
    o += 2 + length;
    if (entries.length > TILE_WIDTH) return fail('more than 256 entries', '条目超过 256 个');
  }
  if (expectedCount !== undefined && entries.length !== expectedCount)
    fail(
      `${entries.length} entries where ${expectedCount} are expected`,
      `有 ${entries.length} 个条目，应为 ${expectedCount} 个`,
    );
  return entries;
}
