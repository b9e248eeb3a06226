/**
 * axe-core (WCAG 2.1 A and AA) on every scene of the web application, as each person sees it, in
 * Chromium against a real demo node: signed out; a department operator (library, console); a
 * platform and catalogue administrator (every administration tab, the dashboard); a holder (their
 * licences, a licence in full, the show-code screen); and again in English with elder mode.
 * A serious or critical violation fails the test with the rule and the elements at fault.
 * (The kiosk's steps and the matters editor are checked in their own files; the verifier's own
 * tests check the verifier.)
 */
import { DEMO_TYPES } from '@hutong/server';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { demoClient } from './support/demo-client.js';
import { useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;

describe('accessibility of every scene, in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let page: Page;
  let errors: string[];

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<void> {
    ({ page, errors } = await hutong.open(path, { context: { viewport } }));
  }

  async function expectAccessible(scene: string): Promise<void> {
    expect(await seriousViolations(page), scene).toEqual([]);
  }

  async function toEnglishElder(): Promise<void> {
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('elder-switch').click();
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
  }

  it('signed out: home, catalogue, library, console, holder sign-in, dashboard, administration, kiosk set-up', async () => {
    await open('/');
    await page.getByTestId('health-status').waitFor(VISIBLE);
    await expectAccessible('home');
    await page.goto(new URL('/#/catalogue', hutong.url).href);
    const table = page.getByTestId('catalogue-table');
    await table.waitFor(VISIBLE);
    await table.locator('tr', { hasText: DEMO_TYPES.idCard.code }).locator('.ant-table-row-expand-icon').click();
    await page.getByTestId(`type-details-${DEMO_TYPES.idCard.code}`).waitFor(VISIBLE);
    await expectAccessible('catalogue with a type expanded');
    for (const [scene, testId] of [
      ['library', 'library-signed-out'],
      ['console', 'console-signed-out'],
      ['holder', 'holder-sign-in'],
      ['dashboard', 'dashboard-signed-out'],
      ['admin', 'admin-signed-out'],
      ['kiosk', 'kiosk-setup'],
      ['sign-in', 'sign-in-username'],
    ] as const) {
      await page.goto(new URL(`/#/${scene}`, hutong.url).href);
      await page.getByTestId(testId).waitFor(VISIBLE);
      await expectAccessible(scene);
    }
    await toEnglishElder();
    await page.goto(new URL('/', hutong.url).href);
    await page.getByTestId('health-status').waitFor(VISIBLE);
    await expectAccessible('home, English, elder mode');
    await saveScreenshot(page, 'readme-home-elder-en', { fullPage: false });
  });

  it('a department operator: the library with results and a licence, the console tabs', async () => {
    await open('/');
    await signInThroughPage(page, demoStaff(hutong.server, 'operator'));
    await page.goto(new URL('/#/library', hutong.url).href);
    await page.getByTestId('library-use-cause').fill('无障碍检查');
    await page.getByTestId('library-mode').getByText('按证照类型', { exact: true }).click();
    await page.getByTestId('library-type').click();
    await page.keyboard.type('居民户口簿');
    await page.locator('.ant-select-item-option', { hasText: DEMO_TYPES.householdRegister.code }).click();
    await page.getByTestId('library-submit').click();
    await page.getByTestId('library-table').waitFor(VISIBLE);
    await expectAccessible('library results');
    await page.getByTestId('library-open').first().click();
    await page.getByTestId('licence-detail').waitFor(VISIBLE);
    await expectAccessible('library licence');

    await page.goto(new URL('/#/console', hutong.url).href);
    await page.getByTestId('console-page').waitFor(VISIBLE);
    await expectAccessible('console: issue');
    // With a type chosen: the form generated from its face schema.
    await page.getByTestId('console-type').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.getByTestId('console-issue-form').waitFor(VISIBLE);
    await page.locator('.ant-select-dropdown').first().waitFor({ state: 'hidden', timeout: 30_000 });
    await expectAccessible('console: issue form');
    for (const tab of ['events', 'import'] as const) {
      await page.getByTestId(`console-tab-${tab}`).click();
      await expectAccessible(`console: ${tab}`);
    }
  });

  it('an administrator: every administration tab and the dashboard', async () => {
    await open('/', { width: 1366, height: 900 });
    await signInThroughPage(page, demoStaff(hutong.server, 'admin'));
    await page.goto(new URL('/#/admin', hutong.url).href);
    await page.getByTestId('admin-tabs').waitFor(VISIBLE);
    for (const tab of ['types', 'responsibilities', 'scenarios', 'matters', 'clients', 'keys', 'log'] as const) {
      await page.getByTestId(`admin-tab-${tab}`).click();
      await page.locator('.ant-tabs-tabpane-active .ant-spin').first().waitFor({ state: 'detached', timeout: 30_000 });
      await expectAccessible(`admin: ${tab}`);
    }
    await page.goto(new URL('/#/dashboard', hutong.url).href);
    await page.getByTestId('dashboard').waitFor(VISIBLE);
    await expectAccessible('dashboard');
  });

  it('a holder on a phone: their licences, one in full, the show-code screen; English and elder mode', async () => {
    const department = await demoClient(hutong.server, 'department:publicSecurity');
    const query = new URLSearchParams({
      typeCode: DEMO_TYPES.idCard.code,
      status: 'valid',
      useCause: '无障碍检查选取持证人',
    });
    const listed = await fetch(new URL(`/api/v1/licences?${query}`, hutong.url), {
      headers: { authorization: department.authorization },
    });
    const { items } = (await listed.json()) as { items: Array<{ licence: { metadata: Record<string, string> } }> };
    const holderCode = items[0]?.licence.metadata.certificateHolderCode ?? '';

    await open('/#/holder', { width: 390, height: 844 });
    await page.getByTestId('holder-code').fill(holderCode);
    await page.getByTestId('holder-sign-in-start').click();
    const message = page.getByTestId('holder-mailbox-message');
    await message.waitFor(VISIBLE);
    await expectAccessible('holder: one-time code');
    const code = /\d{6,8}/.exec((await message.textContent()) ?? '')?.[0] ?? '';
    await page.getByTestId('holder-one-time').fill(code);
    await page.getByTestId('holder-sign-in-verify').click();
    await page.getByTestId('holder-list').waitFor(VISIBLE);
    await expectAccessible('holder: licences');
    await page.getByTestId('holder-licence-card').first().click();
    await page.getByTestId('holder-detail').waitFor(VISIBLE);
    await expectAccessible('holder: licence in full');
    await page.getByTestId('holder-show-code').click();
    await page.getByTestId('holder-qr').waitFor(VISIBLE);
    await expectAccessible('holder: show code');
    await page.getByTestId('holder-show-close').click();
    await toEnglishElder();
    await page.getByTestId('holder-detail').waitFor(VISIBLE);
    await expectAccessible('holder: licence in full, English, elder mode');
    await saveScreenshot(page, 'readme-holder-licence-elder-en');
  });
});
