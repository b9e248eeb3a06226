/**
 * Online verification's writes (the nonce of a show code, the access record with its audit
 * record) carry the process-kill guarantee by default and full durability on demand
 * (store/commit-durability.ts, docs/design/durability.md): either way they are committed when
 * the answer arrives, and a replayed code is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { createVenueClient, NODE_HOOK_TIMEOUT, useLicenceNode } from '../library/test-support/licence-node.js';
import { ACCESS_RECORDS_DURABILITIES } from '../store/commit-durability.js';
import { openStore, type Store, walSyncFor } from '../store/store.js';
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
    const sync = walSyncFor(nodeFixture.node.t.store.db);
    const roundsBefore = sync?.rounds ?? 0;
    const answer = await verify(code, 'verify');
    expect(answer.statusCode).toBe(200);
    const verdict = answer.json();
    expect(verdict.valid).toBe(true);
    if (dialect === 'sqlite' && durability === 'full') {
      // The answer waited for the fsync of the records' commit.
      expect(sync?.rounds).toBeGreaterThan(roundsBefore);
      expect(sync?.unsynced).toBe(0);
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
