/**
 * Online verification's writes (the nonce of a show code, the access record with its audit
 * record) carry the process-kill guarantee by default and full durability on demand
 * (store/commit-durability.ts, docs/design/durability.md): either way they are committed when
 * the answer arrives, and a replayed code is refused.
 */

import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { createVenueClient, NODE_HOOK_TIMEOUT, useLicenceNode } from '../library/test-support/licence-node.js';
import { ACCESS_RECORDS_DURABILITIES } from '../store/commit-durability.js';
import { accessRecordWriterFor, openStore, type Store } from '../store/store.js';
import type { TestClient } from '../test-support/principals.js';

describe.each(
  TEST_DATABASES.flatMap(({ dialect, create }) =>
    ACCESS_RECORDS_DURABILITIES.map((durability) => ({ dialect, create, durability })),
  ),
)('online verification with $durability access records on $dialect', ({ dialect, create, durability }) => {
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, {
    now: () => clock,
    accessRecordsDurability: durability,
    numberPrefix: 'D',
  });
  let venue: TestClient;
  let other: Store;

  beforeAll(async () => {
    venue = await createVenueClient(nodeFixture.node.ctx);
    // What another process sees: a second connection to the same store.
    other = await openStore(nodeFixture.node.t.database.location);
  }, NODE_HOOK_TIMEOUT);
  afterAll(async () => {
    await other?.close();
  }, NODE_HOOK_TIMEOUT);

  async function showCode(): Promise<{ code: string; identifier: string }> {
    const licence = await nodeFixture.issue();
    return { code: await nodeFixture.showCode(licence), identifier: licence.metadata.certificateIdentifier };
  }

  function verify(code: string, mode: 'verify' | 'entry-registration') {
    return nodeFixture.node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { code, useCause: '入园登记', mode },
    });
  }

  it('has the nonce and the access record committed when the answer arrives', async () => {
    const { code, identifier } = await showCode();
    // SQLite: both are written by the store's access-record writer thread (store/access-record-writer.ts).
    const writer = accessRecordWriterFor(nodeFixture.node.t.store.db);
    expect(writer === undefined).toBe(dialect !== 'sqlite');
    const before = writer?.stats ?? { appended: 0, fsyncs: 0 };
    const answer = await verify(code, 'verify');
    expect(answer.statusCode).toBe(200);
    const verdict = answer.json();
    expect(verdict.valid).toBe(true);
    if (writer !== undefined) {
      expect(writer.stats.appended).toBe(before.appended + 1);
      // Full: the answer waited for the thread's fsync of the records' commit.
      if (durability === 'full') expect(writer.stats.fsyncs).toBeGreaterThan(before.fsyncs);
    }
    const nonces = await other.db
      .selectFrom('showing_nonces')
      .select('seen_count')
      .where('nonce', '=', verdict.showCode.nonce)
      .execute();
    expect(nonces.map((n) => Number(n.seen_count))).toEqual([1]);
    const audits = await other.db
      .selectFrom('audit_records')
      .select(['outcome', 'use_cause'])
      .where('action', '=', 'licence.verify')
      .where('target', '=', identifier)
      .execute();
    expect(audits).toEqual([{ outcome: 'success', use_cause: '入园登记' }]);
  });

  it('still refuses a replayed code in entry registration', async () => {
    const { code, identifier } = await showCode();
    const first = (await verify(code, 'entry-registration')).json();
    expect(first.valid).toBe(true);
    const second = (await verify(code, 'entry-registration')).json();
    expect(second.valid).toBe(false);
    expect(second.checks.find((c: { name: string }) => c.name === 'replay')).toMatchObject({ ok: false });
    const audits = await other.db
      .selectFrom('audit_records')
      .select('outcome')
      .where('action', '=', 'licence.verify')
      .where('target', '=', identifier)
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => a.outcome)).toEqual(['success', 'refused']);
  });
});

describe('online verification when the access-record writer thread dies (sqlite)', () => {
  const sqlite = TEST_DATABASES.find((d) => d.dialect === 'sqlite');
  if (sqlite === undefined) throw new Error('TEST_DATABASES names no SQLite store');
  const nodeFixture = useLicenceNode(sqlite.create, { numberPrefix: 'W' });
  let venue: TestClient;

  beforeAll(async () => {
    venue = await createVenueClient(nodeFixture.node.ctx);
  }, NODE_HOOK_TIMEOUT);

  it('answers a 500 problem for the record in flight, and the next verification gets a new thread', async () => {
    // A licence document: its verification writes the access record only (no nonce).
    const licence = await nodeFixture.issue();
    const verify = () =>
      nodeFixture.node.app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { authorization: venue.authorization },
        payload: { licence, useCause: '办理业务核验' },
      });
    const writer = accessRecordWriterFor(nodeFixture.node.t.store.db);
    expect((await verify()).statusCode).toBe(200);
    const threads = writer?.stats.threads ?? 0;
    const location = nodeFixture.node.t.database.location;
    // Another connection holds the write lock: the thread waits in SQLite's busy handler with
    // the record in flight. Ended there, it stops at its next JavaScript call once BEGIN
    // returns (the lock is released just after), before its COMMIT.
    const locker = new Sqlite(location.dialect === 'sqlite' ? location.file : '');
    locker.prepare('begin immediate').run();
    const posted = writer?.stats.batches ?? 0;
    const answering = verify();
    // Ended once the record is in flight (posted to the thread), not after a fixed 100 ms: on a
    // loaded machine the verification had not reached the writer by then, so the thread died
    // with nothing in flight and the record went to the next thread, which committed it (200).
    await vi.waitFor(() => expect(writer?.stats.batches).toBeGreaterThan(posted), { timeout: 60_000, interval: 5 });
    // Then a moment for the thread to take it into its BEGIN (in flight either way; this only
    // makes the busy-handler case the likely one, as in access-record-writer.test.ts).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ended = writer?.thread?.terminate();
    locker.prepare('rollback').run();
    locker.close();
    await ended;
    const answer = await answering;
    expect(answer.statusCode).toBe(500);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({ status: 500, code: 'ERR_STORE_WRITER_FAILED' });
    expect((await verify()).statusCode).toBe(200);
    expect(writer?.stats.threads).toBe(threads + 1);
  });
});
