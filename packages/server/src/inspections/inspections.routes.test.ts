import { createPrintCode, createShowCode, generateSigningKey, type Licence } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { ISSUER_CODE, OTHER_ISSUER_CODE, sampleType, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, useLicenceNode } from '../library/test-support/licence-node.js';
import { createTestClient, createTestStaff, type TestClient } from '../test-support/principals.js';
import { ensureNodeKey } from '../trust/node-keys.js';

const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('on-site inspections (事中事后监管) on $dialect', ({ create }) => {
  let node: LicenceNode;
  let inspector: TestClient;
  let otherAgency: TestClient;
  let venue: TestClient;
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: '吉I' });
  beforeAll(async () => {
    node = nodeFixture.node;
    inspector = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'inspector',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
    otherAgency = await createTestClient(node.ctx, {
      organisationCode: OTHER_ISSUER_CODE,
      kind: 'inspector',
      scopes: ['verify'],
    });
    venue = await createTestClient(node.ctx, { kind: 'venue', scopes: ['verify'] });
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  const showCode = (licence: Licence) => nodeFixture.showCode(licence, { purpose: 'inspection' });

  function record(client: TestClient, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { authorization: client.authorization, ...headers },
      payload: payload as never,
    });
  }

  function history(licence: Licence, headers: Record<string, string>) {
    return node.app.inject({ url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/inspections`, headers });
  }

  it('records results from a show code and a print code against the licence; the department reads the history', async () => {
    const licence = await issue();
    const pass = await record(inspector, {
      code: await showCode(licence),
      result: 'pass',
      place: '长春市朝阳区工地 3 号楼',
    });
    expect(pass.statusCode).toBe(201);
    expect(pass.json().inspection).toMatchObject({
      identifier: licence.metadata.certificateIdentifier,
      inspector: RELYING_PARTY_CODE,
      result: 'pass',
      codeKind: 'show-code',
      codeValid: true,
      failedChecks: [],
      licenceStatus: 'valid',
      inspectedAt: clock.toISOString(),
    });
    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const printed = await createPrintCode({ licence, type: sampleType() }, signingKey, { now: clock });
    const issues = await record(otherAgency, {
      code: printed.text,
      result: 'issues-found',
      notes: '现场作业人员与证照不符',
      place: '长春市南关区',
      inspectedAt: '2026-11-29T11:30:00+08:00',
    });
    expect(issues.statusCode).toBe(201);
    expect(issues.json().inspection).toMatchObject({
      codeKind: 'printed-licence',
      result: 'issues-found',
      notes: '现场作业人员与证照不符',
      inspectedAt: '2026-11-29T03:30:00.000Z',
    });

    const department = await history(licence, { authorization: node.issuer.authorization });
    expect(department.statusCode).toBe(200);
    expect(department.json().inspections.map((i: { result: string }) => i.result)).toEqual(['issues-found', 'pass']);
    const operator = await createTestStaff(node.ctx, { roles: ['department-operator'], organisationCode: ISSUER_CODE });
    expect((await history(licence, { cookie: operator.cookie })).json().inspections).toHaveLength(2);
    // An inspector reads its own agency's inspections only.
    const own = (await history(licence, { authorization: inspector.authorization })).json().inspections;
    expect(own.map((i: { inspector: string }) => i.inspector)).toEqual([RELYING_PARTY_CODE]);
    const theirs = (await history(licence, { authorization: otherAgency.authorization })).json().inspections;
    expect(theirs.map((i: { inspector: string }) => i.inspector)).toEqual([OTHER_ISSUER_CODE]);

    const audit = await node.ctx.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', 'inspection.recorded')
      .where('target', '=', licence.metadata.certificateIdentifier)
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('a revoked licence found on site is recorded with the failed check and its status', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' },
    });
    const response = await record(inspector, {
      code,
      result: 'closed',
      notes: '证照已撤销，责令停止作业',
      place: '长春市',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().inspection).toMatchObject({
      codeValid: false,
      failedChecks: ['current-status'],
      licenceStatus: 'revoked',
    });
  });

  it('refuses bad input naming the field, forged codes, and records nothing then; a retry with the same key returns the first', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ code, result: 'issues-found', place: '长春市' }, 400, 'ERR_INSPECTION_INPUT', 'notes'],
      [{ code, result: 'pass', place: '  ' }, 400, 'ERR_INSPECTION_INPUT', 'place'],
      [
        { code, result: 'pass', place: '长春市', inspectedAt: '2026-12-01T00:00:00Z' },
        400,
        'ERR_INSPECTION_INPUT',
        'inspectedAt',
      ],
      [{ code, result: 'pass', place: '长春市', inspectedAt: 'yesterday' }, 400, 'ERR_INSPECTION_INPUT', 'inspectedAt'],
      [
        { code: '{"format":"hutong-licence/1"}', result: 'pass', place: '长春市' },
        400,
        'ERR_INSPECTION_CODE_KIND',
        'code',
      ],
    ];
    for (const [payload, status, errorCode, field] of cases) {
      const response = await record(inspector, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json()).toMatchObject({ code: errorCode, field });
    }
    const stranger = await generateSigningKey('ed25519');
    const forged = await createShowCode(
      { licence, type: sampleType(), status: 'valid', purpose: 'inspection' },
      stranger,
      {
        now: clock,
      },
    );
    const refused = await record(inspector, { code: forged.text, result: 'pass', place: '长春市' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ERR_INSPECTION_CODE_NOT_AUTHENTIC', field: 'code' });
    expect((await history(licence, { authorization: node.issuer.authorization })).json().inspections).toEqual([]);

    const key = { 'idempotency-key': `inspection-${licence.metadata.certificateNumber}` };
    const first = await record(inspector, { code, result: 'pass', place: '长春市' }, key);
    expect(first.statusCode).toBe(201);
    const retry = await record(inspector, { code, result: 'pass', place: '长春市' }, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ replayed: true, inspection: { id: first.json().inspection.id } });
    expect((await history(licence, { authorization: node.issuer.authorization })).json().inspections).toHaveLength(1);
  });

  it('refuses everyone else: anonymous 401; non-inspectors may not record; only the department and inspectors read', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const payload = { code, result: 'pass', place: '长春市' };
    expect((await node.app.inject({ method: 'POST', url: '/api/v1/inspections', payload })).statusCode).toBe(401);
    expect((await history(licence, {})).statusCode).toBe(401);
    // Recording: a venue (verify scope, wrong kind) 403 by kind; a department or a reader 403 by the table.
    const byVenue = await record(venue, payload);
    expect(byVenue.statusCode).toBe(403);
    expect(byVenue.json().code).toBe('ERR_VENUE_CLIENT_KIND');
    for (const client of [node.issuer, node.reader]) expect((await record(client, payload)).statusCode).toBe(403);
    // Reading: another department, a relying party, a venue, a catalogue admin, another department's operator.
    expect((await history(licence, { authorization: node.otherIssuer.authorization })).statusCode).toBe(403);
    expect((await history(licence, { authorization: node.reader.authorization })).statusCode).toBe(403);
    const venueRead = await history(licence, { authorization: venue.authorization });
    expect(venueRead.statusCode).toBe(403);
    expect(venueRead.json().code).toBe('ERR_VENUE_CLIENT_KIND');
    const admin = await createTestStaff(node.ctx, { roles: ['catalogue-admin'] });
    expect((await history(licence, { cookie: admin.cookie })).statusCode).toBe(403);
    const stranger = await createTestStaff(node.ctx, {
      roles: ['department-operator'],
      organisationCode: OTHER_ISSUER_CODE,
    });
    expect((await history(licence, { cookie: stranger.cookie })).statusCode).toBe(403);
  });
});
