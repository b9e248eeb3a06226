/**
 * A log monitor (issue 4 item 7; `hutong log verify`): watches a node's log from the outside,
 * through its public endpoints only (C2SP tlog-tiles), and remembers what it verified:
 *
 *   1. the note key: given, else pinned in the state, else taken from `/log/key` on first
 *      use (and from `/log/info` for the SM2 line); a key that changes is refused;
 *   2. the checkpoint (`/log/checkpoint`): every pinned key must have signed it, for the
 *      origin the key names; named witnesses must have cosigned it;
 *   3. no rollback, no fork: a smaller size than the saved one, or the same size with
 *      another root, is refused;
 *   4. the entries it has not seen (`/log/tile/entries/…`): each must parse as a log entry;
 *      their leaf hashes extend the saved compact range, and the root so recomputed must
 *      be the signed one — which also proves the new tree contains the saved one;
 *   5. the hash tiles that changed (`/log/tile/<L>/…`): every hash must equal the subtree
 *      hash recomputed from the entries (or, for the prefix verified by an earlier run, the
 *      one saved then).
 * Nothing is trusted from the server but what it signed; every mismatch is a typed error.
 */
import {
  CompactRange,
  type CompactRangeState,
  type CompletedNode,
  formatEntryBundlePath,
  formatTilePath,
  HASH_SIZE,
  isHutongError,
  leafHash,
  type NoteVerifier,
  openCheckpoint,
  parseEntryBundle,
  parseLogEntry,
  signerNames,
  TILE_HEIGHT,
  TILE_WIDTH,
  tilesToWrite,
} from '@hutong/core';
import { ServerError, type ServerErrorCode } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { fromBase64, toBase64 } from './base64.js';
import { parseLogVerifierKey } from './log-keys.js';

/** What a monitor remembers between runs (JSON; `hutong log verify --state FILE`). */
export interface MonitorState {
  readonly format: 'hutong-log-monitor/1';
  readonly url: string;
  readonly origin: string;
  /** The pinned Ed25519 checkpoint key. */
  readonly vkey: string;
  /** The pinned SM2 checkpoint key, when the log signs an SM2 line. */
  readonly sm2Vkey: string | null;
  readonly size: number;
  readonly rootHash: string;
  readonly compactRange: CompactRangeState;
  /** Per tile level, the partial tile verified last time (base64), to check its prefix again. */
  readonly edgeTiles: Readonly<Record<string, string>>;
  readonly checkpoint: string;
  readonly checkedAt: string;
}

export interface MonitorOptions {
  /** The node's base URL (its `/log/…` endpoints are under it). */
  readonly url: string;
  /** The state of the previous run, if any. */
  readonly state?: MonitorState | undefined;
  /** Checkpoint keys to require (vkeys); default: the pinned ones, else `/log/key` (+ SM2 from `/log/info`). */
  readonly keys?: readonly string[] | undefined;
  /** Witness keys (cosignature/v1 vkeys) whose cosignatures must be on the checkpoint. */
  readonly witnesses?: readonly string[] | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** Waits on HTTP 429 at most this many times per request (default 20). */
  readonly maxRetries?: number | undefined;
  readonly now?: (() => Date) | undefined;
  /** Progress messages (the CLI prints them on stderr). */
  readonly progress?: ((message: string) => void) | undefined;
}

export interface MonitorResult {
  readonly state: MonitorState;
  readonly previousSize: number;
  readonly entriesVerified: number;
  readonly tilesVerified: number;
  /** Names whose signatures verified (the log and witnesses), each once however many of its keys signed. */
  readonly signedBy: readonly string[];
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function fail(code: ServerErrorCode, params: Record<string, string | number>, field?: string): never {
  throw new ServerError(code, { params, ...(field === undefined ? {} : { field }) });
}

class Http {
  readonly #base: URL;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  constructor(url: string, f: typeof fetch, retries: number) {
    const base = URL.canParse(url) ? new URL(url.endsWith('/') ? url : `${url}/`) : undefined;
    if (base === undefined) fail('ERR_LOG_MONITOR_FETCH', { url, reason: 'not a URL' }, 'url');
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      fail('ERR_LOG_MONITOR_FETCH', { url, reason: 'not an http(s) URL' }, 'url');
    this.#base = base;
    this.#fetch = f;
    this.#retries = retries;
  }

