import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../test-support/databases.js';
import { createOrganisation } from './create-organisation.js';
import { getDepartment, getOrganisation } from './get-organisation.js';
import { listOrganisations } from './list-organisations.js';
import { parseOrganisationInput } from './organisation.js';
import { departmentInput, errorOf, openTestContext, TEST_USCC, type TestContext } from './test-support/test-context.js';

const by = { actor: 'staff:admin', requestId: 'req-1' };

describe('parseOrganisationInput', () => {
  it('accepts a department and keeps its codes', () => {
    expect(
      parseOrganisationInput(departmentInput(TEST_USCC.police, '新疆维吾尔自治区公安厅', 'Public Security')),
    ).toEqual({
      code: TEST_USCC.police,
      name: { zh: '新疆维吾尔自治区公安厅', en: 'Public Security' },
      kind: 'department',
      level: 'provincial',
      areaCode: '650000',
    });
  });

  it.each([
    ['a wrong USCC check character (GB 32100)', { code: '116500000100000123' }, 'ERR_USCC_CHECK', 'code'],
    ['a USCC with a forbidden letter', { code: '11650000010000012I' }, 'ERR_USCC_CHARSET', 'code'],
    ['an area code of no province (GB/T 2260)', { areaCode: '990000' }, 'ERR_AREA_CODE_PROVINCE', 'areaCode'],
    ['an unknown kind', { kind: 'hub' }, 'ERR_ORGANISATIONS_INPUT', 'kind'],
    ['an unknown level', { level: 'city' }, 'ERR_ORGANISATIONS_INPUT', 'level'],
    ['an empty name', { name: { zh: ' ', en: 'x' } }, 'ERR_ORGANISATIONS_INPUT', 'name.zh'],
    [
      'a name with a control character',
      { name: { zh: '公安\u0000厅', en: 'x' } },
      'ERR_ORGANISATIONS_INPUT',
      'name.zh',
    ],
    ['a name of 201 characters', { name: { zh: '字'.repeat(201), en: 'x' } }, 'ERR_ORGANISATIONS_INPUT', 'name.zh'],
    ['a missing English name', { name: { zh: '公安厅' } }, 'ERR_ORGANISATIONS_INPUT', 'name.en'],
    [
      'an unknown member of the name',
      { name: { zh: '公安厅', en: 'x', fr: 'y' } },
      'ERR_ORGANISATIONS_INPUT',
      'name.fr',
    ],
    ['an unknown member', { parent: 'x' }, 'ERR_ORGANISATIONS_INPUT', 'parent'],
    ['a number for the code', { code: 1165000001000001 }, 'ERR_USCC_NOT_STRING', 'code'],
  ])('refuses %s', (_, change, code, field) => {
    try {
      parseOrganisationInput({ ...departmentInput(TEST_USCC.police), ...change });
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe(code);
      expect((error as { field: string }).field).toBe(field);
    }
  });

  it.each([null, [], 'text', 42, new Date()])('refuses a body that is not a JSON object: %s', (input) => {
    expect(() => parseOrganisationInput(input)).toThrow(expect.objectContaining({ code: 'ERR_ORGANISATIONS_INPUT' }));
  });
});

describe.each(TEST_DATABASES)('organisations on $dialect', ({ create }) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await openTestContext(create);
  });
  afterEach(async () => {
    await t.close();
  });

  it('registers an organisation, reads it back and audits the write', async () => {
    const created = await createOrganisation(t.ctx, departmentInput(TEST_USCC.police, '公安厅', 'Police'), by);
    expect(created).toMatchObject({
      code: TEST_USCC.police,
      kind: 'department',
      createdAt: '2026-03-01T08:00:00.000Z',
    });
    expect(await getOrganisation(t.ctx, TEST_USCC.police)).toEqual(created);
    const audit = await t.ctx.store.db.selectFrom('audit_records').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'organisation.registered',
      actor: 'staff:admin',
      target: TEST_USCC.police,
    });
  });

  it('refuses a second registration of one USCC, and writes nothing for it', async () => {
    await createOrganisation(t.ctx, departmentInput(TEST_USCC.police), by);
    expect(await errorOf(createOrganisation(t.ctx, departmentInput(TEST_USCC.police, '另一个', 'Other'), by))).toEqual({
      code: 'ERR_ORGANISATIONS_EXISTS',
      field: 'code',
    });
    expect(await t.ctx.store.db.selectFrom('audit_records').selectAll().execute()).toHaveLength(1);
    expect((await getOrganisation(t.ctx, TEST_USCC.police)).name.zh).toBe('测试部门');
  });

  it('lets exactly one of two racing registrations win', async () => {
    const results = await Promise.allSettled([
      createOrganisation(t.ctx, departmentInput(TEST_USCC.police, '甲', 'A'), by),
      createOrganisation(t.ctx, departmentInput(TEST_USCC.police, '乙', 'B'), by),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect((failed as PromiseRejectedResult).reason.code).toBe('ERR_ORGANISATIONS_EXISTS');
  });

  it('answers not found for an unknown code and a core error for a malformed one', async () => {
    expect(await errorOf(getOrganisation(t.ctx, TEST_USCC.market))).toEqual({
      code: 'ERR_ORGANISATIONS_NOT_FOUND',
      field: 'code',
    });
    expect((await errorOf(getOrganisation(t.ctx, 'not-a-code'))).field).toBe('code');
  });

  it('tells a department from a relying party', async () => {
    await createOrganisation(t.ctx, { ...departmentInput(TEST_USCC.hotel), kind: 'relying-party', level: 'other' }, by);
    expect((await errorOf(getDepartment(t.ctx, TEST_USCC.hotel))).code).toBe('ERR_ORGANISATIONS_NOT_DEPARTMENT');
  });

  it('pages through organisations in code order with a keyset cursor, filtered by kind', async () => {
    for (const code of [TEST_USCC.housing, TEST_USCC.police, TEST_USCC.health, TEST_USCC.market]) {
      await createOrganisation(t.ctx, departmentInput(code), by);
    }
    await createOrganisation(t.ctx, { ...departmentInput(TEST_USCC.hotel), kind: 'relying-party' }, by);
    const first = await listOrganisations(t.ctx, { kind: 'department', limit: '3' });
    expect(first.items.map((o) => o.code)).toEqual([TEST_USCC.police, TEST_USCC.market, TEST_USCC.health]);
    expect(first.next).toBe(TEST_USCC.health);
    const second = await listOrganisations(t.ctx, { kind: 'department', limit: 3, after: first.next });
    expect(second.items.map((o) => o.code)).toEqual([TEST_USCC.housing]);
    expect(second.next).toBeUndefined();
    expect((await listOrganisations(t.ctx)).items).toHaveLength(5);
    expect((await listOrganisations(t.ctx, { kind: 'relying-party' })).items.map((o) => o.code)).toEqual([
      TEST_USCC.hotel,
    ]);
  });

  it.each([
    [{ limit: '0' }, 'ERR_ORGANISATIONS_INPUT', 'limit'],
    [{ limit: '501' }, 'ERR_ORGANISATIONS_INPUT', 'limit'],
    [{ limit: '1e2' }, 'ERR_ORGANISATIONS_INPUT', 'limit'],
    [{ kind: 'hub' }, 'ERR_ORGANISATIONS_INPUT', 'kind'],
    [{ after: 'x' }, 'ERR_ORGANISATIONS_CURSOR', 'after'],
  ])('refuses the query %o', async (query, code, field) => {
    expect(await errorOf(listOrganisations(t.ctx, query))).toEqual({ code, field });
  });
});
