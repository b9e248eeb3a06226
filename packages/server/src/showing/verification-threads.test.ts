import type { Worker } from 'node:worker_threads';
import type { Licence } from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import {
  createVenueClient,
  NODE_HOOK_TIMEOUT,
  PUBLIC_URL,
  useLicenceNode,
} from '../library/test-support/licence-node.js';
import { createTestSqliteDatabase } from '../test-support/databases.js';
import type { TestClient } from '../test-support/principals.js';
import { preparedNodeTrustList, trustListSource } from '../trust/prepared-node-trust-list.js';
import {
  createVerificationThreads,
  DEFAULT_VERIFICATION_THREADS,
  defaultVerificationThreads,
  type VerificationThreads,
  verificationThreadsFrom,
} from './verification-threads.js';

describe('verification threads (SQLite: licence checks and status read off the event loop)', () => {
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(createTestSqliteDatabase, { now: () => clock, numberPrefix: 'VT' });
  let venue: TestClient;
  /** The same node, verifying on the event loop (the default): what the threads must answer exactly alike. */
  let onLoop: FastifyInstance;
  /** The same node with one verification thread. */
  let threaded: FastifyInstance;
  let threads: VerificationThreads;
  const started: Worker[] = [];

  beforeAll(async () => {
    const { node } = nodeFixture;
    venue = await createVenueClient(node.ctx);
    onLoop = await buildApp({
      store: node.t.store,
      nodeId: node.ctx.nodeId,
      context: node.ctx,
      publicUrl: PUBLIC_URL,
    });
    threaded = await buildApp({
      store: node.t.store,
      nodeId: node.ctx.nodeId,
      context: node.ctx,
      publicUrl: PUBLIC_URL,
      verifyThreads: 1,
      // Every licence to the thread, however idle the loop (loop-busy.ts): the comparison is the point.
      verifyThreadsBusyAbove: 0,
    });
    threads = createVerificationThreads({
      size: 1,
      file: node.t.store.target,
      onThread: (worker) => started.push(worker),
    });
  }, NODE_HOOK_TIMEOUT);
  afterAll(async () => {
    await threads?.close();
    await onLoop?.close();
    await threaded?.close();
  });

  const verify = (app: FastifyInstance, licence: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { licence, useCause: '办理登记' } as never,
    });

  async function listNow() {
    const list = await preparedNodeTrustList(nodeFixture.node.ctx, { url: PUBLIC_URL });
    const source = trustListSource(list);
    if (source === undefined) throw new Error('the prepared list has no source');
    return { list, source };
  }

  it('answers exactly as the event loop does: own copy, JSON text, tampered, revoked, unreadable', async () => {
    const { node } = nodeFixture;
    const licence = await nodeFixture.issue();
    const revokedLicence = await nodeFixture.issue();
    const revoked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${revokedLicence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' },
    });
    expect(revoked.statusCode).toBe(200);
    const tampered = structuredClone(licence) as unknown as { metadata: Record<string, unknown> };
    tampered.metadata.certificateHolderName = '李四';
    const inputs: unknown[] = [licence, JSON.stringify(licence), tampered, revokedLicence, { format: 'nonsense' }];
    for (const input of inputs) {
      const onThread = await verify(threaded, input);
      const looped = await verify(onLoop, input);
      expect(onThread.statusCode).toBe(200);
      expect(onThread.json()).toEqual(looped.json());
    }
    // The revocation committed on the writer is seen by the thread's own read-only connection.
    const answer = await verify(threaded, revokedLicence);
    expect(answer.json()).toMatchObject({ valid: false, currentStatus: { status: 'revoked' } });
  });

  it('prepares the trust list on the thread and returns the verdict with the status row', async () => {
    const licence = await nodeFixture.issue();
    const { list, source } = await listNow();
    const answer = await threads.verifyLicence(licence, list, source, clock);
    expect(answer.verdict.valid).toBe(true);
    expect(answer.verdict.checks.find((c) => c.name === 'signature')?.reason).toMatch(
      /^identical to the verifier's own copy/,
    );
    expect(answer.status?.status.status).toBe('valid');
    // A licence the library does not hold: verdict, no row.
    const foreign = { ...licence, metadata: { ...licence.metadata, certificateIdentifier: 'x' } } as Licence;
    const unknown = await threads.verifyLicence(foreign, list, source, clock);
    expect(unknown.verdict.valid).toBe(false);
    expect(unknown.status).toBeUndefined();
  });

  it('fails the verifications of a thread that stops, and answers the next on a new thread', async () => {
    const licence = await nodeFixture.issue();
    const { list, source } = await listNow();
    await threads.verifyLicence(licence, list, source, clock);
    const before = started.length;
    const thread = started.at(-1);
    // Enough work (each a full signature check: JSON text of a changed document) that the
    // thread is still on it when it is stopped right after the turn's flush, as a crash would.
    const tampered = JSON.stringify({ ...licence, face: { ...licence.face, note: 'x' } });
    const pending = Array.from({ length: 400 }, () => threads.verifyLicence(tampered, list, source, clock));
    await new Promise((resolve) => setImmediate(resolve));
    await thread?.terminate();
    const settled = await Promise.allSettled(pending);
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);
    for (const s of settled)
      if (s.status === 'rejected') expect(String(s.reason)).toMatch(/a verification thread failed/);
    const next = await threads.verifyLicence(licence, list, source, clock);
    expect(next.verdict.valid).toBe(true);
    expect(started.length).toBe(before + 1);
  });

  it('fails what is pending once closed, and refuses what comes after', async () => {
    const closing = createVerificationThreads({ size: 1, file: nodeFixture.node.t.store.target });
    const licence = await nodeFixture.issue();
    const { list, source } = await listNow();
    const pending = closing.verifyLicence(licence, list, source, clock);
    await closing.close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(closing.verifyLicence(licence, list, source, clock)).rejects.toThrow(/closed/);
  });
});

