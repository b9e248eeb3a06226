import { createShowCode, decodeShowCode, type Licence, verifyConsentReceipt, verifyTrustList } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HolderPrincipal, Principal } from '../auth/principal.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  CITIZEN_ID,
  OTHER_CITIZEN_ID,
  sampleInput,
  sampleType,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, RELYING_PARTY_CODE, startLicenceNode } from '../library/test-support/licence-node.js';
import { eventOfEntry, targetOfEntry } from '../log/log-entry.js';
import { createTestMatter } from '../matters/test-support/test-matter.js';
import { createSubscription } from '../notifications/create-subscription.js';
import { unpackJson, unpackJsonText } from '../store/packed-json.js';
import { createTestClient, type TestClient } from '../test-support/principals.js';
import { buildNodeTrustList } from '../trust/build-node-trust-list.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { annotatedCopy } from './annotated-copy.js';
import { setClearance } from './clearance.js';
import { createGrant } from './create-grant.js';
import { fetchLicences } from './fetch-licences.js';
import { getConsentReceipt, listGrants } from './list-grants.js';
import { listUsageRecords } from './list-usage-records.js';
import { revokeGrant } from './revoke-grant.js';

const HOOK_TIMEOUT = 120_000;

const HOLDER: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID };
const OTHER_HOLDER: HolderPrincipal = { kind: 'holder', holderCodeType: '111', holderCode: OTHER_CITIZEN_ID };
const ANOTHER_TYPE = '11100000000013338W099';

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; field?: string };
    return { code: e.code, ...(e.field === undefined ? {} : { field: e.field }) };
  }
  throw new Error('expected a refusal');
}

