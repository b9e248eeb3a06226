import type { Licence } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './test-support/library-store.js';
import { CITIZEN_ID, sampleInput, TYPE_CODE } from './test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from './test-support/licence-node.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

const CAUSE = encodeURIComponent('办理建筑施工许可');

describe.each(TEST_DATABASES)('library reads over HTTP on $dialect', ({ create }) => {
  let node: LicenceNode;
  let licences: Licence[];
  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => new Date('2026-11-29T04:00:00Z') });
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences/batch',
      headers: { authorization: node.issuer.authorization },
      payload: { items: [1, 2, 3].map((n) => sampleInput({ certificateNumber: `L-${n}` })) } as never,
    });
    licences = response.json().results.map((r: { licence: Licence }) => r.licence);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  const get = (url: string, authorization = node.reader.authorization) =>
    node.app.inject({ method: 'GET', url, headers: { authorization, 'accept-language': 'en' } });

  it('reads a licence by identifier with its status, encumbrances and versions', async () => {
    const id = licences[0]?.metadata.certificateIdentifier ?? '';
    const response = await get(`/api/v1/licences/${id}?useCause=${CAUSE}`);
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json())).toEqual(['licence', 'status', 'encumbrances', 'versions']);
    expect(response.json().licence).toEqual(licences[0]);
  });

  it('lists a holder’s licences a page at a time with an opaque cursor', async () => {
    const first = await get(
      `/api/v1/licences?holderCode=${CITIZEN_ID}&holderCodeType=111&typeCode=${TYPE_CODE}&limit=2&useCause=${CAUSE}`,
    );
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    const next = await get(
      `/api/v1/licences?holderCode=${CITIZEN_ID}&holderCodeType=111&typeCode=${TYPE_CODE}&limit=2&useCause=${CAUSE}&cursor=${first.json().nextCursor}`,
    );
    expect(next.json().items).toHaveLength(1);
    expect(next.json().nextCursor).toBeUndefined();
  });

  it.each([
    [
      'without a use cause',
      () => `/api/v1/licences/${licences[0]?.metadata.certificateIdentifier}`,
      400,
      'ERR_AUDIT_USE_CAUSE_REQUIRED',
    ],
    [
      'a wrong check character',
      () => `/api/v1/licences/${licences[0]?.metadata.certificateIdentifier.slice(0, -1)}Z?useCause=${CAUSE}`,
      422,
      'ERR_LICENCE_ID_CHECK',
    ],
    [
      'an unknown licence',
      () => `/api/v1/licences/1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F?useCause=${CAUSE}`,
      404,
      'ERR_LIBRARY_NOT_FOUND',
    ],
    ['no filter', () => `/api/v1/licences?useCause=${CAUSE}`, 400, 'ERR_LIBRARY_QUERY_FILTER'],
    [
      'a bad holder code',
      () => `/api/v1/licences?holderCode=110105194912310021&holderCodeType=111&useCause=${CAUSE}`,
      422,
      'ERR_CITIZEN_ID_CHECK',
    ],
    [
      'an unknown query parameter',
      () => `/api/v1/licences?typeCode=${TYPE_CODE}&colour=red&useCause=${CAUSE}`,
      400,
      'ERR_API_BAD_REQUEST',
    ],
    [
      'a bad cursor',
      () => `/api/v1/licences?typeCode=${TYPE_CODE}&cursor=xyz&useCause=${CAUSE}`,
      400,
      'ERR_LIBRARY_CURSOR_INVALID',
    ],
  ])('refuses a read %s', async (_name, url, status, code) => {
    const before = Number(
      (
        await node.t.store.db
          .selectFrom('audit_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const response = await get(url());
    expect([response.statusCode, response.json().code]).toEqual([status, code]);
    const after = Number(
      (
        await node.t.store.db
          .selectFrom('audit_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });

  it('refuses anonymous callers and clients without a reading scope', async () => {
    const id = licences[0]?.metadata.certificateIdentifier ?? '';
    const anonymous = await node.app.inject({ method: 'GET', url: `/api/v1/licences/${id}?useCause=${CAUSE}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
