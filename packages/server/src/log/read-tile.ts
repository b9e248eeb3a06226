/**
 * C2SP tlog-tiles reads: hash tiles `tile/<L>/<N>[.p/<W>]` and entry bundles
 * `tile/entries/<N>[.p/<W>]`, bounded by the published checkpoint (nothing past it is
 * served). A full tile never changes (clients and caches may keep it forever); a partial
 * one of width W is a prefix of what the full tile will be.
 */
import { formatEntryBundle, HASH_SIZE, isHutongError, parseTilePath, TILE_WIDTH, type TilePath } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { unpackJson } from '../store/packed-json.js';
import { readTileRows } from './log-tree-store.js';
import { requirePublishedCheckpoint } from './read-checkpoint.js';
import { tileWidthAt } from './tile-layout.js';

export interface TileContent {
  readonly bytes: Uint8Array;
  /** A full tile (width 256): immutable. */
  readonly full: boolean;
}

/**
 * Parses a request's tile path (the part after `/log/`), refusing anything but the one
 * canonical spelling with ERR_LOG_TILE_PATH (400) naming the faulty segment.
 *
 * @example parseLogTilePath('tile/0/x001/234.p/7')
 */
export function parseLogTilePath(path: string): TilePath {
  try {
    return parseTilePath(path);
  } catch (cause) {
    if (!isHutongError(cause)) throw cause;
    throw new ServerError('ERR_LOG_TILE_PATH', {
      ...(cause.field === undefined ? {} : { field: cause.field }),
      params: { reason: String(cause.params.reason ?? cause.message) },
      zhParams: { reason: String(cause.zhParams?.reason ?? cause.params.reason ?? cause.localize('zh-CN')) },
      cause,
    });
  }
}

/**
 * The bytes of a tile or entry bundle. ERR_LOG_TILE_PATH for a malformed path,
 * ERR_LOG_TILE_NOT_FOUND (404) for one past the published tree.
 *
 * @example const { bytes, full } = await readTile(ctx.store.db, 'tile/entries/000.p/3');
 */
export async function readTile(db: Kysely<Database>, path: string): Promise<TileContent> {
  const tile = parseLogTilePath(path);
  const { size } = await requirePublishedCheckpoint(db);
  const level = tile.kind === 'entries' ? 0 : tile.level;
  const available = tileWidthAt(level, tile.index, size);
  if (available === 0 || tile.width > available) {
    throw new ServerError('ERR_LOG_TILE_NOT_FOUND', { field: 'path', params: { path, treeSize: size } });
  }
  if (tile.kind === 'entries') {
    const first = tile.index * TILE_WIDTH;
    const rows = await db
      .selectFrom('log_entries')
      .select(['idx', 'entry'])
      .where('idx', '>=', first)
      .where('idx', '<', first + tile.width)
      .orderBy('idx')
      .execute();
    if (rows.length !== tile.width || rows.some((r, i) => Number(r.idx) !== first + i)) {
      throw new ServerError('ERR_LOG_STATE_CORRUPT', {
        params: { reason: `entries of bundle ${tile.index} are missing` },
        zhParams: { reason: `条目包 ${tile.index} 的条目缺失` },
      });
    }
    return { bytes: formatEntryBundle(rows.map((r) => unpackJson(r.entry))), full: tile.width === TILE_WIDTH };
  }
  const [row] = await readTileRows(db, [{ level: tile.level, index: tile.index }]);
  if (row === undefined || row.width < tile.width) {
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: `tile ${tile.level}/${tile.index} is missing or short` },
      zhParams: { reason: `瓦片 ${tile.level}/${tile.index} 缺失或不完整` },
    });
  }
  return { bytes: row.nodes.subarray(0, tile.width * HASH_SIZE), full: tile.width === TILE_WIDTH };
}
