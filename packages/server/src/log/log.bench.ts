/**
 * Transparency-log benchmarks (issue 4), to the contract of scripts/bench/README.md.
 *
 * 1. Sustained sequencing + integration on SQLite: one operation is the work of ~200 ms of a
 *    10,000-leaves/s load — 8 sequencing transactions of 256 licence events each (what
 *    issuance's chunked transactions write: entry building with salted commitments, the
 *    gap-free index, entry and salt rows), then one integration batch of those 2,048 leaves
 *    (compact range, tile rows, Ed25519 checkpoint signed after its state is committed,
 *    publication). Baseline: the raw SQLite batched-insert rate of the same machine — the
 *    same 8 × 256 rows of the same bytes inserted through a prepared better-sqlite3
 *    statement, same pragmas (WAL, synchronous FULL). The issue asks for ≥ 10,000 leaves/s
 *    (Tessera's POSIX figure) or ≥ 0.25× that raw rate; the target row holds the first
 *    (leaves/s = ops/s × 2,048), the ratio column shows the second.
 *    The integration delay (sequenced → covered by a published checkpoint) is measured in a
 *    separate sustained run with the real background integrator (200 ms interval) while
 *    transactions of 256 events are appended as fast as the store takes them; p50/p99 go in
 *    the note.
 * 2. Inclusion proof generation at 10,000,000 leaves from the store (`LogTreeStore`, tile rows
 *    in SQLite, default row cache). Building 10 M distinct entries would take the bench
 *    minutes, so the tree's leaf hashes repeat every 256 leaves (as in core's merkle bench):
 *    every level-0 row holds the same hashes, but each is its own 16 KiB row in the store,
 *    read as a proof reads it. Sampled proofs are verified against the root of an independent
 *    in-memory model before timing. Baseline: the same proofs from that in-memory model
 *    (information: the cost of the store).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  inclusionProof,
  leafHash,
  type NodeId,
  nodeHash,
  type TreeReader,
  treeRootHash,
  verifyInclusion,
} from '@hutong/core';
import Sqlite from 'better-sqlite3';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { createAppContext } from '../app-context.js';
import { nodeHashProvider as H } from '../merkle/node-hash-provider.js';
import { createSecrets } from '../secrets/secrets.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/store.js';
import { integrateLog } from './integrate-log.js';
import { buildLogEntry } from './log-entry.js';
import { LogIntegrator } from './log-integrator.js';
import { createLogService } from './log-service.js';
import { LogTreeStore } from './log-tree-store.js';
import { sequenceLogEntries } from './sequence-log-entries.js';
import { issuedEvent } from './test-support/log-fixture.js';
import { TILE_ROW_BYTES, tileSlot } from './tile-layout.js';

const TRANSACTIONS = 8;
const PER_TRANSACTION = 256;
const LEAVES_PER_OP = TRANSACTIONS * PER_TRANSACTION;
const TEN_MILLION = 10_000_000;

const dirs: string[] = [];
process.once('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sqliteStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-log-bench-'));
  dirs.push(dir);
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'hutong.db') });
  await migrateToLatest(store.db);
  return { store, dir };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Sustained appends with the real background integrator: delays from commit to a covering checkpoint. */
