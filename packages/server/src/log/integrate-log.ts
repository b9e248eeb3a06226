/**
 * Integration (the tessera word): taking the sequenced entries into the tree, in batches.
 * One batch:
 *   1. reads the integration state and the committed entries after it (a gap-free prefix,
 *      see `sequence-log-entries.ts`);
 *   2. appends their leaf hashes to the compact range, collecting every completed subtree
 *      hash into its tile row (`tile-layout.ts`);
 *   3. asks a `CheckpointSigner` restored from the store to sign the new tree head with a
 *      consistency proof from the last signed one — the signer refuses a rollback or a fork
 *      (tlog-checkpoint: "Logs MUST not sign any checkpoint which is inconsistent with any
 *      checkpoint it previously signed"), and its `persist` step commits the tiles, the
 *      compact range and the signed head in ONE transaction before anything is signed;
 *   4. collects witness cosignatures (`collect-cosignatures.ts`), then publishes the
 *      checkpoint, never replacing a larger one.
 * A crash anywhere leaves either the old state or the new one: tiles and integration state
 * commit together, and a head that was signed but not published is signed again (same size,
 * same root — the signer allows exactly that) at the next batch.
 *
 * Several server processes on one PostgreSQL: a lease row keeps one integrator busy at a
 * time, and the size check inside the commit (compare-and-set) makes a lost race harmless.
 * The tree is a function of the committed entries, so two integrators could only ever
 * compute the same tree.
 */
import {
  CheckpointSigner,
  CompactRange,
  type CompletedNode,
  emptyRoot,
  HASH_SIZE,
  type SignedTreeHeadState,
} from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { Database } from '../store/database.js';
import { collectCosignatures } from './collect-cosignatures.js';
import type { LogKeys } from './log-keys.js';
import type { LogTreeStore } from './log-tree-store.js';
import { readTileRows } from './log-tree-store.js';
import { TILE_ROW_BYTES, type TileRow, tileKey, tileSlot, tileWidthAt } from './tile-layout.js';

/** What integration needs: the store, the keys, the tree store, the clock and who it is. */
export interface LogRuntime {
  readonly db: Kysely<Database>;
  readonly keys: LogKeys;
  readonly tree: LogTreeStore;
  readonly now: () => Date;
  /** This process's lease owner id. */
  readonly owner: string;
  /** How long a lease lasts without renewal. */
  readonly leaseMs: number;
  /** How long to wait for each witness's cosignature before publishing without it. */
  readonly witnessTimeoutMs: number;
  /** HTTP for the cosignature collector (tests may pass their own). */
  readonly fetch: typeof fetch;
}

export interface IntegrationResult {
  /** Entries taken into the tree by this call. */
  readonly integrated: number;
  /** The tree size after this call. */
  readonly size: number;
  /** Whether a checkpoint was published. */
  readonly published: boolean;
  /** True when another process holds the lease (nothing was done). */
  readonly leased: boolean;
  /** True when more committed entries wait. */
  readonly more: boolean;
}

interface IntegrationState {
  readonly size: number;
  readonly range: unknown;
  readonly signed: SignedTreeHeadState | undefined;
  readonly checkpointSize: number | undefined;
  readonly leaseOwner: string | null;
  /** Wall-clock milliseconds; 0 when no lease. */
  readonly leaseUntil: number;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function corrupt(reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_LOG_STATE_CORRUPT', { params: { reason }, zhParams: { reason: reasonZh } });
}

async function readState(db: Kysely<Database>): Promise<IntegrationState> {
  const row = await db.selectFrom('log_integration').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row === undefined) throw corrupt('log_integration has no row 1', 'log_integration 没有第 1 行');
  let range: unknown;
  try {
    range = JSON.parse(row.compact_range);
  } catch (cause) {
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'the compact range is not JSON' },
      zhParams: { reason: '紧凑区间不是 JSON' },
      cause,
    });
  }
  return {
    size: Number(row.size),
    range,
    signed:
      row.signed_size === null || row.signed_root === null
        ? undefined
        : { size: Number(row.signed_size), rootHash: row.signed_root },
    checkpointSize: row.checkpoint_size === null ? undefined : Number(row.checkpoint_size),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? 0 : Number(row.lease_until),
  };
}

/**
 * Whether this process holds the lease with at least half its term left: then a batch need
 * not renew it. Renewing is a write of its own, and on SQLite every committed write waits
 * for the disk (synchronous FULL): one fsync of the three a batch made, each several
 * milliseconds on a busy disk, all inside the maximum merge delay.
 */
function holdsLease(state: IntegrationState, rt: LogRuntime): boolean {
  return state.leaseOwner === rt.owner && state.leaseUntil - Date.now() > rt.leaseMs / 2;
}

