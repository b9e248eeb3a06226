import {
  codeOfVerificationPath,
  decodePrintCode,
  importVerificationKeyJwk,
  type Licence,
  verifyConsentReceipt,
  verifyTrustList,
} from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { CITIZEN_ID, OTHER_CITIZEN_ID, sampleInput, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, startLicenceNode } from '../library/test-support/licence-node.js';
import { createTestMatter } from '../matters/test-support/test-matter.js';
import { readPdf } from '../printing/test-support/read-pdf.js';
import {
  createTestClient,
  createTestStaff,
  signInHolder,
  type TestClient,
  type TestHolder,
  type TestStaff,
} from '../test-support/principals.js';

const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('grants, receipts, fetch and usage records over HTTP on $dialect', ({ create }) => {
  let node: LicenceNode;
  const clock = new Date('2026-11-29T04:00:00Z');
  let holder: TestHolder;
  let otherHolder: TestHolder;
  let rp: TestClient;
  let venue: TestClient;
  let departmentReader: TestClient;
  let admin: TestStaff;
  let auditor: TestStaff;
  const licences: Licence[] = [];

  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock, holders: { devProvider: true } });
    await createTestMatter(node.ctx);
    rp = node.reader;
    venue = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'venue',
      scopes: ['verify'],
    });
    departmentReader = await createTestClient(node.ctx, { kind: 'department', scopes: ['licence:read'] });
    admin = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    auditor = await createTestStaff(node.ctx, { roles: ['auditor'] });
    for (const n of [1, 2]) {
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/licences',
        headers: { authorization: node.issuer.authorization },
        payload: sampleInput({ certificateNumber: `H-${n}` }) as never,
      });
      expect(response.statusCode).toBe(201);
      licences.push(response.json().licence as Licence);
    }
    holder = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    otherHolder = await signInHolder(node.app, { holderCodeType: '111', holderCode: OTHER_CITIZEN_ID });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node?.close();
  }, HOOK_TIMEOUT);

  const body = (overrides: Record<string, unknown> = {}) => ({
    clientId: rp.clientId,
    typeCodes: [TYPE_CODE],
    matterCode: '11220000013544541J-0001',
    purpose: '办理建筑施工企业资质申请',
    validUntil: '2026-12-29T04:00:00Z',
    ...overrides,
  });

  function grant(headers: Record<string, string>, payload: unknown = body()) {
    return node.app.inject({ method: 'POST', url: '/api/v1/me/grants', headers, payload: payload as never });
  }

  function fetchWith(authorization: string | undefined, payload: unknown) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/fetch',
      headers: { ...(authorization === undefined ? {} : { authorization }), 'accept-language': 'zh-CN' },
      payload: payload as never,
    });
  }

  it('grants as the signed-in holder (201, Location, idempotent), and refuses everyone else', async () => {
    const created = await grant({ ...holder.headers, 'idempotency-key': 'g-1' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.headers.location).toBe(`/api/v1/me/grants/${id}`);
    expect(created.json()).toMatchObject({ status: 'active', relyingParty: { clientId: rp.clientId } });
    const retry = await grant({ ...holder.headers, 'idempotency-key': 'g-1' });
    expect(retry.json().id).toBe(id);
    const conflict = await grant({ ...holder.headers, 'idempotency-key': 'g-1' }, body({ purpose: '另一用途' }));
    expect(conflict.statusCode).toBe(409);

    expect((await grant({})).statusCode).toBe(401);
    expect((await grant({ cookie: holder.cookie })).json().code).toBe('ERR_AUTH_CSRF');
    expect((await grant({ authorization: rp.authorization })).statusCode).toBe(403);
    expect((await grant(admin.headers)).statusCode).toBe(403);

    const bad = await node.app.inject({
      method: 'POST',
      url: '/api/v1/me/grants',
      headers: { ...holder.headers, 'accept-language': 'zh-CN' },
      payload: body({ validUntil: '2020-01-01T00:00:00Z' }) as never,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ERR_GRANTS_INPUT', field: 'validUntil' });
    expect(bad.json().detail).toContain('validUntil');
  });

  it('lists, reads and downloads the receipt only for the holder who granted', async () => {
    const id = (await grant(holder.headers)).json().id as string;
    const mine = await node.app.inject({ url: '/api/v1/me/grants', headers: { cookie: holder.cookie } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((g: { id: string }) => g.id)).toContain(id);
    const theirs = await node.app.inject({ url: '/api/v1/me/grants', headers: { cookie: otherHolder.cookie } });
    expect(theirs.json().items).toEqual([]);
    expect(
      (await node.app.inject({ url: `/api/v1/me/grants/${id}`, headers: { cookie: holder.cookie } })).statusCode,
    ).toBe(200);
    for (const headers of [{ cookie: otherHolder.cookie }]) {
      expect((await node.app.inject({ url: `/api/v1/me/grants/${id}`, headers })).statusCode).toBe(404);
      expect((await node.app.inject({ url: `/api/v1/me/grants/${id}/receipt.json`, headers })).statusCode).toBe(404);
    }
    for (const headers of [{}, { authorization: rp.authorization }, { cookie: admin.cookie }]) {
      const refused = await node.app.inject({ url: `/api/v1/me/grants/${id}/receipt.json`, headers });
      expect([401, 403]).toContain(refused.statusCode);
    }

    const download = await node.app.inject({
      url: `/api/v1/me/grants/${id}/receipt.json`,
      headers: { cookie: holder.cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/json');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body).not.toContain(CITIZEN_ID);
    // Anyone verifies it offline with the public trust list and the node's anchor.
    const list = (await node.app.inject({ url: '/api/v1/trust-list' })).json();
    const anchor = (await node.app.inject({ url: '/api/v1/trust-list/anchor' })).json();
    const prepared = await verifyTrustList(
      list,
      [{ nodeId: anchor.nodeId, key: await importVerificationKeyJwk(anchor.publicKeyJwk) }],
      {
        at: clock,
      },
    );
    const verdict = await verifyConsentReceipt(JSON.parse(download.body), prepared, { now: clock });
    expect(verdict).toMatchObject({ valid: true, kind: 'consent-receipt' });
  });

  it('fetches with a grant for the relying party it was given to, and records a usage record the holder sees', async () => {
    const id = (await grant(holder.headers)).json().id as string;
    const fetched = await fetchWith(rp.authorization, { grantId: id, useCause: '资质审查' });
    expect(fetched.statusCode, fetched.body).toBe(200);
    expect(fetched.headers['cache-control']).toBe('no-store');
    expect(fetched.json().licences).toHaveLength(licences.length);
    expect(fetched.json().licences[0].face.idNumber).toBe('110105********002X');

    const records = await node.app.inject({ url: '/api/v1/me/usage-records', headers: { cookie: holder.cookie } });
    expect(records.statusCode).toBe(200);
    expect(records.json().items.filter((r: { grantId?: string }) => r.grantId === id)).toHaveLength(licences.length);
    const others = await node.app.inject({ url: '/api/v1/me/usage-records', headers: { cookie: otherHolder.cookie } });
    expect(others.json().items).toEqual([]);
    for (const headers of [{}, { authorization: rp.authorization }, { cookie: auditor.cookie }]) {
      const refused = await node.app.inject({ url: '/api/v1/me/usage-records', headers });
      expect([401, 403]).toContain(refused.statusCode);
    }

    // Refusals of the fetch route: no credentials, a holder, a client without licence:read, a department client.
    expect((await fetchWith(undefined, { grantId: id, useCause: '审查' })).statusCode).toBe(401);
    const asHolder = await node.app.inject({
      method: 'POST',
      url: '/api/v1/fetch',
      headers: holder.headers,
      payload: { grantId: id, useCause: '审查' },
    });
    expect(asHolder.statusCode).toBe(403);
    expect((await fetchWith(venue.authorization, { grantId: id, useCause: '审查' })).statusCode).toBe(403);
    const department = await fetchWith(departmentReader.authorization, { grantId: id, useCause: '审查' });
    expect(department.statusCode).toBe(403);
    expect(department.json().code).toBe('ERR_GRANTS_NOT_RELYING_PARTY');
    const noCause = await fetchWith(rp.authorization, { grantId: id });
    expect(noCause.statusCode).toBe(400);
  });

  it('fetches idempotently with an Idempotency-Key: a retry answers the first fetch and writes no second usage record', async () => {
    const id = (await grant(holder.headers)).json().id as string;
    const keyed = (key: string, payload: unknown) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/fetch',
        headers: { authorization: rp.authorization, 'idempotency-key': key, 'accept-language': 'en' },
        payload: payload as never,
      });
    const usageCount = async () =>
      Number(
        (
          await node.ctx.store.db
            .selectFrom('usage_records')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('grant_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const first = await keyed(`fetch-${id}`, { grantId: id, useCause: '资质审查' });
    expect(first.statusCode, first.body).toBe(200);
    expect(await usageCount()).toBe(licences.length);
    // The same key and body, body members in another order: the same answer, the same records.
    const retry = await keyed(`fetch-${id}`, { useCause: '资质审查', grantId: id });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await usageCount()).toBe(licences.length);
    // Concurrent retries of a fresh key: one fetch, one set of records, one answer for all.
    const racers = await Promise.all([1, 2, 3].map(() => keyed(`race-${id}`, { grantId: id, useCause: '并发重试' })));
    expect(racers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const ids = racers.map((r) =>
      r
        .json()
        .licences.map((l: { usageRecordId: string }) => l.usageRecordId)
        .join(),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await usageCount()).toBe(licences.length * 2);
    // The same key with another body: a conflict, nothing written.
    const conflict = await keyed(`fetch-${id}`, { grantId: id, useCause: '另一事由' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.json()).toMatchObject({ code: 'ERR_GRANTS_IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    expect(await usageCount()).toBe(licences.length * 2);
    // A key is one client's: another relying party's same key is its own request (here refused for the grant).
    const other = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['licence:read'],
    });
    const foreign = await node.app.inject({
      method: 'POST',
      url: '/api/v1/fetch',
      headers: { authorization: other.authorization, 'idempotency-key': `fetch-${id}` },
      payload: { grantId: id, useCause: '资质审查' },
    });
    expect(foreign.json().code).toBe('ERR_GRANTS_WRONG_CLIENT');
    const badKey = await keyed('', { grantId: id, useCause: '资质审查' });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().field).toBe('Idempotency-Key');
  });

  it('revokes with immediate effect (idempotent), after which the fetch is refused in the caller’s language', async () => {
    const id = (await grant(holder.headers)).json().id as string;
    const revoke = () =>
      node.app.inject({ method: 'POST', url: `/api/v1/me/grants/${id}/revoke`, headers: holder.headers });
    const first = await revoke();
    expect(first.statusCode).toBe(200);
    expect(first.json().status).toBe('revoked');
    const second = await revoke();
    expect(second.json()).toEqual(first.json());
    const otherRevoke = await node.app.inject({
      method: 'POST',
      url: `/api/v1/me/grants/${id}/revoke`,
      headers: otherHolder.headers,
    });
    expect(otherRevoke.statusCode).toBe(404);
    const noCsrf = await node.app.inject({
      method: 'POST',
      url: `/api/v1/me/grants/${id}/revoke`,
      headers: { cookie: holder.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const refused = await fetchWith(rp.authorization, { grantId: id, useCause: '资质审查' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ERR_GRANTS_REVOKED', field: 'grantId' });
    expect(refused.json().detail).toContain('已于');
  });

  it('lists the relying parties a holder may grant to, to holders only', async () => {
    const listed = await node.app.inject({ url: '/api/v1/relying-parties', headers: { cookie: holder.cookie } });
    expect(listed.statusCode).toBe(200);
    const ids = listed.json().items.map((r: { clientId: string }) => r.clientId);
    expect(ids).toContain(rp.clientId);
    expect(ids).not.toContain(venue.clientId);
    expect(ids).not.toContain(departmentReader.clientId);
    expect(listed.json().items.find((r: { clientId: string }) => r.clientId === rp.clientId).organisationName.zh).toBe(
      '某市政务服务中心',
    );
    for (const headers of [{}, { authorization: rp.authorization }, { cookie: admin.cookie }]) {
      const refused = await node.app.inject({ url: '/api/v1/relying-parties', headers });
      expect([401, 403]).toContain(refused.statusCode);
    }
  });

  it('lets platform administrators set a relying party’s clearance, and nobody else', async () => {
    const url = `/api/v1/clients/${rp.clientId}/clearance`;
    const read = await node.app.inject({ url, headers: { cookie: admin.cookie } });
    expect(read.json()).toMatchObject({ clientId: rp.clientId, clearance: 1 });
    const set = await node.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { clearance: 2 } });
    expect(set.statusCode).toBe(200);
    expect(set.json().clearance).toBe(2);
    const id = (await grant(holder.headers)).json().id as string;
    const fetched = await fetchWith(rp.authorization, { grantId: id, useCause: '资质审查' });
    expect(fetched.json().licences[0].face.holderName).toBe('张三');
    expect(fetched.json().licences[0].face.idNumber).toBe('110105********002X');
    expect(
      (await node.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { clearance: 5 } })).statusCode,
    ).toBe(400);
    const notRp = await node.app.inject({
      method: 'PUT',
      url: `/api/v1/clients/${venue.clientId}/clearance`,
      headers: admin.headers,
      payload: { clearance: 2 },
    });
    expect(notRp.statusCode).toBe(422);
    for (const headers of [auditor.headers, holder.headers, { authorization: rp.authorization }, {}]) {
      const refused = await node.app.inject({ method: 'PUT', url, headers, payload: { clearance: 4 } });
      expect([401, 403]).toContain(refused.statusCode);
    }
    await node.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { clearance: 1 } });
  });

  it('gives the relying party an annotated copy of a licence it fetched with a grant, and refuses what it may not have', async () => {
    const id = (await grant(holder.headers)).json().id as string;
    const copy = (usageRecordId: string, authorization = rp.authorization) =>
      node.app.inject({ url: `/api/v1/fetch/${usageRecordId}/annotated-copy.pdf`, headers: { authorization } });
    const clearance = (value: number) =>
      node.app.inject({
        method: 'PUT',
        url: `/api/v1/clients/${rp.clientId}/clearance`,
        headers: admin.headers,
        payload: { clearance: value },
      });
    const fetched = await fetchWith(rp.authorization, { grantId: id, useCause: '办理资质延续' });
    const usageRecordId = fetched.json().licences[0].usageRecordId as string;

    // Clearance 1 would see the ID number masked: a copy printing it in full is refused.
    const low = await copy(usageRecordId);
    expect(low.statusCode).toBe(403);
    expect(low.json().code).toBe('ERR_GRANTS_COPY_CLEARANCE');

    expect((await clearance(3)).statusCode).toBe(200);
    const response = await copy(usageRecordId);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(response.rawPayload));
    for (const text of ['电子证照加注件', '办理资质延续', '某市政务服务中心']) expect(pdf.text, text).toContain(text);
    const code = codeOfVerificationPath(new URL(pdf.qrTexts[0] as string).pathname) as string;
    const annotation = decodePrintCode(code).annotation;
    expect(annotation).toMatchObject({ useCause: '办理资质延续', relyingPartyCode: RELYING_PARTY_CODE });
    // It expires when the grant does (sooner than the 30-day cap here).
    expect(annotation?.expiresAt.toISOString()).toBe('2026-12-29T04:00:00.000Z');

    // Another client's record answers as missing; a holder, a venue, nobody else may ask.
    const other = await createTestClient(node.ctx, { kind: 'relying-party', scopes: ['licence:read'] });
    expect((await copy(usageRecordId, other.authorization)).statusCode).toBe(404);
    expect((await copy(usageRecordId, venue.authorization)).statusCode).toBe(403);
    const asHolder = await node.app.inject({
      url: `/api/v1/fetch/${usageRecordId}/annotated-copy.pdf`,
      headers: { cookie: holder.cookie },
    });
    expect(asHolder.statusCode).toBe(403);
    expect((await node.app.inject({ url: `/api/v1/fetch/${usageRecordId}/annotated-copy.pdf` })).statusCode).toBe(401);

    // After the holder revokes the grant, no more copies.
    await node.app.inject({ method: 'POST', url: `/api/v1/me/grants/${id}/revoke`, headers: holder.headers });
    const revoked = await copy(usageRecordId);
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json().code).toBe('ERR_GRANTS_REVOKED');
    await clearance(1);
  });
});
