/**
 * The dashboard's figures: `GET /api/v1/statistics/licences` (library) and
 * `GET /api/v1/statistics/activity` (audit trail), on SQLite and PostgreSQL, with who may read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS, type activityStatistics } from '../audit/activity-statistics.js';
import { appendAuditRecords } from '../audit/append-audit.js';
import { createTestStaff, type TestStaff } from '../test-support/principals.js';
import { licenceStatistics } from './licence-statistics.js';
import { TEST_DATABASES } from './test-support/library-store.js';
import { ISSUER_CODE, OTHER_ISSUER_CODE, sampleInput, TYPE_CODE } from './test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from './test-support/licence-node.js';

const HOOK_TIMEOUT = 120_000;
/** 2026-11-29 12:00 in China. */
const NOW = new Date('2026-11-29T04:00:00Z');

describe.each(TEST_DATABASES)('dashboard statistics on $dialect', ({ create }) => {
  let node: LicenceNode;
  let auditor: TestStaff;
  let identifiers: string[];

  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => NOW });
    auditor = await createTestStaff(node.ctx, { roles: ['auditor'] });
    const issued = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences/batch',
      headers: { authorization: node.issuer.authorization },
      payload: { items: [1, 2, 3].map((n) => sampleInput({ certificateNumber: `S-${n}` })) } as never,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    identifiers = issued
      .json()
      .results.map(
        (r: { licence: { metadata: { certificateIdentifier: string } } }) => r.licence.metadata.certificateIdentifier,
      );
    const other = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences/batch',
      headers: { authorization: node.otherIssuer.authorization },
      payload: { items: [sampleInput({ certificateNumber: 'O-1' })] } as never,
    });
    expect(other.statusCode, other.body).toBe(200);
    // Two reads by a relying party (each audited as licence.read).
    for (const id of identifiers.slice(0, 2)) {
      const read = await node.app.inject({
        url: `/api/v1/licences/${id}?useCause=${encodeURIComponent('核验材料')}`,
        headers: { authorization: node.reader.authorization },
      });
      expect(read.statusCode).toBe(200);
    }
    // Activity outside the window and on the day boundary: 2026-11-28 23:59 China time is the
    // 28th, 2026-11-29 00:00 China time (16:00 UTC the day before) is the 29th.
    await node.t.store.db.transaction().execute((trx) =>
      appendAuditRecords(trx, [
        { at: '2026-10-01T08:00:00.000Z', actor: 'system', action: 'licence.verify' },
        { at: '2026-11-28T15:59:59.000Z', actor: 'system', action: 'licence.verify' },
        { at: '2026-11-28T16:00:00.000Z', actor: 'system', action: 'licence.verify' },
      ]),
    );
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  it('counts licences by type, issuer, status and origin, each once', async () => {
    const response = await node.app.inject({ url: '/api/v1/statistics/licences', headers: { cookie: auditor.cookie } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      total: 4,
      byType: [{ certificateTypeCode: TYPE_CODE, count: 4 }],
      byIssuer: [
        { issuerCode: ISSUER_CODE, count: 3 },
        { issuerCode: OTHER_ISSUER_CODE, count: 1 },
      ],
      byStatus: [{ status: 'valid', count: 4 }],
      byOrigin: [{ origin: 'issued', count: 4 }],
    });
  });

  it('counts a licence with several versions once, at its current status', async () => {
    // Replacing rows by hand would test nothing of the rule; the rule is the WHERE on superseded.
    await node.t.store.db
      .updateTable('licences')
      .set({ status: 'superseded' })
      .where('identifier', '=', identifiers[2] ?? '')
      .execute();
    try {
      const figures = await licenceStatistics(node.t.store.db);
      expect(figures.total).toBe(3);
      expect(figures.byIssuer).toEqual([
        { issuerCode: ISSUER_CODE, count: 2 },
        { issuerCode: OTHER_ISSUER_CODE, count: 1 },
      ]);
    } finally {
      await node.t.store.db
        .updateTable('licences')
        .set({ status: 'valid' })
        .where('identifier', '=', identifiers[2] ?? '')
        .execute();
    }
  });

  it('counts activity per China day over the window, with empty days present', async () => {
    const response = await node.app.inject({
      url: '/api/v1/statistics/activity?days=3',
      headers: { cookie: auditor.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { days, totals } = response.json() as Awaited<ReturnType<typeof activityStatistics>>;
    expect(days.map((d) => d.day)).toEqual(['2026-11-27', '2026-11-28', '2026-11-29']);
    expect(days[0]?.counts).toEqual(Object.fromEntries(ACTIVITY_ACTIONS.map((a) => [a, 0])));
    expect(days[1]?.counts['licence.verify']).toBe(1);
    expect(days[2]?.counts).toMatchObject({ 'licence.issued': 4, 'licence.read': 2, 'licence.verify': 1 });
    // The verification of October is outside the window.
    expect(totals['licence.verify']).toBe(2);
    expect(totals['licence.issued']).toBe(4);
  });

  it('defaults to 30 days and refuses a window outside 1–366 days', async () => {
    const month = await node.app.inject({ url: '/api/v1/statistics/activity', headers: { cookie: auditor.cookie } });
    expect(month.json().days).toHaveLength(30);
    const tooLong = await node.app.inject({
      url: '/api/v1/statistics/activity?days=400',
      headers: { cookie: auditor.cookie, 'accept-language': 'zh-CN' },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().field).toContain('days');
  });

  it('refuses anonymous callers, clients and staff without an overseeing role', async () => {
    const operator = await createTestStaff(node.ctx, { roles: ['department-operator'] });
    for (const url of ['/api/v1/statistics/licences', '/api/v1/statistics/activity']) {
      expect((await node.app.inject({ url })).statusCode).toBe(401);
      expect((await node.app.inject({ url, headers: { authorization: node.reader.authorization } })).statusCode).toBe(
        403,
      );
      expect((await node.app.inject({ url, headers: { cookie: operator.cookie } })).statusCode).toBe(403);
    }
  });
});