async function integrationDelays(
  seconds: number,
): Promise<{ p50: number; p99: number; leavesPerSecond: number; samples: number }> {
  const { store } = await sqliteStore();
  const ctx = createAppContext({
    store,
    nodeId: 'bench-node',
    secrets: createSecrets(new Uint8Array(randomBytes(32))),
  });
  const service = await createLogService(ctx, { sm2: false });
  const integrator = new LogIntegrator(service.runtime, { intervalMs: 200 });
  integrator.start();
  const pending: Array<{ index: number; at: number }> = [];
  const delays: number[] = [];
  let published = -1;
  const observe = async () => {
    const row = await store.db
      .selectFrom('log_integration')
      .select('checkpoint_size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    published = Number(row.checkpoint_size ?? -1);
    const now = performance.now();
    while (pending.length > 0 && (pending[0]?.index ?? Number.POSITIVE_INFINITY) < published)
      delays.push(now - (pending.shift()?.at ?? now));
  };
  const start = performance.now();
  let serial = 0;
  let appended = 0;
  while (performance.now() - start < seconds * 1000) {
    const events = Array.from({ length: PER_TRANSACTION }, () => ({ event: issuedEvent(serial++) }));
    const indexes = await store.db.transaction().execute((trx) => sequenceLogEntries(trx, events));
    pending.push({ index: indexes.at(-1) ?? 0, at: performance.now() });
    appended += events.length;
    await observe();
    // A server yields between requests; better-sqlite3 answers synchronously, so yield here.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const elapsed = (performance.now() - start) / 1000;
  while (pending.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await observe();
  }
  await integrator.stop();
  await store.close();
  delays.sort((a, b) => a - b);
  return {
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    leavesPerSecond: appended / elapsed,
    samples: delays.length,
  };
}

/** Leaf hashes repeat every 256 leaves: every complete subtree of the 10 M tree is one of few hashes. */
class PeriodicTree implements TreeReader {
  readonly low: Uint8Array[][] = [];
  readonly high: Uint8Array[] = [];

  constructor() {
    this.low[0] = Array.from({ length: 256 }, (_, i) => leafHash(new Uint8Array([i, 0x5a]), H));
    for (let level = 1; level <= 8; level++) {
      const below = this.low[level - 1] as Uint8Array[];
      this.low[level] = Array.from({ length: below.length / 2 }, (_, i) =>
        nodeHash(below[2 * i] as Uint8Array, below[2 * i + 1] as Uint8Array, H),
      );
    }
    this.high[8] = (this.low[8] as Uint8Array[])[0] as Uint8Array;
    for (let level = 9; level <= 53; level++)
      this.high[level] = nodeHash(this.high[level - 1] as Uint8Array, this.high[level - 1] as Uint8Array, H);
  }

  hash(node: NodeId): Uint8Array {
    return node.level >= 8
      ? (this.high[node.level] as Uint8Array)
      : ((this.low[node.level] as Uint8Array[])[node.index % 2 ** (8 - node.level)] as Uint8Array);
  }

  readNodeHashes(nodes: readonly NodeId[]): readonly Uint8Array[] {
    return nodes.map((n) => this.hash(n));
  }
}

/** Writes the tile rows of the periodic 10 M tree straight into a store's `log_tiles` (what integration would have written). */
function writePeriodicTiles(file: string, tree: PeriodicTree, size: number): void {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare('insert into log_tiles (level, idx, width, nodes) values (?, ?, ?, ?)');
  const write = db.transaction((rows: Array<[number, number, number, Uint8Array]>) => {
    for (const row of rows) insert.run(...row);
  });
  for (let tileLevel = 0; 256 ** tileLevel <= size; tileLevel++) {
    const hashesAtLevel = Math.floor(size / 256 ** tileLevel);
    const tiles = Math.ceil(hashesAtLevel / 256);
    let batch: Array<[number, number, number, Uint8Array]> = [];
    for (let index = 0; index < tiles; index++) {
      const width = Math.min(256, hashesAtLevel - index * 256);
      const nodes = new Uint8Array(TILE_ROW_BYTES);
      for (let r = 0; r < 8; r++) {
        const count = Math.floor(width / 2 ** r);
        for (let p = 0; p < count; p++) {
          const node = { level: tileLevel * 8 + r, index: index * (256 / 2 ** r) + p };
          nodes.set(tree.hash(node), tileSlot(node).slot * 32);
        }
      }
      batch.push([tileLevel, index, width, nodes]);
      if (batch.length === 2000) {
        write(batch);
        batch = [];
      }
    }
    write(batch);
  }
  db.close();
}

export default async function bench(): Promise<BenchFile> {
  // — 1. Sequencing + integration vs raw batched inserts —
  const { store } = await sqliteStore();
  const ctx = createAppContext({
    store,
    nodeId: 'bench-node',
    secrets: createSecrets(new Uint8Array(randomBytes(32))),
  });
  const service = await createLogService(ctx, { sm2: false });
  let serial = 0;
  const sequenceAndIntegrate = async (): Promise<number> => {
    for (let t = 0; t < TRANSACTIONS; t++) {
      const events = Array.from({ length: PER_TRANSACTION }, () => ({ event: issuedEvent(serial++) }));
      await store.db.transaction().execute((trx) => sequenceLogEntries(trx, events));
    }
    const result = await integrateLog(service.runtime, { maxBatch: 1 << 20 });
    return result.integrated;
  };

  const rawDir = mkdtempSync(join(tmpdir(), 'hutong-log-bench-raw-'));
  dirs.push(rawDir);
  const raw = new Sqlite(join(rawDir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(
    'create table log_entries (idx integer primary key, leaf_hash blob not null, entry blob not null, event text not null, target text, series text, version text, created_at text not null)',
  );
  const sample = Array.from({ length: PER_TRANSACTION }, (_, i) =>
    buildLogEntry(issuedEvent(i), i + 1, randomBytes(32), H),
  );
  const rawInsert = raw.prepare('insert into log_entries values (?, ?, ?, ?, ?, ?, ?, ?)');
  let rawIndex = 0;
  const rawTransaction = raw.transaction(() => {
    for (const b of sample)
      rawInsert.run(
        rawIndex++,
        b.leafHash,
        b.entry,
        b.event,
        b.target,
        b.series,
        b.version,
        '2026-11-29T12:00:00.000Z',
      );
  });
  const rawBatches = (): number => {
    for (let t = 0; t < TRANSACTIONS; t++) rawTransaction();
    return LEAVES_PER_OP;
  };

  const delay = await integrationDelays(5);

  // — 2. Inclusion proofs at 10,000,000 leaves —
  const periodic = new PeriodicTree();
  const { store: bigStore, dir: bigDir } = await sqliteStore();
  await bigStore.close();
  writePeriodicTiles(join(bigDir, 'hutong.db'), periodic, TEN_MILLION);
  const proofStore = await openStore({ dialect: 'sqlite', file: join(bigDir, 'hutong.db') });
  const tree = new LogTreeStore(proofStore.db);
  const root = treeRootHash(TEN_MILLION, periodic, H);
  // A fresh random leaf for every proof: a repeating set would end up answered from the cache.
  const randomLeaf = (): number => Math.floor(Math.random() * TEN_MILLION);
  for (let i = 0; i < 64; i++) {
    const index = randomLeaf();
    verifyInclusion(
      H,
      index,
      TEN_MILLION,
      periodic.hash({ level: 0, index }),
      await tree.inclusionProof(TEN_MILLION, index),
      root,
    );
  }

  return {
    title: 'Transparency log: sequencing, integration and proofs from the store',
    issue: 'issue 4',
    workloads: [
      {
        name: `Sequencing + integration, ${LEAVES_PER_OP.toLocaleString('en-US')} leaves per operation (SQLite)`,
        subject: {
          label: `8 transactions × 256 events (salted entries, gap-free index) + 1 integration batch with checkpoint`,
          fn: sequenceAndIntegrate,
        },
        baseline: {
          label: `raw better-sqlite3: 8 transactions × 256 inserts of the same rows (WAL, synchronous FULL)`,
          fn: rawBatches,
        },
        // The issue: ≥ 10,000 leaves/s, or ≥ 0.25× the raw batched-insert rate; the harness takes one.
        target: { minOpsPerSecond: 10_000 / LEAVES_PER_OP },
        expect: LEAVES_PER_OP,
        note:
          `leaves/s = ops/s × ${LEAVES_PER_OP} (target: 10,000 leaves/s; the alternative ≥ 0.25× ratio is not reached: entry building, RFC 8785 and two SHA-256 per committed field, is most of the cost; 0.11× under load 15–20 after RFC 8785 got about 2× faster, 0.08–0.09× before). Integration delay (sequenced → covered by a published checkpoint) ` +
          `with the background integrator (200 ms interval) under a sustained ${Math.round(delay.leavesPerSecond).toLocaleString('en-US')} leaves/s: ` +
          `p50 ${delay.p50.toFixed(0)} ms, p99 ${delay.p99.toFixed(0)} ms over ${delay.samples} transactions (maximum merge delay published: 1,000 ms).`,
      },
      {
        name: 'Inclusion proof generation at 10,000,000 leaves, from the store (SQLite tile rows)',
        subject: {
          label: 'LogTreeStore.inclusionProof (one row read, upper levels cached)',
          fn: () => tree.inclusionProof(TEN_MILLION, randomLeaf()).then((p) => p.length),
        },
        baseline: {
          label: 'core inclusionProof over an in-memory model of the same tree',
          fn: async () => inclusionProof(TEN_MILLION, randomLeaf(), periodic, H).length,
        },
        target: { minOpsPerSecond: 10_000 },
        note: 'A proof reads its level-0 tile hashes with one prepared statement on the SQLite store’s read-only connection (no Kysely compilation): 0.11× the in-memory model under load 15–20 (1,414/s vs 12,437/s), 0.05× before; most of what is left is SQLite reading the 16 KiB row. The tree’s leaf hashes repeat every 256 leaves (so the 10 M-leaf store builds in about a minute instead of hours), but every tile row is stored and read like any other; sampled proofs verify against the independent model’s root before timing.',
      },
    ],
  };
}
