/**
 * A licence's journey in Chromium against a real node (fresh SQLite): the department issues a
 * household register; the holder signs in on a phone (one-time code from the demo node's
 * mailbox), finds it among their licences, opens it and shows its code full screen; a
 * picture of that QR code is uploaded to the verifier page, decoded and verified offline:
 * green. The department's operator revokes it in the agency console; the holder's fresh code
 * says so, and the verifier shows red.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TYPES } from '@hutong/server';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser.js';
import { demoClient } from './support/demo-client.js';
import { type OpenedPage, PHONE, useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
/** A citizen ID (GB 11643, valid check character) that holds nothing in the demo library. */
const HOLDER_ID = '650102198803150025';
const HOLDER_NAME = '阿依古丽';

describe('a licence from issuance to the verifier, in Chromium', () => {
  const pictures = mkdtempSync(join(tmpdir(), 'hutong-e2e-journey-'));
  const hutong = useBrowserAndServer({ demo: true });
  const opened: OpenedPage[] = [];

  afterAll(() => {
    rmSync(pictures, { recursive: true, force: true });
  });

  async function open(path: string, context: BrowserContextOptions): Promise<OpenedPage> {
    const result = await hutong.open(path, { context });
    opened.push(result);
    return result;
  }

  /** The holder's QR code as a PNG file, as a verifier's photo or a screenshot of it would be. */
  async function pictureOfCode(holder: Page, name: string): Promise<string> {
    const qr = holder.getByTestId('holder-qr');
    await qr.waitFor(VISIBLE);
    const path = join(pictures, `${name}.png`);
    writeFileSync(path, await qr.screenshot());
    return path;
  }

  async function verify(verifier: Page, picture: string): Promise<string | null> {
    await verifier.getByTestId('verifier-input').getByText('上传图片', { exact: true }).click();
    await verifier.getByTestId('verifier-image').setInputFiles(picture);
    const verdict = verifier.getByTestId('verifier-verdict');
    await verdict.waitFor(VISIBLE);
    return verdict.getAttribute('data-tone');
  }

  it('is shown by its holder, verified green, revoked by the department, then verified red', async () => {
    // The department's system issues a household register to the holder.
    const department = await demoClient(hutong.server, 'department:publicSecurity');
    const number = `新公户${Date.now()}`;
    const issued = await fetch(new URL('/api/v1/licences', hutong.url), {
      method: 'POST',
      headers: { authorization: department.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        certificateTypeCode: DEMO_TYPES.householdRegister.code,
        certificateNumber: number,
        certificateHolderName: HOLDER_NAME,
        certificateHolderCode: HOLDER_ID,
        certificateHolderTypeCode: '111',
        certificateEffectiveDate: '2026-01-08',
        face: {
          householdNumber: '650102009876',
          householdType: '1',
          headName: HOLDER_NAME,
          headIdNumber: HOLDER_ID,
          address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路1号',
          memberCount: 2,
          registrationOffice: '乌鲁木齐市公安局天山区分局',
        },
      }),
    });
    const body = (await issued.json()) as { identifier?: string };
    expect(issued.status, JSON.stringify(body)).toBe(201);
    const identifier = body.identifier ?? '';

    // The holder signs in on a phone with the one-time code the demo node puts in its mailbox.
    const holder = await open('/#/holder', PHONE);
    await holder.page.getByTestId('holder-code').fill(`${HOLDER_ID.slice(0, 17)}9`);
    expect(await holder.page.getByTestId('holder-code-error').textContent()).toMatch(/校验/);
    await holder.page.getByTestId('holder-code').fill(HOLDER_ID);
    await holder.page.getByTestId('holder-sign-in-start').click();
    const message = holder.page.getByTestId('holder-mailbox-message');
    await message.waitFor(VISIBLE);
    const code = /\d{6,8}/.exec((await message.textContent()) ?? '')?.[0];
    if (code === undefined) throw new Error(`no one-time code in ${await message.textContent()}`);
    await holder.page.getByTestId('holder-one-time').fill(code);
    await holder.page.getByTestId('holder-sign-in-verify').click();

    // The licence among theirs, under its category, then in full.
    const card = holder.page.locator(`[data-testid="holder-licence-card"][data-identifier="${identifier}"]`);
    await card.waitFor(VISIBLE);
    expect(await card.textContent()).toContain(number);
    // Who is signed in: their name when the identity provider gave one, else the ID number masked.
    expect(await holder.page.getByTestId('holder-who').textContent()).toMatch(
      new RegExp(`${HOLDER_NAME}|^${HOLDER_ID.slice(0, 4)}\\*+${HOLDER_ID.slice(-4)}$`),
    );
    expect(await holder.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(holder.page, 'readme-holder-licences');
    await card.click();
    await holder.page.getByTestId('holder-detail-face').waitFor(VISIBLE);
    expect(await holder.page.getByTestId('holder-detail-face').textContent()).toContain('650102009876');
    expect(await holder.page.getByTestId('holder-detail-status').getAttribute('data-status')).toBe('valid');
    expect(await holder.page.getByTestId('holder-detail-history').textContent()).toContain('签发');
    await saveScreenshot(holder.page, 'web-holder-detail');
    // The downloads behind the detail's buttons: the signed licence and its printable PDF.
    for (const [testId, type] of [
      ['holder-download-json', 'application/json'],
      ['holder-download-pdf', 'application/pdf'],
    ] as const) {
      const href = await holder.page.getByTestId(testId).getAttribute('href');
      const download = await holder.context.request.get(new URL(href ?? '', hutong.url).href);
      expect(download.status(), `${testId}: ${href}`).toBe(200);
      expect(download.headers()['content-type']).toContain(type);
    }

    // The show code, full screen, with a countdown; the household number is added to what is shown.
    await holder.page.getByTestId('holder-show-code').click();
    await holder.page.getByTestId('holder-countdown').waitFor(VISIBLE);
    const first = await holder.page.getByTestId('holder-qr').getAttribute('data-code');
    await holder.page.getByTestId('holder-show-field-householdNumber').click();
    await holder.page.waitForFunction((before) => {
      const now = document.querySelector('[data-testid="holder-qr"]')?.getAttribute('data-code');
      return now !== null && now !== undefined && now !== before;
    }, first);
    // The licence's name stays readable above the code: the picture (88 % of the phone's width) no
    // longer overflows its box upwards over the name.
    const [title, picture] = await holder.page.evaluate(() =>
      ['.holder-show-title', '[data-testid="holder-qr"]'].map((selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        return { top: box?.top ?? Number.NaN, bottom: box?.bottom ?? Number.NaN };
      }),
    );
    expect(picture?.top).toBeGreaterThanOrEqual(title?.bottom ?? Number.POSITIVE_INFINITY);
    // What the phone's screen shows: the code over everything else.
    await saveScreenshot(holder.page, 'readme-holder-show-code', { fullPage: false });
    const validPicture = await pictureOfCode(holder.page, 'valid');

    // The verifier, on another phone, reads the picture: green, with what the holder chose to show.
    const verifier = await open('/#/verify', PHONE);
    await verifier.page.getByTestId('verifier-network').waitFor(VISIBLE);
    expect(await verify(verifier.page, validPicture)).toBe('valid');
    const shown = (await verifier.page.getByTestId('verifier-fields').textContent()) ?? '';
    expect(shown).toContain(HOLDER_NAME);
    expect(shown).toContain('650102009876');
    expect(shown).toContain('身份核验');
    await saveScreenshot(verifier.page, 'web-journey-verifier-valid');

    // The department's operator revokes it in the agency console.
    const operator = await open('/', { viewport: { width: 1280, height: 900 } });
    await signInThroughPage(operator.page, demoStaff(hutong.server, 'operator'));
    await operator.page.getByTestId('nav-console').click();
    await operator.page.getByTestId('console-tab-events').click();
    await operator.page.getByTestId('console-event-identifier').fill(identifier);
    await operator.page.getByTestId('console-event-find').click();
    await operator.page.getByTestId('console-event-licence').waitFor(VISIBLE);
    await operator.page.getByTestId('console-event-type').click();
    await operator.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '吊销' })
      .first()
      .click();
    await operator.page.getByTestId('console-event-reason').fill('户口登记事项不实');
    await operator.page.getByTestId('console-event-submit').click();
    await operator.page.getByTestId('console-event-confirm').click();
    await operator.page.getByTestId('console-event-recorded').waitFor(VISIBLE);

    // The holder's next code carries the revocation: the screen says so, and the verifier shows red.
    await holder.page.getByTestId('holder-show-refresh').click();
    await holder.page.getByTestId('holder-show-not-valid').waitFor(VISIBLE);
    const revokedPicture = await pictureOfCode(holder.page, 'revoked');
    expect(await verify(verifier.page, revokedPicture)).toBe('invalid');
    await verifier.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="verifier-check-status-at-signing"]')?.getAttribute('data-ok') === 'no',
    );
    expect(await verifier.page.getByTestId('verifier-check-signature').getAttribute('data-ok')).toBe('yes');
    await saveScreenshot(verifier.page, 'readme-verifier-revoked');

    // The holder's list says revoked too.
    await holder.page.getByTestId('holder-show-close').click();
    await holder.page.getByTestId('holder-back').click();
    await holder.page.waitForFunction(
      (id) =>
        document
          .querySelector(`[data-testid="holder-licence-card"][data-identifier="${id}"] [data-status]`)
          ?.getAttribute('data-status') === 'revoked',
      identifier,
    );

    for (const { errors } of opened) expect(errors).toEqual([]);
    // Four browser sessions on a shared 2-core machine: far beyond the default 120 s when it is busy.
  }, 480_000);
});
