/**
 * A holder grants, the agency pre-fills a matter form (issue 6, "Tests in a real browser"), in
 * Chromium against a real demo node (fresh SQLite). On a phone, a resident signs in with a
 * one-time code, grants the government service centre's platform the use of their identity card
 * for 社会保障卡申领, and downloads the signed consent receipt. At the centre's counter, the
 * demo clerk (staff role counter-clerk) picks the grant among the centre's (ID masked): the form is filled from the
 * identity card with each value's source, the card is attached, and the photo and the fields the
 * licences cannot give are shown as still missing. The resident sees the use in their usage
 * records, revokes the grant at once, and the clerk's next prefill is refused with the reason.
 * axe-core finds no serious violation on the new scenes; no console error on any page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseOption } from './support/ant-select.js';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { residentsWithIdCard } from './support/demo-residents.js';
import { type OpenedPage, PHONE, useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
/** A counter PC (the clerk); the holder uses a phone (PHONE). */
const DESK = { viewport: { width: 1280, height: 900 } } as const;
const MATTER = '000110030000'; // 社会保障卡申领: identity card + a photo; name, ID and sex from the card.
const MATTER_NAME = '社会保障卡申领';
const PLATFORM = '政务服务一网通办平台';

describe('a holder grants, the agency pre-fills a matter form, in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let resident = '';

  beforeAll(async () => {
    // A resident with a valid identity card in the demo library, as the issuing department sees them.
    resident = (await residentsWithIdCard(hutong.server, '授权预填测试选取持证人'))[0] ?? '';
    expect(resident).not.toBe('');
  });

  async function open(options: typeof PHONE | typeof DESK, path: string): Promise<OpenedPage> {
    return hutong.open(path, { context: { ...options, acceptDownloads: true } });
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    // Measured at rest: a message fading in has, for a moment, too little contrast.
    await page.waitForFunction(() =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    );
    expect(await seriousViolations(page), name).toEqual([]);
  }

  async function choose(page: Page, testId: string, text: string): Promise<void> {
    await chooseOption(page, testId, text);
  }

  it('grants on a phone, prefills at the counter with each source shown, and a revocation stops the next prefill', async () => {
    // The resident signs in on their phone with the one-time code the demo node's mailbox shows.
    const holder = await open(PHONE, '/#/holder');
    await holder.page.getByTestId('holder-code').fill(resident);
    await holder.page.getByTestId('holder-sign-in-start').click();
    const message = holder.page.getByTestId('holder-mailbox-message');
    await message.waitFor(VISIBLE);
    const otp = /\d{6,8}/.exec((await message.textContent()) ?? '')?.[0];
    if (otp === undefined) throw new Error(`no one-time code in ${await message.textContent()}`);
    await holder.page.getByTestId('holder-one-time').fill(otp);
    await holder.page.getByTestId('holder-sign-in-verify').click();
    await holder.page.getByTestId('holder-list').waitFor(VISIBLE);

    // No grant yet: the empty state, then a new grant for the identity card.
    await holder.page.getByTestId('holder-view-grants').click();
    await holder.page.getByTestId('grants-empty').waitFor(VISIBLE);
    await expectAccessible(holder.page, 'holder grants, empty');
    await holder.page.getByTestId('grant-new').click();
    const form = holder.page.getByTestId('grant-form');
    await form.waitFor(VISIBLE);
    await form.getByText(PLATFORM).click();
    await choose(holder.page, 'grant-matter', MATTER_NAME);
    expect(await holder.page.getByTestId('grant-purpose').inputValue()).toBe(MATTER_NAME);
    await form.getByText('居民身份证').click();
    await expectAccessible(holder.page, 'holder grant form');
    await saveScreenshot(holder.page, 'web-holder-grant-form-zh-CN');
    await holder.page.getByTestId('grant-submit').click();

    const card = holder.page.getByTestId('grant-card');
    await card.waitFor(VISIBLE);
    expect(await card.textContent()).toContain(PLATFORM);
    expect(await card.textContent()).toContain(MATTER_NAME);
    const grantId = (await card.getAttribute('data-grant-id')) ?? '';
    expect(await holder.page.getByTestId('grant-id').textContent()).toContain(grantId);
    await expectAccessible(holder.page, 'holder grants, one active');
    await saveScreenshot(holder.page, 'readme-holder-grants-zh-CN', { fullPage: false });

    // The consent receipt downloads as the signed JSON the server keeps for the grant.
    const [download] = await Promise.all([
      holder.page.waitForEvent('download'),
      holder.page.getByTestId('grant-receipt').click(),
    ]);
    const receipt = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(receipt)).toContain(grantId);
    expect(JSON.stringify(receipt)).toContain(MATTER);

    // At the counter: the clerk signs in and prefills the matter with the grant number.
    const clerk = await open(DESK, '/');
    await signInThroughPage(clerk.page, demoStaff(hutong.server, 'clerk'));
    await clerk.page.goto(new URL('/#/console', hutong.url).href);
    await clerk.page.getByTestId('counter-prefill').waitFor(VISIBLE);
    await choose(clerk.page, 'prefill-matter', MATTER_NAME);
    // The clerk picks the applicant's grant among those the centre received (holder ID masked)
    // rather than typing its number; the number fills in.
    const masked = `${resident.slice(0, 6)}********${resident.slice(-4)}`;
    await clerk.page.getByTestId('prefill-grant-pick').click();
    const option = clerk.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: masked });
    await option.first().waitFor(VISIBLE);
    const shown = await clerk.page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents();
    expect(shown.join('\n')).not.toContain(resident);
    await option.first().click();
    expect(await clerk.page.getByTestId('prefill-grant').inputValue()).toBe(grantId);
    await clerk.page.getByTestId('prefill-submit').click();
    const result = clerk.page.getByTestId('prefill-result');
    await result.waitFor(VISIBLE);
    // Filled from the identity card, with the source beside each value.
    expect(await clerk.page.getByTestId('prefill-field-applicantIdNumber').inputValue()).toBe(resident);
    expect(await clerk.page.getByTestId('prefill-source-applicantIdNumber').textContent()).toContain('居民身份证');
    expect(await clerk.page.getByTestId('prefill-source-gender').textContent()).toContain('居民身份证');
    // The card carries sex as its GB/T 2261.1 code; the form shows the catalogue's label.
    await expect.poll(() => clerk.page.getByTestId('prefill-field-gender').inputValue()).toMatch(/^[男女]$/);
    // What the applicant must still bring or fill in.
    expect(await clerk.page.getByTestId('prefill-materials-missing').textContent()).toContain('近期免冠彩色证件照');
    expect(await clerk.page.getByTestId('prefill-to-complete-bank').isVisible()).toBe(true);
    expect(await clerk.page.getByTestId('prefill-attached').textContent()).toContain('居民身份证');
    await expectAccessible(clerk.page, 'console prefill');
    await saveScreenshot(clerk.page, 'readme-console-prefill-zh-CN');

    // The resident sees who used which licence, when and why.
    await holder.page.getByTestId('holder-view-usage').click();
    const usage = holder.page.getByTestId('usage-record').first();
    await usage.waitFor(VISIBLE);
    expect(await usage.textContent()).toContain(PLATFORM);
    expect(await usage.textContent()).toContain(MATTER_NAME);
    await expectAccessible(holder.page, 'holder usage records');
    await saveScreenshot(holder.page, 'web-holder-usage-zh-CN', { fullPage: false });

    // Revoked with a confirmation, at once: the grant moves to the revoked list.
    await holder.page.getByTestId('holder-view-grants').click();
    await holder.page.getByTestId('grant-revoke').click();
    await holder.page.getByTestId('grant-revoke-confirm').click();
    await holder.page.getByTestId('grants-empty').waitFor(VISIBLE);
    await holder.page.getByTestId('grant-filter').getByText('已撤销').click();
    expect(await holder.page.getByTestId('grant-card').textContent()).toContain('已撤销');

    // The clerk's next prefill with it is refused, in Chinese, with the reason.
    await clerk.page.getByTestId('prefill-submit').click();
    const refused = clerk.page.getByTestId('prefill-error');
    await refused.waitFor(VISIBLE);
    expect(await refused.textContent()).toContain('撤销');
    expect(await clerk.page.getByTestId('prefill-result').count()).toBe(0);

    // Chromium logs the refused request itself (HTTP 403); nothing else on either page.
    expect(clerk.errors.filter((e) => !e.includes('403'))).toEqual([]);
    expect(clerk.errors.length).toBeLessThanOrEqual(1);
    expect(holder.errors).toEqual([]);
  }, 240_000);
});
