import { randomBytes } from 'node:crypto';
import { generateSigningKey, HutongError, type Licence, type SigningKey } from '@hutong/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppContext, createAppContext } from '../app-context.js';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import type { Principal } from '../auth/principal.js';
import { isServerError } from '../errors.js';
import { issuePreparedLicences } from '../issuance/issue-prepared-licences.js';
import { prepareLicence } from '../issuance/prepare-licence.js';
import { requestHash } from '../issuance/request-hash.js';
import { createSecrets } from '../secrets/index.js';
import { findLicences } from './find-licences.js';
import { getLicence, getLicenceHistory } from './get-licence.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from './test-support/library-store.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  OTHER_CITIZEN_ID,
  OTHER_ISSUER_CODE,
  sampleInput,
  sampleIssuer,
  sampleType,
  TYPE_CODE,
} from './test-support/licence-fixtures.js';
import { writeContextFor } from './write-context-for.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

const PUBLIC_URL = 'https://licences.example.gov.cn';
const OTHER_TYPE = '11100000000013338W011';

const relyingParty = (licenceTypes: readonly string[] | '*' = [TYPE_CODE]): Principal => ({
  kind: 'client',
  clientId: 'rp-1',
  organisationCode: '91350100M000100Y43',
  scopes: ['licence:read'],
  licenceTypes,
});
const issuerClient: Principal = {
  kind: 'client',
  clientId: 'dept-1',
  organisationCode: ISSUER_CODE,
  scopes: ['licence:issue', 'licence:status'],
  licenceTypes: [TYPE_CODE],
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError || isServerError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

describe.each(TEST_DATABASES)('library reads on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let ctx: AppContext;
  let key: SigningKey;
  let issued: Licence[];

  beforeAll(async () => {
    key = await generateSigningKey('ed25519');
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
    ctx = createAppContext({
      store: t.store,
      nodeId: 'test-node',
      secrets: createSecrets(randomBytes(32)),
      now: () => new Date('2026-11-29T04:00:00Z'),
    });
    const wctx = writeContextFor(ctx, issuerClient, { publicUrl: PUBLIC_URL });
    const inputs = [
      { issuer: ISSUER_CODE, input: sampleInput({ certificateNumber: 'A-1' }) },
      { issuer: ISSUER_CODE, input: sampleInput({ certificateNumber: 'A-2' }) },
      { issuer: OTHER_ISSUER_CODE, input: sampleInput({ certificateNumber: 'B-1' }) },
      {
        issuer: ISSUER_CODE,
        input: sampleInput({
          certificateNumber: 'C-1',
          certificateHolderCode: OTHER_CITIZEN_ID,
          face: { holderName: '李四', idNumber: OTHER_CITIZEN_ID, operationCategory: '建筑电工' },
        }),
      },
    ];
    const outcomes = await issuePreparedLicences(
      wctx,
      inputs.map(({ issuer, input }) => ({
        prepared: prepareLicence(input, sampleType(), sampleIssuer(issuer), { now: ctx.now() }),
        key,
        requestHash: requestHash(input),
      })),
    );
    issued = outcomes.map((o) => {
      if (o.status !== 'issued') throw new Error('setup failed');
      return o.licence;
    });
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  async function accessRecords() {
    return auditInClear(
      await t.store.db
        .selectFrom('audit_records')
        .selectAll()
        .where('action', 'in', ['licence.read', 'licence.query', 'licence.history'])
        .execute(),
    );
  }

  it('reads a licence with its status, encumbrances and versions, and records the use cause', async () => {
    const id = issued[0]?.metadata.certificateIdentifier ?? '';
    const view = await getLicence(ctx, relyingParty(), id, { useCause: '办理建筑施工许可', requestId: 'r-1' });
    expect(view.licence).toEqual(issued[0]);
    expect(view.status).toMatchObject({
      status: 'valid',
      expiringDate: '20280108',
      statusList: { listId: 1, value: 0 },
    });
    expect(view.encumbrances).toEqual([]);
    expect(view.versions.map((v) => [v.identifier, v.version, v.status])).toEqual([[id, '001', 'valid']]);
    const records = await accessRecords();
    expect(records.map((r) => [r.actor, r.action, r.target, r.use_cause])).toEqual([
      ['client:rp-1', 'licence.read', id, '办理建筑施工许可'],
    ]);
  });

  it('refuses reads without a use cause, outside the client’s types, of unknown or malformed identifiers', async () => {
    const id = issued[0]?.metadata.certificateIdentifier ?? '';
    expect(await codeOf(getLicence(ctx, relyingParty(), id, {}))).toBe('ERR_AUDIT_USE_CAUSE_REQUIRED');
    expect(await codeOf(getLicence(ctx, relyingParty(), id, { useCause: 'x'.repeat(201) }))).toBe(
      'ERR_AUDIT_USE_CAUSE_TOO_LONG',
    );
    expect(await codeOf(getLicence(ctx, relyingParty([OTHER_TYPE]), id, { useCause: '核验' }))).toBe(
      'ERR_LIBRARY_TYPE_FORBIDDEN',
    );
    expect(await codeOf(getLicence(ctx, { kind: 'anonymous' }, id, { useCause: '核验' }))).toBe(
      'ERR_LIBRARY_TYPE_FORBIDDEN',
    );
    const absent = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
    expect(await codeOf(getLicence(ctx, relyingParty(), absent, { useCause: '核验' }))).toBe('ERR_LIBRARY_NOT_FOUND');
    expect(await codeOf(getLicence(ctx, relyingParty(), `${id.slice(0, -1)}#`, { useCause: '核验' }))).toBe(
      'ERR_LICENCE_ID_CHECK',
    );
    expect(await codeOf(getLicence(ctx, relyingParty(), '1.2.156.3003.2.x', { useCause: '核验' }))).toBe(
      'ERR_LICENCE_ID_ROOT',
    );
    expect(await accessRecords()).toEqual([]);
  });

  it('lets an issuer read its own licences whatever its registered types', async () => {
    const id = issued[0]?.metadata.certificateIdentifier ?? '';
    const view = await getLicence(ctx, { ...issuerClient, licenceTypes: [] }, id, { useCause: '核对' });
    expect(view.licence.metadata.certificateIdentifier).toBe(id);
    const other = issued[2]?.metadata.certificateIdentifier ?? '';
    expect(await codeOf(getLicence(ctx, { ...issuerClient, licenceTypes: [] }, other, { useCause: '核对' }))).toBe(
      'ERR_LIBRARY_TYPE_FORBIDDEN',
    );
  });

  it('finds by holder (keyed hash, never the code in clear), by type, by issuer, a page at a time', async () => {
    const byHolder = await findLicences(
      ctx,
      relyingParty(),
      { holderCode: CITIZEN_ID, holderCodeType: '111' },
      { useCause: '查询' },
    );
    expect(byHolder.items.map((i) => i.licence.metadata.certificateNumber).sort()).toEqual(['A-1', 'A-2', 'B-1']);
    expect(byHolder.nextCursor).toBeUndefined();

    const first = await findLicences(ctx, relyingParty(), { typeCode: TYPE_CODE, limit: 3 }, { useCause: '查询' });
    expect(first.items).toHaveLength(3);
    const second = await findLicences(
      ctx,
      relyingParty(),
      { typeCode: TYPE_CODE, limit: 3, cursor: first.nextCursor },
      { useCause: '查询' },
    );
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    const all = [...first.items, ...second.items].map((i) => i.licence.metadata.certificateIdentifier);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(4);

    const byIssuer = await findLicences(ctx, relyingParty(), { issuerCode: OTHER_ISSUER_CODE }, { useCause: '查询' });
    expect(byIssuer.items.map((i) => i.licence.metadata.certificateNumber)).toEqual(['B-1']);

    const holderRows = await t.store.db.selectFrom('licences').select('holder_index').execute();
    expect(JSON.stringify(holderRows)).not.toContain(CITIZEN_ID);
    const records = await accessRecords();
    expect(records).toHaveLength(4);
    expect(JSON.stringify(records)).not.toContain(CITIZEN_ID);
  });

  it("finds an issuer's licences across its types, page by page, scanning only the types a caller reaches", async () => {
    // Two licences of a second type (W011 sorts before W032): an issuer's licences are one
    // range of identifiers per type since migration 0024 dropped the issuer index.
    const wctx = writeContextFor(ctx, { ...issuerClient, licenceTypes: '*' }, { publicUrl: PUBLIC_URL });
    const inputs = ['D-1', 'D-2'].map((n) => sampleInput({ certificateTypeCode: OTHER_TYPE, certificateNumber: n }));
    const outcomes = await issuePreparedLicences(
      wctx,
      inputs.map((input) => ({
        prepared: prepareLicence(input, sampleType({ certificateTypeCode: OTHER_TYPE }), sampleIssuer(ISSUER_CODE), {
          now: ctx.now(),
        }),
        key,
        requestHash: requestHash(input),
      })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['issued', 'issued']);

    const numbers: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const found = await findLicences(
        ctx,
        relyingParty('*'),
        { issuerCode: ISSUER_CODE, limit: 2, ...(cursor === undefined ? {} : { cursor }) },
        { useCause: '查询' },
      );
      numbers.push(...found.items.map((i) => i.licence.metadata.certificateNumber));
      cursor = found.nextCursor;
      if (cursor === undefined) break;
    }
    // Identifier order: the W011 licences first, then the issuer's three of W032; B-1 is another issuer's.
    expect(numbers.slice(0, 2).sort()).toEqual(['D-1', 'D-2']);
    expect(numbers.slice(2).sort()).toEqual(['A-1', 'A-2', 'C-1']);
    const reached = await findLicences(
      ctx,
      relyingParty([TYPE_CODE]),
      { issuerCode: ISSUER_CODE },
      { useCause: '查询' },
    );
    expect(reached.items.map((i) => i.licence.metadata.certificateNumber).sort()).toEqual(['A-1', 'A-2', 'C-1']);
    const ofType = await findLicences(
      ctx,
      relyingParty('*'),
      { typeCode: OTHER_TYPE, issuerCode: ISSUER_CODE },
      { useCause: '查询' },
    );
    expect(ofType.items.map((i) => i.licence.metadata.certificateNumber).sort()).toEqual(['D-1', 'D-2']);
    const noneOfOther = await findLicences(
      ctx,
      relyingParty('*'),
      { typeCode: OTHER_TYPE, issuerCode: OTHER_ISSUER_CODE },
      { useCause: '查询' },
    );
    expect(noneOfOther.items).toEqual([]);
  });

  it('limits a relying party to its types and an issuer to its own licences', async () => {
    const none = await findLicences(
      ctx,
      relyingParty([OTHER_TYPE]),
      { holderCode: CITIZEN_ID, holderCodeType: '111' },
      { useCause: '查询' },
    );
    expect(none.items).toEqual([]);
    const own = await findLicences(
      ctx,
      { ...issuerClient, scopes: ['licence:issue'] },
      { holderCode: CITIZEN_ID, holderCodeType: '111' },
      { useCause: '查询' },
    );
    expect(own.items.map((i) => i.licence.metadata.certificateIssuingAuthorityCode)).toEqual([
      ISSUER_CODE,
      ISSUER_CODE,
    ]);
    expect(
      await codeOf(findLicences(ctx, relyingParty([OTHER_TYPE]), { typeCode: TYPE_CODE }, { useCause: '查询' })),
    ).toBe('ERR_LIBRARY_TYPE_FORBIDDEN');
  });

  it('refuses bad queries precisely', async () => {
    const rp = relyingParty();
    const refuse = (query: Parameters<typeof findLicences>[2]) =>
      codeOf(findLicences(ctx, rp, query, { useCause: '查询' }));
    expect(await refuse({})).toBe('ERR_LIBRARY_QUERY_FILTER');
    expect(await refuse({ holderCode: '110105194912310021', holderCodeType: '111' })).toBe('ERR_CITIZEN_ID_CHECK');
    expect(await refuse({ holderCode: CITIZEN_ID, holderCodeType: '777' })).toBe('ERR_HOLDER_CODE_TYPE_UNKNOWN');
    expect(await refuse({ typeCode: 'nope' })).toBe('ERR_TYPE_CODE_LENGTH');
    expect(await refuse({ typeCode: TYPE_CODE, cursor: 'not-a-cursor' })).toBe('ERR_LIBRARY_CURSOR_INVALID');
  });

  it('finds by holder across a master-key rotation', async () => {
    const rotated = createAppContext({
      store: t.store,
      nodeId: 'test-node',
      secrets: { ...createSecrets(randomBytes(32)), previous: [ctx.secrets] },
      now: ctx.now,
    });
    const page = await findLicences(
      rotated,
      relyingParty(),
      { holderCode: OTHER_CITIZEN_ID, holderCodeType: '111' },
      { useCause: '查询' },
    );
    expect(page.items.map((i) => i.licence.metadata.certificateNumber)).toEqual(['C-1']);
  });

  it('gives the status history of every version', async () => {
    const id = issued[0]?.metadata.certificateIdentifier ?? '';
    const history = await getLicenceHistory(ctx, relyingParty(), id, { useCause: '核查' });
    expect(history.versions.map((v) => v.version)).toEqual(['001']);
    expect(history.events.map((e) => [e.identifier, e.type, e.from, e.to])).toEqual([[id, 'issue', 'none', 'valid']]);
  });
});