  /** GET `path`; undefined on 404 when `optional`. Waits out 429 answers (Retry-After). */
  async get(path: string, optional = false): Promise<Uint8Array | undefined> {
    const url = new URL(path, this.#base).toString();
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, { headers: { accept: '*/*' } });
      } catch (error) {
        return fail('ERR_LOG_MONITOR_FETCH', { url, reason: error instanceof Error ? error.message : String(error) });
      }
      if (response.status === 429 && attempt < this.#retries) {
        const wait = Number(response.headers.get('retry-after') ?? '1');
        await response.arrayBuffer().catch(() => undefined);
        await new Promise((resolve) =>
          setTimeout(resolve, 1000 * Math.min(Number.isFinite(wait) && wait > 0 ? wait : 1, 30)),
        );
        continue;
      }
      if (response.status === 404 && optional) {
        await response.arrayBuffer().catch(() => undefined);
        return undefined;
      }
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) {
        return fail('ERR_LOG_MONITOR_FETCH', {
          url,
          reason: `HTTP ${response.status} ${new TextDecoder().decode(body.subarray(0, 200))}`,
        });
      }
      if (body.length > MAX_RESPONSE_BYTES) fail('ERR_LOG_MONITOR_FETCH', { url, reason: 'the answer is too large' });
      return body;
    }
  }

  async text(path: string): Promise<string> {
    const body = (await this.get(path)) as Uint8Array;
    return new TextDecoder('utf-8', { fatal: false }).decode(body);
  }
}

function checkState(state: unknown): MonitorState {
  const bad = (reason: string): never => fail('ERR_LOG_MONITOR_STATE_INVALID', { reason });
  if (typeof state !== 'object' || state === null) return bad('not an object');
  const s = state as Record<string, unknown>;
  if (s.format !== 'hutong-log-monitor/1') bad('format is not hutong-log-monitor/1');
  if (typeof s.vkey !== 'string' || typeof s.origin !== 'string' || typeof s.url !== 'string')
    bad('url, origin and vkey are required');
  if (!Number.isSafeInteger(s.size) || (s.size as number) < 0) bad('size is not a count');
  if (typeof s.rootHash !== 'string' || fromBase64(s.rootHash)?.length !== HASH_SIZE)
    bad('rootHash is not base64 of 32 bytes');
  if (typeof s.edgeTiles !== 'object' || s.edgeTiles === null) bad('edgeTiles is not an object');
  try {
    const range = CompactRange.fromState(s.compactRange, nodeHashProvider);
    if (range.size !== s.size) bad('the compact range does not cover size');
    if (toBase64(range.rootHash()) !== s.rootHash) bad('the compact range does not give rootHash');
  } catch (error) {
    if (isHutongError(error)) bad(`the compact range is invalid (${error.code})`);
    throw error;
  }
  return s as unknown as MonitorState;
}

/**
 * Verifies the log at `options.url` once (see the file comment); returns the new state to save.
 *
 * @example const { state } = await monitorLog({ url: 'https://licences.xj.gov.cn', state: saved });
 */
