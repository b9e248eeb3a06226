import { createShowCode, type DisclosureChoice, type Licence } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HolderPrincipal } from '../auth/principal.js';
import { addScenario } from '../catalogue/add-scenario.js';
import { setClearance } from '../grants/clearance.js';
import { createGrant } from '../grants/create-grant.js';
import { revokeGrant } from '../grants/revoke-grant.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  OTHER_CITIZEN_ID,
  sampleInput,
  sampleType,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, startLicenceNode } from '../library/test-support/licence-node.js';
import { unpackJsonText } from '../store/packed-json.js';
import { createTestClient, createTestStaff, type TestClient, type TestStaff } from '../test-support/principals.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { identifyKioskHolder } from './kiosk-sessions.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;
const label = (zh: string, en: string) => ({ zh, en });

/** A matter over the sample type: one licence material, a photo, fields from the licence, the holder and input. */
function sampleMatter(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    name: label('特种作业操作资格复核', 'Review of a special-operations qualification'),
    departmentCode: ISSUER_CODE,
    holderCategory: 'person',
    materials: [
      { key: 'qualification', name: label('操作资格证书', 'Qualification'), kind: 'licence', anyOf: [TYPE_CODE] },
      { key: 'photo', name: label('近期免冠照片', 'Recent photo'), kind: 'other' },
    ],
    fields: [
      {
        key: 'applicantName',
        label: label('申请人姓名', 'Applicant'),
        type: 'string',
        required: true,
        source: { kind: 'holder', attribute: 'name' },
      },
      {
        key: 'idNumber',
        label: label('身份证号', 'Citizen ID number'),
        type: 'string',
        required: true,
        source: { kind: 'licence', from: [{ typeCode: TYPE_CODE, path: 'face.idNumber' }] },
      },
      {
        key: 'category',
        label: label('操作类别', 'Category'),
        type: 'string',
        required: true,
        source: { kind: 'licence', from: [{ typeCode: TYPE_CODE, path: 'face.operationCategory' }] },
      },
      {
        key: 'phone',
        label: label('联系电话', 'Phone'),
        type: 'string',
        required: true,
        maxLength: 20,
        source: { kind: 'input' },
      },
    ],
    ...overrides,
  };
}

