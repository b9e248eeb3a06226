/**
 * Issue 4: the log's checkpoint keys (Ed25519, and SM2 when the node signs that line) are in
 * the node's trust list, so a verifier holding only the list (pinned by its anchor) checks a
 * checkpoint offline — with either key (docs/design/trust-list.md §2, `logKeys`).
 */
import {
  importVerificationKeyJwk,
  openCheckpoint,
  type PreparedTrustList,
  parseNote,
  type TrustList,
  verifyTrustList,
} from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../test-support/databases.js';
import {
  issuedEvent,
  type LogTestStore,
  logTestApp,
  openLogTestStore,
  recordEvents,
} from './test-support/log-fixture.js';

describe.each(TEST_DATABASES)('the log keys in the trust list on $dialect', ({ create }) => {
  let database: TestDatabase;
  let t: LogTestStore;
  let app: FastifyInstance;

  beforeEach(async () => {
    database = await create();
    t = await openLogTestStore(database);
    app = await logTestApp(t, { sm2: true });
    await recordEvents(
      t.ctx,
      Array.from({ length: 7 }, (_, i) => issuedEvent(i)),
      7,
    );
    await app.transparencyLog.integrator.integrateNow();
  }, 60_000);

  afterEach(async () => {
    await app.close();
    await t.close();
    await database.drop();
  }, 60_000);

  /** The list as a verifier gets it: over HTTP, checked against the pinned anchor. */
  async function preparedList(): Promise<PreparedTrustList> {
    const list = (await app.inject({ url: '/api/v1/trust-list' })).json() as TrustList;
    const anchor = (await app.inject({ url: '/api/v1/trust-list/anchor' })).json();
    const key = await importVerificationKeyJwk(anchor.publicKeyJwk);
    return verifyTrustList(list, [{ nodeId: anchor.nodeId, key }], { at: new Date(list.issuedAt) });
  }

  it('lists the Ed25519 and SM2 checkpoint keys, each of which verifies the published checkpoint alone', async () => {
    const info = (await app.inject({ url: '/log/info' })).json();
    expect(info.sm2Vkey).toEqual(expect.any(String));
    const prepared = await preparedList();
    expect(prepared.logKeys.map((k) => [k.name, k.vkey, k.verifier.type])).toEqual([
      [info.origin, info.vkey, 'ed25519'],
      [info.origin, info.sm2Vkey, 'sm2-sm3'],
    ]);

    const note = (await app.inject({ url: '/log/checkpoint' })).body;
    const both = await openCheckpoint(
      note,
      info.origin,
      prepared.logKeys.map((k) => k.verifier),
    );
    expect(both.checkpoint.size).toBe(7);
    expect(both.note.verifiedBy.map((s) => s.keyId).sort()).toEqual(
      prepared.logKeys.map((k) => k.verifier.keyId).sort(),
    );
    // A national-algorithm verifier that trusts only the SM2 key, and a C2SP one that trusts only Ed25519.
    for (const logKey of prepared.logKeys) {
      const alone = await openCheckpoint(note, info.origin, [logKey.verifier]);
      expect(alone.note.verifiedBy.map((s) => s.keyId)).toEqual([logKey.verifier.keyId]);
    }
  });

  it('refuses, with the keys from the list alone, a checkpoint whose tree was altered or whose SM2 line was forged', async () => {
    const prepared = await preparedList();
    const verifiers = prepared.logKeys.map((k) => k.verifier);
    const note = (await app.inject({ url: '/log/checkpoint' })).body;
    const origin = prepared.logKeys[0]?.name as string;

    // The same signatures over a different tree size.
    const altered = note.replace(/^(.*\n)7\n/, '$18\n');
    expect(altered).not.toBe(note);
    await expect(openCheckpoint(altered, origin, verifiers)).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_MERKLE_NOTE_/),
    });

    // The SM2 line with one signature byte flipped: refused even by an SM2-only verifier.
    const sm2 = prepared.logKeys[1]?.verifier;
    if (sm2 === undefined) throw new Error('no SM2 log key in the trust list');
    const opened = parseNote(note);
    const line = opened.signatures.find((s) => s.keyId === sm2.keyId);
    if (line === undefined) throw new Error('the checkpoint has no SM2 line');
    const lines = note.split('\n');
    const at = lines.findIndex((l) => l.startsWith('— ') && l.includes(` ${line.base64}`));
    const bytes = Buffer.from(line.base64, 'base64');
    bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 1;
    lines[at] = `— ${line.name} ${bytes.toString('base64')}`;
    await expect(openCheckpoint(lines.join('\n'), origin, [sm2])).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_MERKLE_NOTE_/),
    });
  });
});
