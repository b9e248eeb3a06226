import { formatLicenceId, trustListResolver } from '@hutong/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditDetailsOf } from '../audit/append-audit.js';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { trustedIssuers } from '../keys/trusted-issuers.js';
import type { LicencesTable } from '../library/library.tables.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import {
  departmentInput,
  errorOf,
  openTestContext,
  TEST_USCC,
  type TestContext,
} from '../organisations/test-support/test-context.js';
import { packJson } from '../store/packed-json.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { addScenario } from './add-scenario.js';
import { createLicenceType } from './create-licence-type.js';
import { getIssuableType } from './get-issuable-type.js';
import { getLicenceType, listLicenceTypeVersions } from './get-licence-type.js';
import { listLicenceTypes } from './list-licence-types.js';
import { listPublishedTypes, verifiableTypes } from './list-published-types.js';
import { listResponsibilities } from './list-responsibilities.js';
import { listScenarios } from './list-scenarios.js';
import { publishLicenceType } from './publish-licence-type.js';
import { removeResponsibility } from './remove-responsibility.js';
import { removeScenario } from './remove-scenario.js';
import { retireLicenceType } from './retire-licence-type.js';
import { saveLicenceTypeDraft } from './save-licence-type-draft.js';
import { setResponsibility } from './set-responsibility.js';
import { DRIVING_LICENCE_TYPE, ID_CARD_TYPE, typeDocument } from './test-support/sample-type.js';

const by = { actor: 'staff:catalogue', requestId: 'req-c' };
const POLICE = TEST_USCC.police;
const MARKET = TEST_USCC.market;

