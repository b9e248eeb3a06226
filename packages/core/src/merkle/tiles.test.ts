import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { consistencyProof, inclusionProof } from './proofs.js';
import {
  formatEntryBundle,
  formatEntryBundlePath,
  formatTileIndex,
  formatTilePath,
  parseEntryBundle,
  parseTilePath,
  type TileCoordinates,
  TileTreeReader,
  tileNodes,
  tileOfNode,
  tilesOfTree,
  tilesToWrite,
} from './tiles.js';
import { treeRootHash } from './tree-reader.js';

function treeOf(n: number): MemoryTree {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(leafHash(new TextEncoder().encode(`entry ${i}`)));
  return t;
}

/** A tile store built from the complete subtrees of `tree`, as a log would write it. */
function tileStore(tree: MemoryTree): Map<string, Uint8Array> {
  const store = new Map<string, Uint8Array>();
  for (const tile of tilesOfTree(tree.size)) {
    const hashes = tree.readNodeHashes(tileNodes(tile));
    const bytes = new Uint8Array(hashes.length * 32);
    hashes.forEach((h, i) => {
      bytes.set(h, i * 32);
    });
    store.set(formatTilePath(tile), bytes);
  }
  return store;
}

describe('tile paths (C2SP tlog-tiles)', () => {
  it('encodes the index in x-prefixed 3-digit groups', () => {
    expect(formatTileIndex(1234067)).toBe('x001/x234/067');
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(5)).toBe('005');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(formatTilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(formatTilePath({ level: 2, index: 5, width: 17 })).toBe('tile/2/005.p/17');
    expect(formatEntryBundlePath(1234067, 8)).toBe('tile/entries/x001/x234/067.p/8');
  });

  it('parses what it formats (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.maxSafeNat(),
        fc.integer({ min: 1, max: 256 }),
        fc.boolean(),
        (level, index, width, entries) => {
          if (entries) {
            expect(parseTilePath(formatEntryBundlePath(index, width))).toEqual({ kind: 'entries', index, width });
          } else {
            expect(parseTilePath(formatTilePath({ level, index, width }))).toEqual({
              kind: 'hashes',
              level,
              index,
              width,
            });
          }
        },
      ),
    );
  });

  it.each([
    ['not a string', 7, 'path'],
    ['no tile prefix', 'tiles/0/000', 'path'],
    ['absolute', '/tile/0/000', 'path'],
    ['leading zero level', 'tile/00/000', 'level'],
    ['level 64', 'tile/64/000', 'level'],
    ['negative level', 'tile/-1/000', 'level'],
    ['two-digit group', 'tile/0/00', 'index'],
    ['four-digit group', 'tile/0/0000', 'index'],
    ['x on the last group', 'tile/0/x001', 'index'],
    ['missing x', 'tile/0/001/234', 'index'],
    ['leading zero group', 'tile/0/x000/005', 'index'],
    ['empty index', 'tile/0/', 'index'],
    ['dot-dot', 'tile/0/../000', 'index'],
    ['width 0', 'tile/0/000.p/0', 'width'],
    ['width 256 as partial', 'tile/0/000.p/256', 'width'],
    ['width with leading zero', 'tile/0/000.p/08', 'width'],
    ['partial in the middle', 'tile/0/x001.p/3/000', 'width'],
    ['missing width', 'tile/0/000.p', 'width'],
    ['trailing slash', 'tile/0/000/', 'index'],
    ['unicode digits', 'tile/0/٠٠٠', 'index'],
    ['too long', `tile/0/${'x001/'.repeat(20)}000`, 'path'],
    ['index beyond 2^53', 'tile/0/x009/x999/x999/x999/x999/999', 'index'],
  ])('rejects %s', (_name, path, field) => {
    try {
      parseTilePath(path);
      expect.unreachable();
    } catch (e) {
      expect((e as HutongError).code).toBe('ERR_MERKLE_TILE_PATH');
      expect((e as HutongError).field).toBe(field);
    }
  });

  it('refuses to format impossible coordinates', () => {
    expect(() => formatTilePath({ level: 64, index: 0, width: 256 })).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_TILE_COORDINATES' }),
    );
    expect(() => formatTilePath({ level: 0, index: 0, width: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_TILE_COORDINATES' }),
    );
    expect(() => formatTileIndex(-1)).toThrow(expect.objectContaining({ code: 'ERR_MERKLE_SIZE_INVALID' }));
  });
});

