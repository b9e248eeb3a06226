import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../test-support/databases.js';
import { openTestApp, type TestApp } from './test-support/test-app.js';
import { departmentInput, TEST_USCC } from './test-support/test-context.js';

describe.each(TEST_DATABASES)('organisation routes on $dialect', ({ create }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(create);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = async (payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/organisations', payload: payload as object, headers });

  it('lets a platform administrator register an organisation, and anyone read it', async () => {
    const admin = await t.staff('platform-admin');
    const created = await post(departmentInput(TEST_USCC.police, '公安厅', 'Public Security'), admin.headers);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: TEST_USCC.police, kind: 'department', name: { zh: '公安厅' } });
    const one = await t.app.inject({ url: `/api/v1/organisations/${TEST_USCC.police}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(created.json());
    const list = await t.app.inject({ url: '/api/v1/organisations?kind=department&limit=10' });
    expect(list.json().items.map((o: { code: string }) => o.code)).toContain(TEST_USCC.police);
  });

  it('refuses to register for anyone but a platform administrator', async () => {
    const input = departmentInput(TEST_USCC.market);
    expect((await post(input, {})).statusCode).toBe(401);
    const catalogueAdmin = await t.staff('catalogue-admin');
    const refused = await post(input, catalogueAdmin.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ERR_AUTH_FORBIDDEN');
    expect((await post(input, { authorization: await t.client('catalogue:admin', 'licence:issue') })).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ url: `/api/v1/organisations/${TEST_USCC.market}` })).statusCode).toBe(404);
  });

  it('answers bad input with precise problem details, in the caller’s language', async () => {
    const admin = await t.staff('platform-admin');
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: departmentInput('116500000100000123'),
      headers: { ...admin.headers, 'accept-language': 'en' },
    });
    expect(check.statusCode).toBe(422);
    expect(check.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(check.json()).toMatchObject({ code: 'ERR_USCC_CHECK', field: 'code', status: 422 });
    const unknown = await post({ ...departmentInput(TEST_USCC.health), parent: 'x' }, admin.headers);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('ERR_API_BAD_REQUEST');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: '{"code":',
      headers: { ...admin.headers, 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    await post(departmentInput(TEST_USCC.housing), admin.headers);
    const twice = await post(departmentInput(TEST_USCC.housing), { ...admin.headers, 'accept-language': 'zh-CN' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'ERR_ORGANISATIONS_EXISTS', field: 'code' });
    expect(twice.json().detail).toContain('已经登记');
    expect((await t.app.inject({ url: '/api/v1/organisations/nope' })).json().field).toBe('code');
    expect((await t.app.inject({ url: '/api/v1/organisations?limit=9999' })).statusCode).toBe(400);
  });
});
