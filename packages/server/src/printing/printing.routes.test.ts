import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeOfVerificationPath, decodePrintCode, type Licence, type PrintedFace } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  OTHER_CITIZEN_ID,
  sampleType,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import {
  type LicenceNode,
  PUBLIC_URL,
  RELYING_PARTY_CODE,
  useLicenceNode,
} from '../library/test-support/licence-node.js';
import { createTestClient, createTestStaff, signInHolder, type TestClient } from '../test-support/principals.js';
import { renderAnnotatedCopyPdf } from './print-licence.js';
import { readPdf } from './test-support/read-pdf.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;
const USE_CAUSE = '办理施工许可';

describe.each(TEST_DATABASES)('printed licences on $dialect', ({ create }) => {
  let node: LicenceNode;
  let venue: TestClient;
  let clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, { now: () => clock, holders: { devProvider: true }, numberPrefix: '吉P' });
  beforeAll(async () => {
    node = nodeFixture.node;
    venue = await createTestClient(node.ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'venue',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  function pdfUrl(licence: Licence, useCause: string | null = USE_CAUSE): string {
    const id = licence.metadata.certificateIdentifier;
    return `/api/v1/licences/${id}/licence.pdf${useCause === null ? '' : `?useCause=${encodeURIComponent(useCause)}`}`;
  }

  function verify(payload: Record<string, unknown>) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { useCause: '核验纸质证照', ...payload } as never,
    });
  }

  it('prints the face from the type schema with an embedded Chinese subset font, and a QR code that verifies online', async () => {
    const licence = await issue();
    const response = await node.app.inject({
      url: pdfUrl(licence),
      headers: { authorization: node.issuer.authorization },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`licence-${licence.metadata.certificateIdentifier}.pdf`);
    const bytes = new Uint8Array(response.rawPayload);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    // Small: the font is a subset of the glyphs on the page (the full font is 8 MB).
    expect(bytes.length).toBeLessThan(150_000);

    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(1);
    expect(pdf.fonts).toHaveLength(1);
    expect(pdf.fonts[0]).toMatchObject({ subtype: '/CIDFontType0', fileKind: 'FontFile3' });
    expect(pdf.fonts[0]?.name).toMatch(/NotoSansHans-Regular/);
    expect(pdf.fonts[0]?.fileBytes).toBeLessThan(100_000);
    // The face, labelled from the catalogue, with the identifier and issuer in text.
    for (const text of [
      '建筑施工特种作业人员操作资格证书',
      '电子证照打印件',
      '姓名',
      '张三',
      '身份证号',
      CITIZEN_ID,
      '操作类别',
      '建筑电工',
      licence.metadata.certificateNumber,
      '吉林省住房和城乡建设厅',
      ISSUER_CODE,
      licence.metadata.certificateIdentifier,
      `2026年01月08日 至 ${licence.metadata.certificateExpiringDate?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1年$2月$3日')}`,
      '有效',
    ]) {
      expect(pdf.text, text).toContain(text);
    }

    // The QR code: the verification page with a print code of this very licence version.
    expect(pdf.qrTexts).toHaveLength(1);
    const url = pdf.qrTexts[0] as string;
    expect(url.startsWith(`${PUBLIC_URL}/v/HP1:`)).toBe(true);
    const code = codeOfVerificationPath(new URL(url).pathname) as string;
    const decoded = decodePrintCode(code);
    expect(decoded.identifier).toBe(licence.metadata.certificateIdentifier);
    expect(decoded.printedAt.toISOString()).toBe(clock.toISOString());

    const verdict = (await verify({ code })).json();
    expect(verdict.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(verdict).toMatchObject({ valid: true, kind: 'printed-licence', currentStatus: { status: 'valid' } });
    expect(verdict.checks.map((c: { name: string }) => c.name)).toEqual([
      'format',
      'signature',
      'node-trusted',
      'issuer-trusted',
      'type-allowed',
      'current-status',
      'library-face',
    ]);
    expect(verdict.printedFace.metadata.certificateHolderName).toBe('张三');
    expect(verdict.printedFace.face.operationCategory).toBe('建筑电工');

    // The face read off the paper matches; a changed one (a forged paper) is refused.
    const face = verdict.printedFace as PrintedFace;
    const same = (await verify({ code, face })).json();
    expect(same.valid).toBe(true);
    const forged = { ...face, face: { ...face.face, operationCategory: '塔式起重机司机' } };
    const refused = (await verify({ code, face: forged })).json();
    expect(refused.valid).toBe(false);
    expect(refused.checks.find((c: { name: string }) => c.name === 'face-digest')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_FACE_MISMATCH',
    });

    // Revoked after printing: the paper's QR is refused online with the current status.
    const revoked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' },
    });
    expect(revoked.statusCode).toBe(200);
    const after = (await verify({ code })).json();
    expect(after.valid).toBe(false);
    expect(after.checks.find((c: { name: string }) => c.name === 'signature').ok).toBe(true);
    expect(after.checks.find((c: { name: string }) => c.name === 'current-status')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_STATUS_INVALID',
    });
    // And it is not printed again.
    const again = await node.app.inject({
      url: pdfUrl(licence),
      headers: { authorization: node.issuer.authorization },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ERR_PRINTING_LICENCE_NOT_VALID', field: 'identifier' });
  });

  it('a tampered print code (one character changed) is refused online', async () => {
    const licence = await issue();
    const response = await node.app.inject({
      url: pdfUrl(licence),
      headers: { authorization: node.issuer.authorization },
    });
    const pdf = await readPdf(new Uint8Array(response.rawPayload));
    const code = codeOfVerificationPath(new URL(pdf.qrTexts[0] as string).pathname) as string;
    const position = 30;
    const swapped = code.slice(0, position) + (code[position] === 'A' ? 'B' : 'A') + code.slice(position + 1);
    const verdict = (await verify({ code: swapped })).json();
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.filter((c: { ok: boolean }) => !c.ok).length).toBeGreaterThan(0);
    expect(verdict.currentStatus).toBeUndefined();
  });

  it('entry registration and a face with a show code are refused as bad requests, naming the field', async () => {
    const licence = await issue();
    const response = await node.app.inject({
      url: pdfUrl(licence),
      headers: { authorization: node.issuer.authorization },
    });
    const pdf = await readPdf(new Uint8Array(response.rawPayload));
    const code = codeOfVerificationPath(new URL(pdf.qrTexts[0] as string).pathname) as string;
    const entry = await verify({ code, mode: 'entry-registration' });
    expect(entry.statusCode).toBe(400);
    expect(entry.json()).toMatchObject({ field: 'mode' });
    const face = await verify({ code: 'HT1:ABC', face: { metadata: {}, face: {} } });
    expect(face.statusCode).toBe(400);
    expect(face.json()).toMatchObject({ field: 'face' });
  });

  it('who may print: the issuing department and relying parties for the type; everyone else is refused', async () => {
    const licence = await issue();
    const ok = async (headers: Record<string, string>, url = pdfUrl(licence)) => {
      const response = await node.app.inject({ url, headers });
      return response.statusCode;
    };
    expect(await ok({ authorization: node.reader.authorization })).toBe(200);
    const operator = await createTestStaff(node.ctx, { roles: ['department-operator'], organisationCode: ISSUER_CODE });
    expect(await ok({ cookie: operator.cookie }, pdfUrl(licence, null))).toBe(200);

    // Anonymous: 401. The other department (not its licence): 403. A venue (verify only): 403.
    expect(await ok({})).toBe(401);
    const other = await node.app.inject({
      url: pdfUrl(licence),
      headers: { authorization: node.otherIssuer.authorization },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('ERR_LIBRARY_TYPE_FORBIDDEN');
    expect(await ok({ authorization: venue.authorization })).toBe(403);
    const otherOperator = await createTestStaff(node.ctx, { roles: ['department-operator'] });
    expect(await ok({ cookie: otherOperator.cookie }, pdfUrl(licence, null))).toBe(403);
    const admin = await createTestStaff(node.ctx, { roles: ['catalogue-admin'] });
    expect(await ok({ cookie: admin.cookie })).toBe(403);
    // A client must state its use cause.
    const noCause = await node.app.inject({
      url: pdfUrl(licence, null),
      headers: { authorization: node.reader.authorization },
    });
    expect(noCause.statusCode).toBe(400);
    expect(noCause.json()).toMatchObject({ code: 'ERR_AUDIT_USE_CAUSE_REQUIRED', field: 'useCause' });
  });

  it('a holder prints their own licence; another holder gets 404, clients and staff 403, anonymous 401', async () => {
    const licence = await issue();
    const url = `/api/v1/me/licences/${licence.metadata.certificateIdentifier}/licence.pdf`;
    const me = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    const mine = await node.app.inject({ url, headers: { cookie: me.cookie } });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(mine.rawPayload));
    expect(pdf.text).toContain('张三');
    const code = codeOfVerificationPath(new URL(pdf.qrTexts[0] as string).pathname) as string;
    expect(decodePrintCode(code).identifier).toBe(licence.metadata.certificateIdentifier);
    expect((await verify({ code })).json().valid).toBe(true);

    const other = await signInHolder(node.app, { holderCodeType: '111', holderCode: OTHER_CITIZEN_ID });
    const theirs = await node.app.inject({ url, headers: { cookie: other.cookie } });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ code: 'ERR_HOLDER_LICENCE_NOT_FOUND', field: 'identifier' });

    expect((await node.app.inject({ url })).statusCode).toBe(401);
    expect((await node.app.inject({ url, headers: { authorization: node.issuer.authorization } })).statusCode).toBe(
      403,
    );
    const operator = await createTestStaff(node.ctx, { roles: ['department-operator'], organisationCode: ISSUER_CODE });
    expect((await node.app.inject({ url, headers: { cookie: operator.cookie } })).statusCode).toBe(403);
    // A holder is not a library reader: the department route refuses them.
    expect((await node.app.inject({ url: pdfUrl(licence), headers: { cookie: me.cookie } })).statusCode).toBe(403);
  });

  it('each print is recorded with its use cause and digest, never the face in clear', async () => {
    const licence = await issue();
    await node.app.inject({ url: pdfUrl(licence), headers: { authorization: node.reader.authorization } });
    const rows = await node.ctx.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', 'licence.print')
      .where('target', '=', licence.metadata.certificateIdentifier)
      .execute();
    expect(rows).toHaveLength(1);
    const text = JSON.stringify(auditInClear(rows));
    expect(text).toContain(USE_CAUSE);
    expect(text).not.toContain(CITIZEN_ID);
    expect(text).not.toContain('张三');
  });

  it('an annotated copy shows its annotation and binds it into the code; it is refused after its expiry', async () => {
    const licence = await issue();
    const expiresAt = new Date(clock.getTime() + 3 * 86_400_000);
    const printed = await renderAnnotatedCopyPdf(
      node.ctx,
      {
        licence,
        type: sampleType(),
        status: 'valid',
        annotation: {
          useCause: '办理不动产登记',
          relyingPartyCode: RELYING_PARTY_CODE as never,
          relyingPartyName: '某市政务服务中心',
          expiresAt,
        },
      },
      { publicUrl: PUBLIC_URL },
    );
    expect(printed.filename).toBe(`annotated-copy-${licence.metadata.certificateIdentifier}.pdf`);
    const pdf = await readPdf(printed.pdf);
    for (const text of [
      '电子证照加注件',
      '某市政务服务中心',
      RELYING_PARTY_CODE,
      '办理不动产登记',
      '2026年12月02日 12:00（北京时间）',
      '他用无效',
    ]) {
      expect(pdf.text, text).toContain(text);
    }
    const code = codeOfVerificationPath(new URL(pdf.qrTexts[0] as string).pathname) as string;
    expect(decodePrintCode(code).annotation).toMatchObject({
      relyingPartyName: '某市政务服务中心',
      useCause: '办理不动产登记',
    });
    const now = (await verify({ code })).json();
    expect(now.valid).toBe(true);
    expect(now.printCode.annotation).toMatchObject({ relyingPartyCode: RELYING_PARTY_CODE });
    const saved = clock;
    try {
      clock = new Date(expiresAt.getTime() + 1000);
      // The venue's token outlives 3 days only with a fresh one.
      venue = await createTestClient(node.ctx, {
        organisationCode: RELYING_PARTY_CODE,
        kind: 'venue',
        scopes: ['verify'],
      });
      const later = (await verify({ code })).json();
      expect(later.valid).toBe(false);
      expect(later.checks.find((c: { name: string }) => c.name === 'annotation-current')).toMatchObject({
        ok: false,
        code: 'ERR_PRINTING_ANNOTATION_EXPIRED',
      });
    } finally {
      clock = saved;
    }
  });

  it('serves the web shell at /v/<code> for any code text, a dotted one too (the page renders the verdict)', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'hutong-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>互通</title><div id="root"></div>');
    const app = await buildApp({
      store: node.t.store,
      nodeId: node.ctx.nodeId,
      context: node.ctx,
      webRoot,
      log: false,
    });
    try {
      for (const url of ['/v/HP1:6BF.%20%2FK9', '/v/HT1:930WV.X8W', '/v/HP1:A$B*C+D-E']) {
        const response = await app.inject({ url });
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['content-type']).toContain('text/html');
        expect(response.body).toContain('id="root"');
      }
      // A dotted path elsewhere is still a missing file, not the page.
      expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