describe('the tiles of a tree', () => {
  it('matches the spec’s example: size 70,000', () => {
    const tiles = [...tilesOfTree(70000)];
    const partial = tiles.filter((t) => t.width < 256);
    expect(tiles.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(partial).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tiles.filter((t) => t.level === 1 && t.width === 256)).toHaveLength(1);
  });

  it('size 256: one full level-0 tile and a level-1 tile of width 1', () => {
    expect([...tilesOfTree(256)]).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect([...tilesOfTree(0)]).toEqual([]);
  });

  it('tilesToWrite over any batches ends with exactly the tiles of the final tree (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const written = new Map<string, TileCoordinates>();
        let size = 0;
        for (const b of batches) {
          for (const t of tilesToWrite(size, size + b)) {
            const prior = written.get(`${t.level}/${t.index}`);
            // A tile only ever grows; a full one is never rewritten.
            if (prior !== undefined) expect(t.width).toBeGreaterThan(prior.width);
            written.set(`${t.level}/${t.index}`, t);
          }
          size += b;
        }
        expect([...written.values()].sort((a, b) => a.level - b.level || a.index - b.index)).toEqual([
          ...tilesOfTree(size),
        ]);
      }),
    );
  });

  it('locates nodes inside tiles', () => {
    expect(tileOfNode({ level: 0, index: 300 })).toEqual({ level: 0, index: 1, offset: 44, count: 1 });
    expect(tileOfNode({ level: 3, index: 33 })).toEqual({ level: 0, index: 1, offset: 8, count: 8 });
    expect(tileOfNode({ level: 8, index: 2 })).toEqual({ level: 1, index: 0, offset: 2, count: 1 });
    expect(tileOfNode({ level: 17, index: 1 })).toEqual({ level: 2, index: 0, offset: 2, count: 2 });
  });
});

describe('TileTreeReader: proofs from stored tiles', () => {
  it('gives the same roots and proofs as the full tree', () => {
    const big = treeOf(70000);
    const tiles = tileStore(big);
    const read = (t: TileCoordinates): Uint8Array => {
      const bytes = tiles.get(formatTilePath(t));
      if (bytes === undefined) throw new Error(`missing ${formatTilePath(t)}`);
      return bytes;
    };
    const reader = new TileTreeReader(70000, read);
    expect(treeRootHash(70000, reader)).toEqual(big.rootHash());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 69999 }), fc.integer({ min: 1, max: 70000 }), (index, m) => {
        expect(inclusionProof(70000, index, reader)).toEqual(inclusionProof(70000, index, big));
        expect(consistencyProof(m, 70000, reader)).toEqual(consistencyProof(m, 70000, big));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses nodes the tree does not have and tiles of the wrong size', () => {
    const reader = new TileTreeReader(300, () => new Uint8Array(32 * 44));
    expect(() => reader.readNodeHashes([{ level: 0, index: 300 }])).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_NODE_UNAVAILABLE' }),
    );
    expect(() => reader.readNodeHashes([{ level: 8, index: 1 }])).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_NODE_UNAVAILABLE' }),
    );
    expect(() => reader.readNodeHashes([{ level: 0, index: 3 }])).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_TILE_DATA' }),
    );
  });
});

describe('entry bundles', () => {
  it('round-trips uint16 length-prefixed entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 256 }), (entries) => {
        expect(parseEntryBundle(formatEntryBundle(entries), entries.length)).toEqual(entries);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['a cut length', new Uint8Array([0])],
    ['a cut entry', new Uint8Array([0, 5, 1, 2])],
    ['not bytes', 'abc'],
  ])('rejects %s', (_name, bundle) => {
    expect(() => parseEntryBundle(bundle)).toThrow(expect.objectContaining({ code: 'ERR_MERKLE_ENTRY_BUNDLE' }));
  });

  it('rejects a bundle with the wrong entry count', () => {
    expect(() => parseEntryBundle(formatEntryBundle([new Uint8Array(1)]), 2)).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_ENTRY_BUNDLE' }),
    );
    expect(() => formatEntryBundle([new Uint8Array(70000)])).toThrow(HutongError);
  });
});