describe('HUTONG_VERIFY_THREADS', () => {
  const oneProcess = { cores: 2, clusterWorker: false };
  it('is a whole number from 0 to 64; unset, one thread for a one-process node on 2 cores or more', () => {
    // An app built without the option verifies on the event loop; `hutong serve` decides.
    expect(DEFAULT_VERIFICATION_THREADS).toBe(0);
    expect(verificationThreadsFrom({}, oneProcess)).toBe(1);
    expect(verificationThreadsFrom({ HUTONG_VERIFY_THREADS: '' }, oneProcess)).toBe(1);
    expect(verificationThreadsFrom({ HUTONG_VERIFY_THREADS: '0' }, oneProcess)).toBe(0);
    expect(verificationThreadsFrom({ HUTONG_VERIFY_THREADS: '3' }, oneProcess)).toBe(3);
    for (const bad of ['-1', '65', '1.5', 'auto', ' 2']) {
      expect(() => verificationThreadsFrom({ HUTONG_VERIFY_THREADS: bad }, oneProcess), bad).toThrow(
        expect.objectContaining({ code: 'ERR_STORE_SETTING_INVALID', field: 'HUTONG_VERIFY_THREADS' }),
      );
    }
  });

  it('defaults to none on one core and in a cluster worker (no idle core), unless asked', () => {
    expect(defaultVerificationThreads({ cores: 1, clusterWorker: false })).toBe(0);
    expect(defaultVerificationThreads({ cores: 2, clusterWorker: true })).toBe(0);
    expect(defaultVerificationThreads({ cores: 8, clusterWorker: false })).toBe(1);
    expect(verificationThreadsFrom({}, { cores: 1, clusterWorker: false })).toBe(0);
    expect(verificationThreadsFrom({}, { cores: 4, clusterWorker: true })).toBe(0);
    expect(verificationThreadsFrom({ HUTONG_VERIFY_THREADS: '1' }, { cores: 4, clusterWorker: true })).toBe(1);
  });
});
