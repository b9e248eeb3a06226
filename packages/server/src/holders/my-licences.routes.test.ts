import { parseLicence, verifyLogReceipt } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { createTestClient, createTestStaff, signInHolder, type TestHolder } from '../test-support/principals.js';
import {
  CITIZEN_ID,
  type HolderNode,
  ORG_CODE,
  ORG_TYPE_CODE,
  OTHER_CITIZEN_ID,
  startHolderNode,
  TYPE_CODE,
} from './test-support/holder-node.js';

const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('my licences over HTTP on $dialect', ({ create }) => {
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

  const get = (url: string, headers: Record<string, string> = { cookie: me.cookie }) =>
    node.app.inject({ url, headers: { 'accept-language': 'en', ...headers } });
  const mine = () => node.mine.map((l) => l.metadata.certificateIdentifier).sort();

  it('lists every licence of the signed-in holder, and nobody else’s, with groups by type', async () => {
    const response = await get('/api/v1/me/licences');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const page = response.json();
    expect(page.items.map((i: { identifier: string }) => i.identifier)).toEqual(mine());
    expect(page.items[0]).toMatchObject({
      typeCode: TYPE_CODE,
      typeName: { zh: '建筑施工特种作业人员操作资格证书' },
      category: { code: '11100000000013338W', name: '住房和城乡建设部' },
      holderName: '张三',
      status: 'valid',
    });
    expect(page.groups).toEqual([
      expect.objectContaining({
        typeCode: TYPE_CODE,
        count: 3,
        category: expect.objectContaining({ code: '11100000000013338W' }),
      }),
    ]);
    const theirs = await get('/api/v1/me/licences', { cookie: other.cookie });
    expect(theirs.json().items.map((i: { identifier: string }) => i.identifier)).toEqual([
      node.theirs.metadata.certificateIdentifier,
    ]);
  });

  it('pages with an opaque keyset cursor and filters by category, type and status', async () => {
    const first = (await get('/api/v1/me/licences?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await get(`/api/v1/me/licences?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    expect([...first.items, ...second.items].map((i: { identifier: string }) => i.identifier)).toEqual(mine());
    expect((await get(`/api/v1/me/licences?typeCode=${ORG_TYPE_CODE}`)).json().items).toEqual([]);
    expect((await get('/api/v1/me/licences?category=11100000000013338W')).json().items).toHaveLength(3);
    expect((await get('/api/v1/me/licences?status=revoked')).json().items).toEqual([]);
    const bad = await get('/api/v1/me/licences?typeCode=nonsense');
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.json().field).toBe('typeCode');
    const badStatus = await get('/api/v1/me/licences?status=lost');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().field).toBe('status');
    const badCursor = await get('/api/v1/me/licences?cursor=xyz');
    expect(badCursor.json().code).toBe('ERR_LIBRARY_CURSOR_INVALID');
  });

  it('shows one licence with labelled face fields, status, versions, history and a log receipt that verifies', async () => {
    await node.app.transparencyLog.integrator.integrateNow();
    const id = node.mine[0]?.metadata.certificateIdentifier ?? '';
    const response = await get(`/api/v1/me/licences/${id}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.licence).toEqual(node.mine[0]);
    expect(detail.status.status).toBe('valid');
    expect(detail.versions).toEqual([expect.objectContaining({ identifier: id, version: '001' })]);
    expect(detail.faceFields.map((f: { key: string }) => f.key)).toEqual([
      'holderName',
      'idNumber',
      'operationCategory',
    ]);
    expect(detail.faceFields[0]).toEqual({
      key: 'holderName',
      label: { zh: '姓名', en: 'Name' },
      type: 'string',
      sensitivity: 2,
      value: '张三',
    });
    expect(detail.receipt).not.toBeNull();
    await expect(
      verifyLogReceipt(detail.receipt, node.app.transparencyLog.info.vkey, { target: id }),
    ).resolves.toMatchObject({ treeSize: detail.receipt.treeSize });
  });

  it('shows a status change in the licence’s status and history', async () => {
    const licence = node.mine[2];
    const id = licence?.metadata.certificateIdentifier ?? '';
    const suspended = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${id}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'suspension' },
    });
    expect(suspended.statusCode).toBe(200);
    const detail = (await get(`/api/v1/me/licences/${id}`)).json();
    expect(detail.status.status).toBe('suspended');
    expect(detail.history.map((h: { type: string; to: string }) => [h.type, h.to])).toContainEqual([
      'suspension',
      'suspended',
    ]);
    const list = (await get('/api/v1/me/licences?status=suspended')).json();
    expect(list.items.map((i: { identifier: string }) => i.identifier)).toEqual([id]);
  });

  it('downloads the native signed JSON exactly as issued', async () => {
    const id = node.mine[1]?.metadata.certificateIdentifier ?? '';
    const response = await get(`/api/v1/me/licences/${id}/licence.json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${id}.json"`);
    expect(parseLicence(JSON.parse(response.body))).toEqual(node.mine[1]);
  });

  it('answers someone else’s licence exactly as one that does not exist', async () => {
    const theirs = node.theirs.metadata.certificateIdentifier;
    for (const url of [`/api/v1/me/licences/${theirs}`, `/api/v1/me/licences/${theirs}/licence.json`]) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'ERR_HOLDER_LICENCE_NOT_FOUND', field: 'identifier' });
    }
    const missing = theirs.replace(/\.[0-9]{3}$/, '.999');
    expect((await get(`/api/v1/me/licences/${missing}`)).json().code).toBe('ERR_HOLDER_LICENCE_NOT_FOUND');
  });

  it('refuses anonymous callers, clients and staff on every my-licences route', async () => {
    const id = node.mine[0]?.metadata.certificateIdentifier ?? '';
    const reader = await createTestClient(node.ctx, { scopes: ['licence:read'], kind: 'relying-party' });
    const staff = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    for (const url of ['/api/v1/me/licences', `/api/v1/me/licences/${id}`, `/api/v1/me/licences/${id}/licence.json`]) {
      expect((await get(url, {})).statusCode).toBe(401);
      expect((await get(url, { authorization: reader.authorization })).statusCode).toBe(403);
      expect((await get(url, { cookie: staff.cookie })).statusCode).toBe(403);
    }
  });

  it('shows an organisation’s licences to its legal representative acting for it, and not before', async () => {
    const rep = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    const orgId = node.orgLicence.metadata.certificateIdentifier;
    expect((await get(`/api/v1/me/licences/${orgId}`, { cookie: rep.cookie })).statusCode).toBe(404);
    const acting = await node.app.inject({
      method: 'PUT',
      url: '/api/v1/holder/acting-for',
      headers: rep.headers,
      payload: { holderCodeType: '001', holderCode: ORG_CODE },
    });
    expect(acting.statusCode).toBe(200);
    const list = (await get('/api/v1/me/licences', { cookie: rep.cookie })).json();
    expect(list.items.map((i: { identifier: string }) => i.identifier)).toEqual([orgId]);
    expect((await get(`/api/v1/me/licences/${orgId}`, { cookie: rep.cookie })).statusCode).toBe(200);
    expect(
      (await get(`/api/v1/me/licences/${node.otherOrgLicence.metadata.certificateIdentifier}`, { cookie: rep.cookie }))
        .statusCode,
    ).toBe(404);
  });

  it('records the holder’s reads as the holder’s, without the holder code in clear', async () => {
    const rows = await node.t.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', 'in', ['holder.licences-listed', 'holder.licence-read', 'holder.licence-downloaded'])
      .execute();
    expect(new Set(rows.map((r) => r.action))).toEqual(
      new Set(['holder.licences-listed', 'holder.licence-read', 'holder.licence-downloaded']),
    );
    expect(rows.every((r) => r.actor === 'holder')).toBe(true);
    expect(JSON.stringify(auditInClear(rows))).not.toContain(CITIZEN_ID);
    expect(JSON.stringify(auditInClear(rows))).not.toContain('张三');
  });
});
