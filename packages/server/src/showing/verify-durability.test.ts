/**
 * Online verification's writes (the nonce of a show code, the access record with its audit
 * record) carry the process-kill guarantee by default and full durability on demand
 * (store/commit-durability.ts, docs/design/durability.md): either way they are committed when
 * the answer arrives, and a replayed code is refused.
 */
import { createShowCode, type Licence } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { sampleInput, sampleType, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, startLicenceNode } from '../library/test-support/licence-node.js';
import { ACCESS_RECORDS_DURABILITIES } from '../store/commit-durability.js';
import { openStore, type Store, walSyncFor } from '../store/store.js';
import { createTestClient, type TestClient } from '../test-support/principals.js';
import { ensureNodeKey } from '../trust/node-keys.js';

const HOOK_TIMEOUT = 120_000;

describe.each(
  TEST_DATABASES.flatMap(({ dialect, create }) =>
    ACCESS_RECORDS_DURABILITIES.map((durability) => ({ dialect, create, durability })),
  ),
)('online verification with $durability access records on $dialect', ({ dialect, create, durability }) => {
  let node: LicenceNode;
  let venue: TestClient;
  let other: Store;
  const clock = new Date('2026-11-29T04:00:00Z');

  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock, accessRecordsDurability: durability });
    venue = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
    // What another process sees: a second connection to the same store.
    other = await openStore(node.t.database.location);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await other?.close();
    await node?.close();
  }, HOOK_TIMEOUT);

  let serial = 0;
  async function showCode(): Promise<{ code: string; nonce: string; identifier: string }> {
    serial += 1;
    const issued = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput({ certificateNumber: `D-${serial}` }) as never,
    });
    expect(issued.statusCode).toBe(201);
    const licence = issued.json().licence as Licence;
    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const made = await createShowCode({ licence, type: sampleType(), status: 'valid', purpose: 'entry' }, signingKey, {
      now: clock,
    });
    return { code: made.text, nonce: made.nonce, identifier: licence.metadata.certificateIdentifier };
  }

  function verify(code: string, mode: 'verify' | 'entry-registration') {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { code, useCause: '入园登记', mode },
    });
  }

  it('has the nonce and the access record committed when the answer arrives', async () => {
    const { code, nonce, identifier } = await showCode();
    const sync = walSyncFor(node.t.store.db);
    const roundsBefore = sync?.rounds ?? 0;
    const answer = await verify(code, 'verify');
    expect(answer.statusCode).toBe(200);
    expect(answer.json().valid).toBe(true);
    if (dialect === 'sqlite' && durability === 'full') {
      // The answer waited for the fsync of the records' commit.
      expect(sync?.rounds).toBeGreaterThan(roundsBefore);
      expect(sync?.unsynced).toBe(0);
    }
    const nonces = await other.db
      .selectFrom('showing_nonces')
      .select('seen_count')
      .where('nonce', '=', nonce)
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
