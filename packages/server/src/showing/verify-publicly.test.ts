/**
 * The public check of the verification page (`POST /api/v1/verify/public`): anyone holding a
 * genuine, current code learns whether the licence is valid now, and nothing the code does
 * not already disclose; a forged or stale code learns nothing; the check never spends a
 * holder's code; a script is slowed by the per-address limit. SQLite and PostgreSQL.
 */
import { createPrintCode, type Licence } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { sampleType } from '../library/test-support/licence-fixtures.js';
import { createVenueClient, type LicenceNode, useLicenceNode } from '../library/test-support/licence-node.js';
import type { TestClient } from '../test-support/principals.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { PUBLIC_VERIFY_LIMIT } from './showing.routes.js';

const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('the public verification check on $dialect', ({ create }) => {
  let node: LicenceNode;
  let venue: TestClient;
  let clock = new Date('2026-11-29T04:00:00Z');
  let address = 0;
  const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: 'P' });
  beforeAll(async () => {
    node = nodeFixture.node;
    venue = await createVenueClient(node.ctx);
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  async function event(licence: Licence, payload: object): Promise<void> {
    const response = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: payload as never,
    });
    expect(response.statusCode).toBe(200);
  }

  const showCode = (licence: Licence) => nodeFixture.showCode(licence);

  /** Each test from its own address, so that the per-address limit is tested where meant. */
  function check(payload: unknown, remoteAddress = `10.0.0.${++address}`) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/verify/public',
      remoteAddress,
      payload: payload as never,
    });
  }

  it('answers a genuine show code with the current status and nothing beyond what the code discloses', async () => {
    const licence = await issue();
    await event(licence, { type: 'pledge', id: 'ZY-9', creditor: '某银行' });
    const code = await showCode(licence);
    const response = await check({ code });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const verdict = response.json();
    expect(verdict).toMatchObject({
      valid: true,
      kind: 'show-code',
      currentStatus: { identifier: licence.metadata.certificateIdentifier, status: 'valid' },
    });
    // No encumbrance (not in the code), no replay history, no status dates, no mode.
    expect(Object.keys(verdict).sort()).toEqual([
      'at',
      'checks',
      'currentStatus',
      'kind',
      'showCode',
      'trustList',
      'valid',
    ]);
    expect(Object.keys(verdict.currentStatus).sort()).toEqual(['identifier', 'status']);
    expect(JSON.stringify(verdict)).not.toContain('pledge');
    expect(JSON.stringify(verdict)).not.toContain('某银行');
    expect(verdict.checks.map((c: { name: string }) => c.name)).not.toContain('replay');

    // The anonymous check is recorded (the holder can see the licence was checked), as anonymous.
    const audits = await node.t.store.db
      .selectFrom('audit_records')
      .select(['actor', 'use_cause'])
      .where('action', '=', 'licence.verify')
      .where('target', '=', licence.metadata.certificateIdentifier)
      .execute();
    expect(audits).toEqual([{ actor: 'anonymous', use_cause: '公开核验页扫码核验' }]);
  });

  it('never spends a holder’s code: a venue still registers the entry after a public check', async () => {
    const code = await showCode(await issue());
    expect((await check({ code })).json().valid).toBe(true);
    expect((await check({ code })).json().valid).toBe(true);
    const entry = await node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { code, useCause: '入园登记', mode: 'entry-registration' },
    });
    expect(entry.json()).toMatchObject({ valid: true, replay: { seenBefore: false } });
  });

  it('says a revoked licence is revoked now, though its code said valid', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    await event(licence, { type: 'revocation', reason: '以欺骗手段取得' });
    const verdict = (await check({ code })).json();
    expect(verdict.valid).toBe(false);
    expect(verdict.currentStatus.status).toBe('revoked');
    expect(verdict.checks.find((c: { name: string }) => c.name === 'current-status')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_STATUS_INVALID',
    });
  });

  it('looks nothing up for a forged code or a code past its lifetime', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const at = code.length - 10;
    const forged = `${code.slice(0, at)}${code[at] === '0' ? '1' : '0'}${code.slice(at + 1)}`;
    const bad = (await check({ code: forged })).json();
    expect(bad.valid).toBe(false);
    expect(bad.currentStatus).toBeUndefined();

    // An old screenshot: genuine, but its minute is over.
    const saved = clock;
    clock = new Date(saved.getTime() + 10 * 60_000);
    try {
      const stale = (await check({ code })).json();
      expect(stale.valid).toBe(false);
      expect(stale.currentStatus).toBeUndefined();
      expect(stale.checks.find((c: { name: string }) => c.name === 'current-status')).toMatchObject({
        ok: false,
        code: 'ERR_VERIFY_SKIPPED_NOT_CURRENT',
      });
    } finally {
      clock = saved;
    }
    const nonsense = (await check({ code: 'hello' })).json();
    expect(nonsense).toMatchObject({ valid: false, kind: 'show-code' });
    expect(nonsense.checks[0]).toMatchObject({ name: 'format', ok: false });
  });

  it('answers a print code with the status and the face check, never the printed face', async () => {
    const licence = await issue();
    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const printed = await createPrintCode({ licence, type: sampleType() }, signingKey, { now: clock });
    const verdict = (await check({ code: printed.text })).json();
    expect(verdict).toMatchObject({ valid: true, kind: 'printed-licence', currentStatus: { status: 'valid' } });
    expect(verdict.printedFace).toBeUndefined();
    expect(verdict.checks.find((c: { name: string }) => c.name === 'library-face')).toMatchObject({ ok: true });
    // A client with the verify scope gets the face to compare with the paper.
    const full = await node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { code: printed.text, useCause: '核验打印件' },
    });
    expect(full.json().printedFace).toBeDefined();
  });

  it.each([
    ['a licence document', { code: 'HT1:X', licence: {} }, 'licence'],
    ['a use cause', { code: 'HT1:X', useCause: '我想查' }, 'useCause'],
    ['a mode', { code: 'HT1:X', mode: 'entry-registration' }, 'mode'],
    ['a face', { code: 'HP1:X', face: {} }, 'face'],
    ['no code', {}, 'code'],
    ['an overlong code', { code: `HT1:${'0'.repeat(2000)}` }, 'code'],
  ])('refuses %s with a typed problem and records nothing', async (_label, payload, field) => {
    const before = await node.t.store.db
      .selectFrom('audit_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await check(payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'ERR_API_BAD_REQUEST' });
    expect(JSON.stringify(response.json())).toContain(field);
    const after = await node.t.store.db
      .selectFrom('audit_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('slows one address after a burst of checks (429 with Retry-After), not the next address', async () => {
    const code = await showCode(await issue());
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_VERIFY_LIMIT.burst; i += 1)
      statuses.push((await check({ code }, '10.9.9.9')).statusCode);
    expect(statuses.slice(0, PUBLIC_VERIFY_LIMIT.burst).every((s) => s === 200)).toBe(true);
    const limited = await check({ code }, '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'ERR_AUTH_RATE_LIMITED' });
    expect((await check({ code }, '10.9.9.10')).statusCode).toBe(200);
  });
});
