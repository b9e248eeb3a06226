/**
 * 部门工作台 in Chromium against a real node: the demo department operator signs in, issues a
 * household register from the form generated from the type's face fields (a wrong citizen ID
 * check character and a missing face field are shown beside their inputs before anything is
 * sent), then revokes it with a reason after confirming; the library answers as the page said.
 */
import { DEMO_TYPES } from '@hutong/server';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption } from './support/ant-select.js';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;
/** A valid citizen ID (GB 11643 check character X) and the same with a wrong check character. */
const CITIZEN_ID = '11010519491231002X';
const WRONG_CHECK = '110105194912310021';

describe('the agency console in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let page: Page;

  async function choose(testId: string, text: string): Promise<void> {
    await chooseOption(page, testId, text);
  }

  it('issues a licence from the type’s face-field form, then revokes it with a confirmed reason', async () => {
    const opened = await hutong.open('/#/console', { context: { viewport: { width: 1280, height: 900 } } });
    const { context, errors } = opened;
    page = opened.page;
    await page.getByTestId('console-signed-out').waitFor(VISIBLE);
    await signInThroughPage(page, demoStaff(hutong.server, 'operator'));
    await page.getByTestId('nav-console').click();
    await page.getByTestId('console-page').waitFor(VISIBLE);

    const household = DEMO_TYPES.householdRegister;
    await choose('console-type', household.code);
    await page.getByTestId('console-issue-form').waitFor(VISIBLE);

    // The holder code is checked as it is typed: a wrong check character is named at once.
    await page.getByTestId('console-certificateHolderCode').fill(WRONG_CHECK);
    const holderError = page.getByTestId('console-error-certificateHolderCode');
    await holderError.waitFor(VISIBLE);
    expect(await holderError.textContent()).toMatch(/校验/);
    await page.getByTestId('console-certificateHolderCode').fill(CITIZEN_ID);
    await holderError.waitFor({ state: 'detached', timeout: 20_000 });

    const number = `新公户${Date.now()}`;
    await page.getByTestId('console-certificateNumber').fill(number);
    await page.getByTestId('console-certificateHolderName').fill('古丽米拉');
    await page.getByTestId('console-certificateEffectiveDate').fill('2026-01-08');
    await page.getByTestId('console-face-householdNumber').fill('650102001234');
    await choose('console-face-householdType', '家庭户');
    await page.getByTestId('console-face-headName').fill('古丽米拉');
    await page.getByTestId('console-face-headIdNumber').fill(WRONG_CHECK);
    await page.getByTestId('console-face-address').fill('新疆维吾尔自治区乌鲁木齐市天山区解放南路1号');
    await page.getByTestId('console-face-memberCount').fill('3');
    // The registration office is left out: sending shows every problem, and nothing is sent.
    await page.getByTestId('console-issue-submit').click();
    await page.getByTestId('console-issue-invalid').waitFor(VISIBLE);
    expect(await page.getByTestId('console-error-face.registrationOffice').textContent()).not.toBe('');
    expect(await page.getByTestId('console-error-face.headIdNumber').textContent()).toMatch(/校验/);
    await saveScreenshot(page, 'readme-console-issue-errors');

    await page.getByTestId('console-face-headIdNumber').fill(CITIZEN_ID);
    await page.getByTestId('console-face-registrationOffice').fill('乌鲁木齐市公安局天山区分局');
    await page.getByTestId('console-issue-submit').click();
    const identifier =
      (await (await page.getByTestId('console-issued-identifier').elementHandle())?.textContent()) ?? '';
    expect(identifier).toMatch(/^1\.2\.156\.3005\.2\./);
    expect(await page.getByTestId('console-issued').textContent()).toContain(number);
    await saveScreenshot(page, 'web-console-issued');

    // Revocation: the licence, the event, a reason, and a confirmation before anything is written.
    await page.getByTestId('console-tab-events').click();
    await page.getByTestId('console-event-identifier').fill(identifier);
    await page.getByTestId('console-event-find').click();
    await page.getByTestId('console-event-licence').waitFor(VISIBLE);
    expect(await page.getByTestId('console-event-status').getAttribute('data-status')).toBe('valid');
    await choose('console-event-type', '吊销');
    await page.getByTestId('console-event-submit').click();
    // No reason given: refused in the form.
    await page.getByText('必填', { exact: true }).first().waitFor(VISIBLE);
    await page.getByTestId('console-event-reason').fill('以欺骗手段取得户口登记');
    await page.getByTestId('console-event-submit').click();
    await page.getByTestId('console-event-confirm-text').waitFor(VISIBLE);
    expect(await page.getByTestId('console-event-confirm-text').textContent()).toContain(number);
    await saveScreenshot(page, 'web-console-revoke-confirm');
    await page.getByTestId('console-event-confirm').click();
    await page.getByTestId('console-event-recorded').waitFor(VISIBLE);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="console-event-status"]')?.getAttribute('data-status') === 'revoked',
    );

    // The library says the same, asked with this session.
    const query = new URLSearchParams({ useCause: '端到端测试：核对吊销' });
    const view = (await (
      await context.request.get(new URL(`/api/v1/licences/${encodeURIComponent(identifier)}?${query}`, hutong.url).href)
    ).json()) as { status: { status: string } };
    expect(view.status.status).toBe('revoked');
    expect(errors).toEqual([]);
  });
});
