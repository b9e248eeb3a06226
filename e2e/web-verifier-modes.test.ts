/**
 * The verifier's venue and inspector modes in Chromium on a phone-sized screen, against a real
 * node: a venue's device signs in with its client credentials, a valid show code is
 * registered once (the same code again is refused) and today's register lists it; an
 * inspector's device checks a printed licence's code and records the inspection, which the
 * node keeps against the licence. axe-core finds no serious violation in either mode.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Licence, verificationUrl } from '@hutong/core';
import { createAppContext, createSecrets, DEMO_DEPARTMENTS, registerClient } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { PHONE, useBrowserAndServer } from './support/fixture.js';
import { printCodeOf, qrImage, showCodeOf, validDemoLicences } from './support/node-codes.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

describe('the verifier’s venue and inspector modes in Chromium', () => {
  const secrets = createSecrets(randomBytes(32));
  const images = mkdtempSync(join(tmpdir(), 'hutong-e2e-modes-'));
  const hutong = useBrowserAndServer({ demo: true, secrets });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let licences: Licence[];

  beforeAll(async () => {
    licences = await validDemoLicences(hutong);
    if (licences.length < 2) throw new Error('the demo library has fewer than 2 valid identity cards');
  });

  afterAll(() => {
    rmSync(images, { recursive: true, force: true });
  });

  async function openVerifier(): Promise<void> {
    ({ context, page, errors } = await hutong.open('/#/verify', { context: PHONE }));
    await page.getByTestId('verifier-network').waitFor(VISIBLE);
  }

  async function openMode(mode: '场所登记' | '执法检查', clientId: string, clientSecret: string): Promise<void> {
    await openVerifier();
    await page.getByTestId('verifier-mode').getByText(mode, { exact: true }).click();
    await page.getByTestId('verifier-client-sign-in').waitFor(VISIBLE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('verifier-client-id').fill(clientId);
    await page.getByTestId('verifier-client-secret').fill(clientSecret);
    await page.getByTestId('verifier-client-submit').click();
    await page.getByTestId('verifier-client').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-client').textContent()).toContain(clientId);
  }

  it('registers a venue entry once per show code and lists it in today’s register', async () => {
    const venue = hutong.server.demo?.clients.find((client) => client.key === 'venue:hotel');
    if (venue?.clientSecret === undefined) throw new Error('the demo has no venue client with a known secret');
    const licence = licences[0] as Licence;
    const image = await qrImage(images, 'venue', await showCodeOf(hutong, secrets, licence));

    await openMode('场所登记', venue.clientId, venue.clientSecret);
    await page.getByTestId('verifier-register').waitFor(VISIBLE);
    const before = await page.getByTestId('verifier-register-entry').count();

    await page.getByTestId('verifier-input').getByText('上传图片', { exact: true }).click();
    await page.getByTestId('verifier-image').setInputFiles(image);
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-entry"]')?.getAttribute('data-state') === 'registered',
    );
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="verifier-register-entry"]').length === count,
      before + 1,
    );
    expect(await page.getByTestId('verifier-register').textContent()).toContain(
      String(licence.metadata.certificateHolderName),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'readme-verifier-venue');
    expect(errors).toEqual([]);

    // On an English page the register names each field in English: the node keeps the Chinese
    // labels of the day of entry, and the line read "持证主体：…，证照名称：…".
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const englishLine = (await page.getByTestId('verifier-register-entry').first().textContent()) ?? '';
    expect(englishLine).toContain(`Holder: ${licence.metadata.certificateHolderName}`);
    expect(englishLine).not.toContain('持证主体');
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // Today's register as the node's CSV file, fetched with the device's token and saved.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('verifier-register-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^entries-.+\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF登记时间')).toBe(true);
    expect(csv).toContain(licence.metadata.certificateIdentifier);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + before + 1);
    expect(errors).toEqual([]);

    // The same code again (a screenshot passed on): refused with the time of the first entry.
    await page.getByTestId('verifier-image').setInputFiles(image);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-entry"]')?.getAttribute('data-state') === 'refused',
    );
    expect(await page.getByTestId('verifier-entry').textContent()).toMatch(/[\u4e00-\u9fff]/);
    // The register is read again after every attempt: still one entry for the code.
    await page.getByTestId('verifier-register').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-register-entry').count()).toBe(before + 1);
    // The browser reports the node's 409 answer itself; nothing else may be in the console.
    expect(errors.filter((error) => !/status of 409 .*\/api\/v1\/venue\/entries/.test(error))).toEqual([]);
  });

  it('refuses a wrong client secret with the node’s reason, and records an inspection of a printed licence', async () => {
    const ctx = createAppContext({ store: hutong.server.store, nodeId: hutong.server.nodeId, secrets });
    const inspector = await registerClient(
      ctx,
      {
        name: '市场监管综合执法终端',
        organisationCode: DEMO_DEPARTMENTS.marketRegulation.code,
        kind: 'inspector',
        scopes: ['verify'],
        licenceTypes: '*',
      },
      { actor: 'system' },
    );
    if (inspector.clientSecret === undefined) throw new Error('no secret for the inspector client');
    const licence = licences[1] as Licence;

    await openVerifier();
    await page.getByTestId('verifier-mode').getByText('执法检查', { exact: true }).click();
    await page.getByTestId('verifier-client-id').fill(inspector.client.clientId);
    await page.getByTestId('verifier-client-secret').fill('not-the-secret');
    await page.getByTestId('verifier-client-submit').click();
    await page.getByTestId('verifier-client-error').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-client-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
    // The browser reports the node's 401 answer itself; nothing else may be in the console.
    expect(errors.filter((error) => !/status of 401 .*\/api\/v1\/oauth\/token/.test(error))).toEqual([]);
    await context.close();

    await openMode('执法检查', inspector.client.clientId, inspector.clientSecret);
    // The printed licence's QR code holds the verification page's address; pasted as scanned.
    const url = verificationUrl(hutong.url, await printCodeOf(hutong, secrets, licence));
    await page.getByTestId('verifier-input').getByText('粘贴亮证码', { exact: true }).click();
    await page.getByTestId('verifier-paste').fill(url);
    await page.getByTestId('verifier-paste-submit').click();
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-kind')).toBe('printed-licence');
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');

    await page.getByTestId('verifier-inspection-result').getByText('发现问题', { exact: true }).click();
    await page.getByTestId('verifier-inspection-place').fill('乌鲁木齐市天山区解放北路 1 号');
    await page.getByTestId('verifier-inspection-submit').click();
    // Notes are required when issues were found: said beside the field, nothing sent.
    await page.getByText('发现问题时请写明检查情况', { exact: true }).waitFor(VISIBLE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('verifier-inspection-notes').fill('未在经营场所醒目位置悬挂证照');
    await page.getByTestId('verifier-inspection-submit').click();
    await page.getByTestId('verifier-inspection-recorded').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-inspection-recorded').textContent()).toContain('发现问题');
    await saveScreenshot(page, 'readme-verifier-inspection');

    // The node keeps it against the licence, for the inspector's agency to read back.
    const token = await fetch(new URL('/api/v1/oauth/token', hutong.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: inspector.client.clientId,
        client_secret: inspector.clientSecret,
      }).toString(),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const history = await fetch(
      new URL(`/api/v1/licences/${licence.metadata.certificateIdentifier}/inspections`, hutong.url),
      { headers: { authorization: `Bearer ${access_token}` } },
    );
    const body = (await history.json()) as {
      inspections: Array<{ result: string; notes?: string; codeKind: string; codeValid: boolean }>;
    };
    expect(body.inspections).toMatchObject([
      { result: 'issues-found', notes: '未在经营场所醒目位置悬挂证照', codeKind: 'printed-licence', codeValid: true },
    ]);
    expect(errors).toEqual([]);
  });
});
