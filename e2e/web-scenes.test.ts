/**
 * The web application's first scenes in Chromium against a real node seeded with the demo
 * library: the public catalogue, staff sign-in (password + RFC 6238 code), the library search
 * with its use cause, a licence in full, English, sign-out.
 */
import { DEMO_DEPARTMENTS, DEMO_TYPES } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

describe('the catalogue and library scenes in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  async function openPage(path = '/'): Promise<void> {
    ({ context, page, errors } = await hutong.open(path, { context: { viewport: { width: 1280, height: 900 } } }));
  }

  async function text(testId: string): Promise<string> {
    const locator = page.getByTestId(testId).first();
    await locator.waitFor(VISIBLE);
    return (await locator.textContent())?.trim() ?? '';
  }

  async function toEnglish(): Promise<void> {
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }

  it('shows the published catalogue to anyone, with face fields and data grades, in Chinese then English', async () => {
    await openPage('/#/catalogue');
    const idCard = DEMO_TYPES.idCard;
    const table = page.getByTestId('catalogue-table');
    await table.waitFor(VISIBLE);
    const row = table.locator('tr', { hasText: idCard.code });
    expect(await row.textContent()).toContain('居民身份证');
    expect(await row.textContent()).toContain('自然人');
    // The validity rule (5 to 20 years) reads as a person says it.
    expect(await row.textContent()).toContain('5年至20年');
    expect(await table.locator('tbody > tr.ant-table-row').count()).toBe(Object.keys(DEMO_TYPES).length);

    await row.locator('.ant-table-row-expand-icon').click();
    const details = page.getByTestId(`type-details-${idCard.code}`);
    await details.waitFor(VISIBLE);
    const detailText = (await details.textContent()) ?? '';
    expect(detailText).toContain('公民身份号码');
    expect(detailText).toContain('三级 敏感');
    expect(detailText).toContain('国家级');
    await saveScreenshot(page, 'web-catalogue-zh-CN');

    await toEnglish();
    await page.getByText('Licence catalogue', { exact: true }).waitFor(VISIBLE);
    expect(await page.getByTestId('catalogue-table').locator('tr', { hasText: idCard.code }).textContent()).toContain(
      'Resident identity card',
    );
    expect(await page.getByTestId(`type-details-${idCard.code}`).textContent()).toContain('3 Sensitive');
    await saveScreenshot(page, 'web-catalogue-en');

    // On a phone the page does not scroll sideways: wide tables scroll inside themselves.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => window.innerWidth === 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'web-catalogue-phone-en');
    expect(errors).toEqual([]);
  });

  it('signs staff in with password and one-time code, finds a mortgaged licence and shows it in full', async () => {
    const admin = demoStaff(hutong.server, 'admin');
    await openPage();
    await text('health-status');

    // The library is for signed-in staff only.
    await page.getByText('证照库', { exact: true }).click();
    await page.getByTestId('library-signed-out').waitFor(VISIBLE);
    await page.getByTestId('library-sign-in').click();

    // A wrong password: the server's own explanation, in Chinese.
    await page.getByTestId('sign-in-username').fill(admin.username);
    await page.getByTestId('sign-in-password').fill('not-the-password');
    await page.getByTestId('sign-in-totp').fill('000000');
    await page.getByTestId('sign-in-submit').click();
    expect(await text('sign-in-error')).toContain('登录失败：用户名、密码或动态口令有误。');
    // Chromium logs the refused request itself; that is the only error allowed so far.
    expect(errors.length).toBe(1);
    expect(errors[0]).toContain('401');
    errors.length = 0;

    await page.getByTestId('sign-in-password').fill(admin.password);
    await page.getByTestId('sign-in-totp').fill(admin.totpAt(new Date()));
    await saveScreenshot(page, 'web-sign-in-zh-CN');
    await page.getByTestId('sign-in-submit').click();
    expect(await text('session-user')).toContain('admin');
    expect(await text('session-user')).toContain('平台管理员');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/library');

    // Search by type, with the use cause the library requires.
    const useCause = '核验不动产抵押登记材料';
    const realEstate = DEMO_TYPES.realEstateCertificate;
    await page.getByTestId('library-use-cause').fill(useCause);
    await page.getByTestId('library-mode').getByText('按证照类型', { exact: true }).click();
    await page.getByTestId('library-type').click();
    await page.keyboard.type('不动产权');
    await page.locator('.ant-select-item-option', { hasText: realEstate.code }).click();
    await page.getByTestId('library-submit').click();
    const results = page.getByTestId('library-table');
    await results.waitFor(VISIBLE);

    // Which of them carries a mortgage in force, asked of the API with this session.
    const query = new URLSearchParams({ typeCode: realEstate.code, useCause });
    const listResponse = await context.request.get(new URL(`/api/v1/licences?${query}`, hutong.url).href);
    expect(listResponse.status(), await listResponse.text()).toBe(200);
    const listed = (await listResponse.json()) as {
      items: Array<{ licence: { metadata: Record<string, string> } }>;
    };
    expect(await results.locator('tbody > tr.ant-table-row').count()).toBe(listed.items.length);
    let mortgaged: Record<string, string> | undefined;
    for (const item of listed.items) {
      const id = encodeURIComponent(item.licence.metadata.certificateIdentifier ?? '');
      const view = (await (
        await context.request.get(
          new URL(`/api/v1/licences/${id}?${new URLSearchParams({ useCause })}`, hutong.url).href,
        )
      ).json()) as { encumbrances: Array<{ releasedAt?: string }> };
      if (view.encumbrances.some((e) => e.releasedAt === undefined)) mortgaged = item.licence.metadata;
    }
    if (mortgaged === undefined) throw new Error('the demo library has no mortgaged real-estate certificate');
    await saveScreenshot(page, 'web-library-results-zh-CN');

    await results
      .locator('tr', { hasText: mortgaged.certificateNumber ?? '' })
      .getByTestId('library-open')
      .click();
    await page.getByTestId('licence-metadata').waitFor(VISIBLE);
    expect(await text('licence-detail')).toContain(`用证事由：${useCause}`);
    expect(await text('licence-name')).toBe(mortgaged.certificateName);
    expect(await text('licence-status')).toBe('有效');
    expect(await page.getByTestId('licence-status').getAttribute('data-status')).toBe('valid');
    expect(await text('licence-metadata')).toContain(mortgaged.certificateIdentifier);
    expect(await text('licence-face')).not.toBe('');
    expect(await text('licence-encumbrances')).toContain('抵押');
    expect(await text('licence-encumbrances')).toContain('存续中');
    expect(await text('licence-versions')).toContain('001');
    expect(await text('licence-status-history')).toContain('抵押');
    await saveScreenshot(page, 'web-licence-detail-zh-CN');

    // English: the detail is read again, everything in English.
    await toEnglish();
    await page.getByText('Mortgages and pledges', { exact: true }).waitFor(VISIBLE);
    expect(await text('licence-status')).toBe('Valid');
    expect(await text('licence-encumbrances')).toContain('Mortgage');
    expect(await text('licence-encumbrances')).toContain('In force');
    expect(await text('licence-detail')).toContain(`Use cause: ${useCause}`);
    await saveScreenshot(page, 'web-licence-detail-en');

    // Back to the search; by holder (code + code type), the same licence is found.
    await page.getByTestId('licence-back').click();
    // Back from the licence, the use cause is as it was.
    expect(await page.getByTestId('library-use-cause').inputValue()).toBe(useCause);
    await page.getByTestId('library-mode').getByText('Holder', { exact: true }).click();
    await page.getByTestId('library-holder-code').fill(mortgaged.certificateHolderCode ?? '');
    await page.getByTestId('library-submit').click();
    // Only this holder's licences now (the type search listed others), the mortgaged one among them.
    const holderName = mortgaged.certificateHolderName ?? '';
    await page.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('[data-testid="library-table"] tbody > tr.ant-table-row')];
      return rows.length > 0 && rows.every((row) => row.textContent?.includes(name));
    }, holderName);
    await page
      .getByTestId('library-table')
      .locator('tr', { hasText: mortgaged.certificateNumber ?? '' })
      .waitFor(VISIBLE);
    expect(await text('library-page-number')).toBe('Page 1');

    // By issuer: a department that issued more than a page (asked of the API); keyset paging goes on and back.
    let issuer: (typeof DEMO_DEPARTMENTS)[keyof typeof DEMO_DEPARTMENTS] | undefined;
    for (const department of Object.values(DEMO_DEPARTMENTS)) {
      const probe = new URLSearchParams({ issuerCode: department.code, useCause, limit: '20' });
      const answer = (await (
        await context.request.get(new URL(`/api/v1/licences?${probe}`, hutong.url).href)
      ).json()) as {
        nextCursor?: string;
      };
      if (answer.nextCursor !== undefined) {
        issuer = department;
        break;
      }
    }
    if (issuer === undefined) throw new Error('no demo department issued more than one page of licences');
    await page.getByTestId('library-mode').getByText('Issuer', { exact: true }).click();
    await page.getByTestId('library-issuer').click();
    await page.keyboard.type(issuer.code);
    await page.locator('.ant-select-item-option', { hasText: issuer.code }).click();
    await page.getByTestId('library-submit').click();
    const rows = page.getByTestId('library-table').locator('tbody > tr.ant-table-row');
    // The one-licence holder search had no next page; this one has.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="library-next"]')?.hasAttribute('disabled') === false,
    );
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await rows.count()).toBeLessThanOrEqual(20);
    const firstPage = await rows.allTextContents();
    await page.getByTestId('library-next').click();
    await page.getByText('Page 2', { exact: true }).waitFor(VISIBLE);
    const secondPage = await rows.allTextContents();
    expect(secondPage.some((row) => firstPage.includes(row))).toBe(false);
    const { name } = issuer;
    expect(secondPage.every((row) => row.includes(name.en) || row.includes(name.zh))).toBe(true);
    await page.getByTestId('library-previous').click();
    await page.getByText('Page 1', { exact: true }).waitFor(VISIBLE);
    expect(await rows.allTextContents()).toEqual(firstPage);
    await saveScreenshot(page, 'web-library-issuer-en');

    await page.getByTestId('sign-out').click();
    await page.getByTestId('nav-sign-in').waitFor(VISIBLE);
    expect(errors).toEqual([]);
  });
});
