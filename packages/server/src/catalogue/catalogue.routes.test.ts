import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/create-organisation.js';
import { openTestApp, type TestApp } from '../organisations/test-support/test-app.js';
import { departmentInput, TEST_USCC } from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { DRIVING_LICENCE_TYPE, ID_CARD_TYPE, typeDocument } from './test-support/sample-type.js';

const POLICE = TEST_USCC.police;

describe.each(TEST_DATABASES)('catalogue routes on $dialect', ({ create }) => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await openTestApp(create);
    await createOrganisation(t.ctx, departmentInput(POLICE, '公安厅', 'Public Security'), { actor: 'system' });
    admin = { ...(await t.staff('catalogue-admin')).headers };
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs a type through its life over HTTP; the public sees only what is published', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/types',
      payload: typeDocument(),
      headers: admin,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ certificateTypeCode: ID_CARD_TYPE, version: 1, status: 'draft' });
    expect((await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}`, headers: admin })).json().status).toBe(
      'draft',
    );
    expect((await t.app.inject({ url: '/api/v1/catalogue/types?status=draft' })).json().code).toBe(
      'ERR_CATALOGUE_QUERY',
    );

    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogue/types/${ID_CARD_TYPE}/publish`,
      payload: { version: 1 },
      headers: admin,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().status).toBe('published');
    const publicRead = await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}` });
    expect(publicRead.json()).toEqual(published.json());
    expect((await t.app.inject({ url: '/api/v1/catalogue/types' })).json().items).toHaveLength(1);

    const draft = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/catalogue/types/${ID_CARD_TYPE}`,
      payload: typeDocument(ID_CARD_TYPE, { templateId: 'id-card-v2' }),
      headers: admin,
    });
    expect(draft.json()).toMatchObject({ version: 2, status: 'draft' });
    expect((await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}/versions` })).json()).toHaveLength(1);
    expect(
      (await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}/versions`, headers: admin })).json(),
    ).toHaveLength(2);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogue/types/${ID_CARD_TYPE}/publish`,
      payload: {},
      headers: admin,
    });
    expect((await t.app.inject({ url: `/api/v1/catalogue/types/${ID_CARD_TYPE}?version=1` })).json().status).toBe(
      'retired',
    );

    const responsibility = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/responsibilities',
      payload: { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '2026-12-31', paperCount: 1000 },
      headers: admin,
    });
    expect(responsibility.statusCode).toBe(200);
    expect(responsibility.json()).toMatchObject({ deadline: '20261231', progress: { electronic: 0, ratio: 0 } });
    const list = await t.app.inject({ url: `/api/v1/catalogue/responsibilities?departmentCode=${POLICE}` });
    expect(list.json().items).toHaveLength(1);

    const scenario = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/scenarios',
      payload: { certificateTypeCode: ID_CARD_TYPE, venue: '酒店入住', description: '住宿登记' },
      headers: admin,
    });
    expect(scenario.statusCode).toBe(201);
    expect(
      (await t.app.inject({ url: `/api/v1/catalogue/scenarios?certificateTypeCode=${ID_CARD_TYPE}` })).json().items,
    ).toHaveLength(1);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/catalogue/scenarios/${scenario.json().id}`,
          headers: admin,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/catalogue/responsibilities/${ID_CARD_TYPE}/${POLICE}`,
          headers: admin,
        })
      ).statusCode,
    ).toBe(204);

    const retired = await t.app.inject({
      method: 'POST',
      url: `/api/v1/catalogue/types/${ID_CARD_TYPE}/retire`,
      headers: admin,
    });
    expect(retired.json()).toMatchObject({ status: 'retired', version: 2 });
    expect((await t.app.inject({ url: '/api/v1/catalogue/types?status=retired' })).json().items).toHaveLength(1);
  });

  it('accepts a client holding catalogue:admin as an administrator', async () => {
    const authorization = await t.client('catalogue:admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/types',
      payload: typeDocument(DRIVING_LICENCE_TYPE, { name: { zh: '机动车驾驶证', en: 'Driving licence' } }),
      headers: { authorization },
    });
    expect(created.statusCode).toBe(201);
    expect(
      (
        await t.app.inject({ url: `/api/v1/catalogue/types/${DRIVING_LICENCE_TYPE}`, headers: { authorization } })
      ).json().status,
    ).toBe('draft');
  });

  it('refuses every catalogue change to anyone but an administrator', async () => {
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/catalogue/types', typeDocument('11100000000013338W007')],
      ['PUT', `/api/v1/catalogue/types/${ID_CARD_TYPE}`, typeDocument()],
      ['POST', `/api/v1/catalogue/types/${ID_CARD_TYPE}/publish`, {}],
      ['POST', `/api/v1/catalogue/types/${ID_CARD_TYPE}/retire`, undefined],
      [
        'POST',
        '/api/v1/catalogue/responsibilities',
        { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '20261231' },
      ],
      ['DELETE', `/api/v1/catalogue/responsibilities/${ID_CARD_TYPE}/${POLICE}`, undefined],
      ['POST', '/api/v1/catalogue/scenarios', { certificateTypeCode: ID_CARD_TYPE, venue: 'x', description: 'y' }],
      ['DELETE', '/api/v1/catalogue/scenarios/00000000-0000-4000-8000-000000000000', undefined],
    ];
    const operator = (await t.staff('department-operator', 'platform-admin')).headers;
    const issuer = await t.client('licence:issue', 'licence:read', 'verify', 'audit:read');
    for (const [method, url, payload] of writes) {
      const request = {
        method: method as 'POST',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      };
      expect([method, url, (await t.app.inject(request)).statusCode]).toEqual([method, url, 401]);
      expect([method, url, (await t.app.inject({ ...request, headers: operator })).statusCode]).toEqual([
        method,
        url,
        403,
      ]);
      expect([
        method,
        url,
        (await t.app.inject({ ...request, headers: { authorization: issuer } })).statusCode,
      ]).toEqual([method, url, 403]);
    }
    // A session change needs its CSRF token too.
    const { cookie } = await t.staff('catalogue-admin');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/types',
      payload: typeDocument('11100000000013338W008'),
      headers: { cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/v1/catalogue/types/11100000000013338W008', headers: admin })).statusCode,
    ).toBe(404);
  });

  it('hides drafts from the public on every read', async () => {
    const code = '11100000000013338W005';
    await t.app.inject({ method: 'POST', url: '/api/v1/catalogue/types', payload: typeDocument(code), headers: admin });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/responsibilities',
      payload: { departmentCode: POLICE, certificateTypeCode: code, deadline: '20261231' },
      headers: admin,
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/scenarios',
      payload: { certificateTypeCode: code, venue: '未发布', description: '草稿' },
      headers: admin,
    });
    const issuer = await t.client('licence:issue');
    for (const headers of [{}, { authorization: issuer }]) {
      expect((await t.app.inject({ url: `/api/v1/catalogue/types/${code}`, headers })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/api/v1/catalogue/types/${code}/versions`, headers })).statusCode).toBe(404);
      expect(
        (await t.app.inject({ url: `/api/v1/catalogue/responsibilities?certificateTypeCode=${code}`, headers })).json()
          .items,
      ).toEqual([]);
      expect(
        (await t.app.inject({ url: `/api/v1/catalogue/scenarios?certificateTypeCode=${code}`, headers })).json().items,
      ).toEqual([]);
    }
    expect(
      (await t.app.inject({ url: `/api/v1/catalogue/scenarios?certificateTypeCode=${code}`, headers: admin })).json()
        .items,
    ).toHaveLength(1);
  });

  it('answers bad input with precise problem details', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/v1/catalogue/types', typeDocument(ID_CARD_TYPE, { colour: 'red' }), 400, 'ERR_API_BAD_REQUEST'],
      ['POST', '/api/v1/catalogue/types', typeDocument('11100000000013338W00X'), 422, 'ERR_TYPE_CODE_SEQUENCE'],
      ['POST', '/api/v1/catalogue/types', typeDocument(ID_CARD_TYPE), 409, 'ERR_CATALOGUE_TYPE_EXISTS'],
      [
        'PUT',
        `/api/v1/catalogue/types/${ID_CARD_TYPE}`,
        typeDocument(DRIVING_LICENCE_TYPE),
        422,
        'ERR_CATALOGUE_TYPE_RETIRED',
      ],
      [
        'PUT',
        `/api/v1/catalogue/types/${DRIVING_LICENCE_TYPE}`,
        typeDocument(ID_CARD_TYPE),
        400,
        'ERR_CATALOGUE_CODE_MISMATCH',
      ],
      [
        'POST',
        `/api/v1/catalogue/types/${DRIVING_LICENCE_TYPE}/publish`,
        { version: 9 },
        409,
        'ERR_CATALOGUE_DRAFT_VERSION',
      ],
      ['POST', '/api/v1/catalogue/types/11100000000013338W099/retire', undefined, 404, 'ERR_CATALOGUE_TYPE_NOT_FOUND'],
      [
        'POST',
        '/api/v1/catalogue/responsibilities',
        { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '2026-13-01' },
        422,
        'ERR_CATALOGUE_DATE_INVALID',
      ],
      [
        'POST',
        '/api/v1/catalogue/scenarios',
        { certificateTypeCode: DRIVING_LICENCE_TYPE, description: 'nowhere' },
        422,
        'ERR_CATALOGUE_SCENARIO_TARGET',
      ],
      ['DELETE', '/api/v1/catalogue/scenarios/not-a-uuid', undefined, 400, 'ERR_CATALOGUE_QUERY'],
      ['GET', '/api/v1/catalogue/types?limit=0', undefined, 400, 'ERR_CATALOGUE_QUERY'],
      ['GET', '/api/v1/catalogue/types/nonsense', undefined, 422, 'ERR_TYPE_CODE_LENGTH'],
      ['GET', `/api/v1/catalogue/types/${ID_CARD_TYPE}?version=x`, undefined, 400, 'ERR_CATALOGUE_QUERY'],
      ['GET', '/api/v1/catalogue/types/11100000000013338W099/versions', undefined, 404, 'ERR_CATALOGUE_TYPE_NOT_FOUND'],
      ['GET', '/api/v1/catalogue/responsibilities?after=nope', undefined, 400, 'ERR_CATALOGUE_QUERY'],
      ['GET', '/api/v1/catalogue/responsibilities?departmentCode=116500000100000123', undefined, 422, 'ERR_USCC_CHECK'],
      ['GET', '/api/v1/catalogue/scenarios?certificateTypeCode=x', undefined, 422, 'ERR_TYPE_CODE_LENGTH'],
      ['GET', '/api/v1/catalogue/scenarios?colour=red', undefined, 400, 'ERR_API_BAD_REQUEST'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const response = await t.app.inject({
        method: method as 'POST',
        url,
        headers: admin,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect([method, url, response.statusCode, response.json().code]).toEqual([method, url, status, code]);
    }
  });
});