/** True when there is work: committed entries past the integrated size, or a head not yet published. */
export async function integrationPending(db: Kysely<Database>): Promise<boolean> {
  const [sequence, state] = await Promise.all([
    db.selectFrom('log_sequence').select('next_index').where('id', '=', 1).executeTakeFirst(),
    db.selectFrom('log_integration').select(['size', 'checkpoint_size']).where('id', '=', 1).executeTakeFirst(),
  ]);
  if (sequence === undefined || state === undefined) return false;
  const size = Number(state.size);
  return Number(sequence.next_index) > size || state.checkpoint_size === null || Number(state.checkpoint_size) < size;
}

async function takeLease(rt: LogRuntime): Promise<boolean> {
  // The lease runs on the wall clock, not the domain clock of the context: tests freeze the
  // domain clock, and a lease that never expired would stop a restarted node from integrating.
  const nowMs = Date.now();
  const result = await rt.db
    .updateTable('log_integration')
    .set({ lease_owner: rt.owner, lease_until: nowMs + rt.leaseMs })
    .where('id', '=', 1)
    .where((eb) =>
      eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', rt.owner), eb('lease_until', '<', nowMs)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Gives the lease up (at shutdown), so another process need not wait for it to expire.
 *
 * @example await releaseLease(rt);
 */
export async function releaseLease(rt: Pick<LogRuntime, 'db' | 'owner'>): Promise<void> {
  await rt.db
    .updateTable('log_integration')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', 1)
    .where('lease_owner', '=', rt.owner)
    .execute();
}

/** The tile rows a batch from `oldSize` may touch that already hold hashes: the partial tile of each level. */
async function partialRows(db: Kysely<Database>, oldSize: number): Promise<Map<string, TileRow>> {
  const keys: Array<{ level: number; index: number }> = [];
  for (let level = 0; 256 ** level <= oldSize; level++) {
    const hashes = Math.floor(oldSize / 256 ** level);
    if (hashes % 256 !== 0) keys.push({ level, index: Math.floor(hashes / 256) });
  }
  const rows = new Map<string, TileRow>();
  for (const row of await readTileRows(db, keys)) {
    // A copy: the batch writes into it.
    rows.set(tileKey(row.level, row.index), { ...row, nodes: Uint8Array.from(row.nodes) });
  }
  for (const k of keys) {
    const row = rows.get(tileKey(k.level, k.index));
    const expected = tileWidthAt(k.level, k.index, oldSize);
    if (row === undefined || row.width < expected)
      throw corrupt(`tile row ${k.level}/${k.index} is missing or short`, `瓦片行 ${k.level}/${k.index} 缺失或不完整`);
  }
  return rows;
}

/** Where a completed subtree goes: into its tile row (created zero-filled when new). */
function placeNode(rows: Map<string, TileRow>, node: CompletedNode): void {
  const slot = tileSlot(node);
  const key = tileKey(slot.tileLevel, slot.tileIndex);
  let row = rows.get(key);
  if (row === undefined) {
    row = { level: slot.tileLevel, index: slot.tileIndex, width: 0, nodes: new Uint8Array(TILE_ROW_BYTES) };
    rows.set(key, row);
  }
  row.nodes.set(node.hash, slot.slot * HASH_SIZE);
}

const TILE_WRITE_CHUNK = 50;

/**
 * Runs one integration batch of at most `maxBatch` entries (see the file comment).
 *
 * @example const { size, more } = await integrateLog(rt, { maxBatch: 65_536 });
 */
export async function integrateLog(rt: LogRuntime, options: { readonly maxBatch: number }): Promise<IntegrationResult> {
  let state = await readState(rt.db);
  if (!holdsLease(state, rt)) {
    if (!(await takeLease(rt))) return { integrated: 0, size: 0, published: false, leased: true, more: false };
    // Read again under the lease: another process may have integrated since the first read.
    state = await readState(rt.db);
  }
  const oldSize = state.size;
  const range = CompactRange.fromState(state.range, nodeHashProvider);
  if (range.size !== oldSize)
    throw corrupt(
      `the compact range covers ${range.size} entries, the state says ${oldSize}`,
      `紧凑区间覆盖 ${range.size} 个条目，而状态记录为 ${oldSize} 个`,
    );
  if (state.signed !== undefined && state.signed.size !== oldSize) {
    throw corrupt(
      `the signed size ${state.signed.size} is not the integrated size ${oldSize}`,
      `已签名的大小 ${state.signed.size} 与已整合的大小 ${oldSize} 不一致`,
    );
  }

  const entries = await rt.db
    .selectFrom('log_entries')
    .select(['idx', 'leaf_hash'])
    .where('idx', '>=', oldSize)
    .orderBy('idx')
    .limit(options.maxBatch)
    .execute();
  // The committed entries are a gap-free prefix (sequence-log-entries.ts); stop at a gap anyway.
  let count = 0;
  while (count < entries.length && Number(entries[count]?.idx) === oldSize + count) count++;

  const signer = (persist: (s: SignedTreeHeadState) => Promise<void>) =>
    new CheckpointSigner({
      origin: rt.keys.origin,
      signers: rt.keys.signers,
      state: state.signed,
      persist,
      hashes: nodeHashProvider,
    });

  if (count === 0) {
    // Nothing new: publish the integrated head if it is not (a first start, or a crash after signing).
    if (state.checkpointSize !== undefined && state.checkpointSize >= oldSize) {
      return { integrated: 0, size: oldSize, published: false, leased: false, more: false };
    }
    const rootHash = oldSize === 0 ? emptyRoot(nodeHashProvider) : range.rootHash();
    const note = await signer(async (s) => {
      if (state.signed === undefined) await persistSignedHead(rt, oldSize, s);
    }).sign({ size: oldSize, rootHash });
    const published = await publishCheckpoint(rt, note, oldSize, rootHash, state.signed?.size);
    return { integrated: 0, size: oldSize, published, leased: false, more: false };
  }

  const rows = await partialRows(rt.db, oldSize);
  const onNode = (node: CompletedNode) => placeNode(rows, node);
  for (let i = 0; i < count; i++) {
    const leaf = (entries[i] as { leaf_hash: Uint8Array }).leaf_hash;
    if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_SIZE)
      throw corrupt(`entry ${oldSize + i} has no 32-byte leaf hash`, `条目 ${oldSize + i} 没有 32 字节的叶哈希`);
    range.append(leaf, onNode);
  }
  const newSize = range.size;
  for (const row of rows.values()) row.width = tileWidthAt(row.level, row.index, newSize);
  const rootHash = range.rootHash();
  const previous = state.signed?.size ?? 0;
  // RFC 9162 §2.1.4.1 from the last signed size, read through the batch's rows first.
  const proof = previous > 0 ? await rt.tree.consistencyProof(previous, newSize, rows) : [];

  const note = await signer(async (s) => {
    await rt.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('log_integration')
        .set({
          size: newSize,
          compact_range: JSON.stringify(range.toState()),
          signed_size: s.size,
          signed_root: s.rootHash,
        })
        .where('id', '=', 1)
        .where('size', '=', oldSize)
        .where('lease_owner', '=', rt.owner)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1)
        throw corrupt('another integrator moved the log during this batch', '本批次处理期间另一个整合进程移动了日志');
      const list = [...rows.values()];
      for (let start = 0; start < list.length; start += TILE_WRITE_CHUNK) {
        await trx
          .insertInto('log_tiles')
          .values(
            list
              .slice(start, start + TILE_WRITE_CHUNK)
              .map((r) => ({ level: r.level, idx: r.index, width: r.width, nodes: r.nodes })),
          )
          .onConflict((oc) =>
            oc
              .columns(['level', 'idx'])
              .doUpdateSet((eb) => ({ width: eb.ref('excluded.width'), nodes: eb.ref('excluded.nodes') })),
          )
          .execute();
      }
    });
  }).sign({ size: newSize, rootHash }, proof);
  const published = await publishCheckpoint(rt, note, newSize, rootHash, previous);
  return { integrated: count, size: newSize, published, leased: false, more: entries.length === options.maxBatch };
}

async function persistSignedHead(rt: LogRuntime, size: number, s: SignedTreeHeadState): Promise<void> {
  const result = await rt.db
    .updateTable('log_integration')
    .set({ signed_size: s.size, signed_root: s.rootHash })
    .where('id', '=', 1)
    .where('size', '=', size)
    .where('signed_size', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw corrupt('another integrator signed the first head', '另一个整合进程已签署了第一个树头');
}

/**
 * Publishes a signed checkpoint with the cosignatures collected for it; a larger published
 * checkpoint is never replaced (no rollback, even between two processes).
 */
async function publishCheckpoint(
  rt: LogRuntime,
  note: string,
  size: number,
  rootHash: Uint8Array,
  previousSize: number | undefined,
): Promise<boolean> {
  const cosignatures = await collectCosignatures(rt, { note, size, rootHash, previousSize: previousSize ?? 0 });
  const result = await rt.db
    .updateTable('log_integration')
    .set({ checkpoint: note + cosignatures, checkpoint_size: size, checkpoint_at: rt.now().toISOString() })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('checkpoint_size', 'is', null), eb('checkpoint_size', '<=', size)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
