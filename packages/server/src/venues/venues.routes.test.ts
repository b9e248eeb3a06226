import { createPrintCode, type Licence } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { CITIZEN_ID, sampleType, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, useLicenceNode } from '../library/test-support/licence-node.js';
import { createTestClient, createTestStaff, type TestClient } from '../test-support/principals.js';
import { ensureNodeKey } from '../trust/node-keys.js';

const HOOK_TIMEOUT = 120_000;
const OTHER_VENUE_CODE = '11430000006122244L';

describe.each(TEST_DATABASES)('entry registration (亮证登记) on $dialect', ({ create }) => {
  let node: LicenceNode;
  let venue: TestClient;
  let otherVenue: TestClient;
  let relyingVerifier: TestClient;
  let inspector: TestClient;
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: '吉V' });
  beforeAll(async () => {
    node = nodeFixture.node;
    venue = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'venue',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
    otherVenue = await createTestClient(node.ctx, {
      organisationCode: OTHER_VENUE_CODE,
      kind: 'venue',
      scopes: ['verify'],
    });
    relyingVerifier = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['verify'],
    });
    inspector = await createTestClient(node.ctx, { kind: 'inspector', scopes: ['verify'] });
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  const showCode = (licence: Licence) =>
    nodeFixture.showCode(licence, {
      disclose: ['certificateHolderName', 'certificateHolderCode', 'idNumber', 'operationCategory'],
    });

  function register(client: TestClient, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/venue/entries',
      headers: { authorization: client.authorization, ...headers },
      payload: payload as never,
    });
  }

  async function entryCount(): Promise<number> {
    const row = await node.ctx.store.db
      .selectFrom('venue_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('registers a verified show code once, keeping what it disclosed with ID numbers masked; a second use is refused', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const first = await register(venue, { code });
    expect(first.statusCode).toBe(201);
    const { entry, verdict } = first.json();
    expect(verdict).toMatchObject({ valid: true, kind: 'show-code' });
    expect(entry).toMatchObject({
      identifier: licence.metadata.certificateIdentifier,
      typeCode: TYPE_CODE,
      day: '20261129',
      useCause: '入场登记',
    });
    const fields = Object.fromEntries(entry.fields.map((f: { key: string; value: string }) => [f.key, f]));
    expect(fields.certificateHolderName).toMatchObject({ label: '持证主体', value: '张三', masked: false });
    expect(fields.certificateHolderCode).toMatchObject({ value: '110105********002X', masked: true });
    expect(fields.idNumber).toMatchObject({ label: '身份证号', value: '110105********002X', masked: true });
    expect(fields.operationCategory).toMatchObject({ value: '建筑电工', masked: false });
    expect(JSON.stringify(first.json().entry)).not.toContain(CITIZEN_ID);

    const again = await register(venue, { code });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ERR_VENUE_ENTRY_DUPLICATE', field: 'code' });
    expect(again.json().detail).toContain('2026-11-29 12:00:00');
    expect(again.json().detail).toContain('在本场所');
    // All of it in Chinese: the time zone too (it read "(China Standard Time)").
    expect(again.json().detail).toContain('2026-11-29 12:00:00（北京时间）在本场所');
    expect(again.json().detail).not.toMatch(/[A-Za-z]{3,}/);
    const elsewhere = await register(otherVenue, { code });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().detail).toContain('在其他场所');

    // The audit record carries no personal data in clear.
    const audit = await node.ctx.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', 'venue.entry-registered')
      .where('target', '=', licence.metadata.certificateIdentifier)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(auditInClear(audit))).not.toContain(CITIZEN_ID);
    expect(JSON.stringify(auditInClear(audit))).not.toContain('张三');
  });

  it('a retry with the same Idempotency-Key returns the first entry (200), not a duplicate refusal', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const key = `entry-${licence.metadata.certificateNumber}`;
    const first = await register(venue, { code }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const retry = await register(venue, { code }, { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ replayed: true, entry: { id: first.json().entry.id } });
  });

  it('refuses, recording nothing: a revoked licence’s code (naming the check), a print code, a malformed code', async () => {
    const before = await entryCount();
    const licence = await issue();
    const code = await showCode(licence);
    const revoked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' },
    });
    expect(revoked.statusCode).toBe(200);
    const refused = await register(venue, { code });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ERR_VENUE_CODE_NOT_VALID', field: 'code' });
    expect(refused.json().detail).toContain('current-status');

    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const printed = await createPrintCode({ licence: await issue(), type: sampleType() }, signingKey, { now: clock });
    const print = await register(venue, { code: printed.text });
    expect(print.statusCode).toBe(400);
    expect(print.json()).toMatchObject({ code: 'ERR_VENUE_SHOW_CODE_ONLY', field: 'code' });
    const garbage = await register(venue, { code: 'HT1:NOT A CODE' });
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json().detail).toContain('format');
    expect(await entryCount()).toBe(before);
  });

  it('the register lists only the venue’s own entries of the day, and exports them as CSV without full ID numbers', async () => {
    const mine = await register(venue, { code: await showCode(await issue()), useCause: '酒店入住登记' });
    expect(mine.statusCode).toBe(201);
    const theirs = await register(otherVenue, { code: await showCode(await issue()) });
    expect(theirs.statusCode).toBe(201);

    const list = await node.app.inject({
      url: '/api/v1/venue/entries',
      headers: { authorization: venue.authorization },
    });
    expect(list.statusCode).toBe(200);
    const register1 = list.json();
    expect(register1).toMatchObject({ date: '20261129', venue: RELYING_PARTY_CODE });
    const ids = register1.entries.map((e: { id: string }) => e.id);
    expect(ids).toContain(mine.json().entry.id);
    expect(ids).not.toContain(theirs.json().entry.id);
    const other = await node.app.inject({
      url: '/api/v1/venue/entries',
      headers: { authorization: otherVenue.authorization },
    });
    expect(other.json().entries.map((e: { id: string }) => e.id)).toEqual([theirs.json().entry.id]);

    const csv = await node.app.inject({
      url: '/api/v1/venue/entries.csv?date=20261129',
      headers: { authorization: venue.authorization },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(`entries-${RELYING_PARTY_CODE}-20261129.csv`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('登记时间（北京时间）,证照类型代码,证照标识,发证机构代码,出示信息,用证事由');
    expect(lines).toHaveLength(register1.entries.length + 1);
    expect(csv.body).toContain('酒店入住登记');
    expect(csv.body).toContain('身份证号：110105********002X');
    expect(csv.body).not.toContain(CITIZEN_ID);

    const empty = await node.app.inject({
      url: '/api/v1/venue/entries?date=20261128',
      headers: { authorization: venue.authorization },
    });
    expect(empty.json().entries).toEqual([]);
    for (const date of ['2026-11-29', '20261131', 'today']) {
      const bad = await node.app.inject({
        url: `/api/v1/venue/entries?date=${date}`,
        headers: { authorization: venue.authorization },
      });
      expect(bad.statusCode, date).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'ERR_VENUE_DATE', field: 'date' });
    }
  });

  it('refuses everyone but venues on every route: anonymous 401; staff and clients without verify 403; verify clients of another kind 403', async () => {
    const code = await showCode(await issue());
    const staff = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    const routes = [
      { method: 'POST' as const, url: '/api/v1/venue/entries', payload: { code } },
      { method: 'GET' as const, url: '/api/v1/venue/entries' },
      { method: 'GET' as const, url: '/api/v1/venue/entries.csv' },
    ];
    for (const route of routes) {
      expect((await node.app.inject(route)).statusCode, route.url).toBe(401);
      for (const headers of [
        { authorization: node.issuer.authorization },
        { authorization: node.reader.authorization },
        { cookie: staff.cookie, 'x-csrf-token': staff.csrfToken },
      ]) {
        expect((await node.app.inject({ ...route, headers })).statusCode, route.url).toBe(403);
      }
      for (const client of [relyingVerifier, inspector]) {
        const response = await node.app.inject({ ...route, headers: { authorization: client.authorization } });
        expect(response.statusCode, route.url).toBe(403);
        expect(response.json().code).toBe('ERR_VENUE_CLIENT_KIND');
      }
    }
    // The code was never registered by the refused callers.
    expect((await register(venue, { code })).statusCode).toBe(201);
  });
});
