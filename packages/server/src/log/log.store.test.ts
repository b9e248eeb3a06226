import {
  CompactRange,
  isHutongError,
  logCommitment,
  logFieldKey,
  MemoryTree,
  openCheckpoint,
  parseLogEntry,
  parseVerifierKey,
  consistencyProof as referenceConsistency,
  inclusionProof as referenceInclusion,
  TileTreeReader,
  tilesOfTree,
  verifyConsistency,
  verifyInclusion,
  verifyLogReceipt,
} from '@hutong/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { nodeHashProvider as H } from '../merkle/node-hash-provider.js';
import { unpackJson } from '../store/packed-json.js';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import { fromBase64, toBase64 } from './base64.js';
import { integrateLog } from './integrate-log.js';
import { targetOfEntry } from './log-entry.js';
import { sm2Importer } from './log-keys.js';
import type { LogService } from './log-service.js';
import { logTreeStoreFor } from './log-tree-store.js';
import { proveConsistency } from './prove-consistency.js';
import { proveInclusion } from './prove-inclusion.js';
import { readPublishedCheckpoint } from './read-checkpoint.js';
import { readTile } from './read-tile.js';
import { receiptFor, receiptsFor } from './receipt-for.js';
import { sequenceLogEntries } from './sequence-log-entries.js';
import {
  HOLDER_CODE,
  issuedEvent,
  type LogTestStore,
  licenceId,
  openLogTestStore,
  recordEvents,
  statusEvent,
  testLogService,
} from './test-support/log-fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isServerError(error) || isHutongError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

async function leafHashes(t: LogTestStore): Promise<Uint8Array[]> {
  const rows = await t.store.db.selectFrom('log_entries').select(['idx', 'leaf_hash']).orderBy('idx').execute();
  expect(rows.map((r) => Number(r.idx))).toEqual(rows.map((_, i) => i));
  return rows.map((r) => new Uint8Array(r.leaf_hash));
}

function referenceTree(leaves: readonly Uint8Array[]): MemoryTree {
  const tree = new MemoryTree(H);
  tree.appendAll(leaves);
  return tree;
}

