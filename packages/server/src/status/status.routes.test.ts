import { inflateSync } from 'node:zlib';
import { decodeBase64url, type Licence } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { ISSUER_CODE, OTHER_ISSUER_CODE, sampleInput } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, PUBLIC_URL, useLicenceNode } from '../library/test-support/licence-node.js';
import { expireLicences } from './expire-licences.js';
import { readStatusEntry } from './status-list-token.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('lifecycle events and status lists over HTTP on $dialect', ({ create }) => {
  let node: LicenceNode;
  // A fixed clock: events at one instant are in order (core refuses only going back), and the
  // clients' access tokens (10 minutes) stay valid for the whole file.
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: 'S' });
  beforeAll(async () => {
    node = nodeFixture.node;
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  function event(licence: Licence, body: unknown, authorization = node.issuer.authorization) {
    return node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization, 'accept-language': 'zh-CN' },
      payload: body as never,
    });
  }

  async function snapshot(licence: Licence) {
    const db = node.t.store.db;
    const id = licence.metadata.certificateIdentifier;
    return {
      row: await db
        .selectFrom('licences')
        .select(['status', 'status_state', 'status_value'])
        .where('identifier', '=', id)
        .executeTakeFirst(),
      events: (await db.selectFrom('licence_status_events').select('seq').where('identifier', '=', id).execute())
        .length,
      audit: Number(
        (
          await db
            .selectFrom('audit_records')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      lists: await db.selectFrom('status_lists').select(['revision']).where('issuer_code', '=', ISSUER_CODE).execute(),
    };
  }

  async function statusList(headers: Record<string, string> = {}) {
    return node.app.inject({ method: 'GET', url: `/api/v1/status-lists/${ISSUER_CODE}/1`, headers });
  }

  function entryOf(token: string, index: number): number {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub: string;
      status_list: { bits: number; lst: string };
    };
    expect(claims.sub).toBe(`${PUBLIC_URL}/api/v1/status-lists/${ISSUER_CODE}/1`);
    return readStatusEntry(new Uint8Array(inflateSync(decodeBase64url(claims.status_list.lst))), index);
  }

  it('revokes a licence: status, history, audit and the served status list change together', async () => {
    const licence = await issue();
    const index = licence.statusReference?.index ?? -1;
    const before = await statusList();
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('application/statuslist+jwt');
    expect(before.headers['cache-control']).toBe('public, max-age=300');
    expect(entryOf(before.body, index)).toBe(0);

    const response = await event(licence, { type: 'revocation', reason: '以欺骗手段取得' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ previousStatus: 'valid', status: 'revoked' });

    const after = await statusList({ 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(entryOf(after.body, index)).toBe(1);
    const unchanged = await statusList({ 'if-none-match': String(after.headers.etag) });
    expect([unchanged.statusCode, unchanged.body]).toEqual([304, '']);

    const history = await node.app.inject({
      method: 'GET',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/history?useCause=${encodeURIComponent('核查')}`,
      headers: { authorization: node.reader.authorization },
    });
    expect(history.json().events.map((e: { type: string }) => e.type)).toEqual(['issue', 'revocation']);
  });

  it('suspends (entry 2) and releases (entry 0); pledges stay visible without changing validity', async () => {
    const licence = await issue();
    const index = licence.statusReference?.index ?? -1;
    expect((await event(licence, { type: 'suspension' })).statusCode).toBe(200);
    expect(entryOf((await statusList()).body, index)).toBe(2);
    expect((await event(licence, { type: 'suspension-release' })).statusCode).toBe(200);
    expect((await event(licence, { type: 'pledge', id: 'ZY-9', creditor: '某银行' })).statusCode).toBe(200);
    expect(entryOf((await statusList()).body, index)).toBe(0);
    const read = await node.app.inject({
      method: 'GET',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}?useCause=${encodeURIComponent('办理抵押登记')}`,
      headers: { authorization: node.reader.authorization },
    });
    expect(read.json()).toMatchObject({
      status: { status: 'valid' },
      encumbrances: [{ id: 'ZY-9', kind: 'pledge', creditor: '某银行' }],
    });
  });

  it('changes a licence: a signed version 002 is returned and 001 is superseded', async () => {
    const licence = await issue();
    const response = await event(licence, {
      type: 'change',
      newVersion: '002',
      face: { holderName: '张三', idNumber: licence.metadata.certificateHolderCode, operationCategory: '建筑架子工' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { status: string; successor: Licence };
    expect(body.status).toBe('superseded');
    expect(body.successor.metadata).toMatchObject({
      certificateVersion: '002',
      previousCertificateIdentifier: licence.metadata.certificateIdentifier,
    });
    expect(body.successor.face.operationCategory).toBe('建筑架子工');
  });

  it.each([
    [
      'an illegal transition',
      [{ type: 'revocation' }, { type: 'extension', expiringDate: '20300101' }],
      422,
      'ERR_STATUS_TRANSITION',
    ],
    ['an unknown event', [{ type: 'melt' }], 422, 'ERR_STATUS_EVENT_TYPE'],
    ['an unknown member', [{ type: 'revocation', colour: 'red' }], 422, 'ERR_STATUS_EVENT_UNKNOWN_MEMBER'],
    ['a wrong new version', [{ type: 'change', newVersion: '005' }], 422, 'ERR_STATUS_CHANGE_VERSION'],
  ] as const)('refuses %s with a precise problem and writes nothing', async (_name, bodies, status, code) => {
    const licence = await issue();
    for (const body of bodies.slice(0, -1)) expect((await event(licence, body)).statusCode).toBe(200);
    const before = await snapshot(licence);
    const response = await event(licence, bodies[bodies.length - 1]);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['content-language']).toBe('zh-CN');
    expect(response.json().code).toBe(code);
    expect(await snapshot(licence)).toEqual(before);
  });

  it('lets only the issuer record events', async () => {
    const licence = await issue();
    const before = await snapshot(licence);
    const other = await event(licence, { type: 'revocation' }, node.otherIssuer.authorization);
    expect([other.statusCode, other.json().code]).toEqual([403, 'ERR_AUTH_ISSUER_FORBIDDEN']);
    const reader = await event(licence, { type: 'revocation' }, node.reader.authorization);
    expect(reader.statusCode).toBe(403);
    const anonymous = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      payload: { type: 'revocation' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await snapshot(licence)).toEqual(before);
    void OTHER_ISSUER_CODE;
  });

  it('refuses a bad identifier and an unknown one', async () => {
    const bad = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences/1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.X/events',
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation' },
    });
    expect([bad.statusCode, bad.json().code, bad.json().field]).toEqual([422, 'ERR_LICENCE_ID_CHECK', 'identifier']);
    const unknown = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences/1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F/events',
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation' },
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'ERR_LIBRARY_NOT_FOUND']);
  });

  it('records the expiry of licences past their term, and the status list says INVALID', async () => {
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput({ certificateNumber: 'OLD-1', certificateEffectiveDate: '2023-01-01' }) as never,
    });
    const old = response.json().licence as Licence;
    expect(old.metadata.certificateExpiringDate).toBe('20250101');
    const fresh = await issue();
    expect(await expireLicences(node.ctx, { publicUrl: PUBLIC_URL })).toBeGreaterThanOrEqual(1);
    expect(await expireLicences(node.ctx, { publicUrl: PUBLIC_URL })).toBe(0);
    const rows = await node.t.store.db
      .selectFrom('licences')
      .select(['identifier', 'status'])
      .where('identifier', 'in', [old.metadata.certificateIdentifier, fresh.metadata.certificateIdentifier])
      .orderBy('identifier')
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.identifier, r.status]))).toEqual({
      [old.metadata.certificateIdentifier]: 'expired',
      [fresh.metadata.certificateIdentifier]: 'valid',
    });
    expect(entryOf((await statusList()).body, old.statusReference?.index ?? -1)).toBe(1);
    // Posted from outside, expiry is refused: only the node's clock records it.
    const posted = await event(fresh, { type: 'expiry' });
    expect([posted.statusCode, posted.json().code]).toEqual([422, 'ERR_STATUS_TRANSITION']);
  });

  it('answers 404 for a list that does not exist and a malformed issuer', async () => {
    const missing = await node.app.inject({ method: 'GET', url: `/api/v1/status-lists/${ISSUER_CODE}/9` });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'ERR_STATUS_LIST_NOT_FOUND']);
    const zero = await node.app.inject({ method: 'GET', url: `/api/v1/status-lists/${ISSUER_CODE}/0` });
    expect(zero.statusCode).toBe(404);
    const badIssuer = await node.app.inject({ method: 'GET', url: '/api/v1/status-lists/11220000013544541X/1' });
    expect([badIssuer.statusCode, badIssuer.json().code]).toEqual([422, 'ERR_USCC_CHECK']);
  });
});