describe.each(TEST_DATABASES)('service matters, prefill and kiosk on $dialect', ({ create }) => {
  let node: LicenceNode;
  let admin: TestStaff;
  let kiosk: TestClient;
  let otherKiosk: TestClient;
  const clock = new Date('2026-11-29T04:00:00Z');
  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock });
    admin = await createTestStaff(node.ctx, { roles: ['catalogue-admin'] });
    kiosk = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'kiosk',
      scopes: ['kiosk'],
      licenceTypes: [TYPE_CODE],
    });
    otherKiosk = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'kiosk',
      scopes: ['kiosk'],
      licenceTypes: [TYPE_CODE],
    });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  let serial = 0;
  async function issue(holderCode = CITIZEN_ID, name = '张三'): Promise<Licence> {
    serial += 1;
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput({
        certificateNumber: `M-${serial}`,
        certificateHolderCode: holderCode,
        certificateHolderName: name,
        face: { holderName: name, idNumber: holderCode, operationCategory: '建筑电工' },
      }) as never,
    });
    expect(response.statusCode).toBe(201);
    return response.json().licence as Licence;
  }

  async function showCode(licence: Licence, disclose: readonly DisclosureChoice[]): Promise<string> {
    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const made = await createShowCode(
      { licence, type: sampleType(), status: 'valid', purpose: 'entry', disclose },
      signingKey,
      { now: clock },
    );
    return made.text;
  }

  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    node.app.inject({ method: 'POST', url, headers, payload: payload as never });
  const put = (url: string, payload: unknown, headers: Record<string, string>) =>
    node.app.inject({ method: 'PUT', url, headers, payload: payload as never });

  async function auditActions(
    action: string,
  ): Promise<Array<{ target: string | null; use_cause: string | null; details: string }>> {
    const rows = await node.t.store.db
      .selectFrom('audit_records')
      .select(['target', 'use_cause', 'packed_details'])
      .where('action', '=', action)
      .execute();
    return rows.map(({ packed_details, ...row }) => ({ ...row, details: unpackJsonText(packed_details) }));
  }

  describe('catalogue of matters', () => {
    it('lets a catalogue administrator add a matter, anyone read it, and keeps every version', async () => {
      const created = await post('/api/v1/matters', sampleMatter('T-001'), admin.headers);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ code: 'T-001', version: 1, departmentCode: ISSUER_CODE });

      const read = await node.app.inject({ url: '/api/v1/matters/T-001' });
      expect(read.statusCode).toBe(200);
      expect(read.json().fields).toHaveLength(4);

      const { code: _c, ...body } = sampleMatter('T-001', { name: label('复核（新）', 'Review (new)') });
      const updated = await put('/api/v1/matters/T-001', { ...body, version: 1 }, admin.headers);
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ version: 2, name: { zh: '复核（新）' } });

      const stale = await put('/api/v1/matters/T-001', { ...body, version: 1 }, admin.headers);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('ERR_MATTERS_VERSION_CONFLICT');

      const again = await post('/api/v1/matters', sampleMatter('T-001'), admin.headers);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ERR_MATTERS_EXISTS');

      const versions = await node.t.store.db
        .selectFrom('matter_versions')
        .select('version')
        .where('code', '=', 'T-001')
        .orderBy('version')
        .execute();
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      const events = await auditActions('matter.changed');
      expect(events.filter((e) => e.target === 'T-001')).toHaveLength(2);

      const list = await node.app.inject({ url: `/api/v1/matters?departmentCode=${ISSUER_CODE}` });
      expect(list.json().items.map((m: { code: string }) => m.code)).toContain('T-001');
    });

    it('refuses matters the catalogue cannot serve, naming the field, and changes nothing', async () => {
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [
          {
            materials: [{ key: 'x', name: label('某证', 'X'), kind: 'licence', anyOf: ['11100000000013338W999'] }],
            fields: [],
          },
          'ERR_MATTERS_TYPE_UNKNOWN',
          'materials[0].anyOf[0]',
        ],
        [
          {
            fields: [
              {
                key: 'x',
                label: label('某字段', 'X'),
                type: 'string',
                required: true,
                source: { kind: 'licence', from: [{ typeCode: TYPE_CODE, path: 'face.noSuchField' }] },
              },
            ],
          },
          'ERR_MATTERS_FIELD_PATH_UNKNOWN',
          'fields[0].source.from[0].path',
        ],
        [
          {
            materials: [],
            fields: [
              {
                key: 'x',
                label: label('某字段', 'X'),
                type: 'string',
                required: true,
                source: { kind: 'licence', from: [{ typeCode: TYPE_CODE, path: 'face.holderName' }] },
              },
            ],
          },
          'ERR_MATTERS_TYPE_NOT_A_MATERIAL',
          'fields[0].source.from[0].typeCode',
        ],
        [
          {
            fields: [
              {
                key: 'x',
                label: label('某字段', 'X'),
                type: 'string',
                required: true,
                // A face field the type has, but an image: not among core's mappableLicencePaths.
                source: { kind: 'licence', from: [{ typeCode: TYPE_CODE, path: 'face.photo' }] },
              },
            ],
          },
          'ERR_MATTERS_FIELD_PATH_UNKNOWN',
          'fields[0].source.from[0].path',
        ],
        [{ departmentCode: RELYING_PARTY_CODE }, 'ERR_MATTERS_DEPARTMENT', 'departmentCode'],
        [
          { output: { typeCode: TYPE_CODE, face: { holderName: { field: 'applicantName' } } } },
          'ERR_MATTERS_OUTPUT',
          'output.face.idNumber',
        ],
      ];
      for (const [overrides, code, field] of cases) {
        const response = await post('/api/v1/matters', sampleMatter('T-BAD', overrides), admin.headers);
        expect(response.statusCode, code).toBe(422);
        expect(response.json()).toMatchObject({ code, field });
        expect(response.json().detail).toMatch(/[\u4e00-\u9fff]/);
      }
      const english = await node.app.inject({
        method: 'POST',
        url: '/api/v1/matters',
        headers: { ...admin.headers, 'accept-language': 'en' },
        payload: sampleMatter('T-BAD', { departmentCode: RELYING_PARTY_CODE }) as never,
      });
      expect(english.json().detail).toContain('is not a department on this node');
      const reserved = await post('/api/v1/matters', sampleMatter('figures'), admin.headers);
      expect(reserved.json()).toMatchObject({ code: 'ERR_MATTERS_INPUT', field: 'code' });
      const shape = await post('/api/v1/matters', { ...sampleMatter('T-BAD'), extra: 1 }, admin.headers);
      expect(shape.statusCode).toBe(400);
      expect((await node.app.inject({ url: '/api/v1/matters/T-BAD' })).statusCode).toBe(404);
    });

    it('refuses changes from anyone but catalogue administrators', async () => {
      const anonymous = await post('/api/v1/matters', sampleMatter('T-002'), {});
      expect(anonymous.statusCode).toBe(401);
      const client = await post('/api/v1/matters', sampleMatter('T-002'), { authorization: node.reader.authorization });
      expect(client.statusCode).toBe(403);
      const auditor = await createTestStaff(node.ctx, { roles: ['auditor'] });
      const staff = await put('/api/v1/matters/T-001', sampleMatter('T-001'), auditor.headers);
      expect(staff.statusCode).toBe(403);
      expect((await node.app.inject({ url: '/api/v1/matters/T-002' })).statusCode).toBe(404);
    });
  });

  describe('figures', () => {
    it('counts a matter as no-submit and no-fill only when its types are on the scenario list for it', async () => {
      const noPhoto = sampleMatter('T-010', {
        materials: [
          { key: 'qualification', name: label('操作资格证书', 'Qualification'), kind: 'licence', anyOf: [TYPE_CODE] },
        ],
        fields: sampleMatter('T-010').fields.filter((f) => f.source.kind !== 'input'),
      });
      expect((await post('/api/v1/matters', noPhoto, admin.headers)).statusCode).toBe(201);
      const before = (await node.app.inject({ url: '/api/v1/matters/figures' })).json();
      const t010 = before.matters.find((m: { code: string }) => m.code === 'T-010');
      expect(t010).toMatchObject({ noSubmit: false, noFill: false, materialsElectronic: 0, fieldsFillable: 1 });

      await addScenario(
        node.ctx,
        { certificateTypeCode: TYPE_CODE, matterCode: 'T-010', description: '复核时在线核验资格证书。' },
        { actor: 'system' },
      );
      const after = (await node.app.inject({ url: '/api/v1/matters/figures' })).json();
      expect(after.matters.find((m: { code: string }) => m.code === 'T-010')).toMatchObject({
        noSubmit: true,
        noFill: true,
        fieldsFillable: 3,
        fieldsRequired: 3,
      });
      // T-001 needs a photo and a phone number: never no-submit or no-fill.
      expect(after.matters.find((m: { code: string }) => m.code === 'T-001')).toMatchObject({
        noSubmit: false,
        noFill: false,
      });
      expect(after.overall.matters).toBe(after.matters.length);
      expect(after.overall.noSubmit).toBe(after.matters.filter((m: { noSubmit: boolean }) => m.noSubmit).length);
      expect(after.byDepartment[0]).toMatchObject({
        departmentCode: ISSUER_CODE,
        departmentName: '吉林省住房和城乡建设厅',
      });
      expect(after.targets.map((t: { share: number }) => t.share)).toEqual([0.2, 0.4, 1]);
      expect(after.targets[0].noSubmitMet).toBe(after.overall.noSubmitShare >= 0.2);
    });

    it('counts materials accepted on the holder’s commitment (告知承诺制) in a second figure only: the no-submit figure is unchanged', async () => {
      const committedQualification = {
        key: 'qualification',
        name: label('操作资格证书', 'Qualification'),
        kind: 'licence',
        anyOf: [TYPE_CODE],
        commitment: true,
      };
      // A photo must be seen: no commitment stands in for it.
      const withPhoto = sampleMatter('T-011', {
        materials: [
          committedQualification,
          { key: 'photo', name: label('近期免冠照片', 'Recent photo'), kind: 'other' },
        ],
      });
      const allCommitted = sampleMatter('T-012', {
        materials: [
          committedQualification,
          { key: 'record', name: label('无违法记录证明', 'No-offence record'), kind: 'other', commitment: true },
        ],
      });
      for (const matter of [withPhoto, allCommitted]) {
        expect((await post('/api/v1/matters', matter, admin.headers)).statusCode).toBe(201);
      }
      const figures = async () => (await node.app.inject({ url: '/api/v1/matters/figures' })).json();
      const before = await figures();
      const of = (f: { matters: Array<{ code: string }> }, code: string) => f.matters.find((m) => m.code === code);
      expect(of(before, 'T-011')).toMatchObject({
        noSubmit: false,
        noSubmitWithCommitments: false,
        materialsElectronic: 0,
        materialsCommitted: 1,
      });
      expect(of(before, 'T-012')).toMatchObject({
        noSubmit: false,
        noSubmitWithCommitments: true,
        materialsElectronic: 0,
        materialsCommitted: 2,
      });

      // Once the licence is obtainable electronically for T-012 it counts as electronic, not as committed.
      await addScenario(
        node.ctx,
        { certificateTypeCode: TYPE_CODE, matterCode: 'T-012', description: '在线核验资格证书。' },
        { actor: 'system' },
      );
      const after = await figures();
      expect(of(after, 'T-012')).toMatchObject({
        noSubmit: false,
        noSubmitWithCommitments: true,
        materialsElectronic: 1,
        materialsCommitted: 1,
      });
      type Assessed = {
        noSubmit: boolean;
        noSubmitWithCommitments: boolean;
        materials: number;
        materialsElectronic: number;
      };
      const assessed = after.matters as Assessed[];
      // The no-submit figure is what it always was: every material obtainable electronically.
      expect(after.overall.noSubmit).toBe(assessed.filter((m) => m.materialsElectronic === m.materials).length);
      expect(after.overall.noSubmitWithCommitments).toBe(assessed.filter((m) => m.noSubmitWithCommitments).length);
      expect(after.overall.noSubmitWithCommitments).toBe(after.overall.noSubmit + 1);
      expect(after.overall.noSubmitWithCommitmentsShare).toBeCloseTo(
        after.overall.noSubmitWithCommitments / after.overall.matters,
        4,
      );
      expect(after.targets[0].noSubmitWithCommitmentsMet).toBe(
        after.byHolderCategory.every(
          (c: { noSubmitWithCommitmentsShare: number }) => c.noSubmitWithCommitmentsShare >= 0.2,
        ),
      );
    });
  });

  describe('prefill', () => {
    it('fills the form from what the show codes disclose, names each source, lists what is missing and records the use', async () => {
      const licence = await issue();
      const code = await showCode(licence, [
        'certificateHolderName',
        'operationCategory',
        { key: 'idNumber', masked: true },
      ]);
      const response = await post(
        '/api/v1/matters/T-001/prefill',
        { useCause: '办理资格复核', showCodes: [code] },
        { authorization: node.reader.authorization },
      );
      expect(response.statusCode).toBe(200);
      const form = response.json();
      const id = licence.metadata.certificateIdentifier;
      const field = (key: string) => form.fields.find((f: { key: string }) => f.key === key);
      expect(field('applicantName')).toMatchObject({
        value: '张三',
        source: { kind: 'holder', attribute: 'name', identifier: id, path: 'metadata.certificateHolderName' },
      });
      expect(field('category')).toMatchObject({
        value: '建筑电工',
        source: {
          kind: 'licence',
          identifier: id,
          version: licence.metadata.certificateVersion,
          path: 'face.operationCategory',
        },
      });
      // Masked in the code: not given, so still missing.
      expect(field('idNumber').value).toBeUndefined();
      expect(form.missing.fields.map((f: { key: string; reason: string }) => [f.key, f.reason])).toEqual([
        ['idNumber', 'not-available'],
        ['phone', 'holder-input'],
      ]);
      expect(form.attached).toEqual([expect.objectContaining({ material: 'qualification', identifier: id })]);
      expect(form.missing.materials).toEqual([expect.objectContaining({ key: 'photo', reason: 'not-a-licence' })]);
      expect(form.complete).toBe(false);
      // One usage record per licence delivered, in the holder's timeline (grants/), via the show code.
      expect(form.usageRecords).toHaveLength(1);
      const usage = await node.t.store.db
        .selectFrom('usage_records')
        .selectAll()
        .where('id', '=', form.usageRecords[0])
        .executeTakeFirstOrThrow();
      expect(usage).toMatchObject({ identifier: id, via: 'show-code', use_cause: '办理资格复核' });
      const prefilled = await auditActions('matter.prefilled');
      expect(prefilled.length).toBeGreaterThan(0);
      expect(prefilled.every((u) => !u.details.includes(CITIZEN_ID))).toBe(true);
    });

    it('refuses codes of two holders (recording no use), a missing or double source, a forged code', async () => {
      const mine = await showCode(await issue(), ['certificateHolderName']);
      const theirs = await showCode(await issue(OTHER_CITIZEN_ID, '李四'), ['certificateHolderName']);
      const headers = { authorization: node.reader.authorization };
      const usesBefore = await node.t.store.db.selectFrom('usage_records').select('id').execute();
      const two = await post('/api/v1/matters/T-001/prefill', { useCause: '复核', showCodes: [mine, theirs] }, headers);
      expect(two.json()).toMatchObject({ code: 'ERR_MATTERS_HOLDERS_DIFFER', field: 'showCodes[1]' });
      expect(await node.t.store.db.selectFrom('usage_records').select('id').execute()).toHaveLength(usesBefore.length);
      const none = await post('/api/v1/matters/T-001/prefill', { useCause: '复核' }, headers);
      expect(none.json().code).toBe('ERR_MATTERS_PREFILL_SOURCE');
      const both = await post(
        '/api/v1/matters/T-001/prefill',
        { useCause: '复核', showCodes: [mine], grantId: 'g1' },
        headers,
      );
      expect(both.json().code).toBe('ERR_MATTERS_PREFILL_SOURCE');
      const grant = await post('/api/v1/matters/T-001/prefill', { useCause: '复核', grantId: 'g1' }, headers);
      expect(grant.json()).toMatchObject({ code: 'ERR_GRANTS_NOT_FOUND', field: 'grantId' });
      const forged = await post(
        '/api/v1/matters/T-001/prefill',
        { useCause: '复核', showCodes: [`${mine.slice(0, -4)}AAAA`] },
        headers,
      );
      expect(forged.statusCode).toBe(422);
      expect(forged.json()).toMatchObject({ code: 'ERR_GRANTS_SHOW_CODE_REFUSED', field: 'showCodes[0]' });
      const unknown = await post('/api/v1/matters/NOPE/prefill', { useCause: '复核', showCodes: [mine] }, headers);
      expect(unknown.statusCode).toBe(404);
    });

    it('fills from a live grant, masked by the client clearance, and refuses a revoked one', async () => {
      const licence = await issue();
      const holder: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID };
      const grant = await createGrant(node.ctx, holder, {
        clientId: node.reader.clientId,
        typeCodes: [TYPE_CODE],
        matterCode: 'T-001',
        purpose: '资格复核',
        validUntil: '2026-12-31T00:00:00Z',
      });
      const headers = { authorization: node.reader.authorization };
      const low = await post('/api/v1/matters/T-001/prefill', { useCause: '资格复核', grantId: grant.id }, headers);
      expect(low.statusCode).toBe(200);
      const field = (form: { fields: Array<{ key: string; value?: unknown }> }, key: string) =>
        form.fields.find((f) => f.key === key)?.value;
      // Clearance 1 (the default): the grade-1 field in clear, the name (2) and ID number (3) masked, so not filled.
      expect(low.json().via).toBe('grant');
      expect(field(low.json(), 'category')).toBe('建筑电工');
      expect(field(low.json(), 'applicantName')).toBeUndefined();
      expect(field(low.json(), 'idNumber')).toBeUndefined();

      await setClearance(node.ctx, node.reader.clientId, 3, { actor: 'system' });
      const high = await post('/api/v1/matters/T-001/prefill', { useCause: '资格复核', grantId: grant.id }, headers);
      expect(field(high.json(), 'applicantName')).toBe('张三');
      expect(field(high.json(), 'idNumber')).toBe(CITIZEN_ID);
      expect(high.json().attached[0]).toMatchObject({ identifier: expect.any(String), typeCode: TYPE_CODE });
      expect(high.json().usageRecords.length).toBeGreaterThanOrEqual(1);
      expect(licence.metadata.certificateHolderCode).toBe(CITIZEN_ID);

      await revokeGrant(node.ctx, holder, grant.id);
      const revoked = await post('/api/v1/matters/T-001/prefill', { useCause: '资格复核', grantId: grant.id }, headers);
      expect(revoked.json()).toMatchObject({ code: 'ERR_GRANTS_REVOKED', field: 'grantId' });
    });

    it('lets a counter clerk prefill with a grant given to their organisation’s relying party, and no one else', async () => {
      await issue();
      const holder: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID };
      const grant = await createGrant(node.ctx, holder, {
        clientId: node.reader.clientId,
        typeCodes: [TYPE_CODE],
        matterCode: 'T-001',
        purpose: '窗口办理资格复核',
        validUntil: '2026-12-31T00:00:00Z',
      });
      const clerk = await createTestStaff(node.ctx, { roles: ['counter-clerk'], organisationCode: RELYING_PARTY_CODE });
      const body = { useCause: '窗口办理资格复核', grantId: grant.id };
      const prefilled = await post('/api/v1/matters/T-001/prefill', body, clerk.headers);
      expect(prefilled.statusCode).toBe(200);
      expect(prefilled.json()).toMatchObject({ via: 'grant', attached: [{ typeCode: TYPE_CODE }] });
      expect(prefilled.json().fields.find((f: { key: string }) => f.key === 'category')).toMatchObject({
        value: '建筑电工',
        source: { kind: 'licence', typeCode: TYPE_CODE },
      });
      // The holder's usage records name the relying party they granted; the audit names the clerk.
      const [usageRecordId] = prefilled.json().usageRecords as string[];
      const usage = await node.t.store.db
        .selectFrom('usage_records')
        .select(['client_id', 'grant_id', 'use_cause'])
        .where('id', '=', usageRecordId ?? '')
        .executeTakeFirstOrThrow();
      expect(usage).toEqual({ client_id: node.reader.clientId, grant_id: grant.id, use_cause: '窗口办理资格复核' });
      const events = await auditActions('matter.prefilled');
      expect(events.some((e) => e.details.includes(grant.id) && e.use_cause === '窗口办理资格复核')).toBe(true);
      const actors = await node.t.store.db
        .selectFrom('audit_records')
        .select('actor')
        .where('action', '=', 'matter.prefilled')
        .execute();
      expect(actors.map((a) => a.actor)).toContain(`staff:${clerk.userId}`);

      const counted = async () =>
        (await node.t.store.db.selectFrom('usage_records').select('id').where('grant_id', '=', grant.id).execute())
          .length;
      const before = await counted();
      // A clerk of another organisation: the grant was not given to any client of theirs.
      const stranger = await createTestStaff(node.ctx, { roles: ['counter-clerk'], organisationCode: ISSUER_CODE });
      const wrong = await post('/api/v1/matters/T-001/prefill', body, stranger.headers);
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()).toMatchObject({ code: 'ERR_GRANTS_WRONG_CLIENT', field: 'grantId' });
      // Show codes are for the relying party's own system, not the counter.
      const code = await showCode(await issue(), ['certificateHolderName']);
      const shown = await post('/api/v1/matters/T-001/prefill', { useCause: '复核', showCodes: [code] }, clerk.headers);
      expect(shown.json()).toMatchObject({ code: 'ERR_MATTERS_CLERK_GRANT_ONLY', field: 'showCodes' });
      const missing = await post('/api/v1/matters/T-001/prefill', { useCause: '复核', grantId: 'nope' }, clerk.headers);
      expect(missing.json()).toMatchObject({ code: 'ERR_GRANTS_NOT_FOUND', field: 'grantId' });
      // Other staff, and the holder themself, may not prefill.
      const operator = await createTestStaff(node.ctx, {
        roles: ['department-operator'],
        organisationCode: RELYING_PARTY_CODE,
      });
      expect((await post('/api/v1/matters/T-001/prefill', body, operator.headers)).statusCode).toBe(403);
      expect((await post('/api/v1/matters/T-001/prefill', body, admin.headers)).statusCode).toBe(403);
      // Without the CSRF token, the clerk's session cookie alone changes nothing.
      expect((await post('/api/v1/matters/T-001/prefill', body, { cookie: clerk.cookie })).statusCode).toBe(403);
      expect(await counted()).toBe(before);

      await revokeGrant(node.ctx, holder, grant.id);
      const revoked = await post('/api/v1/matters/T-001/prefill', body, clerk.headers);
      expect(revoked.json()).toMatchObject({ code: 'ERR_GRANTS_REVOKED', field: 'grantId' });
    });

    it('lists the live grants given to the clerk’s organisation’s relying parties (holder masked) to pick one; no one else sees them', async () => {
      await issue();
      const holder: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID };
      const grantFor = (clientId: string, matterCode: string) =>
        createGrant(node.ctx, holder, {
          clientId,
          typeCodes: [TYPE_CODE],
          matterCode,
          purpose: '窗口办理资格复核',
          validUntil: '2026-12-31T00:00:00Z',
        });
      // Another organisation's relying party, and grants that are no longer live.
      const elsewhere = await createTestClient(node.ctx, {
        organisationCode: ISSUER_CODE,
        kind: 'relying-party',
        scopes: ['licence:read'],
        licenceTypes: [TYPE_CODE],
      });
      const live = await grantFor(node.reader.clientId, 'T-001');
      const revoked = await grantFor(node.reader.clientId, 'T-001');
      await revokeGrant(node.ctx, holder, revoked.id);
      const expired = await grantFor(node.reader.clientId, 'T-001');
      await node.t.store.db
        .updateTable('grants')
        .set({ valid_until: '2026-11-29T03:00:00.000Z' })
        .where('id', '=', expired.id)
        .execute();
      const theirs = await grantFor(elsewhere.clientId, 'T-001');

      const clerk = await createTestStaff(node.ctx, { roles: ['counter-clerk'], organisationCode: RELYING_PARTY_CODE });
      const list = (headers: Record<string, string>, query = '') =>
        node.app.inject({ url: `/api/v1/counter/grants${query}`, headers });
      const listed = await list(clerk.headers);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.headers['cache-control']).toBe('private, no-store');
      const ids = (listed.json().items as Array<{ id: string }>).map((g) => g.id);
      expect(ids).toContain(live.id);
      for (const gone of [revoked.id, expired.id, theirs.id]) expect(ids).not.toContain(gone);
      const item = (listed.json().items as Array<Record<string, unknown>>).find((g) => g.id === live.id);
      expect(item).toMatchObject({
        relyingParty: { clientId: node.reader.clientId },
        holder: { codeType: '111', maskedCode: expect.stringMatching(/^\d{6}\*{8}[0-9X]{4}$/) },
        matterCode: 'T-001',
        typeCodes: [TYPE_CODE],
      });
      // No holder ID in clear anywhere in the answer (GB/T 37964 masking, as the receipt shows it).
      expect(listed.body).not.toContain(CITIZEN_ID);
      expect(listed.body).not.toContain(CITIZEN_ID.slice(6, 14));
      expect((await list(clerk.headers, '?matterCode=T-999')).json().items).toEqual([]);
      expect((await list(clerk.headers, '?matterCode=bad%20code')).json()).toMatchObject({
        code: 'ERR_GRANTS_INPUT',
        field: 'matterCode',
      });
      // The listing is recorded, the clerk as its actor.
      const listings = await node.t.store.db
        .selectFrom('audit_records')
        .select('actor')
        .where('action', '=', 'grant.listed')
        .execute();
      expect(listings.map((a) => a.actor)).toContain(`staff:${clerk.userId}`);

      // The picked grant prefills (with the CSRF token; the cookie alone still changes nothing).
      const body = { useCause: '窗口办理资格复核', grantId: live.id };
      expect((await post('/api/v1/matters/T-001/prefill', body, { cookie: clerk.cookie })).statusCode).toBe(403);
      expect((await post('/api/v1/matters/T-001/prefill', body, clerk.headers)).statusCode).toBe(200);

      // A clerk of another organisation sees only theirs, never ours.
      const stranger = await createTestStaff(node.ctx, { roles: ['counter-clerk'], organisationCode: ISSUER_CODE });
      const strangers = (await list(stranger.headers)).json().items as Array<{ id: string }>;
      expect(strangers.map((g) => g.id)).toEqual([theirs.id]);
      // Everyone else is refused by the permission table.
      const venue = await createTestClient(node.ctx, {
        organisationCode: RELYING_PARTY_CODE,
        kind: 'venue',
        scopes: ['verify'],
      });
      const operator = await createTestStaff(node.ctx, {
        roles: ['department-operator'],
        organisationCode: RELYING_PARTY_CODE,
      });
      expect((await list({})).statusCode).toBe(401);
      for (const headers of [
        { authorization: venue.authorization },
        { authorization: node.reader.authorization },
        operator.headers,
        admin.headers,
      ]) {
        expect((await list(headers)).statusCode).toBe(403);
      }
    });

    it('finds one applicant’s grants among many by their full holder code, pages through the rest, and refuses a partial code without echoing it', async () => {
      await issue();
      expect((await post('/api/v1/matters', sampleMatter('T-002'), admin.headers)).statusCode).toBe(201);
      const grantOf = (holderCode: string) =>
        createGrant(node.ctx, { kind: 'holder', holderCodeType: '111', holderCode } as HolderPrincipal, {
          clientId: node.reader.clientId,
          typeCodes: [TYPE_CODE],
          matterCode: 'T-002',
          purpose: '窗口办理资格复核',
          validUntil: '2026-12-31T00:00:00Z',
        });
      const mine = [await grantOf(CITIZEN_ID), await grantOf(CITIZEN_ID)];
      const others = [
        await grantOf(OTHER_CITIZEN_ID),
        await grantOf(OTHER_CITIZEN_ID),
        await grantOf(OTHER_CITIZEN_ID),
      ];
      const clerk = await createTestStaff(node.ctx, { roles: ['counter-clerk'], organisationCode: RELYING_PARTY_CODE });
      const list = (query: string) =>
        node.app.inject({ url: `/api/v1/counter/grants?${query}`, headers: clerk.headers });
      const ids = (response: { json(): unknown }) =>
        (response.json() as { items: Array<{ id: string }> }).items.map((g) => g.id);

      // By the applicant's code: only theirs, of this matter (grants made in one millisecond order by id).
      const sorted = (values: string[]) => [...values].sort();
      const found = await list(`matterCode=T-002&holderCode=${CITIZEN_ID}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(sorted(ids(found))).toEqual(sorted(mine.map((g) => g.id)));
      expect(found.body).not.toContain(CITIZEN_ID);
      expect(sorted(ids(await list(`matterCode=T-002&holderCodeType=111&holderCode=${OTHER_CITIZEN_ID}`)))).toEqual(
        sorted(others.map((g) => g.id)),
      );
      // The same code under another type is another holder.
      expect(ids(await list(`matterCode=T-002&holderCodeType=001&holderCode=91350100M000100Y43`))).toEqual([]);

      // Page by page, every grant of the matter is reached exactly once.
      const seen: string[] = [];
      let cursor = '';
      for (let pages = 0; pages < 5; pages++) {
        const page = await list(`matterCode=T-002&limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`);
        expect(page.statusCode, page.body).toBe(200);
        seen.push(...ids(page));
        const next = (page.json() as { nextCursor?: string }).nextCursor;
        if (next === undefined) break;
        cursor = encodeURIComponent(next);
      }
      expect(seen.length).toBe(5);
      expect(sorted(seen)).toEqual(sorted([...mine, ...others].map((g) => g.id)));

      // Bad input: a partial code, a wrong check character, a type without a code, an unknown
      // type. Typed refusals naming the field, never echoing the code; the audit never holds it.
      const partial = CITIZEN_ID.slice(-4);
      const wrongCheck = `${CITIZEN_ID.slice(0, 17)}${CITIZEN_ID.endsWith('1') ? '2' : '1'}`;
      for (const [query, field] of [
        [`holderCode=${partial}`, 'holderCode'],
        [`holderCode=${wrongCheck}`, 'holderCode'],
        ['holderCodeType=111', 'holderCode'],
        [`holderCodeType=9x9&holderCode=${CITIZEN_ID}`, 'holderCodeType'],
      ] as const) {
        const refused = await list(query);
        expect(refused.statusCode, query).toBe(400);
        expect(refused.json(), query).toMatchObject({ code: 'ERR_GRANTS_INPUT', field });
        expect(refused.body).not.toContain(wrongCheck);
        expect(refused.body).not.toContain(CITIZEN_ID);
      }
      const audits = await node.t.store.db
        .selectFrom('audit_records')
        .selectAll()
        .where('action', '=', 'grant.listed')
        .execute();
      expect(audits.length).toBeGreaterThan(0);
      for (const audit of audits) {
        expect(JSON.stringify(audit)).not.toContain(CITIZEN_ID);
        expect(Buffer.from(audit.packed_details).toString('latin1')).not.toContain(CITIZEN_ID);
      }
    });

    it('is refused to anyone but a relying party with licence:read', async () => {
      const code = await showCode(await issue(), ['certificateHolderName']);
      const body = { useCause: '复核', showCodes: [code] };
      expect((await post('/api/v1/matters/T-001/prefill', body, {})).statusCode).toBe(401);
      expect(
        (await post('/api/v1/matters/T-001/prefill', body, { authorization: kiosk.authorization })).statusCode,
      ).toBe(403);
      expect((await post('/api/v1/matters/T-001/prefill', body, admin.headers)).statusCode).toBe(403);
    });
  });

  describe('kiosk', () => {
    const OUTPUT_MATTER = 'T-020';
    const ISSUER_NAME_EN = 'Department of Housing and Urban-Rural Development of Jilin Province';
    beforeAll(async () => {
      // The test node names its departments alike in both languages; give the issuer its English name.
      await node.t.store.db
        .updateTable('organisations')
        .set({ name_en: ISSUER_NAME_EN })
        .where('code', '=', ISSUER_CODE)
        .execute();
      const matter = sampleMatter(OUTPUT_MATTER, {
        name: label('特种作业操作资格证书补领', 'Replacement of a special-operations qualification'),
        materials: [
          { key: 'qualification', name: label('操作资格证书', 'Qualification'), kind: 'licence', anyOf: [TYPE_CODE] },
        ],
        output: {
          typeCode: TYPE_CODE,
          face: {
            holderName: { field: 'applicantName' },
            idNumber: { field: 'idNumber' },
            operationCategory: { field: 'category' },
          },
        },
      });
      const response = await post('/api/v1/matters', matter, admin.headers);
      expect(response.statusCode).toBe(201);
    }, HOOK_TIMEOUT);

    const headersOf = (client: TestClient) => ({ authorization: client.authorization });

    it('runs a matter alone: identify, consent, prefill, complete, submit, and the result licence is issued to the holder', async () => {
      const licence = await issue();
      const started = await post('/api/v1/kiosk/sessions', { matterCode: OUTPUT_MATTER }, headersOf(kiosk));
      expect(started.statusCode).toBe(201);
      const id = started.json().id as string;
      expect(started.json().state).toBe('started');

      const early = await post(`/api/v1/kiosk/sessions/${id}/consent`, { consent: true }, headersOf(kiosk));
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('ERR_KIOSK_STEP');

      const code = await showCode(licence, ['certificateHolderName']);
      const identified = await post(`/api/v1/kiosk/sessions/${id}/identify`, { showCode: code }, headersOf(kiosk));
      expect(identified.statusCode).toBe(200);
      expect(identified.json().state).toBe('identified');
      const offered = identified.json().offered.map((o: { identifier: string }) => o.identifier);
      expect(offered).toContain(licence.metadata.certificateIdentifier);
      // Both languages, from the catalogue and the organisations (the licence names them in Chinese only).
      expect(
        identified
          .json()
          .offered.find((o: { identifier: string }) => o.identifier === licence.metadata.certificateIdentifier),
      ).toMatchObject({
        typeName: '建筑施工特种作业人员操作资格证书',
        typeLabel: {
          zh: '建筑施工特种作业人员操作资格证书',
          en: 'Construction special-operations qualification certificate',
        },
        issuerName: '吉林省住房和城乡建设厅',
        issuerLabel: { zh: '吉林省住房和城乡建设厅', en: ISSUER_NAME_EN },
      });

      const outside = await post(
        `/api/v1/kiosk/sessions/${id}/consent`,
        { consent: true, licences: ['1.2.156.3005.2.11100000000013338W032.11220000013544541J.999999.001.X'] },
        headersOf(kiosk),
      );
      expect(outside.json()).toMatchObject({ code: 'ERR_KIOSK_CONSENT_SCOPE', field: 'licences[0]' });

      const consented = await post(
        `/api/v1/kiosk/sessions/${id}/consent`,
        { consent: true, licences: [licence.metadata.certificateIdentifier] },
        headersOf(kiosk),
      );
      expect(consented.statusCode).toBe(200);
      const form = consented.json().form;
      expect(form.fields.find((f: { key: string }) => f.key === 'idNumber').value).toBe(CITIZEN_ID);
      expect(form.attached[0].typeLabel.en).toBe('Construction special-operations qualification certificate');
      expect(form.missing.fields.map((f: { key: string }) => f.key)).toEqual(['phone']);

      const incomplete = await post(`/api/v1/kiosk/sessions/${id}/submit`, { values: {} }, headersOf(kiosk));
      expect(incomplete.statusCode).toBe(422);
      expect(incomplete.json()).toMatchObject({ code: 'ERR_KIOSK_FORM_INVALID', field: 'values.phone' });
      const tampered = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000', category: '焊工' } },
        headersOf(kiosk),
      );
      expect(tampered.json()).toMatchObject({ code: 'ERR_KIOSK_FORM_INVALID', field: 'values.category' });

      const other = await node.app.inject({ url: `/api/v1/kiosk/sessions/${id}`, headers: headersOf(otherKiosk) });
      expect(other.statusCode).toBe(404);

      const submitted = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' } },
        headersOf(kiosk),
      );
      expect(submitted.statusCode).toBe(200);
      const result = submitted.json().result;
      expect(result.licence.metadata).toMatchObject({
        certificateTypeCode: TYPE_CODE,
        certificateIssuingAuthorityCode: ISSUER_CODE,
        certificateHolderCode: CITIZEN_ID,
        certificateHolderName: '张三',
      });
      expect(result.licence.face).toMatchObject({ operationCategory: '建筑电工', idNumber: CITIZEN_ID });
      const stored = await node.t.store.db
        .selectFrom('licences')
        .select(['status', 'holder_index'])
        .where('identifier', '=', result.identifier)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('valid');

      const again = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' } },
        headersOf(kiosk),
      );
      expect(again.json().code).toBe('ERR_KIOSK_STEP');
      const read = await node.app.inject({ url: `/api/v1/kiosk/sessions/${id}`, headers: headersOf(kiosk) });
      expect(read.json()).toMatchObject({ state: 'submitted', result: { identifier: result.identifier } });

      const kioskUses = await node.t.store.db
        .selectFrom('usage_records')
        .select(['identifier', 'via', 'client_id'])
        .where('via', '=', 'kiosk')
        .execute();
      expect(kioskUses).toContainEqual({
        identifier: licence.metadata.certificateIdentifier,
        via: 'kiosk',
        client_id: kiosk.clientId,
      });
      const steps = await node.t.store.db
        .selectFrom('audit_records')
        .select('action')
        .where('target', '=', id)
        .orderBy('seq')
        .execute();
      expect(steps.map((s) => s.action)).toEqual([
        'kiosk.started',
        'kiosk.identified',
        'kiosk.consented',
        'kiosk.submitted',
      ]);

      // A show code admits once: the same code cannot identify anyone in a second session.
      const second = await post('/api/v1/kiosk/sessions', { matterCode: OUTPUT_MATTER }, headersOf(kiosk));
      const replay = await post(
        `/api/v1/kiosk/sessions/${second.json().id}/identify`,
        { showCode: code },
        headersOf(kiosk),
      );
      expect(replay.json()).toMatchObject({ code: 'ERR_MATTERS_SHOW_CODE_INVALID' });
    });

    it('refuses a step once the session has expired (15 minutes)', async () => {
      const started = await post('/api/v1/kiosk/sessions', { matterCode: OUTPUT_MATTER }, headersOf(kiosk));
      const id = started.json().id as string;
      expect(started.json().expiresAt).toBe(new Date(clock.getTime() + 15 * 60_000).toISOString());
      const row = await node.t.store.db
        .selectFrom('api_clients')
        .select(['id', 'organisation_code'])
        .where('id', '=', kiosk.clientId)
        .executeTakeFirstOrThrow();
      const later = { ...node.ctx, now: () => new Date(clock.getTime() + 16 * 60_000) };
      const principal = {
        kind: 'client' as const,
        clientId: row.id,
        organisationCode: row.organisation_code,
        scopes: ['kiosk' as const],
        licenceTypes: [TYPE_CODE],
      };
      await expect(
        identifyKioskHolder(later, principal, id, { showCode: 'HT1:unused' }, { publicUrl: 'https://x' }),
      ).rejects.toMatchObject({ code: 'ERR_KIOSK_SESSION_EXPIRED', field: 'id' });
    });

    it('refuses a matter with materials a kiosk cannot take at submission, and callers that are not kiosks', async () => {
      const licence = await issue();
      const started = await post('/api/v1/kiosk/sessions', { matterCode: 'T-001' }, headersOf(kiosk));
      const id = started.json().id as string;
      await post(
        `/api/v1/kiosk/sessions/${id}/identify`,
        { showCode: await showCode(licence, ['certificateHolderName']) },
        headersOf(kiosk),
      );
      await post(`/api/v1/kiosk/sessions/${id}/consent`, { consent: true }, headersOf(kiosk));
      const submitted = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' } },
        headersOf(kiosk),
      );
      expect(submitted.statusCode).toBe(422);
      expect(submitted.json()).toMatchObject({ code: 'ERR_KIOSK_MATERIALS_MISSING', field: 'materials.photo' });
      // T-001's department wants the photo itself: a commitment in its place is refused.
      const notAccepted = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' }, materials: { photo: { kind: 'commitment' } } },
        headersOf(kiosk),
      );
      expect(notAccepted.json()).toMatchObject({ code: 'ERR_KIOSK_FORM_INVALID', field: 'materials.photo' });
      const unknownKind = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' }, materials: { photo: { kind: 'hearsay' } } },
        headersOf(kiosk),
      );
      expect(unknownKind.statusCode).toBe(400);
      // Nothing was written by the refusals: the session still waits for its submission.
      expect(
        (await node.app.inject({ url: `/api/v1/kiosk/sessions/${id}`, headers: headersOf(kiosk) })).json().state,
      ).toBe('consented');

      const unknown = await post('/api/v1/kiosk/sessions', { matterCode: 'NOPE' }, headersOf(kiosk));
      expect(unknown.statusCode).toBe(404);
      for (const [route, body] of [
        ['/api/v1/kiosk/sessions', { matterCode: OUTPUT_MATTER }],
        [`/api/v1/kiosk/sessions/${id}/identify`, { showCode: 'HT1:x' }],
        [`/api/v1/kiosk/sessions/${id}/consent`, { consent: true }],
        [`/api/v1/kiosk/sessions/${id}/submit`, { values: {} }],
      ] as const) {
        expect((await post(route, body, {})).statusCode, route).toBe(401);
        expect((await post(route, body, headersOf(node.reader))).statusCode, route).toBe(403);
        expect((await post(route, body, admin.headers)).statusCode, route).toBe(403);
      }
      expect((await node.app.inject({ url: `/api/v1/kiosk/sessions/${id}` })).statusCode).toBe(401);
    });

    it('takes the holder’s commitment (告知承诺制) for a material whose department accepts one, and for nothing else', async () => {
      const matter = sampleMatter('T-021', {
        materials: [
          { key: 'qualification', name: label('操作资格证书', 'Qualification'), kind: 'licence', anyOf: [TYPE_CODE] },
          { key: 'photo', name: label('近期免冠照片', 'Recent photo'), kind: 'other', commitment: true },
        ],
      });
      expect((await post('/api/v1/matters', matter, admin.headers)).statusCode).toBe(201);
      const licence = await issue();
      const started = await post('/api/v1/kiosk/sessions', { matterCode: 'T-021' }, headersOf(kiosk));
      const id = started.json().id as string;
      await post(
        `/api/v1/kiosk/sessions/${id}/identify`,
        { showCode: await showCode(licence, ['certificateHolderName']) },
        headersOf(kiosk),
      );
      const consented = await post(`/api/v1/kiosk/sessions/${id}/consent`, { consent: true }, headersOf(kiosk));
      expect(consented.json().form.missing.materials).toEqual([
        { key: 'photo', name: label('近期免冠照片', 'Recent photo'), reason: 'not-a-licence', commitment: true },
      ]);
      const uncovered = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' } },
        headersOf(kiosk),
      );
      expect(uncovered.json()).toMatchObject({ code: 'ERR_KIOSK_MATERIALS_MISSING', field: 'materials.photo' });
      const notMissing = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        {
          values: { phone: '13800000000' },
          materials: { photo: { kind: 'commitment' }, qualification: { kind: 'commitment' } },
        },
        headersOf(kiosk),
      );
      expect(notMissing.json()).toMatchObject({ code: 'ERR_KIOSK_FORM_INVALID', field: 'materials.qualification' });
      // 告知承诺制: the holder commits to the photo on the kiosk; the submission names it for the department.
      const committed = await post(
        `/api/v1/kiosk/sessions/${id}/submit`,
        { values: { phone: '13800000000' }, materials: { photo: { kind: 'commitment' } } },
        headersOf(kiosk),
      );
      expect(committed.statusCode).toBe(200);
      expect(committed.json().state).toBe('submitted');
      const [submittedEvent] = (await auditActions('kiosk.submitted')).filter((r) => r.target === id);
      expect(JSON.parse(submittedEvent?.details ?? '{}')).toMatchObject({ committed: ['photo'] });
      expect(submittedEvent?.details).not.toContain('13800000000');
    });
  });
});