describe.each(TEST_DATABASES)('catalogue management on $dialect', ({ create }) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await openTestContext(create);
    await createOrganisation(t.ctx, departmentInput(POLICE, '公安厅', 'Public Security'), by);
    await createOrganisation(t.ctx, departmentInput(MARKET, '市场监督管理局', 'Market Regulation'), by);
  });
  afterEach(async () => {
    await t.close();
  });

  async function catalogueEvents(): Promise<unknown[]> {
    const rows = await t.ctx.store.db
      .selectFrom('audit_records')
      .select(['target', 'packed_details'])
      .where('action', '=', 'catalogue.changed')
      .orderBy('seq')
      .execute();
    return rows.map((row) => [row.target, (auditDetailsOf(row.packed_details) as { action: string }).action]);
  }

  it('walks a type from draft to published to a second version to retired', async () => {
    const draft = await createLicenceType(t.ctx, typeDocument(), by);
    expect(draft).toMatchObject({ certificateTypeCode: ID_CARD_TYPE, version: 1, status: 'draft' });
    // Drafts are not public, and not issuable.
    expect((await errorOf(getLicenceType(t.ctx, ID_CARD_TYPE))).code).toBe('ERR_CATALOGUE_TYPE_NOT_FOUND');
    expect((await getLicenceType(t.ctx, ID_CARD_TYPE, { includeDrafts: true })).status).toBe('draft');
    await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '2026-12-31' },
      by,
    );
    expect((await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, POLICE))).code).toBe('ERR_CATALOGUE_TYPE_NOT_PUBLISHED');

    // Editing the draft keeps version 1.
    const edited = await saveLicenceTypeDraft(
      t.ctx,
      ID_CARD_TYPE,
      typeDocument(ID_CARD_TYPE, { templateId: 'resident-id-card-2' }),
      by,
    );
    expect(edited).toMatchObject({ version: 1, templateId: 'resident-id-card-2' });

    const published = await publishLicenceType(t.ctx, ID_CARD_TYPE, { version: 1 }, by);
    expect(published).toMatchObject({ version: 1, status: 'published', templateId: 'resident-id-card-2' });
    expect(await getIssuableType(t.ctx, ID_CARD_TYPE, POLICE)).toEqual(published);
    expect(await getLicenceType(t.ctx, ID_CARD_TYPE)).toEqual(published);

    // A change is a new version; the published one keeps issuing until the draft is published.
    const v2 = await saveLicenceTypeDraft(
      t.ctx,
      ID_CARD_TYPE,
      typeDocument(ID_CARD_TYPE, { validity: { kind: 'period', years: 20 } }),
      by,
    );
    expect(v2).toMatchObject({ version: 2, status: 'draft' });
    expect((await getIssuableType(t.ctx, ID_CARD_TYPE, POLICE)).version).toBe(1);
    expect((await getLicenceType(t.ctx, ID_CARD_TYPE)).version).toBe(1);
    expect((await errorOf(getLicenceType(t.ctx, ID_CARD_TYPE, { version: '2' }))).code).toBe(
      'ERR_CATALOGUE_VERSION_NOT_FOUND',
    );
    expect((await errorOf(publishLicenceType(t.ctx, ID_CARD_TYPE, { version: 1 }, by))).code).toBe(
      'ERR_CATALOGUE_DRAFT_VERSION',
    );
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    expect((await getIssuableType(t.ctx, ID_CARD_TYPE, POLICE)).validity).toEqual({ kind: 'period', years: 20 });
    expect((await listLicenceTypeVersions(t.ctx, ID_CARD_TYPE)).map((v) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'published'],
    ]);
    expect((await errorOf(publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by))).code).toBe('ERR_CATALOGUE_NO_DRAFT');

    const retired = await retireLicenceType(t.ctx, ID_CARD_TYPE, by);
    expect(retired).toMatchObject({ version: 2, status: 'retired' });
    expect((await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, POLICE))).code).toBe('ERR_CATALOGUE_TYPE_RETIRED');
    // Still readable and verifiable; no way back.
    expect((await getLicenceType(t.ctx, ID_CARD_TYPE)).status).toBe('retired');
    expect((await verifiableTypes(t.ctx)).map((v) => [v.certificateTypeCode, v.version, v.status])).toEqual([
      [ID_CARD_TYPE, 2, 'retired'],
    ]);
    expect((await errorOf(saveLicenceTypeDraft(t.ctx, ID_CARD_TYPE, typeDocument(), by))).code).toBe(
      'ERR_CATALOGUE_TYPE_RETIRED',
    );
    expect((await errorOf(publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by))).code).toBe('ERR_CATALOGUE_TYPE_RETIRED');
    expect((await errorOf(retireLicenceType(t.ctx, ID_CARD_TYPE, by))).code).toBe('ERR_CATALOGUE_TYPE_RETIRED');

    expect(await catalogueEvents()).toEqual([
      [ID_CARD_TYPE, 'type.created'],
      [ID_CARD_TYPE, 'responsibility.set'],
      [ID_CARD_TYPE, 'type.draft-saved'],
      [ID_CARD_TYPE, 'type.published'],
      [ID_CARD_TYPE, 'type.draft-saved'],
      [ID_CARD_TYPE, 'type.published'],
      [ID_CARD_TYPE, 'type.retired'],
    ]);
  });

  it('lets only departments on the responsibility list issue a type', async () => {
    await createLicenceType(t.ctx, typeDocument(), by);
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    expect(await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, POLICE))).toEqual({
      code: 'ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE',
      field: 'certificateIssuingAuthorityCode',
    });
    await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '20261231' },
      by,
    );
    expect((await getIssuableType(t.ctx, ID_CARD_TYPE, POLICE)).certificateTypeCode).toBe(ID_CARD_TYPE);
    expect((await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, MARKET))).code).toBe(
      'ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE',
    );
    await removeResponsibility(t.ctx, ID_CARD_TYPE, POLICE, by);
    expect((await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, POLICE))).code).toBe(
      'ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE',
    );
    expect((await errorOf(removeResponsibility(t.ctx, ID_CARD_TYPE, POLICE, by))).code).toBe(
      'ERR_CATALOGUE_RESPONSIBILITY_NOT_FOUND',
    );
    expect(await errorOf(getIssuableType(t.ctx, DRIVING_LICENCE_TYPE, POLICE))).toEqual({
      code: 'ERR_CATALOGUE_TYPE_NOT_FOUND',
      field: 'certificateTypeCode',
    });
    expect((await errorOf(getIssuableType(t.ctx, '11100000000013338W00', POLICE))).field).toBe('certificateTypeCode');
    expect((await errorOf(getIssuableType(t.ctx, ID_CARD_TYPE, '116500000100000123'))).field).toBe(
      'certificateIssuingAuthorityCode',
    );
  });

  it('refuses bad documents with core’s precise codes and JSON paths, writing nothing', async () => {
    const cases: Array<[unknown, string, string]> = [
      [typeDocument(ID_CARD_TYPE, { version: 3 }), 'ERR_CATALOGUE_MANAGED_MEMBER', '$.version'],
      [typeDocument(ID_CARD_TYPE, { status: 'published' }), 'ERR_CATALOGUE_MANAGED_MEMBER', '$.status'],
      [typeDocument(ID_CARD_TYPE, { colour: 'red' }), 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.colour'],
      [typeDocument('11100000000013338W00X'), 'ERR_TYPE_CODE_SEQUENCE', '$.certificateTypeCode'],
      [typeDocument('11220000013544541J001'), 'ERR_CATALOGUE_TYPE_CODE_AUTHORITY', '$.definingAuthority.code'],
      [typeDocument(ID_CARD_TYPE, { holderCategory: 'animal' }), 'ERR_CATALOGUE_ONE_OF', '$.holderCategory'],
      [[typeDocument()], 'ERR_CATALOGUE_NOT_OBJECT', '$'],
      ['text', 'ERR_CATALOGUE_NOT_OBJECT', '$'],
    ];
    for (const [input, code, field] of cases) {
      const error = await errorOf(createLicenceType(t.ctx, input, by));
      expect([input, error]).toEqual([input, { code, field }]);
    }
    expect(await t.ctx.store.db.selectFrom('licence_types').selectAll().execute()).toEqual([]);
    expect(await catalogueEvents()).toEqual([]);
  });

  it('refuses a second type with the same code, and a draft for another code', async () => {
    await createLicenceType(t.ctx, typeDocument(), by);
    expect(await errorOf(createLicenceType(t.ctx, typeDocument(), by))).toEqual({
      code: 'ERR_CATALOGUE_TYPE_EXISTS',
      field: '$.certificateTypeCode',
    });
    expect(await errorOf(saveLicenceTypeDraft(t.ctx, ID_CARD_TYPE, typeDocument(DRIVING_LICENCE_TYPE), by))).toEqual({
      code: 'ERR_CATALOGUE_CODE_MISMATCH',
      field: '$.certificateTypeCode',
    });
    expect(
      (await errorOf(saveLicenceTypeDraft(t.ctx, DRIVING_LICENCE_TYPE, typeDocument(DRIVING_LICENCE_TYPE), by))).code,
    ).toBe('ERR_CATALOGUE_TYPE_NOT_FOUND');
    expect((await errorOf(retireLicenceType(t.ctx, ID_CARD_TYPE, by))).code).toBe('ERR_CATALOGUE_TYPE_NOT_PUBLISHED');
  });

  it('lists types by status with keyset pages, drafts only for administrators', async () => {
    const codes = ['11100000000013338W003', '11100000000013338W001', '11100000000013338W002', '11100000000013338W004'];
    for (const code of codes) await createLicenceType(t.ctx, typeDocument(code), by);
    for (const code of codes.slice(0, 3)) await publishLicenceType(t.ctx, code, {}, by);
    await retireLicenceType(t.ctx, '11100000000013338W002', by);
    const first = await listLicenceTypes(t.ctx, { limit: '1' });
    expect(first.items.map((x) => x.certificateTypeCode)).toEqual(['11100000000013338W001']);
    const second = await listLicenceTypes(t.ctx, { after: first.next, limit: 5 });
    expect(second.items.map((x) => x.certificateTypeCode)).toEqual(['11100000000013338W003']);
    expect(second.next).toBeUndefined();
    expect(
      (await listLicenceTypes(t.ctx, { status: 'retired' })).items.map((x) => [x.certificateTypeCode, x.status]),
    ).toEqual([['11100000000013338W002', 'retired']]);
    expect(await errorOf(listLicenceTypes(t.ctx, { status: 'draft' }))).toEqual({
      code: 'ERR_CATALOGUE_QUERY',
      field: 'status',
    });
    expect(
      (await listLicenceTypes(t.ctx, { status: 'draft' }, { includeDrafts: true })).items.map((x) => x.status),
    ).toEqual(['draft']);
    expect((await errorOf(listLicenceTypes(t.ctx, { status: 'gone' }))).code).toBe('ERR_CATALOGUE_QUERY');
    expect((await errorOf(listLicenceTypes(t.ctx, { after: 'x' }))).field).toBe('after');
  });

  it('lists published types with the departments allowed to issue them', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await createLicenceType(
      t.ctx,
      typeDocument(DRIVING_LICENCE_TYPE, { name: { zh: '机动车驾驶证', en: 'Driving licence' } }),
      by,
    );
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    await setResponsibility(
      t.ctx,
      { departmentCode: MARKET, certificateTypeCode: ID_CARD_TYPE, deadline: '20261231' },
      by,
    );
    await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '20261231' },
      by,
    );
    await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: DRIVING_LICENCE_TYPE, deadline: '20261231' },
      by,
    );
    const published = await listPublishedTypes(t.ctx);
    expect(published.map((p) => [p.type.certificateTypeCode, p.issuers])).toEqual([[ID_CARD_TYPE, [POLICE, MARKET]]]);
    expect(published[0]?.type.faceFields.map((f) => f.key)).toEqual(['holderName', 'idNumber', 'birthDate']);

    // The verifier's trust list gets the same permissions, and keys.
    await generateIssuerKey(t.ctx, POLICE, { suite: 'ed25519' }, by);
    const issuers = await trustedIssuers(t.ctx);
    expect(issuers.map((i) => [i.issuerCode, i.types, i.keys.length])).toEqual([
      [POLICE, [ID_CARD_TYPE], 1],
      [MARKET, [ID_CARD_TYPE], 0],
    ]);
    expect(() => trustListResolver(issuers)).not.toThrow();
  });

  it('keeps the responsibility list, with progress counted from the library', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    const entry = await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '2026-06-30', paperCount: 4 },
      by,
    );
    expect(entry).toMatchObject({
      departmentCode: POLICE,
      departmentName: { zh: '公安厅' },
      deadline: '20260630',
      paperCount: 4,
      progress: { electronic: 0, issued: 0, aggregated: 0, imported: 0, ratio: 0 },
    });
    // Three licences (one of them with two versions) of the police, one of another department.
    const row = (
      serial: string,
      version: string,
      issuer: string,
      origin: LicencesTable['origin'],
      index: number,
    ): LicencesTable => ({
      // Identifiers as issuance makes them: the library finds a type's and issuer's licences by their prefix (migration 0024).
      identifier: formatLicenceId({ typeCode: ID_CARD_TYPE, issuerCode: issuer, serial, version }),
      series: `${ID_CARD_TYPE}.${issuer}.${serial}`,
      version,
      type_code: ID_CARD_TYPE,
      issuer_code: issuer,
      serial,
      holder_index: 'h',
      status: 'valid',
      status_state: '{}',
      packed_document: packJson('licence-document', '{}'),
      document_digest: null,
      key_id: 'k',
      origin,
      status_list_id: 1,
      status_index: index,
      status_value: 0,
      effective_date: '20260101',
      expiring_date: null,
      source_key: null,
      request_hash: null,
      created_by: 'test',
      issued_at: '2026-03-01T00:00:00.000Z',
      updated_at: '2026-03-01T00:00:00.000Z',
    });
    await t.ctx.store.db
      .insertInto('licences')
      .values([
        row('1', '001', POLICE, 'issued', 1),
        row('1', '002', POLICE, 'issued', 2),
        row('2', '001', POLICE, 'imported', 3),
        row('3', '001', POLICE, 'aggregated', 4),
        row('4', '001', MARKET, 'issued', 5),
      ])
      .execute();
    const { items } = await listResponsibilities(t.ctx, { certificateTypeCode: ID_CARD_TYPE });
    expect(items).toHaveLength(1);
    expect(items[0]?.progress).toEqual({ electronic: 3, issued: 1, aggregated: 1, imported: 1, ratio: 0.75 });

    // Updating an entry keeps one row per department and type.
    await setResponsibility(
      t.ctx,
      { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline: '20261231' },
      by,
    );
    const updated = await listResponsibilities(t.ctx, {});
    expect(updated.items.map((i) => [i.departmentCode, i.deadline, i.paperCount])).toEqual([
      [POLICE, '20261231', undefined],
    ]);
    expect(updated.items[0]?.progress.ratio).toBeUndefined();
  });

  it('pages the responsibility list and hides entries of unpublished types from the public', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await createLicenceType(t.ctx, typeDocument(DRIVING_LICENCE_TYPE), by);
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    for (const [department, type] of [
      [POLICE, ID_CARD_TYPE],
      [MARKET, ID_CARD_TYPE],
      [POLICE, DRIVING_LICENCE_TYPE],
    ] as const) {
      await setResponsibility(
        t.ctx,
        { departmentCode: department, certificateTypeCode: type, deadline: '20261231' },
        by,
      );
    }
    const first = await listResponsibilities(t.ctx, { limit: 1 });
    expect(first.items.map((i) => i.departmentCode)).toEqual([POLICE]);
    const second = await listResponsibilities(t.ctx, { after: first.next });
    expect(second.items.map((i) => i.departmentCode)).toEqual([MARKET]);
    const admin = await listResponsibilities(t.ctx, { departmentCode: POLICE }, { includeDrafts: true });
    expect(admin.items.map((i) => i.certificateTypeCode)).toEqual([ID_CARD_TYPE, DRIVING_LICENCE_TYPE]);
    expect((await errorOf(listResponsibilities(t.ctx, { after: 'nope' }))).code).toBe('ERR_CATALOGUE_QUERY');
    expect((await errorOf(listResponsibilities(t.ctx, { departmentCode: '1234' }))).field).toBe('departmentCode');
  });

  it('refuses responsibility entries for unknown or non-issuing organisations and unknown types', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await createOrganisation(t.ctx, { ...departmentInput(TEST_USCC.hotel), kind: 'relying-party' }, by);
    const entry = (departmentCode: string, certificateTypeCode = ID_CARD_TYPE) => ({
      departmentCode,
      certificateTypeCode,
      deadline: '20261231',
    });
    expect(await errorOf(setResponsibility(t.ctx, entry(TEST_USCC.health), by))).toEqual({
      code: 'ERR_ORGANISATIONS_NOT_FOUND',
      field: '$.departmentCode',
    });
    expect((await errorOf(setResponsibility(t.ctx, entry(TEST_USCC.hotel), by))).code).toBe(
      'ERR_ORGANISATIONS_NOT_DEPARTMENT',
    );
    expect((await errorOf(setResponsibility(t.ctx, entry(POLICE, DRIVING_LICENCE_TYPE), by))).code).toBe(
      'ERR_CATALOGUE_TYPE_NOT_FOUND',
    );
    expect((await errorOf(setResponsibility(t.ctx, { ...entry(POLICE), deadline: '2026-02-30' }, by))).code).toBe(
      'ERR_CATALOGUE_DATE_INVALID',
    );
    expect((await errorOf(setResponsibility(t.ctx, { ...entry(POLICE), paperCount: -1 }, by))).code).toBe(
      'ERR_CATALOGUE_INTEGER_RANGE',
    );
    expect(await t.ctx.store.db.selectFrom('catalogue_responsibilities').selectAll().execute()).toEqual([]);
  });

  it('serialises concurrent changes of one type and one responsibility entry', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    const drafts = await Promise.all(
      ['a', 'b', 'c'].map((suffix) =>
        saveLicenceTypeDraft(t.ctx, ID_CARD_TYPE, typeDocument(ID_CARD_TYPE, { templateId: `card-${suffix}` }), by),
      ),
    );
    expect(drafts.map((d) => d.version)).toEqual([2, 2, 2]);
    const publications = await Promise.allSettled([0, 1].map(() => publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by)));
    expect(publications.map((p) => (p.status === 'fulfilled' ? p.value.version : p.reason.code)).sort()).toEqual([
      2,
      'ERR_CATALOGUE_NO_DRAFT',
    ]);
    expect((await listLicenceTypeVersions(t.ctx, ID_CARD_TYPE)).map((v) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'published'],
    ]);
    const entries = await Promise.all(
      ['20261231', '20270630'].map((deadline) =>
        setResponsibility(t.ctx, { departmentCode: POLICE, certificateTypeCode: ID_CARD_TYPE, deadline }, by),
      ),
    );
    expect(entries).toHaveLength(2);
    expect(await t.ctx.store.db.selectFrom('catalogue_responsibilities').selectAll().execute()).toHaveLength(1);
  });

  it('keeps the scenario list', async () => {
    await createLicenceType(t.ctx, typeDocument(ID_CARD_TYPE), by);
    await createLicenceType(t.ctx, typeDocument(DRIVING_LICENCE_TYPE), by);
    await publishLicenceType(t.ctx, ID_CARD_TYPE, {}, by);
    const hotel = await addScenario(
      t.ctx,
      { certificateTypeCode: ID_CARD_TYPE, venue: '酒店入住', description: '住宿登记时以电子证照替代实体证件' },
      by,
    );
    const matter = await addScenario(
      t.ctx,
      { certificateTypeCode: ID_CARD_TYPE, matterCode: '000104001000', description: '户籍业务' },
      by,
    );
    await addScenario(
      t.ctx,
      { certificateTypeCode: DRIVING_LICENCE_TYPE, venue: '路面检查', description: '交警查验' },
      by,
    );
    expect(hotel).toMatchObject({ certificateTypeCode: ID_CARD_TYPE, venue: '酒店入住' });
    expect(hotel).not.toHaveProperty('matterCode');
    const publicList = await listScenarios(t.ctx, {});
    expect(publicList.items.map((s) => s.id).sort()).toEqual([hotel.id, matter.id].sort());
    const first = await listScenarios(t.ctx, { limit: 1 }, { includeDrafts: true });
    const rest = await listScenarios(t.ctx, { after: first.next }, { includeDrafts: true });
    expect(first.items.length + rest.items.length).toBe(3);
    expect(
      (await errorOf(addScenario(t.ctx, { certificateTypeCode: ID_CARD_TYPE, description: '无处' }, by))).code,
    ).toBe('ERR_CATALOGUE_SCENARIO_TARGET');
    expect(
      (
        await errorOf(
          addScenario(t.ctx, { certificateTypeCode: '11100000000013338W009', venue: 'x', description: 'y' }, by),
        )
      ).code,
    ).toBe('ERR_CATALOGUE_TYPE_NOT_FOUND');
    await removeScenario(t.ctx, hotel.id, by);
    expect((await listScenarios(t.ctx, { certificateTypeCode: ID_CARD_TYPE })).items.map((s) => s.id)).toEqual([
      matter.id,
    ]);
    expect((await errorOf(removeScenario(t.ctx, hotel.id, by))).code).toBe('ERR_CATALOGUE_SCENARIO_NOT_FOUND');
    expect((await errorOf(removeScenario(t.ctx, 'x', by))).code).toBe('ERR_CATALOGUE_QUERY');
  });
});
