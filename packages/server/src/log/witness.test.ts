/**
 * Issue 4 item 6: two nodes on loopback, each with its own store, witness each other's logs
 * over real HTTP (C2SP tlog-witness add-checkpoint → tlog-cosignature), and a node refuses
 * a forked view of the other's log — visibly.
 */
import {
  consistencyProof,
  formatAddCheckpointRequest,
  formatCheckpoint,
  MemoryTree,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signNote,
  verifyLogReceipt,
} from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { nodeHashProvider as H } from '../merkle/node-hash-provider.js';
import { createTestSqliteDatabase, type TestDatabase } from '../test-support/databases.js';
import { createTestStaff, type TestStaff } from '../test-support/principals.js';
import { toBase64 } from './base64.js';
import {
  issuedEvent,
  type LogTestStore,
  licenceId,
  openLogTestStore,
  recordEvents,
} from './test-support/log-fixture.js';

interface Node {
  readonly name: string;
  readonly database: TestDatabase;
  readonly t: LogTestStore;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly admin: TestStaff;
}

async function startNode(name: string): Promise<Node> {
  const database = await createTestSqliteDatabase();
  const t = await openLogTestStore(database);
  const ctx = { ...t.ctx, nodeId: name };
  const app = await buildApp({
    store: t.store,
    nodeId: name,
    context: ctx,
    auth: { rateLimit: false },
    log: { integrate: false, sm2: false, witnessTimeoutMs: 5000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const admin = await createTestStaff(ctx, { roles: ['platform-admin'] });
  return { name, database, t: { ...t, ctx }, app, url: `http://127.0.0.1:${port}/`, admin };
}

async function get(node: Node, path: string): Promise<Response> {
  return fetch(new URL(path, node.url));
}

async function post(node: Node, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, node.url), {
    method: 'POST',
    headers: typeof body === 'string' ? headers : { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function leafHashesOf(node: Node): Promise<Uint8Array[]> {
  const rows = await node.t.store.db.selectFrom('log_entries').select('leaf_hash').orderBy('idx').execute();
  return rows.map((r) => new Uint8Array(r.leaf_hash));
}

describe('two nodes on loopback witness each other', () => {
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    a = await startNode('node-a.hutong.test');
    b = await startNode('node-b.hutong.test');
    // Each learns the other's keys from its public endpoints, then configures witnessing.
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const logKey = (await (await get(other, 'log/key')).text()).trim();
      const info = (await (await get(other, 'log/info')).json()) as { witnessVkey: string };
      const watched = await post(self, 'api/v1/log/witnessed-logs', { vkey: logKey }, self.admin.headers);
      expect(watched.status).toBe(201);
      const asked = await post(
        self,
        'api/v1/log/witnesses',
        { url: new URL('log/witness', other.url).toString(), vkey: info.witnessVkey },
        self.admin.headers,
      );
      expect(asked.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    for (const node of [a, b]) {
      await node.app.close();
      await node.t.close();
      await node.database.drop();
    }
  }, 60_000);

  async function cosignedCheckpoint(
    self: Node,
    witness: Node,
  ): Promise<{ size: number; signers: string[]; note: string }> {
    const note = await (await get(self, 'log/checkpoint')).text();
    const logKey = parseVerifierKey((await (await get(self, 'log/key')).text()).trim());
    const witnessKey = parseVerifierKey(
      ((await (await get(witness, 'log/info')).json()) as { witnessVkey: string }).witnessVkey,
    );
    const opened = await openCheckpoint(note, logKey.name, [logKey], [witnessKey]);
    return { size: opened.checkpoint.size, signers: opened.note.verifiedBy.map((s) => s.name), note };
  }

  it('publishes checkpoints that carry the other node’s cosignature, checkpoint after checkpoint', async () => {
    for (let round = 0; round < 3; round++) {
      await recordEvents(
        a.t.ctx,
        Array.from({ length: 5 + round }, (_, i) => issuedEvent(round * 100 + i)),
        3,
      );
      await recordEvents(
        b.t.ctx,
        Array.from({ length: 2 + round }, (_, i) => issuedEvent(round * 100 + i)),
        3,
      );
      await a.app.transparencyLog.integrator.integrateNow();
      await b.app.transparencyLog.integrator.integrateNow();
      const fromA = await cosignedCheckpoint(a, b);
      expect(fromA.signers).toEqual([a.app.transparencyLog.keys.origin, b.app.transparencyLog.keys.witness.name]);
      const fromB = await cosignedCheckpoint(b, a);
      expect(fromB.signers).toEqual([b.app.transparencyLog.keys.origin, a.app.transparencyLog.keys.witness.name]);
    }
    // Each witness holds the other's latest size; each log knows what its witness cosigned.
    const witnessed = (await (
      await fetch(new URL('api/v1/log/witnessed-logs', a.url), { headers: a.admin.headers })
    ).json()) as {
      items: Array<{ origin: string; size: number }>;
    };
    expect(witnessed.items).toEqual([
      expect.objectContaining({ origin: b.app.transparencyLog.keys.origin, size: 2 + 3 + 4 }),
    ]);
    const witnesses = (await (
      await fetch(new URL('api/v1/log/witnesses', a.url), { headers: a.admin.headers })
    ).json()) as {
      items: Array<{ size: number; lastError: string | null }>;
    };
    expect(witnesses.items).toEqual([expect.objectContaining({ size: 5 + 6 + 7, lastError: null })]);
    // A receipt from A, checked offline with A's key AND B's cosignature.
    const receipt = ((await (await get(a, `api/v1/log/receipts/${licenceId(200)}`)).json()) as { receipts: unknown[] })
      .receipts[0];
    const witnessKey = parseVerifierKey(b.app.transparencyLog.info.witnessVkey);
    await expect(
      verifyLogReceipt(receipt, a.app.transparencyLog.info.vkey, { target: licenceId(200), witnesses: [witnessKey] }),
    ).resolves.toMatchObject({ treeSize: 18 });
  });

  it('refuses a forked view of a log it witnesses (409, 422) and shows the refusals to everyone', async () => {
    // What A has cosigned of B's log.
    const state = await a.t.store.db.selectFrom('witnessed_logs').selectAll().executeTakeFirstOrThrow();
    const cosignedSize = Number(state.size);
    const real = await leafHashesOf(b);
    expect(real).toHaveLength(cosignedSize);
    const bKey = b.app.transparencyLog.keys.checkpoint.signer;
    const origin = b.app.transparencyLog.keys.origin;

    // Fork 1: the same size with another last entry, signed with B's own key.
    const forked = new MemoryTree(H);
    forked.appendAll(real.slice(0, -1));
    forked.append(H.sha256(new Uint8Array([0xde, 0xad])));
    const sameSize = await signNote(formatCheckpoint({ origin, size: cosignedSize, rootHash: forked.rootHash() }), [
      bKey,
    ]);
    const conflict = await post(
      a,
      'log/witness/add-checkpoint',
      formatAddCheckpointRequest({ oldSize: cosignedSize, proof: [], checkpointNote: sameSize }),
    );
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: 'ERR_LOG_WITNESS_CONFLICT' });

    // Fork 2: a larger tree that rewrote an entry A already cosigned; its consistency proof cannot verify.
    for (let i = 0; i < 3; i++) forked.append(H.sha256(new Uint8Array([i])));
    const larger = await signNote(formatCheckpoint({ origin, size: forked.size, rootHash: forked.rootHash() }), [bKey]);
    const proof = consistencyProof(cosignedSize, forked.size, forked, H);
    const diverged = await post(
      a,
      'log/witness/add-checkpoint',
      formatAddCheckpointRequest({ oldSize: cosignedSize, proof, checkpointNote: larger }),
    );
    expect(diverged.status).toBe(422);
    expect(await diverged.json()).toMatchObject({ code: 'ERR_LOG_WITNESS_PROOF' });

    // Visible: anyone can read the refusals, with the log-signed evidence.
    const refusals = (await (await get(a, 'api/v1/log/witness/refusals')).json()) as {
      items: Array<{ origin: string; code: string; cosignedSize: number; checkpointSize: number; request: string }>;
    };
    expect(refusals.items.map((r) => [r.origin, r.code, r.cosignedSize, r.checkpointSize]).sort()).toEqual(
      [
        [origin, 'ERR_LOG_WITNESS_CONFLICT', cosignedSize, cosignedSize],
        [origin, 'ERR_LOG_WITNESS_PROOF', cosignedSize, cosignedSize + 3],
      ].sort(),
    );
    const evidence = refusals.items.find((r) => r.code === 'ERR_LOG_WITNESS_CONFLICT')?.request ?? '';
    const note = evidence.slice(evidence.indexOf('\n\n') + 2);
    await expect(
      openCheckpoint(note, origin, [parseVerifierKey(b.app.transparencyLog.info.vkey)]),
    ).resolves.toBeDefined();
    expect(toBase64(parseCheckpoint(parseNote(note).text).rootHash)).not.toBe(state.root_hash);
    expect(toBase64(forked.rootHash())).not.toBe(state.root_hash);

    // The witness did not move; B's honest log is still cosigned afterwards.
    expect(
      Number((await a.t.store.db.selectFrom('witnessed_logs').select('size').executeTakeFirstOrThrow()).size),
    ).toBe(cosignedSize);
    await recordEvents(b.t.ctx, [issuedEvent(900)]);
    await b.app.transparencyLog.integrator.integrateNow();
    const after = await cosignedCheckpoint(b, a);
    expect(after.size).toBe(cosignedSize + 1);
    expect(after.signers).toContain(a.app.transparencyLog.keys.witness.name);
  });
});