export async function monitorLog(options: MonitorOptions): Promise<MonitorResult> {
  const http = new Http(options.url, options.fetch ?? fetch, options.maxRetries ?? 20);
  const progress = options.progress ?? (() => {});
  const saved = options.state === undefined ? undefined : checkState(options.state);

  // 1. Keys: given, pinned, or trusted on first use.
  const servedKey = (await http.text('log/key')).trim();
  let keys: string[];
  if (options.keys !== undefined && options.keys.length > 0) keys = [...options.keys];
  else if (saved !== undefined) keys = saved.sm2Vkey === null ? [saved.vkey] : [saved.vkey, saved.sm2Vkey];
  else {
    keys = [servedKey];
    const info = JSON.parse(await http.text('log/info')) as { sm2Vkey?: unknown };
    if (typeof info.sm2Vkey === 'string') keys.push(info.sm2Vkey);
  }
  const verifiers = keys.map(parseLogVerifierKey);
  const ed25519 = verifiers.find((v) => v.type === 'ed25519');
  if (ed25519 === undefined)
    return fail('ERR_LOG_MONITOR_STATE_INVALID', { reason: 'an Ed25519 checkpoint key is required' }, 'key');
  const primary = keys[verifiers.indexOf(ed25519)] as string;
  if (saved !== undefined && saved.vkey !== primary)
    fail('ERR_LOG_MONITOR_KEY_CHANGED', { pinned: saved.vkey, served: primary }, 'key');
  if (servedKey !== primary) fail('ERR_LOG_MONITOR_KEY_CHANGED', { pinned: primary, served: servedKey }, 'key');
  const witnesses: NoteVerifier[] = (options.witnesses ?? []).map(parseLogVerifierKey);

  // 2. The checkpoint: every log key and every named witness must have signed.
  const note = await http.text('log/checkpoint');
  const origin = saved?.origin ?? ed25519.name;
  const { checkpoint, note: opened } = await openCheckpoint(note, origin, verifiers, witnesses);
  for (const v of [...verifiers, ...witnesses]) {
    if (!opened.verifiedBy.some((s) => s.name === v.name && s.keyId === v.keyId))
      fail('ERR_LOG_MONITOR_SIGNATURE_MISSING', { name: v.name });
  }

  // 3. Never smaller, never another root for a size seen.
  const oldSize = saved?.size ?? 0;
  const root = toBase64(checkpoint.rootHash);
  if (checkpoint.size < oldSize) fail('ERR_LOG_MONITOR_ROLLBACK', { size: checkpoint.size, savedSize: oldSize });
  if (saved !== undefined && checkpoint.size === oldSize && root !== saved.rootHash) {
    fail('ERR_LOG_MONITOR_FORK', { size: checkpoint.size, savedRoot: saved.rootHash, root });
  }

  // 4. Entries past the saved size, into the saved compact range.
  const range =
    saved === undefined
      ? CompactRange.empty(nodeHashProvider)
      : CompactRange.fromState(saved.compactRange, nodeHashProvider);
  const computed = new Map<string, Uint8Array>();
  const onNode = (node: CompletedNode) => {
    if (node.level % TILE_HEIGHT === 0) computed.set(`${node.level / TILE_HEIGHT}/${node.index}`, node.hash);
  };
  let entriesVerified = 0;
  for (let tile = Math.floor(oldSize / TILE_WIDTH); tile * TILE_WIDTH < checkpoint.size; tile++) {
    const width = Math.min(TILE_WIDTH, checkpoint.size - tile * TILE_WIDTH);
    const bundle = await fetchTile(
      http,
      formatEntryBundlePath(tile, width),
      formatEntryBundlePath(tile),
      width,
      'entries',
    );
    let entries: Uint8Array[];
    try {
      entries = parseEntryBundle(bundle, width);
    } catch (error) {
      if (isHutongError(error)) fail('ERR_LOG_MONITOR_ENTRY', { index: tile * TILE_WIDTH, reason: error.message });
      throw error;
    }
    for (let i = Math.max(0, oldSize - tile * TILE_WIDTH); i < width; i++) {
      const entry = entries[i] as Uint8Array;
      try {
        parseLogEntry(entry);
      } catch (error) {
        if (isHutongError(error))
          fail('ERR_LOG_MONITOR_ENTRY', { index: tile * TILE_WIDTH + i, reason: error.message });
        throw error;
      }
      range.append(leafHash(entry, nodeHashProvider), onNode);
      entriesVerified++;
    }
    progress(`entries ${Math.min(checkpoint.size, (tile + 1) * TILE_WIDTH)}/${checkpoint.size}`);
  }
  const recomputed = toBase64(range.rootHash());
  if (recomputed !== root)
    fail('ERR_LOG_MONITOR_ROOT_MISMATCH', { size: checkpoint.size, computed: recomputed, signed: root });

  // 5. The hash tiles that changed: each hash recomputed, or verified by an earlier run.
  let tilesVerified = 0;
  const edgeTiles: Record<string, string> = {};
  for (const tile of tilesToWrite(oldSize, checkpoint.size)) {
    const path = formatTilePath(tile);
    const bytes = await fetchTile(http, path, formatTilePath({ ...tile, width: TILE_WIDTH }), tile.width, 'hashes');
    const oldCount = Math.floor(oldSize / TILE_WIDTH ** tile.level);
    const savedEdge = saved === undefined ? undefined : fromBase64(saved.edgeTiles[String(tile.level)] ?? '');
    for (let k = 0; k < tile.width; k++) {
      const index = tile.index * TILE_WIDTH + k;
      const served = bytes.subarray(k * HASH_SIZE, (k + 1) * HASH_SIZE);
      const expected =
        index < oldCount
          ? savedEdge?.subarray(k * HASH_SIZE, (k + 1) * HASH_SIZE)
          : computed.get(`${tile.level}/${index}`);
      if (expected === undefined || expected.length !== HASH_SIZE || Buffer.compare(served, expected) !== 0) {
        fail('ERR_LOG_MONITOR_TILE_MISMATCH', { path, position: k });
      }
    }
    if (tile.width < TILE_WIDTH) edgeTiles[String(tile.level)] = toBase64(bytes);
    tilesVerified++;
  }
  // Partial tiles that did not change this run stay the edge.
  if (saved !== undefined) {
    for (const [level, tile] of Object.entries(saved.edgeTiles)) {
      const width = Math.floor(checkpoint.size / TILE_WIDTH ** Number(level)) % TILE_WIDTH;
      if (!(level in edgeTiles) && width > 0 && (fromBase64(tile)?.length ?? 0) === width * HASH_SIZE)
        edgeTiles[level] = tile;
    }
  }

  return {
    previousSize: oldSize,
    entriesVerified,
    tilesVerified,
    signedBy: signerNames(opened.verifiedBy),
    state: {
      format: 'hutong-log-monitor/1',
      url: options.url,
      origin: checkpoint.origin,
      vkey: primary,
      sm2Vkey: keys.find((_, i) => verifiers[i]?.type === 'sm2-sm3') ?? null,
      size: checkpoint.size,
      rootHash: root,
      compactRange: range.toState(),
      edgeTiles,
      checkpoint: note,
      checkedAt: (options.now ?? (() => new Date()))().toISOString(),
    },
  };
}

/**
 * A tile at `path`; when a partial tile is gone (tlog-tiles lets a log delete partial tiles
 * once the full one exists), the full tile's prefix.
 */
async function fetchTile(
  http: Http,
  path: string,
  fullPath: string,
  width: number,
  kind: 'entries' | 'hashes',
): Promise<Uint8Array> {
  const bytes = await http.get(`log/${path}`, width < TILE_WIDTH);
  if (bytes !== undefined) return bytes;
  const full = (await http.get(`log/${fullPath}`)) as Uint8Array;
  if (kind === 'hashes') return full.subarray(0, width * HASH_SIZE);
  // An entry bundle's prefix is its first `width` entries.
  let offset = 0;
  for (let i = 0; i < width && offset + 2 <= full.length; i++)
    offset += 2 + (((full[offset] as number) << 8) | (full[offset + 1] as number));
  return full.subarray(0, offset);
}
