import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPrintCode,
  createShowCode,
  exportSpkiPem,
  generateSigningKey,
  type Licence,
  parseLicenceType,
} from '@hutong/core';
import {
  buildApp,
  createAppContext,
  createGrant,
  createLicenceType,
  createMatter,
  createOrganisation,
  ensureNodeId,
  ensureNodeKey,
  generateIssuerKey,
  getConsentReceipt,
  issueLicence,
  loadSecrets,
  migrateToLatest,
  openStore,
  publishLicenceType,
  registerClient,
  requestAccessToken,
  SQLITE_FILE_NAME,
  setResponsibility,
} from '@hutong/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';
import { createTrustListExport } from './trust-list-export.js';
import { createVerify } from './verify.js';

const ISSUER_CODE = '11220000013544541J';
const TYPE_CODE = '11100000000013338W032';
const CITIZEN_ID = '11010519491231002X';
const TYPE_DOCUMENT = {
  certificateTypeCode: TYPE_CODE,
  name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
  definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
  holderCategory: 'person',
  validity: { kind: 'period', years: 2 },
  issuingAuthorityLevel: ['provincial'],
  faceFields: [
    {
      key: 'holderName',
      label: { zh: '姓名', en: 'Name' },
      type: 'string',
      required: true,
      maxLength: 50,
      sensitivity: 2,
    },
    {
      key: 'operationCategory',
      label: { zh: '操作类别', en: 'Category' },
      type: 'string',
      required: true,
      sensitivity: 1,
    },
  ],
  templateId: 'construction-operator',
};
const SYSTEM = { actor: 'system' };
// The verifier reads no environment of the test runner (no $DATABASE_URL): the SQLite node of this file.
const ENV = {};

/** Runs `hutong verify` and parses its one JSON line. */
async function runVerify(io: ReturnType<typeof captureIo>, argv: string[]) {
  const code = await createVerify(ENV)(argv, io);
  return { code, verdict: io.out === '' ? undefined : JSON.parse(io.out) };
}