describe.each(TEST_DATABASES)('the transparency log on $dialect', ({ create }) => {
  let database: TestDatabase;
  let t: LogTestStore;
  let log: LogService;

  beforeEach(async () => {
    database = await create();
    t = await openLogTestStore(database);
    log = await testLogService(t.ctx);
  }, 60_000);

  afterEach(async () => {
    await log.integrator.stop();
    await t.close();
    await database.drop();
  }, 60_000);

  it('sequences a leaf in the event’s transaction: a rolled-back event leaves neither leaf nor gap', async () => {
    await recordEvents(t.ctx, [issuedEvent(1)]);
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        await recordEvent(trx, issuedEvent(2));
        throw new Error('the licence write failed after its side records');
      }),
    ).rejects.toThrow('the licence write failed');
    await recordEvents(t.ctx, [issuedEvent(3)]);
    const rows = await t.store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    expect(rows.map((r) => [Number(r.idx), targetOfEntry(unpackJson(r.entry))])).toEqual([
      [0, licenceId(1)],
      [1, licenceId(3)],
    ]);
    // Only licence (and grant) events are logged; other events keep their audit record only.
    await t.store.db.transaction().execute((trx) =>
      recordEvent(trx, {
        type: 'client.registered',
        actor: 'system',
        target: 'c1',
        details: {},
        at: '2026-11-29T12:00:00.000Z',
      }),
    );
    expect(await t.store.db.selectFrom('log_entries').select('idx').execute()).toHaveLength(2);
  });

  it('gives concurrent writers gap-free indexes, each entry exactly once', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, w) =>
        recordEvents(
          t.ctx,
          Array.from({ length: 5 }, (_, i) => issuedEvent(w * 100 + i)),
          5,
        ),
      ),
    );
    const rows = await t.store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    expect(rows.map((r) => Number(r.idx))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(new Set(rows.map((r) => targetOfEntry(unpackJson(r.entry)))).size).toBe(60);
    const result = await log.integrator.integrateNow();
    expect(result.size).toBe(60);
  });

  it('integrates in batches into tiles that equal the reference tree; every proof verifies', async () => {
    const small = await testLogService(t.ctx, { maxBatch: 97 });
    const published: Array<{ size: number; root: Uint8Array }> = [];
    for (const count of [1, 100, 155, 300, 44]) {
      const first = published.at(-1)?.size ?? 0;
      await recordEvents(
        t.ctx,
        Array.from({ length: count }, (_, i) => issuedEvent(first + i)),
        50,
      );
      await small.integrator.integrateNow();
      const checkpoint = await readPublishedCheckpoint(t.store.db);
      expect(checkpoint?.size).toBe(first + count);
      published.push({ size: checkpoint?.size ?? 0, root: checkpoint?.rootHash ?? new Uint8Array() });
    }
    const leaves = await leafHashes(t);
    const reference = referenceTree(leaves);
    const size = leaves.length;
    expect(size).toBe(600);
    expect(toBase64(published.at(-1)?.root ?? new Uint8Array())).toBe(toBase64(reference.rootHash()));

    // The checkpoint is signed by the log's key, for its origin.
    const checkpoint = await readPublishedCheckpoint(t.store.db);
    await expect(
      openCheckpoint(checkpoint?.note, log.keys.origin, [parseVerifierKey(log.keys.checkpoint.verifierKey)]),
    ).resolves.toBeDefined();

    // Inclusion proofs at the published size and at earlier ones, from the stored tiles.
    for (const index of [0, 1, 255, 256, 257, 511, 512, 599]) {
      const proof = await proveInclusion(t.store.db, { index });
      expect(proof.proof).toEqual(referenceInclusion(size, index, reference, H).map(toBase64));
      verifyInclusion(
        H,
        index,
        size,
        leaves[index] as Uint8Array,
        proof.proof.map((p) => fromBase64(p) as Uint8Array),
        reference.rootHash(),
      );
      const older = await proveInclusion(t.store.db, { index: 0, size: 101 });
      expect(older.rootHash).toBe(toBase64(published[1]?.root ?? new Uint8Array()));
    }
    // Consistency between every pair of published checkpoints.
    for (const a of published) {
      for (const b of published) {
        if (a.size > b.size) continue;
        const proof = await proveConsistency(t.store.db, { from: a.size, to: b.size });
        expect(proof.proof).toEqual(referenceConsistency(a.size, b.size, reference, H).map(toBase64));
        verifyConsistency(
          H,
          a.size,
          b.size,
          proof.proof.map((p) => fromBase64(p) as Uint8Array),
          a.root,
          b.root,
        );
      }
    }
    // The served tiles are the C2SP tiles of the tree: a TileTreeReader over them gives the root.
    const served = new Map<string, Uint8Array>();
    for (const tile of tilesOfTree(size)) {
      const path = `tile/${tile.level}/${String(tile.index).padStart(3, '0')}${tile.width === 256 ? '' : `.p/${tile.width}`}`;
      served.set(`${tile.level}/${tile.index}/${tile.width}`, (await readTile(t.store.db, path)).bytes);
    }
    const reader = new TileTreeReader(
      size,
      (c) => served.get(`${c.level}/${c.index}/${c.width}`) ?? new Uint8Array(),
      H,
    );
    expect(toBase64(referenceInclusion(size, 300, reader, H)[0] as Uint8Array)).toBe(
      toBase64(referenceInclusion(size, 300, reference, H)[0] as Uint8Array),
    );
  }, 120_000);

  it('stores the tree across tile levels (70,000 entries: level-1 tiles, partial tiles on two levels)', async () => {
    const at = '2026-11-29T12:00:00.000Z';
    for (let start = 0; start < 70_000; start += 5000) {
      await t.store.db.transaction().execute((trx) =>
        sequenceLogEntries(
          trx,
          Array.from({ length: 5000 }, (_, i) => ({
            event: { type: 'licence.status', actor: 'system', target: `t${start + i}`, details: {}, at },
          })),
        ),
      );
      if (start === 30_000) await log.integrator.integrateNow();
    }
    await log.integrator.integrateNow();
    const leaves = await leafHashes(t);
    const reference = referenceTree(leaves);
    const checkpoint = await readPublishedCheckpoint(t.store.db);
    expect(checkpoint?.size).toBe(70_000);
    expect(toBase64(checkpoint?.rootHash ?? new Uint8Array())).toBe(toBase64(reference.rootHash()));
    // Level-1 tile 0 is full (65,536 entries) and immutable; level-1 tile 0 at width 1 is its prefix.
    const level1 = await readTile(t.store.db, 'tile/1/000');
    expect(level1.full).toBe(true);
    expect(toBase64(level1.bytes.subarray(0, 32))).toBe(toBase64(reference.nodeHash(8, 0)));
    expect(toBase64(level1.bytes.subarray(255 * 32))).toBe(toBase64(reference.nodeHash(8, 255)));
    expect((await readTile(t.store.db, 'tile/1/001.p/17')).bytes).toHaveLength(17 * 32);
    expect(await codeOf(readTile(t.store.db, 'tile/1/001.p/18'))).toBe('ERR_LOG_TILE_NOT_FOUND');
    expect(toBase64((await readTile(t.store.db, 'tile/2/000.p/1')).bytes)).toBe(toBase64(reference.nodeHash(16, 0)));
    for (const index of [0, 65_535, 65_536, 69_999, 12_345]) {
      const proof = await proveInclusion(t.store.db, { index });
      expect(proof.proof).toEqual(referenceInclusion(70_000, index, reference, H).map(toBase64));
    }
    const proof = await proveConsistency(t.store.db, { from: 35_000 });
    expect(proof.proof).toEqual(referenceConsistency(35_000, 70_000, reference, H).map(toBase64));
  }, 180_000);

  it('never signs a checkpoint inconsistent with one it signed: a tampered tree is refused and nothing is published', async () => {
    await recordEvents(
      t.ctx,
      Array.from({ length: 10 }, (_, i) => issuedEvent(i)),
      10,
    );
    await log.integrator.integrateNow();
    const before = await readPublishedCheckpoint(t.store.db);
    // Replace the stored compact range by that of another tree of the same size.
    const forged = CompactRange.empty(H);
    for (let i = 0; i < 10; i++) forged.append(H.sha256(new Uint8Array([i, 9])));
    await t.store.db
      .updateTable('log_integration')
      .set({ compact_range: JSON.stringify(forged.toState()) })
      .where('id', '=', 1)
      .execute();
    await recordEvents(t.ctx, [issuedEvent(100)]);
    expect(await codeOf(log.integrator.integrateNow())).toBe('ERR_MERKLE_CHECKPOINT_INCONSISTENT');
    // Same size, another root: asked to publish size 10 again, the signer refuses a fork.
    await t.store.db.updateTable('log_integration').set({ checkpoint_size: 9 }).where('id', '=', 1).execute();
    await t.store.db.deleteFrom('log_entries').where('idx', '>=', 10).execute();
    expect(await codeOf(log.integrator.integrateNow())).toBe('ERR_MERKLE_CHECKPOINT_FORK');
    const state = await t.store.db
      .selectFrom('log_integration')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(state.size)).toBe(10);
    expect(state.checkpoint).toBe(before?.note);
  });

  it('refuses a stored state that lies about itself instead of signing from it', async () => {
    await recordEvents(
      t.ctx,
      Array.from({ length: 3 }, (_, i) => issuedEvent(i)),
    );
    await log.integrator.integrateNow();
    await t.store.db.updateTable('log_integration').set({ signed_size: 2 }).where('id', '=', 1).execute();
    await recordEvents(t.ctx, [issuedEvent(3)]);
    expect(await codeOf(log.integrator.integrateNow())).toBe('ERR_LOG_STATE_CORRUPT');
  });

  it('gives a receipt for every licence version that core verifies offline, and logs no personal data in clear', async () => {
    // A change logs \`licence.version\` against the old version, then the new version's issuance.
    const change = { ...statusEvent(1, 'superseded'), type: 'licence.version' as const };
    await recordEvents(t.ctx, [
      issuedEvent(1),
      issuedEvent(2),
      statusEvent(1, 'revoked'),
      change,
      issuedEvent(1, '002'),
    ]);
    expect(await codeOf(receiptFor(t.ctx, licenceId(1)))).toBe('ERR_LOG_NOT_INTEGRATED');
    await log.integrator.integrateNow();
    const receipt = await receiptFor(t.ctx, licenceId(1));
    const verified = await verifyLogReceipt(receipt, log.keys.checkpoint.verifierKey, { target: licenceId(1) });
    expect(verified).toMatchObject({ index: 0, treeSize: 5 });
    expect(verified.entry).toMatchObject({ event: 'licence.issued', public: { version: '001', status: 'valid' } });
    // The other version through the first version's identifier; all versions at once.
    const second = await receiptFor(t.ctx, licenceId(1), '002');
    await expect(
      verifyLogReceipt(second, log.keys.checkpoint.verifierKey, { target: licenceId(1, '002') }),
    ).resolves.toMatchObject({ index: 4 });
    const all = await receiptsFor(t.ctx, licenceId(1, '002'));
    expect(all.map((r) => [r.version, r.index])).toEqual([
      ['001', 0],
      ['002', 4],
    ]);
    expect(await codeOf(receiptFor(t.ctx, licenceId(9)))).toBe('ERR_LOG_ENTRY_NOT_FOUND');
    expect(await codeOf(receiptFor(t.ctx, '1.2.156.3005.2.x'))).toBe('ERR_LOG_IDENTIFIER_INVALID');

    // No personal data in clear: not the holder, the actors, the use cause, the request ids.
    const entries = await t.store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    const text = entries.map((e) => new TextDecoder().decode(unpackJson(e.entry))).join('\n');
    for (const secret of [
      HOLDER_CODE,
      'holder-index-of',
      'client:test-department',
      'staff:operator-1',
      '违规',
      'req-1-001',
    ]) {
      expect(text).not.toContain(secret);
    }
    // … but the node can open each commitment with the entry's private salt.
    const status = parseLogEntry(unpackJson(new Uint8Array(entries[2]?.entry ?? [])));
    const salt = await t.store.db
      .selectFrom('log_entry_salts')
      .select('salt')
      .where('idx', '=', 2)
      .executeTakeFirstOrThrow();
    const cause = statusEvent(1, 'revoked').useCause;
    expect(logCommitment(logFieldKey(new Uint8Array(salt.salt), 'useCause', H), cause, H)).toBe(
      status.private.useCause,
    );
    expect(logCommitment(logFieldKey(new Uint8Array(salt.salt), 'useCause', H), 'something else', H)).not.toBe(
      status.private.useCause,
    );
  });

  it('lets one integrator at a time work a shared store; the tree stays one', async () => {
    const second = await testLogService(t.ctx);
    await recordEvents(
      t.ctx,
      Array.from({ length: 40 }, (_, i) => issuedEvent(i)),
      10,
    );
    const [a, b] = await Promise.all([log.integrator.integrateNow(), second.integrator.integrateNow()]);
    expect([a.leased, b.leased].filter(Boolean)).toHaveLength(1);
    // The lease holder finishes; the other takes over once it is released or expired.
    await log.integrator.stop();
    const after = await second.integrator.integrateNow();
    expect(after.leased).toBe(false);
    expect((await readPublishedCheckpoint(t.store.db))?.size).toBe(40);
    const leaves = await leafHashes(t);
    expect(toBase64((await readPublishedCheckpoint(t.store.db))?.rootHash ?? new Uint8Array())).toBe(
      toBase64(referenceTree(leaves).rootHash()),
    );
    await second.integrator.stop();
    // A third process sees the lease free and the log complete.
    const third = await testLogService(t.ctx);
    expect((await integrateLog(third.runtime, { maxBatch: 10 })).integrated).toBe(0);
  });

  it('renews its lease only past half its term, and never works on a lease another process holds', async () => {
    const leaseOf = () =>
      t.store.db
        .selectFrom('log_integration')
        .select(['lease_owner', 'lease_until'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
    // A long term, so that a loaded machine cannot run half of it between two batches.
    const own = await testLogService(t.ctx, { leaseMs: 60_000 });
    await recordEvents(t.ctx, [issuedEvent(1)]);
    await integrateLog(own.runtime, { maxBatch: 10 });
    const taken = await leaseOf();
    expect(taken.lease_owner).toBe(own.runtime.owner);
    // A second batch while more than half the term is left: no renewal write.
    await recordEvents(t.ctx, [issuedEvent(2)]);
    expect((await integrateLog(own.runtime, { maxBatch: 10 })).integrated).toBe(1);
    expect(Number((await leaseOf()).lease_until)).toBe(Number(taken.lease_until));
    // Less than half left: the next batch renews it.
    const soon = Date.now() + own.runtime.leaseMs / 4;
    await t.store.db.updateTable('log_integration').set({ lease_until: soon }).where('id', '=', 1).execute();
    await recordEvents(t.ctx, [issuedEvent(3)]);
    expect((await integrateLog(own.runtime, { maxBatch: 10 })).integrated).toBe(1);
    expect(Number((await leaseOf()).lease_until)).toBeGreaterThan(soon + own.runtime.leaseMs / 2);
    // Another owner's live lease: nothing is done, nothing is written.
    const other = await testLogService(t.ctx);
    await recordEvents(t.ctx, [issuedEvent(4)]);
    expect(await integrateLog(other.runtime, { maxBatch: 10 })).toMatchObject({ leased: true, integrated: 0 });
    expect((await leaseOf()).lease_owner).toBe(own.runtime.owner);
    expect((await integrateLog(own.runtime, { maxBatch: 10 })).size).toBe(4);
    await other.integrator.stop();
    await own.integrator.stop();
  });

  it('adds an SM2 line that verifies with the published SM2 key', async () => {
    const sm2 = await testLogService(t.ctx, { sm2: true });
    await recordEvents(t.ctx, [issuedEvent(1)]);
    await sm2.integrator.integrateNow();
    const checkpoint = await readPublishedCheckpoint(t.store.db);
    expect(checkpoint?.note.split('\n').filter((l) => l.startsWith('— '))).toHaveLength(2);
    const verifier = parseVerifierKey(sm2.keys.sm2?.verifierKey, { sm2: sm2Importer(t.ctx) });
    const opened = await openCheckpoint(checkpoint?.note, sm2.keys.origin, [verifier]);
    expect(opened.note.verifiedBy.map((s) => s.keyId)).toEqual([verifier.keyId]);
    // The keys survive a restart of the service (sealed under the master key).
    const again = await testLogService(t.ctx, { sm2: true });
    expect(again.keys.sm2?.verifierKey).toBe(sm2.keys.sm2?.verifierKey);
    expect(again.keys.checkpoint.verifierKey).toBe(log.keys.checkpoint.verifierKey);
    expect(await codeOf(testLogService(t.ctx, { origin: 'another.example/hutong-log' }))).toBe(
      'ERR_LOG_ORIGIN_CHANGED',
    );
  });

  it('caches tile rows safely: a row read at one width answers later, wider trees too', async () => {
    await recordEvents(
      t.ctx,
      Array.from({ length: 5 }, (_, i) => issuedEvent(i)),
      5,
    );
    await log.integrator.integrateNow();
    const tree = logTreeStoreFor(t.store.db);
    const five = await tree.inclusionProof(5, 4);
    await recordEvents(
      t.ctx,
      Array.from({ length: 300 }, (_, i) => issuedEvent(10 + i)),
      100,
    );
    await log.integrator.integrateNow();
    const reference = referenceTree(await leafHashes(t));
    expect((await tree.inclusionProof(5, 4)).map(toBase64)).toEqual(five.map(toBase64));
    expect((await tree.inclusionProof(305, 260)).map(toBase64)).toEqual(
      referenceInclusion(305, 260, reference, H).map(toBase64),
    );
  });
});