describe.each(TEST_DATABASES)('grants, consent receipts, fetch and usage records on $dialect', ({ create }) => {
  let node: LicenceNode;
  let clock = new Date('2026-11-29T04:00:00Z');
  let rp: Principal;
  let otherRp: Principal;
  let department: Principal;
  let rpClient: TestClient;
  let otherRpClient: TestClient;
  const licences: Licence[] = [];
  let othersLicence: Licence;

  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock });
    await createTestMatter(node.ctx);
    rpClient = node.reader;
    otherRpClient = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['licence:read'],
      name: '另一用证方',
    });
    rp = {
      kind: 'client',
      clientId: rpClient.clientId,
      organisationCode: RELYING_PARTY_CODE,
      scopes: ['licence:read'],
      licenceTypes: [TYPE_CODE],
    };
    otherRp = { ...rp, clientId: otherRpClient.clientId } as Principal;
    department = { ...rp, clientId: node.issuer.clientId } as Principal;
    for (const [n, code] of [
      [1, CITIZEN_ID],
      [2, CITIZEN_ID],
      [3, CITIZEN_ID],
      [4, OTHER_CITIZEN_ID],
    ] as const) {
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/licences',
        headers: { authorization: node.issuer.authorization },
        payload: sampleInput({
          certificateNumber: `G-${n}`,
          certificateHolderCode: code,
          face: { holderName: '张三', idNumber: code, operationCategory: '建筑电工' },
        }) as never,
      });
      expect(response.statusCode).toBe(201);
      if (code === CITIZEN_ID) licences.push(response.json().licence as Licence);
      else othersLicence = response.json().licence as Licence;
    }
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node?.close();
  }, HOOK_TIMEOUT);

  const grantInput = (overrides: Record<string, unknown> = {}) => ({
    clientId: rpClient.clientId,
    typeCodes: [TYPE_CODE],
    matterCode: '11220000013544541J-0001',
    purpose: '办理建筑施工企业资质申请',
    validUntil: '2026-12-29T04:00:00Z',
    ...overrides,
  });

  async function count(table: 'grants' | 'usage_records' | 'audit_records'): Promise<number> {
    const row = await node.t.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('creates a grant whose signed consent receipt verifies offline against the node trust list', async () => {
    const grant = await createGrant(node.ctx, HOLDER, grantInput());
    expect(grant).toMatchObject({
      status: 'active',
      matterCode: '11220000013544541J-0001',
      licences: { typeCodes: [TYPE_CODE] },
    });
    const text = await getConsentReceipt(node.ctx, HOLDER, grant.id);
    // The holder appears masked and as a keyed reference, never in clear.
    expect(text).not.toContain(CITIZEN_ID);
    const receipt = JSON.parse(text);
    expect(receipt.holder.maskedCode).toBe('110105********002X');
    const list = await buildNodeTrustList(node.ctx);
    const anchor = await ensureNodeKey(node.ctx, 'trust-list');
    const prepared = await verifyTrustList(list, [{ nodeId: node.ctx.nodeId, key: anchor.publicKey }], { at: clock });
    const verdict = await verifyConsentReceipt(receipt, prepared, { now: clock });
    expect(verdict.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['signature', true],
      ['key-trusted', true],
      ['validity', true],
    ]);
    expect(verdict.receipt?.grantId).toBe(grant.id);
    // The key that signed it is the one the trust list publishes as the node's showing key.
    const showing = await ensureNodeKey(node.ctx, 'showing');
    expect(verdict.receipt?.keyId).toBe(showing.publicKey.keyId);

    // Recorded: audit and a log leaf that carries no personal data in clear.
    const leaves = await node.t.store.db.selectFrom('log_entries').select('entry').execute();
    const leaf = leaves.find((l) => targetOfEntry(unpackJson(l.entry)) === grant.id);
    if (leaf === undefined) throw new Error(`no log leaf for ${grant.id}`);
    expect(eventOfEntry(unpackJson(leaf.entry))).toBe('grant.created');
    const entry = unpackJsonText(leaf.entry);
    expect(entry).not.toContain(CITIZEN_ID);
    expect(entry).not.toContain(receipt.holder.reference);
  });

  it('refuses bad grants, naming the field, and writes nothing', async () => {
    const before = [await count('grants'), await count('audit_records')];
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ typeCodes: [] }, 'ERR_GRANTS_INPUT', 'typeCodes'],
      [{ typeCodes: ['not-a-type'] }, 'ERR_GRANTS_INPUT', 'typeCodes/0'],
      [{ validUntil: '2026-11-28T00:00:00Z' }, 'ERR_GRANTS_INPUT', 'validUntil'],
      [{ validUntil: '2028-11-28T00:00:00Z' }, 'ERR_GRANTS_INPUT', 'validUntil'],
      [{ validUntil: 'tomorrow' }, 'ERR_GRANTS_INPUT', 'validUntil'],
      [{ matterCode: '婚姻登记' }, 'ERR_GRANTS_INPUT', 'matterCode'],
      [{ matterCode: '11220000013544541J-9999' }, 'ERR_GRANTS_MATTER_UNKNOWN', 'matterCode'],
      [{ purpose: ' ' }, 'ERR_GRANTS_INPUT', 'purpose'],
      [{ purpose: 'x'.repeat(201) }, 'ERR_GRANTS_INPUT', 'purpose'],
      [{ clientId: node.issuer.clientId }, 'ERR_GRANTS_RELYING_PARTY_INVALID', 'clientId'],
      [{ clientId: 'no-such-client' }, 'ERR_GRANTS_RELYING_PARTY_INVALID', 'clientId'],
      [{ typeCodes: [ANOTHER_TYPE] }, 'ERR_CATALOGUE_TYPE_NOT_FOUND', 'typeCodes/0'],
      [
        { typeCodes: [], identifiers: [othersLicence.metadata.certificateIdentifier] },
        'ERR_GRANTS_LICENCE_NOT_FOUND',
        'identifiers/0',
      ],
    ];
    for (const [overrides, code, field] of cases) {
      expect(await codeOf(createGrant(node.ctx, HOLDER, grantInput(overrides))), JSON.stringify(overrides)).toEqual({
        code,
        field,
      });
    }
    // The Chinese problem is Chinese throughout: the reason read "validUntil:must be in the future。".
    for (const [overrides, code] of cases.filter(([, c]) => c === 'ERR_GRANTS_INPUT')) {
      const refusal = await createGrant(node.ctx, HOLDER, grantInput(overrides)).then(
        () => undefined,
        (error: unknown) => error as { code: string; localize: (language: 'zh-CN' | 'en') => string },
      );
      expect(refusal?.code).toBe(code);
      expect(refusal?.localize('zh-CN'), JSON.stringify(overrides)).not.toMatch(/\b[a-z]{2,} [a-z]{2,}\b/i);
      expect(refusal?.localize('en'), JSON.stringify(overrides)).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await codeOf(createGrant(node.ctx, rp, grantInput()))).toEqual({ code: 'ERR_AUTH_FORBIDDEN' });
    expect([await count('grants'), await count('audit_records')]).toEqual(before);
  });

  it('answers a retry with the same Idempotency-Key with the first grant, and refuses the key for another body', async () => {
    const first = await createGrant(node.ctx, HOLDER, grantInput({ purpose: '幂等' }), { idempotencyKey: 'k-1' });
    const again = await createGrant(node.ctx, HOLDER, grantInput({ purpose: '幂等' }), { idempotencyKey: 'k-1' });
    expect(again.id).toBe(first.id);
    expect(
      await codeOf(createGrant(node.ctx, HOLDER, grantInput({ purpose: '另一' }), { idempotencyKey: 'k-1' })),
    ).toEqual({
      code: 'ERR_GRANTS_IDEMPOTENCY_CONFLICT',
      field: 'Idempotency-Key',
    });
    // Keys are per holder: another holder may use the same key.
    const others = await createGrant(node.ctx, OTHER_HOLDER, grantInput({ purpose: '幂等' }), {
      idempotencyKey: 'k-1',
    });
    expect(others.id).not.toBe(first.id);
  });

  it('lists only the holder’s own grants, newest first, by keyset pages', async () => {
    const all = await listGrants(node.ctx, HOLDER, { limit: '100' });
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const first = await listGrants(node.ctx, HOLDER, { limit: '1' });
    expect(first.items).toHaveLength(1);
    const second = await listGrants(node.ctx, HOLDER, { limit: '1', cursor: first.nextCursor });
    expect(second.items[0]?.id).toBe(all.items[1]?.id);
    const others = await listGrants(node.ctx, OTHER_HOLDER, { limit: '100' });
    expect(others.items.map((g) => g.id)).not.toContain(all.items[0]?.id);
    expect(await codeOf(listGrants(node.ctx, HOLDER, { cursor: 'garbage' }))).toEqual({
      code: 'ERR_GRANTS_CURSOR',
      field: 'cursor',
    });
    // Another holder's grant answers as a missing one.
    expect(await codeOf(getConsentReceipt(node.ctx, OTHER_HOLDER, all.items[0]?.id))).toMatchObject({
      code: 'ERR_GRANTS_NOT_FOUND',
    });
  });

  it('fetches what a grant covers, masked below the client’s clearance, and records each use', async () => {
    const grant = await createGrant(node.ctx, HOLDER, grantInput());
    const usageBefore = await count('usage_records');
    const result = await fetchLicences(node.ctx, rp, { grantId: grant.id, useCause: '资质审查' });
    expect(result.via).toBe('grant');
    expect(result.clearance).toBe(1);
    expect(result.licences.map((l) => l.identifier).sort()).toEqual(
      licences.map((l) => l.metadata.certificateIdentifier).sort(),
    );
    const first = result.licences[0];
    // Sample type: holderName grade 2, idNumber grade 3, operationCategory grade 1.
    expect(first?.face).toEqual({ holderName: '张*', idNumber: '110105********002X', operationCategory: '建筑电工' });
    expect(first?.holder).toEqual({ codeType: '111', name: '张*', code: '110105********002X' });
    expect(first?.masked).toEqual(expect.arrayContaining(['holderName', 'idNumber', 'certificateHolderCode']));
    expect(await count('usage_records')).toBe(usageBefore + licences.length);

    await setClearance(node.ctx, rpClient.clientId, 3, { actor: 'staff:test' });
    const cleared = await fetchLicences(node.ctx, rp, {
      grantId: grant.id,
      useCause: '资质审查',
      typeCodes: [TYPE_CODE],
    });
    expect(cleared.licences[0]?.face).toEqual({
      holderName: '张三',
      idNumber: CITIZEN_ID,
      operationCategory: '建筑电工',
    });
    expect(cleared.licences[0]?.masked).toEqual([]);
    await setClearance(node.ctx, rpClient.clientId, 1, { actor: 'staff:test' });

    const timeline = await listUsageRecords(node.ctx, HOLDER, { limit: '100' });
    expect(timeline.items.find((r) => r.useCause === '资质审查')).toMatchObject({
      via: 'grant',
      grantId: grant.id,
      useCause: '资质审查',
      relyingParty: { clientId: rpClient.clientId, organisationCode: RELYING_PARTY_CODE },
    });
    expect((await listUsageRecords(node.ctx, OTHER_HOLDER, {})).items).toEqual([]);
    const paged = await listUsageRecords(node.ctx, HOLDER, { limit: '2' });
    const next = await listUsageRecords(node.ctx, HOLDER, { limit: '2', cursor: paged.nextCursor });
    expect(next.items[0]?.id).toBe(timeline.items[2]?.id);

    // Every use is a logged event, with no personal data in clear.
    const leaves = (await node.t.store.db.selectFrom('log_entries').select('entry').execute()).filter(
      (l) => eventOfEntry(unpackJson(l.entry)) === 'licence.used',
    );
    expect(leaves.length).toBeGreaterThanOrEqual(licences.length * 2);
    for (const leaf of leaves) expect(unpackJsonText(leaf.entry)).not.toContain(CITIZEN_ID);
  });

  it('refuses precisely: wrong client, type or licence not covered, not a relying party, no use cause', async () => {
    const grant = await createGrant(
      node.ctx,
      HOLDER,
      grantInput({ typeCodes: [], identifiers: [licences[0]?.metadata.certificateIdentifier] }),
    );
    const before = await count('usage_records');
    const cases: Array<[Principal, Record<string, unknown>, string]> = [
      [otherRp, { grantId: grant.id, useCause: '审查' }, 'ERR_GRANTS_WRONG_CLIENT'],
      [department, { grantId: grant.id, useCause: '审查' }, 'ERR_GRANTS_NOT_RELYING_PARTY'],
      [rp, { grantId: grant.id, useCause: '审查', typeCodes: [TYPE_CODE] }, 'ERR_GRANTS_TYPE_NOT_COVERED'],
      [
        rp,
        { grantId: grant.id, useCause: '审查', identifiers: [licences[1]?.metadata.certificateIdentifier] },
        'ERR_GRANTS_LICENCE_NOT_COVERED',
      ],
      [rp, { grantId: grant.id }, 'ERR_AUDIT_USE_CAUSE_REQUIRED'],
      [rp, { grantId: 'no-such-grant', useCause: '审查' }, 'ERR_GRANTS_NOT_FOUND'],
      [rp, { useCause: '审查' }, 'ERR_GRANTS_INPUT'],
      [rp, { grantId: grant.id, code: 'HT1:x', useCause: '审查' }, 'ERR_GRANTS_INPUT'],
    ];
    for (const [principal, input, code] of cases) {
      expect((await codeOf(fetchLicences(node.ctx, principal, input))).code, JSON.stringify(input)).toBe(code);
    }
    expect(await count('usage_records')).toBe(before);
    // The licence it does cover is delivered.
    const ok = await fetchLicences(node.ctx, rp, { grantId: grant.id, useCause: '审查' });
    expect(ok.licences.map((l) => l.identifier)).toEqual([licences[0]?.metadata.certificateIdentifier]);
  });

  it('withholds a revoked licence from a type grant, and refuses it by identifier', async () => {
    const revokedLicence = licences[2] as Licence;
    const response = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${revokedLicence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' } as never,
    });
    expect(response.statusCode).toBe(200);
    const grant = await createGrant(node.ctx, HOLDER, grantInput());
    const result = await fetchLicences(node.ctx, rp, { grantId: grant.id, useCause: '审查' });
    expect(result.withheld).toEqual([
      { identifier: revokedLicence.metadata.certificateIdentifier, typeCode: TYPE_CODE, status: 'revoked' },
    ]);
    expect(result.licences.map((l) => l.identifier)).not.toContain(revokedLicence.metadata.certificateIdentifier);
    expect(
      await codeOf(
        fetchLicences(node.ctx, rp, {
          grantId: grant.id,
          useCause: '审查',
          identifiers: [revokedLicence.metadata.certificateIdentifier],
        }),
      ),
    ).toEqual({ code: 'ERR_GRANTS_LICENCE_NOT_VALID', field: 'identifiers/0' });
  });

  /** The keys a show code discloses, read back with core's decoder. */
  async function fieldsOf(text: string): Promise<string[]> {
    return decodeShowCode(text).fields.map((f) => f.key);
  }

  it('fetches exactly the licence and fields a show code discloses, and refuses a bad or revoked one', async () => {
    const { signingKey } = await ensureNodeKey(node.ctx, 'showing');
    const licence = licences[0] as Licence;
    const made = await createShowCode({ licence, type: sampleType(), status: 'valid', purpose: 'entry' }, signingKey, {
      now: clock,
    });
    const result = await fetchLicences(node.ctx, rp, { code: made.text, useCause: '现场办理' });
    expect(result.via).toBe('show-code');
    expect(result.licences).toHaveLength(1);
    const shown = (await fieldsOf(made.text)).sort();
    expect(shown.length).toBeGreaterThan(0);
    const delivered = result.licences[0];
    expect(
      [
        ...Object.keys(delivered?.face ?? {}),
        ...(delivered?.holder?.name === undefined ? [] : ['certificateHolderName']),
        ...(delivered?.holder?.code === undefined ? [] : ['certificateHolderCode']),
      ].sort(),
    ).toEqual(shown);
    const timeline = await listUsageRecords(node.ctx, HOLDER, { limit: '100' });
    const record = timeline.items.find((r) => r.via === 'show-code');
    expect(record).toMatchObject({ useCause: '现场办理', identifier: licence.metadata.certificateIdentifier });
    expect(record?.grantId).toBeUndefined();
    // A show code authorises the fields it discloses: no annotated copy (it prints the whole face).
    expect(
      await codeOf(
        annotatedCopy(node.ctx, rp, delivered?.usageRecordId, { publicUrl: 'https://licences.example.gov.cn' }),
      ),
    ).toEqual({ code: 'ERR_GRANTS_COPY_NEEDS_GRANT', field: 'usageRecordId' });

    expect(await codeOf(fetchLicences(node.ctx, rp, { code: 'HT1:garbage', useCause: '现场办理' }))).toMatchObject({
      code: 'ERR_GRANTS_SHOW_CODE_REFUSED',
    });
    const revoked = await createShowCode(
      { licence: licences[2] as Licence, type: sampleType(), status: 'valid', purpose: 'entry' },
      signingKey,
      { now: clock },
    );
    expect(await codeOf(fetchLicences(node.ctx, rp, { code: revoked.text, useCause: '现场办理' }))).toEqual({
      code: 'ERR_GRANTS_LICENCE_NOT_VALID',
      field: 'code',
    });
    expect(
      await codeOf(fetchLicences(node.ctx, rp, { code: made.text, useCause: '现场办理', identifiers: ['x'] })),
    ).toMatchObject({ code: 'ERR_GRANTS_INPUT' });
  });

  it('revokes with immediate effect, idempotently, and refuses an expired grant', async () => {
    const grant = await createGrant(node.ctx, HOLDER, grantInput({ validUntil: '2026-11-29T05:00:00Z' }));
    const other = await createGrant(node.ctx, HOLDER, grantInput({ validUntil: '2026-11-29T05:00:00Z' }));
    expect(await codeOf(revokeGrant(node.ctx, OTHER_HOLDER, grant.id))).toMatchObject({ code: 'ERR_GRANTS_NOT_FOUND' });
    const revoked = await revokeGrant(node.ctx, HOLDER, grant.id);
    expect(revoked.status).toBe('revoked');
    const audits = await count('audit_records');
    const again = await revokeGrant(node.ctx, HOLDER, grant.id);
    expect(again).toEqual(revoked);
    expect(await count('audit_records')).toBe(audits);
    expect(await codeOf(fetchLicences(node.ctx, rp, { grantId: grant.id, useCause: '审查' }))).toEqual({
      code: 'ERR_GRANTS_REVOKED',
      field: 'grantId',
    });
    clock = new Date('2026-11-29T05:00:00Z');
    expect(await codeOf(fetchLicences(node.ctx, rp, { grantId: other.id, useCause: '审查' }))).toEqual({
      code: 'ERR_GRANTS_EXPIRED',
      field: 'grantId',
    });
    expect((await listGrants(node.ctx, HOLDER, { limit: '100' })).items.find((g) => g.id === other.id)?.status).toBe(
      'expired',
    );
    clock = new Date('2026-11-29T04:00:00Z');
  });

  it('notifies a relying party of changes to licences a live grant covers, beyond its registered types', async () => {
    const subscriber = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['licence:read'],
      licenceTypes: [],
      name: '只凭授权的用证方',
    });
    const subscription = await createSubscription(
      node.t.store.db,
      node.ctx.secrets,
      { clientId: subscriber.clientId, licenceTypes: [] },
      { url: 'https://rp.example/hooks/hutong' },
      clock,
    );
    expect(subscription.typeCodes).toEqual([]);
    let serial = 100;
    async function issueFor(holderCode: string): Promise<void> {
      serial += 1;
      const response = await node.app.inject({
        method: 'POST',
        url: '/api/v1/licences',
        headers: { authorization: node.issuer.authorization },
        payload: sampleInput({
          certificateNumber: `N-${serial}`,
          certificateHolderCode: holderCode,
          face: { holderName: '张三', idNumber: holderCode, operationCategory: '建筑电工' },
        }) as never,
      });
      expect(response.statusCode).toBe(201);
    }
    const messages = async () =>
      Number(
        (
          await node.t.store.db
            .selectFrom('outbox_messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('subscription_id', '=', subscription.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    await issueFor(CITIZEN_ID);
    expect(await messages()).toBe(0);
    const grant = await createGrant(node.ctx, HOLDER, grantInput({ clientId: subscriber.clientId }));
    await issueFor(CITIZEN_ID);
    expect(await messages()).toBe(1);
    // Another holder's licence of the same type is not covered.
    await issueFor(OTHER_CITIZEN_ID);
    expect(await messages()).toBe(1);
    await revokeGrant(node.ctx, HOLDER, grant.id);
    await issueFor(CITIZEN_ID);
    expect(await messages()).toBe(1);
  });
});