/** The test node's store and context, opened again from its data directory. */
async function openNode(dataDir: string) {
  const store = await openStore({ dialect: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
  const ctx = createAppContext({
    store,
    nodeId: await ensureNodeId(store.db),
    secrets: loadSecrets({ dataDir, env: {} }),
  });
  return { store, ctx };
}

/** A licence of the test type for 张三, issued through the use case by the issuer's client. */
function issueTestLicence(
  ctx: Parameters<typeof issueLicence>[0],
  clientId: string,
  number: string,
  publicUrl: string,
) {
  return issueLicence(
    ctx,
    { kind: 'client', clientId, organisationCode: ISSUER_CODE, scopes: ['licence:issue'], licenceTypes: [TYPE_CODE] },
    {
      certificateTypeCode: TYPE_CODE,
      certificateNumber: number,
      certificateHolderName: '张三',
      certificateHolderCode: CITIZEN_ID,
      certificateHolderTypeCode: '111',
      certificateIssuedDate: '2026-01-08',
      certificateEffectiveDate: '2026-01-08',
      face: { holderName: '张三', operationCategory: '建筑电工' },
    } as never,
    { publicUrl },
  );
}

/** Registers a client with a secret and gets its access token (client credentials), as a deployed system does. */
async function clientWithToken(
  ctx: Parameters<typeof registerClient>[0],
  registration: Omit<Parameters<typeof registerClient>[1], 'withSecret'>,
): Promise<{ clientId: string; accessToken: string }> {
  const { client, clientSecret } = await registerClient(ctx, { ...registration, withSecret: true }, SYSTEM);
  const token = await requestAccessToken(
    ctx,
    { grant_type: 'client_credentials', client_id: client.clientId, client_secret: clientSecret ?? '' },
    undefined,
    { audiences: [] },
  );
  return { clientId: client.clientId, accessToken: token.access_token };
}

describe('hutong verify and hutong trust-list export (offline, against a node issuing through its use cases)', () => {
  let dataDir: string;
  let licence: Licence;
  let showCode: string;
  let printCode: string;
  let forgedPrintCode: string;
  let receiptText: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-t-verify-'));
    const store = await openStore({ dialect: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
    try {
      await migrateToLatest(store.db);
      const ctx = createAppContext({
        store,
        nodeId: await ensureNodeId(store.db),
        secrets: loadSecrets({ dataDir, env: {} }),
      });
      await createOrganisation(
        ctx,
        {
          code: ISSUER_CODE,
          name: { zh: '吉林省住房和城乡建设厅', en: 'Jilin housing department' },
          kind: 'department',
          level: 'provincial',
          areaCode: '220000',
        },
        SYSTEM,
      );
      await createLicenceType(ctx, TYPE_DOCUMENT, SYSTEM);
      await publishLicenceType(ctx, TYPE_CODE, {}, SYSTEM);
      await setResponsibility(
        ctx,
        { departmentCode: ISSUER_CODE, certificateTypeCode: TYPE_CODE, deadline: '2027-12-31', paperCount: 10 },
        SYSTEM,
      );
      await generateIssuerKey(ctx, ISSUER_CODE, { suite: 'ed25519' }, SYSTEM);
      const issued = await issueTestLicence(ctx, 'c1', '吉A042012000939', 'http://127.0.0.1:8080');
      licence = issued.licence;
      // A grant of the holder to a relying party, and its signed consent receipt.
      const relyingParty = await registerClient(
        ctx,
        {
          name: '某市政务服务中心',
          organisationCode: '91350100M000100Y43',
          kind: 'relying-party',
          scopes: ['licence:read'],
          licenceTypes: [TYPE_CODE],
        },
        SYSTEM,
      );
      const holder = { kind: 'holder', holderCodeType: '111', holderCode: CITIZEN_ID } as const;
      // A grant names a matter of the node's catalogue.
      await createMatter(
        ctx,
        {
          code: '11220000013544541J-0001',
          name: { zh: '建筑施工企业资质申请', en: 'Construction company qualification application' },
          departmentCode: ISSUER_CODE,
          holderCategory: 'person',
          materials: [
            {
              key: 'qualification',
              name: { zh: '操作资格证书', en: 'Qualification' },
              kind: 'licence',
              anyOf: [TYPE_CODE],
            },
          ],
          fields: [
            {
              key: 'applicantName',
              label: { zh: '申请人姓名', en: 'Applicant' },
              type: 'string',
              required: true,
              source: { kind: 'holder', attribute: 'name' },
            },
          ],
        },
        SYSTEM,
      );
      const grant = await createGrant(ctx, holder, {
        clientId: relyingParty.client.clientId,
        typeCodes: [TYPE_CODE],
        matterCode: '11220000013544541J-0001',
        purpose: '办理建筑施工企业资质申请',
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      receiptText = await getConsentReceipt(ctx, holder, grant.id);
      const { signingKey } = await ensureNodeKey(ctx, 'showing');
      showCode = (
        await createShowCode(
          {
            licence,
            type: parseLicenceType({ ...TYPE_DOCUMENT, version: 1, status: 'published' }),
            status: 'valid',
            purpose: 'entry',
            // The longest life a code may have: the file's later tests still find it unexpired on a slow machine.
            lifetimeSeconds: 120,
          },
          signingKey,
          { now: new Date() },
        )
      ).text;
      const printedType = parseLicenceType({ ...TYPE_DOCUMENT, version: 1, status: 'published' });
      printCode = (await createPrintCode({ licence, type: printedType }, signingKey, { now: new Date() })).text;
      const stranger = await generateSigningKey('ed25519');
      forgedPrintCode = (
        await createPrintCode(
          { licence, type: printedType },
          { ...stranger, keyId: signingKey.keyId },
          { now: new Date() },
        )
      ).text;
    } finally {
      await store.close();
    }
    writeFileSync(join(dataDir, 'licence.json'), JSON.stringify(licence));
    const tampered = structuredClone(licence) as unknown as { metadata: Record<string, unknown> };
    tampered.metadata.certificateHolderName = '李四';
    writeFileSync(join(dataDir, 'tampered.json'), JSON.stringify(tampered));
    writeFileSync(join(dataDir, 'other.json'), JSON.stringify({ format: 'hutong-something-else/1' }));
    writeFileSync(join(dataDir, 'receipt.json'), receiptText);
    const tamperedReceipt = JSON.parse(receiptText);
    tamperedReceipt.purpose = '任意用途';
    writeFileSync(join(dataDir, 'tampered-receipt.json'), JSON.stringify(tamperedReceipt));
    writeFileSync(join(dataDir, 'bad-receipt.json'), JSON.stringify({ format: 'hutong-consent-receipt/1' }));
    const io = captureIo(dataDir);
    const exported = await createTrustListExport(ENV)(
      ['--data-dir', dataDir, '--out', 'trust.json', '--anchor-out', 'anchor.pem'],
      io,
    );
    expect(exported, io.err + io.out).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ ok: true, version: 1, issuers: 1 });
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a signed trust list naming the issuer, its type and the showing key', () => {
    const list = JSON.parse(readFileSync(join(dataDir, 'trust.json'), 'utf8'));
    expect(list.format).toBe('hutong-trust-list/1');
    expect(list.issuers[0]).toMatchObject({ issuerCode: ISSUER_CODE, types: [TYPE_CODE] });
    expect(list.showingKeys).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'anchor.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('accepts the issued licence against the exported list and pinned anchor (exit 0)', async () => {
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, [
      'licence.json',
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
      '--offline',
    ]);
    expect(code, io.err).toBe(0);
    expect(verdict).toMatchObject({ valid: true, kind: 'licence' });
    expect(verdict.checks[0]).toMatchObject({ name: 'trust-list', ok: true });
    expect(verdict.checks[0].reason).toContain('pinned anchor');
  });

  it('refuses a tampered licence (exit 1, signature)', async () => {
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, [
      'tampered.json',
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
      '--offline',
    ]);
    expect(code).toBe(1);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c: { name: string }) => c.name === 'signature')).toMatchObject({ ok: false });
  });

  it('verifies a show code made with the node’s showing key, offline', async () => {
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, [
      showCode,
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
      '--offline',
    ]);
    expect(code, JSON.stringify(verdict)).toBe(0);
    expect(verdict).toMatchObject({ valid: true, kind: 'show-code' });
    expect(verdict.showCode.identifier).toBe(licence.metadata.certificateIdentifier);
  });

  it('verifies a printed licence’s print code, and the URL its QR code holds, offline; refuses a forged one', async () => {
    const url = `https://licences.example.gov.cn/v/${printCode.replace(/[% /]/g, encodeURIComponent)}`;
    for (const input of [printCode, url]) {
      const io = captureIo(dataDir);
      const { code, verdict } = await runVerify(io, [
        input,
        '--trust',
        'trust.json',
        '--anchor',
        'anchor.pem',
        '--offline',
      ]);
      expect(code, JSON.stringify(verdict)).toBe(0);
      expect(verdict).toMatchObject({ valid: true, kind: 'printed-licence' });
      expect(verdict.printCode.identifier).toBe(licence.metadata.certificateIdentifier);
      expect(verdict.checks.map((c: { name: string }) => c.name)).toEqual([
        'trust-list',
        'format',
        'signature',
        'node-trusted',
        'issuer-trusted',
        'type-allowed',
        'status-list',
      ]);
      // No cached status list given: it says so, and the code stays valid as before.
      expect(verdict.checks.at(-1)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_NONE' });
    }
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, [
      forgedPrintCode,
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
      '--offline',
    ]);
    expect(code).toBe(1);
    expect(verdict.checks.find((c: { name: string }) => c.name === 'signature')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_SIGNATURE_INVALID',
    });
  });

  it('uses the local node’s own anchor with --data-dir, and says so', async () => {
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, ['licence.json', '--data-dir', '.', '--offline']);
    expect(code, io.err).toBe(0);
    expect(verdict.checks[0].reason).toContain('local node');
  });

  it('takes, with --trust FILE alone (issue 5’s form), the anchor trust-list export wrote beside the list, and says it is not pinned', async () => {
    let io = captureIo(dataDir);
    expect(await createTrustListExport(ENV)(['--data-dir', dataDir, '--out', 'alone.json'], io), io.err).toBe(0);
    const summary = JSON.parse(io.out);
    expect(summary.anchor).toBe(join(dataDir, 'alone.json.anchor.pem'));
    expect(readFileSync(join(dataDir, 'alone.json.anchor.pem'), 'utf8')).toBe(
      readFileSync(join(dataDir, 'anchor.pem'), 'utf8'),
    );
    io = captureIo(dataDir);
    const run = await runVerify(io, ['licence.json', '--trust', 'alone.json', '--offline']);
    expect(run.code, io.err).toBe(0);
    expect(run.verdict.checks[0]).toMatchObject({ name: 'trust-list', ok: true });
    expect(run.verdict.checks[0].reason).toContain('NOT pinned: read from alone.json.anchor.pem');
    // The anchor beside the list is still checked against the list's signature: another key there is refused.
    const stranger = await generateSigningKey('ed25519');
    writeFileSync(join(dataDir, 'alone.json.anchor.pem'), exportSpkiPem(stranger));
    io = captureIo(dataDir);
    const refused = await runVerify(io, ['licence.json', '--trust', 'alone.json', '--offline']);
    expect(refused.code).toBe(1);
    expect(refused.verdict.checks[0]).toMatchObject({
      name: 'trust-list',
      ok: false,
      code: 'ERR_TRUST_ANCHOR_UNKNOWN',
    });
  });

  it('refuses a list checked against another anchor, and a list with no anchor at all', async () => {
    const stranger = await generateSigningKey('ed25519');
    writeFileSync(join(dataDir, 'stranger.pem'), exportSpkiPem(stranger));
    let io = captureIo(dataDir);
    let run = await runVerify(io, ['licence.json', '--trust', 'trust.json', '--anchor', 'stranger.pem', '--offline']);
    expect(run.code).toBe(1);
    expect(run.verdict.checks[0]).toMatchObject({ name: 'trust-list', ok: false, code: 'ERR_TRUST_ANCHOR_UNKNOWN' });
    io = captureIo(dataDir);
    run = await runVerify(io, ['licence.json', '--trust', 'trust.json', '--offline']);
    expect(run.code).toBe(1);
    expect(run.verdict.checks[0].reason).toContain('no anchor');
  });

  it('verifies a consent receipt downloaded from the node: kind consent-receipt, named checks (exit 0)', async () => {
    expect(receiptText).not.toContain(CITIZEN_ID);
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, [
      'receipt.json',
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
      '--offline',
    ]);
    expect(code, io.err).toBe(0);
    expect(verdict).toMatchObject({ valid: true, kind: 'consent-receipt' });
    expect(verdict.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['trust-list', true],
      ['format', true],
      ['signature', true],
      ['key-trusted', true],
      ['validity', true],
    ]);
    expect(verdict.receipt).toMatchObject({
      relyingParty: { name: '某市政务服务中心' },
      holder: { maskedCode: '110105********002X' },
    });
  });

  it('refuses a changed consent receipt (signature) and a malformed one (format), exit 1', async () => {
    const io = captureIo(dataDir);
    const tampered = await runVerify(io, ['tampered-receipt.json', '--trust', 'trust.json', '--anchor', 'anchor.pem']);
    expect(tampered.code).toBe(1);
    expect(tampered.verdict.kind).toBe('consent-receipt');
    expect(tampered.verdict.checks.find((c: { name: string }) => c.name === 'signature')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_RECEIPT_SIGNATURE_INVALID',
    });
    const bad = await runVerify(captureIo(dataDir), [
      'bad-receipt.json',
      '--trust',
      'trust.json',
      '--anchor',
      'anchor.pem',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.verdict.checks[1]).toMatchObject({ name: 'format', ok: false, code: 'ERR_VERIFY_RECEIPT_MALFORMED' });
    const online = captureIo(dataDir);
    expect(
      await createVerify({ HUTONG_ACCESS_TOKEN: 't' })(
        ['receipt.json', '--online', 'http://127.0.0.1:9', '--use-cause', 'x'],
        online,
      ),
    ).toBe(2);
  });

  it('answers another JSON document with kind "unknown" (exit 1)', async () => {
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, ['other.json', '--trust', 'trust.json', '--anchor', 'anchor.pem']);
    expect(code).toBe(1);
    expect(verdict).toMatchObject({ valid: false, kind: 'unknown' });
  });

  it.each([
    ['no INPUT', []],
    ['a missing file', ['nowhere.json', '--trust', 'trust.json']],
    ['a URL with --offline', ['licence.json', '--trust', 'http://127.0.0.1:9/api/v1/trust-list', '--offline']],
    ['no trust source', ['licence.json']],
    ['an unknown option', ['licence.json', '--colour']],
  ])('is a usage error (exit 2) with %s', async (_label, argv) => {
    const io = captureIo(dataDir);
    expect(await createVerify(ENV)(argv, io)).toBe(2);
    expect(io.out).toBe('');
  });

  it('never makes a node out of a mistyped --data-dir: export refuses, verify fails its trust-list check', async () => {
    const missing = join(dataDir, 'no-such-node');
    const exported = captureIo(dataDir);
    expect(await createTrustListExport(ENV)(['--data-dir', missing, '--out', 'phantom.json'], exported)).toBe(1);
    expect(JSON.parse(exported.out)).toMatchObject({
      ok: false,
      error: { code: 'ERR_CLI_NO_STORE', field: 'data-dir' },
    });
    expect(existsSync(join(dataDir, 'phantom.json'))).toBe(false);
    const io = captureIo(dataDir);
    const { code, verdict } = await runVerify(io, ['licence.json', '--data-dir', missing]);
    expect(code).toBe(1);
    expect(verdict.checks[0]).toMatchObject({ name: 'trust-list', ok: false, code: 'ERR_CLI_NO_STORE' });
    expect(existsSync(missing)).toBe(false);
  });

  it('is reached through `hutong verify` and `hutong trust-list export`', async () => {
    const io = captureIo(dataDir);
    expect(await main(['verify'], io)).toBe(2);
    expect(io.err).toContain('hutong verify');
    expect(await main(['trust-list', 'export', '--help'], io)).toBe(0);
    expect(io.out).toContain('trust-list export');
  });

  it('fetches the list and, on first use, its anchor from a node over HTTP (and says it is not pinned)', async () => {
    const { store, ctx } = await openNode(dataDir);
    const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx, log: false });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const io = captureIo(dataDir);
      const { code, verdict } = await runVerify(io, [
        'licence.json',
        '--trust',
        `http://127.0.0.1:${port}/api/v1/trust-list`,
      ]);
      expect(code, io.err + io.out).toBe(0);
      expect(verdict.checks[0].reason).toContain('NOT pinned');
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('checks a licence in full offline with --status and --receipt (URLs, or files with --offline), and refuses tampered ones', async () => {
    const { store, ctx } = await openNode(dataDir);
    // The app registers the log (its event sink, keys and integrator): licences issued now get receipts.
    const publicUrl = 'https://licences.test.example.cn';
    const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx, publicUrl, log: { integrate: false } });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const issued = await issueTestLicence(ctx, 'c1', '吉A042012000940', publicUrl);
      await (
        app as unknown as { transparencyLog: { integrator: { integrateNow(): Promise<unknown> } } }
      ).transparencyLog.integrator.integrateNow();
      const identifier = issued.licence.metadata.certificateIdentifier;
      // The list the licence names (its `sub`), fetched from where this test's node listens.
      const statusUrl = `${base}${new URL(issued.licence.statusReference?.uri ?? '').pathname}`;
      const receiptUrl = `${base}/api/v1/log/receipts/${encodeURIComponent(identifier)}`;
      writeFileSync(join(dataDir, 'full.json'), JSON.stringify(issued.licence));
      // The list now names the log key the receipts are signed with.
      const exportIo = captureIo(dataDir);
      expect(await createTrustListExport(ENV)(['--data-dir', dataDir, '--out', 'trust-log.json'], exportIo)).toBe(0);
      const trust = ['--trust', 'trust-log.json', '--anchor', 'anchor.pem'];
      const named = (verdict: { checks: Array<{ name: string; reason?: string }> }, name: string) =>
        verdict.checks.find((c) => c.name === name);

      let io = captureIo(dataDir);
      let run = await runVerify(io, ['full.json', ...trust, '--status', statusUrl, '--receipt', receiptUrl]);
      expect(run.code, io.err + io.out).toBe(0);
      expect(named(run.verdict, 'status')).toMatchObject({ ok: true });
      expect(named(run.verdict, 'log-receipt')).toMatchObject({ ok: true });
      expect(run.verdict.checks.at(-1).name).toBe('log-receipt');

      const statusText = await (await fetch(statusUrl)).text();
      const receiptsText = await (await fetch(receiptUrl)).text();
      writeFileSync(join(dataDir, 'status.jwt'), statusText);
      writeFileSync(join(dataDir, 'receipts.json'), receiptsText);
      const one = (JSON.parse(receiptsText) as { receipts: unknown[] }).receipts[0];
      writeFileSync(join(dataDir, 'receipt-one.json'), JSON.stringify(one));
      for (const receipt of ['receipts.json', 'receipt-one.json']) {
        io = captureIo(dataDir);
        run = await runVerify(io, ['full.json', ...trust, '--offline', '--status', 'status.jwt', '--receipt', receipt]);
        expect(run.code, io.err + io.out).toBe(0);
      }

      // Tampered: the receipt's proof for another index; the status list's signature.
      const tampered = { ...(one as Record<string, unknown>), index: (one as { index: number }).index + 1 };
      writeFileSync(join(dataDir, 'receipt-bad.json'), JSON.stringify(tampered));
      io = captureIo(dataDir);
      run = await runVerify(io, ['full.json', ...trust, '--offline', '--receipt', 'receipt-bad.json']);
      expect(run.code).toBe(1);
      expect(named(run.verdict, 'log-receipt')).toMatchObject({ ok: false });
      // A receipt of another licence does not prove this one.
      writeFileSync(join(dataDir, 'receipt-other.json'), JSON.stringify({ receipts: [] }));
      io = captureIo(dataDir);
      run = await runVerify(io, ['full.json', ...trust, '--offline', '--receipt', 'receipt-other.json']);
      expect(run.code).toBe(1);
      const [h, p, sig] = statusText.split('.') as [string, string, string];
      writeFileSync(join(dataDir, 'status-bad.jwt'), `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
      io = captureIo(dataDir);
      run = await runVerify(io, ['full.json', ...trust, '--offline', '--status', 'status-bad.jwt']);
      expect(run.code).toBe(1);
      expect(named(run.verdict, 'status')).toMatchObject({ ok: false, code: 'ERR_VERIFY_STATUS_UNAVAILABLE' });
      expect(named(run.verdict, 'status')?.reason).toContain('ERR_VERIFY_STATUS_LIST_SIGNATURE');

      // Usage: URLs under --offline, and the options on anything but a licence.
      for (const argv of [
        ['full.json', ...trust, '--offline', '--status', statusUrl],
        ['full.json', ...trust, '--offline', '--receipt', receiptUrl],
        [showCode, ...trust, '--receipt', 'receipts.json'],
        ['receipt.json', ...trust, '--status', 'status.jwt'],
        ['full.json', ...trust, '--status', 'status.jwt', '--status', 'status.jwt'],
      ]) {
        io = captureIo(dataDir);
        expect((await runVerify(io, argv)).code, argv.join(' ')).toBe(2);
      }
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('refuses offline, with a cached status list, a show code and a print code of a licence revoked since they were made', async () => {
    const { store, ctx } = await openNode(dataDir);
    const publicUrl = 'https://licences.test.example.cn';
    const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx, publicUrl, log: false });
    try {
      const issuer = await clientWithToken(ctx, {
        name: 'issuing system',
        organisationCode: ISSUER_CODE,
        kind: 'department',
        scopes: ['licence:issue', 'licence:status'],
        licenceTypes: [TYPE_CODE],
      });
      const issued = await issueTestLicence(ctx, issuer.clientId, '吉A042012000941', publicUrl);
      const type = parseLicenceType({ ...TYPE_DOCUMENT, version: 1, status: 'published' });
      const { signingKey } = await ensureNodeKey(ctx, 'showing');
      const now = new Date();
      const shown = (
        await createShowCode(
          { licence: issued.licence, type, status: 'valid', purpose: 'entry', lifetimeSeconds: 120 },
          signingKey,
          { now },
        )
      ).text;
      const printed = (await createPrintCode({ licence: issued.licence, type }, signingKey, { now })).text;
      const path = new URL(issued.licence.statusReference?.uri ?? '').pathname;
      const statusList = async () => (await app.inject({ method: 'GET', url: path })).body;
      writeFileSync(join(dataDir, 'status-before.jwt'), await statusList());

      const trust = ['--trust', 'trust.json', '--anchor', 'anchor.pem', '--offline'];
      const statusOf = (verdict: { checks: Array<{ name: string }> }) =>
        verdict.checks.find((c) => c.name === 'status-list');
      let io = captureIo(dataDir);
      let run = await runVerify(io, [shown, ...trust, '--status', 'status-before.jwt']);
      expect(run.code, io.err + io.out).toBe(0);
      expect(statusOf(run.verdict)).toMatchObject({ ok: true });
      expect(run.verdict.showCode.statusListSlot).toMatchObject({ listId: 1 });

      const revoked = await app.inject({
        method: 'POST',
        url: `/api/v1/licences/${encodeURIComponent(issued.licence.metadata.certificateIdentifier)}/events`,
        headers: { authorization: `Bearer ${issuer.accessToken}` },
        payload: { type: 'revocation', reason: '以欺骗手段取得' },
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      writeFileSync(join(dataDir, 'status-after.jwt'), await statusList());
      for (const input of [shown, printed]) {
        io = captureIo(dataDir);
        run = await runVerify(io, [input, ...trust, '--status', 'status.jwt', '--status', 'status-after.jwt']);
        expect(run.code, io.err + io.out).toBe(1);
        expect(run.verdict.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([
          expect.objectContaining({ name: 'status-list', code: 'ERR_VERIFY_STATUS_INVALID_SINCE' }),
        ]);
        // Without the list, the same code passes offline, saying it could not check.
        io = captureIo(dataDir);
        run = await runVerify(io, [input, ...trust]);
        expect(run.code, io.err + io.out).toBe(0);
        expect(statusOf(run.verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_NONE' });
      }
      // A list that does not open fails the check with its reason.
      const [h, p, sig] = readFileSync(join(dataDir, 'status-after.jwt'), 'utf8').split('.') as [
        string,
        string,
        string,
      ];
      writeFileSync(join(dataDir, 'status-forged.jwt'), `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
      io = captureIo(dataDir);
      run = await runVerify(io, [shown, ...trust, '--status', 'status-forged.jwt']);
      expect(run.code).toBe(1);
      expect(statusOf(run.verdict)).toMatchObject({ ok: false, code: 'ERR_VERIFY_STATUS_LIST_SIGNATURE' });
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('verifies online with --online, a verify client’s token and a use cause; refuses without them', async () => {
    const { store, ctx } = await openNode(dataDir);
    const app = await buildApp({ store, nodeId: ctx.nodeId, context: ctx, log: false });
    try {
      await createOrganisation(
        ctx,
        {
          code: '91350100M000100Y43',
          name: { zh: '某市政务服务中心', en: 'Service centre' },
          kind: 'relying-party',
          level: 'prefecture',
          areaCode: '350100',
        },
        SYSTEM,
      );
      const gate = await clientWithToken(ctx, {
        name: 'gate',
        organisationCode: '91350100M000100Y43',
        kind: 'relying-party',
        scopes: ['verify'],
        licenceTypes: [TYPE_CODE],
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const online = `http://127.0.0.1:${port}`;
      const env = { HUTONG_ACCESS_TOKEN: gate.accessToken };
      let io = captureIo(dataDir);
      let code = await createVerify(env)([showCode, '--online', online, '--use-cause', '入园核验'], io);
      expect(code, io.err + io.out).toBe(0);
      expect(JSON.parse(io.out)).toMatchObject({ valid: true, kind: 'show-code', currentStatus: { status: 'valid' } });
      io = captureIo(dataDir);
      code = await createVerify(env)(['tampered.json', '--online', online, '--use-cause', '核验'], io);
      expect(code).toBe(1);
      expect(JSON.parse(io.out)).toMatchObject({ valid: false, kind: 'licence' });
      io = captureIo(dataDir);
      expect(await createVerify({})([showCode, '--online', online, '--use-cause', '核验'], io)).toBe(2);
      expect(await createVerify(env)([showCode, '--online', online], io)).toBe(2);
      expect(await createVerify(env)([showCode, '--online', online, '--use-cause', '核验', '--offline'], io)).toBe(2);
      io = captureIo(dataDir);
      code = await createVerify({ HUTONG_ACCESS_TOKEN: 'not-a-token' })(
        [showCode, '--online', online, '--use-cause', '核验'],
        io,
      );
      expect(code).toBe(1);
      expect(JSON.parse(io.out).checks[0]).toMatchObject({ name: 'online', ok: false, code: 'ERR_AUTH_TOKEN_INVALID' });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
