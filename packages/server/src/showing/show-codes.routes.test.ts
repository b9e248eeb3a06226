import { importVerificationKeyJwk, verifyShowCode, verifyTrustList } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { CITIZEN_ID, type HolderNode, OTHER_CITIZEN_ID, startHolderNode } from '../holders/test-support/holder-node.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { createTestClient, createTestStaff, signInHolder, type TestHolder } from '../test-support/principals.js';

const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('holder show codes over HTTP on $dialect', ({ create }) => {
  let node: HolderNode;
  let me: TestHolder;
  let other: TestHolder;

  beforeAll(async () => {
    node = await startHolderNode(create);
    me = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    other = await signInHolder(node.app, { holderCodeType: '111', holderCode: OTHER_CITIZEN_ID });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node?.close();
  }, HOOK_TIMEOUT);

  const post = (payload: unknown, headers: Record<string, string>) =>
    node.app.inject({
      method: 'POST',
      url: '/api/v1/show-codes',
      headers: { 'accept-language': 'en', ...headers },
      payload: payload as Record<string, unknown>,
    });
  const mineId = () => node.mine[0]?.metadata.certificateIdentifier ?? '';

  async function trustList() {
    const anchor = (await node.app.inject({ url: '/api/v1/trust-list/anchor' })).json();
    const key = await importVerificationKeyJwk(anchor.publicKeyJwk);
    const list = (await node.app.inject({ url: '/api/v1/trust-list' })).json();
    return verifyTrustList(list, [{ nodeId: anchor.nodeId, key }], { at: node.ctx.now() });
  }

  async function auditCount(action: string): Promise<number> {
    const row = await node.t.store.db
      .selectFrom('audit_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', action)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('makes a show code of the holder’s own licence that verifies offline, with the chosen fields only', async () => {
    const before = await auditCount('holder.show-code');
    const response = await post(
      {
        identifier: mineId(),
        purpose: 'entry',
        disclose: ['certificateHolderName', { key: 'idNumber', masked: true }],
        lifetimeSeconds: 90,
      },
      me.headers,
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const made = response.json();
    expect(made.status).toBe('valid');
    expect(made.code).toMatch(/^HT1:/);
    expect(made.fields.map((f: { key: string; masked: boolean }) => [f.key, f.masked])).toEqual([
      ['certificateHolderName', false],
      ['idNumber', true],
    ]);
    expect(made.fields[1].value).not.toBe(CITIZEN_ID);
    expect(Date.parse(made.expiresAt) - Date.parse(made.issuedAt)).toBe(90_000);

    const verdict = await verifyShowCode(made.code, await trustList(), { now: node.ctx.now() });
    expect(verdict.valid).toBe(true);
    expect(verdict.showCode?.identifier).toBe(mineId());

    // Recorded as the holder's, with no ID number in clear.
    expect(await auditCount('holder.show-code')).toBe(before + 1);
    const audit = await node.t.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', 'holder.show-code')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(auditInClear(audit))).not.toContain(CITIZEN_ID);
  });

  it('makes a code that says revoked for a revoked licence (a verifier shows it red)', async () => {
    const identifier = node.mine[1]?.metadata.certificateIdentifier ?? '';
    const revoke = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${encodeURIComponent(identifier)}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '测试吊销' },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const made = (await post({ identifier, purpose: 'identity' }, me.headers)).json();
    expect(made.status).toBe('revoked');
    const verdict = await verifyShowCode(made.code, await trustList(), { now: node.ctx.now() });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'status-at-signing')?.ok).toBe(false);
  });

  it('refuses someone else’s licence exactly as a missing one, and bad choices with the field at fault', async () => {
    const theirs = await post({ identifier: mineId(), purpose: 'entry' }, other.headers);
    expect([theirs.statusCode, theirs.json().code, theirs.json().field]).toEqual([
      404,
      'ERR_HOLDER_LICENCE_NOT_FOUND',
      'identifier',
    ]);
    const unknownField = await post({ identifier: mineId(), purpose: 'entry', disclose: ['noSuchField'] }, me.headers);
    expect(unknownField.statusCode).toBe(422);
    expect(unknownField.json().code).toMatch(/^ERR_SHOWING_/);
    const longPurpose = await post({ identifier: mineId(), purpose: 'x'.repeat(40) }, me.headers);
    expect([longPurpose.statusCode, longPurpose.json().code]).toEqual([422, 'ERR_SHOWING_PURPOSE']);
    const tooLong = await post({ identifier: mineId(), purpose: 'entry', lifetimeSeconds: 600 }, me.headers);
    expect(tooLong.statusCode).toBe(400);
  });

  it('is for holders only: anonymous, clients and staff are refused, and a holder needs the CSRF token', async () => {
    const payload = { identifier: mineId(), purpose: 'entry' };
    expect((await post(payload, {})).statusCode).toBe(401);
    const client = await createTestClient(node.ctx, { scopes: ['verify', 'licence:read'] });
    expect((await post(payload, { authorization: client.authorization })).statusCode).toBe(403);
    const staff = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    expect((await post(payload, staff.headers)).statusCode).toBe(403);
    expect((await post(payload, { cookie: me.cookie })).statusCode).toBe(403);
  });
});
