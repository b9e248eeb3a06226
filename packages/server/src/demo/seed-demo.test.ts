import {
  createShowCode,
  FACE_FIELD_FORMATS,
  type Licence,
  parseAreaCode,
  parseCitizenId,
  parseLicence,
  parseUscc,
  trustListResolver,
  validateHolderCode,
  verifyLicence,
} from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { totpCode } from '../auth/totp.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { verifiableTypes } from '../catalogue/list-published-types.js';
import { clearanceOf } from '../grants/clearance.js';
import { trustedIssuers } from '../keys/trusted-issuers.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import { readLicenceView } from '../library/read-licence-view.js';
import { openTestContext, type TestContext } from '../organisations/test-support/test-context.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { ensureNodeKey } from '../trust/node-keys.js';
import { DEMO_TYPES } from './demo-catalogue.js';
import { demoLicencePlan } from './demo-licences.js';
import { formatDemoAccounts } from './format-demo-accounts.js';
import { type DemoSummary, seedDemo } from './seed-demo.js';

/** Every table the seed writes to (directly or through the use cases' side records). */
const TABLES = [
  'staff_users',
  'organisations',
  'issuer_keys',
  'licence_types',
  'licence_type_versions',
  'catalogue_responsibilities',
  'catalogue_scenarios',
  'matters',
  'matter_versions',
  'api_clients',
  'licences',
  'licence_status_events',
  'licence_encumbrances',
  'audit_records',
  'log_entries',
  'outbox_messages',
] as const;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32Decode(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    buffer = ((buffer << 5) | BASE32.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(TEST_DATABASES)('seedDemo on $dialect', ({ create }) => {
  let t: TestContext;
  let app: FastifyInstance;
  let first: DemoSummary;
  let countsAfterFirst: Record<string, number>;
  /** How often one whole seed reads the clock: the crash tests stop it part-way through. */
  let clockReads = 0;

  async function tableCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await t.ctx.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  async function storedLicences(): Promise<Array<{ licence: Licence; sourceKey: string | null; status: string }>> {
    const rows = await t.ctx.store.db
      .selectFrom('licences')
      .select(['packed_document', 'source_key', 'status'])
      .execute();
    return rows.map((row) => ({
      licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document))),
      sourceKey: row.source_key,
      status: row.status,
    }));
  }

  beforeAll(async () => {
    t = await openTestContext(create);
    // The app registers the side-record sinks (transparency log, outbox) as a node does before seeding.
    app = await buildApp({ store: t.ctx.store, nodeId: t.ctx.nodeId, context: t.ctx, log: { integrate: false } });
    first = await seedDemo(t.ctx, {
      now: () => {
        clockReads++;
        return t.clock.now();
      },
    });
    countsAfterFirst = await tableCounts();
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('seeds a few hundred licences, with the expected count in every state', async () => {
    const plan = demoLicencePlan(first.anchorDate);
    expect(first.anchorDate).toBe('20260301');
    expect(first.added.licences).toBe(plan.issuances.length);
    expect(first.added.events).toBe(plan.events.length);
    expect(first.added.expiries).toBe(1);
    const total = plan.issuances.length + 2; // two changes add a version each
    expect(first.licencesByStatus).toEqual({
      valid: total - 8,
      suspended: 1,
      expired: 1,
      revoked: 1,
      cancelled: 1,
      abolished: 1,
      superseded: 2,
      'transferred-out': 1,
    });
    expect(first.licenceTypes).toBe(13);
    expect(first.departments).toBe(9);

    const stored = await storedLicences();
    expect(stored).toHaveLength(total);
    for (const { sourceKey, status } of stored) {
      if (sourceKey !== null) expect(status, sourceKey).toBe(plan.expectedStatus[sourceKey]);
    }
  });

  it('records the special cases: two versions, an extension, a live and a released mortgage, the expired one', async () => {
    const stored = await storedLicences();
    const bySource = (key: string) =>
      stored.find((s) => s.sourceKey === key)?.licence.metadata.certificateIdentifier ?? '';
    const db = t.ctx.store.db;

    for (const key of ['demo-businessLicence-000', 'demo-drivingLicence-001']) {
      const view = await readLicenceView(db, bySource(key));
      expect(
        view?.versions.map((v) => [v.version, v.status]),
        key,
      ).toEqual([
        ['001', 'superseded'],
        ['002', 'valid'],
      ]);
    }
    const extended = await readLicenceView(db, bySource('demo-foodPermit-000'));
    expect(extended?.status.status).toBe('valid');
    expect(extended?.status.expiringDate).not.toBe(extended?.licence.metadata.certificateExpiringDate);
    expect((extended?.status.expiringDate ?? '') > (extended?.licence.metadata.certificateExpiringDate ?? '')).toBe(
      true,
    );

    const mortgaged = await readLicenceView(db, bySource('demo-realEstateCertificate-000'));
    expect(mortgaged?.licence.metadata.certificateName).toBe('不动产权证书');
    expect(mortgaged?.status.status).toBe('valid');
    expect(mortgaged?.encumbrances).toHaveLength(1);
    expect(mortgaged?.encumbrances[0]).toMatchObject({
      kind: 'mortgage',
      creditor: '中国工商银行股份有限公司乌鲁木齐分行',
    });
    expect(mortgaged?.encumbrances[0]?.releasedAt).toBeUndefined();
    const released = await readLicenceView(db, bySource('demo-realEstateCertificate-001'));
    expect(released?.encumbrances[0]?.releasedAt).toBeDefined();

    const suspended = await readLicenceView(db, bySource('demo-drivingLicence-000'));
    expect(suspended?.status.status).toBe('suspended');
    const expired = stored.find((s) => s.sourceKey === 'demo-foodPermit-001')?.licence;
    expect((expired?.metadata.certificateExpiringDate ?? '99999999') < first.anchorDate).toBe(true);
    const expiredView = await readLicenceView(db, expired?.metadata.certificateIdentifier ?? '');
    expect(expiredView?.status.status).toBe('expired');
  });

  it('verifies every seeded licence with core verifyLicence against the node’s trusted issuers and catalogue', async () => {
    const keys = trustListResolver(await trustedIssuers(t.ctx));
    const typeCatalogue = await verifiableTypes(t.ctx);
    const stored = await storedLicences();
    const suites = new Set<string>();
    for (const { licence, sourceKey } of stored) {
      const verdict = await verifyLicence(licence, { keys, typeCatalogue, at: t.clock.now() });
      const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
      // The one issued past its expiring date fails exactly that check; every other check passes for all.
      expect(failed, `${sourceKey}: ${JSON.stringify(verdict.checks.filter((c) => !c.ok))}`).toEqual(
        sourceKey === 'demo-foodPermit-001' ? ['not-expired'] : [],
      );
      suites.add(licence.proof.suite);
    }
    expect([...suites].sort()).toEqual(['ed25519', 'sm2-sm3']);
  });

  it('holds no citizen ID or USCC that fails its check, anywhere in the seed', async () => {
    const now = t.clock.now();
    const typeFormats = new Map(
      (await verifiableTypes(t.ctx)).map((type) => [
        type.certificateTypeCode,
        new Map(type.faceFields.map((f) => [f.key, f.format])),
      ]),
    );
    expect(FACE_FIELD_FORMATS).toContain('citizen-id');
    let checked = 0;
    for (const { licence } of await storedLicences()) {
      const m = licence.metadata;
      expect(validateHolderCode(m.certificateHolderTypeCode, m.certificateHolderCode).warnings).toEqual([]);
      expect(parseUscc(m.certificateIssuingAuthorityCode)).toBe(m.certificateIssuingAuthorityCode);
      expect(parseAreaCode(m.certificateAreaCode).startsWith('65')).toBe(true);
      const formats = typeFormats.get(m.certificateTypeCode);
      for (const [key, value] of Object.entries(licence.face)) {
        const format = formats?.get(key);
        if (format === 'citizen-id') expect(parseCitizenId(value, { now })).toBe(value);
        if (format === 'uscc') expect(parseUscc(value)).toBe(value);
        if (format === 'citizen-id' || format === 'uscc') checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    const organisations = await t.ctx.store.db.selectFrom('organisations').select('code').execute();
    for (const { code } of organisations) expect(parseUscc(code)).toBe(code);
    const clients = await t.ctx.store.db.selectFrom('api_clients').select('organisation_code').execute();
    for (const { organisation_code } of clients) expect(parseUscc(organisation_code)).toBe(organisation_code);
  });

  it('keeps an intact audit chain and a log leaf for every licence written', async () => {
    expect(await verifyAuditChain(t.ctx.store.db)).toMatchObject({ ok: true });
    const counts = await tableCounts();
    expect(counts.log_entries).toBeGreaterThanOrEqual(counts.licences ?? 0);
  });

  it('gives the government service platform (relying party) clearance 3, and no other client any', async () => {
    const platform = first.clients.find((c) => c.key === 'relying-party:serviceCentre');
    expect(await clearanceOf(t.ctx, platform?.clientId ?? '')).toBe(3);
    const rows = await t.ctx.store.db.selectFrom('client_clearances').select('client_id').execute();
    expect(rows.map((r) => r.client_id)).toEqual([platform?.clientId]);
  });

  it('prints credentials that work: each client secret gets a token, each staff password + TOTP signs in', async () => {
    expect(first.staff.map((s) => s.username)).toEqual(['admin', 'operator', 'auditor', 'clerk']);
    expect(first.clients).toHaveLength(13);
    for (const client of first.clients) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: FORM,
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret ?? '',
        }).toString(),
      });
      expect(response.statusCode, client.name).toBe(200);
      expect(response.json().scope.split(' ').sort()).toEqual([...client.scopes].sort());
    }
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: FORM,
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: first.clients[0]?.clientId ?? '',
        client_secret: first.clients[1]?.clientSecret ?? '',
      }).toString(),
    });
    expect(wrong.statusCode).toBe(401);

    for (const account of first.staff) {
      const secret = new URL(account.otpauthUri).searchParams.get('secret') ?? '';
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: {
          username: account.username,
          password: account.password,
          totp: totpCode(base32Decode(secret), t.clock.now()),
        },
      });
      expect(response.statusCode, account.username).toBe(201);
      t.clock.advance(30_000); // a TOTP code is good once per step
    }

    const text = formatDemoAccounts(first, 'http://127.0.0.1:8080/');
    expect(text).toContain('http://127.0.0.1:8080/api/docs');
    for (const account of first.staff) {
      expect(text).toContain(account.password ?? '—');
      expect(text).toContain(account.otpauthUri);
    }
    for (const client of first.clients) {
      expect(text).toContain(client.clientId);
      expect(text).toContain(client.clientSecret ?? '—');
    }
    expect(text).toContain('工作人员账号 Staff accounts');
  });

  it('adds nothing on a second run days later and prints the same accounts', async () => {
    const before = await tableCounts();
    t.clock.advance(3 * 86_400_000);
    const second = await seedDemo(t.ctx);
    expect(await tableCounts()).toEqual(before);
    expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
    expect(second.anchorDate).toBe(first.anchorDate);
    expect(second.staff).toEqual(first.staff);
    expect(second.clients).toEqual(first.clients);
    expect(second.licencesByStatus).toEqual(first.licencesByStatus);
    expect(formatDemoAccounts(second, 'http://x/')).toContain('nothing was added');
  });

  it('seeds at least 20 service matters with a realistic no-submit / no-fill mix, and a kiosk runs one alone', async () => {
    const figures = (await app.inject({ url: '/api/v1/matters/figures' })).json();
    expect(figures.overall.matters).toBeGreaterThanOrEqual(20);
    // A mix: some matters fully electronic, most still needing paper or the holder's input.
    expect(figures.overall.noSubmit).toBeGreaterThan(0);
    expect(figures.overall.noSubmit).toBeLessThan(figures.overall.matters);
    expect(figures.overall.noFill).toBeGreaterThan(0);
    expect(figures.overall.noFill).toBeLessThan(figures.overall.matters);
    expect(figures.byHolderCategory.map((c: { holderCategory: string }) => c.holderCategory)).toEqual([
      'organisation',
      'person',
    ]);
    expect(figures.byDepartment.length).toBeGreaterThanOrEqual(8);

    const kiosk = first.clients.find((c) => c.key === 'kiosk:serviceCentre');
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: FORM,
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: kiosk?.clientId ?? '',
        client_secret: kiosk?.clientSecret ?? '',
      }).toString(),
    });
    const headers = { authorization: `Bearer ${token.json().access_token}` };
    // A resident with a valid identity card activates the medical insurance e-voucher alone.
    const idCardType = await getLicenceType(t.ctx, DEMO_TYPES.idCard.code, {});
    const row = await t.ctx.store.db
      .selectFrom('licences')
      .select('packed_document')
      .where('type_code', '=', idCardType.certificateTypeCode)
      .where('status', '=', 'valid')
      .orderBy('identifier')
      .executeTakeFirstOrThrow();
    const idCard = parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)));
    const { signingKey } = await ensureNodeKey(t.ctx, 'showing');
    const code = await createShowCode(
      { licence: idCard, type: idCardType, status: 'valid', purpose: 'entry', disclose: ['certificateHolderName'] },
      signingKey,
      { now: t.clock.now() },
    );
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/kiosk/sessions',
      headers,
      payload: { matterCode: '000121001000' },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    const step = (name: string, payload: unknown) =>
      app.inject({ method: 'POST', url: `/api/v1/kiosk/sessions/${id}/${name}`, headers, payload: payload as never });
    expect((await step('identify', { showCode: code.text })).statusCode).toBe(200);
    const consented = await step('consent', { consent: true });
    expect(consented.json().form.missing.fields.map((f: { key: string }) => f.key)).toEqual(['insuranceType']);
    const submitted = await step('submit', { values: { insuranceType: 'resident' } });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().result.licence.metadata).toMatchObject({
      certificateHolderCode: idCard.metadata.certificateHolderCode,
      certificateName: '医保电子凭证',
    });
  });

  it('gives a demo inspector client that records an on-site inspection of a shown licence', async () => {
    const inspector = first.clients.find((c) => c.key === 'inspector:marketRegulation');
    expect(inspector).toMatchObject({ kind: 'inspector', scopes: ['verify'] });
    expect(formatDemoAccounts(first, 'http://127.0.0.1:8080/')).toContain(inspector?.name ?? '?');
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: FORM,
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: inspector?.clientId ?? '',
        client_secret: inspector?.clientSecret ?? '',
      }).toString(),
    });
    expect(token.statusCode).toBe(200);
    const permitType = await getLicenceType(t.ctx, DEMO_TYPES.foodPermit.code, {});
    const row = await t.ctx.store.db
      .selectFrom('licences')
      .select('packed_document')
      .where('type_code', '=', permitType.certificateTypeCode)
      .where('status', '=', 'valid')
      .orderBy('identifier')
      .executeTakeFirstOrThrow();
    const { signingKey } = await ensureNodeKey(t.ctx, 'showing');
    const code = await createShowCode(
      {
        licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document))),
        type: permitType,
        status: 'valid',
        purpose: 'inspection',
        disclose: ['certificateHolderName'],
      },
      signingKey,
      { now: t.clock.now() },
    );
    const recorded = await app.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: { authorization: `Bearer ${token.json().access_token}` },
      payload: { code: code.text, result: 'pass', place: '乌鲁木齐市天山区某餐饮店' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().inspection).toMatchObject({ result: 'pass' });
  });

  it.each([0.6])(
    'finishes a seed that crashed part-way (the clock fails after %d of its reads) with exactly what one run writes',
    async (fraction) => {
      const reads = Math.floor(clockReads * fraction);
      const other = await openTestContext(create);
      try {
        await buildApp({
          store: other.ctx.store,
          nodeId: other.ctx.nodeId,
          context: other.ctx,
          log: { integrate: false },
        });
        let calls = 0;
        // Every use case reads the clock inside or right before its transaction: failing it
        // there stops the seed mid-write, as a killed process would (the transaction rolls back).
        const failing = () => {
          calls++;
          if (calls > reads) throw new Error('simulated crash');
          return other.clock.now();
        };
        await expect(seedDemo(other.ctx, { now: failing })).rejects.toThrow('simulated crash');
        const resumed = await seedDemo(other.ctx);
        expect(resumed.licencesByStatus).toEqual(first.licencesByStatus);
        const counts: Record<string, number> = {};
        for (const table of TABLES) {
          const row = await other.ctx.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
            .executeTakeFirstOrThrow();
          counts[table] = Number(row.n);
        }
        expect(counts).toEqual(countsAfterFirst);
        expect(await verifyAuditChain(other.ctx.store.db)).toMatchObject({ ok: true });
      } finally {
        await other.close();
      }
    },
    120_000,
  );
});
