/**
 * 窗口预填's grant picker reaches every grant, in Chromium: the service centre has received 101
 * live grants for 社会保障卡申领, the applicant's the oldest (beyond the first page of 100). The
 * clerk finds it by loading the next page from under the options, and again at once by typing
 * the applicant's full ID number into the picker's search (matched by the server's keyed holder
 * index); either way the grant number fills in, and no ID number shows in clear.
 */
import { randomBytes } from 'node:crypto';
import { createAppContext, createGrant, createSecrets, DEMO_TYPES } from '@hutong/server';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseOption } from './support/ant-select.js';
import { residentsWithIdCard } from './support/demo-residents.js';
import { useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
const DESK = { viewport: { width: 1280, height: 900 } } as const;
const MATTER = '000110030000';
const MATTER_NAME = '社会保障卡申领';
const TARGET_PURPOSE = '申领社会保障卡（窗口核对）';
const OTHER_PURPOSE = '申领社会保障卡';

describe('the counter clerk’s grant picker reaches a grant beyond the first 100', () => {
  const secrets = createSecrets(randomBytes(32));
  const hutong = useBrowserAndServer({ demo: true, secrets });
  let target = '';
  let targetGrant = '';

  beforeAll(async () => {
    const [applicant, other] = await residentsWithIdCard(hutong.server, '端到端测试：授权选择器');
    if (applicant === undefined || other === undefined) throw new Error('the demo library has too few residents');
    target = applicant;
    const platform = hutong.server.demo?.clients.find((c) => c.key === 'relying-party:serviceCentre');
    if (platform === undefined) throw new Error('the demo node has no service centre client');
    const ctx = createAppContext({ store: hutong.server.store, nodeId: hutong.server.nodeId, secrets });
    const grant = (holderCode: string, purpose: string) =>
      createGrant(
        ctx,
        { kind: 'holder', holderCodeType: '111', holderCode },
        {
          clientId: platform.clientId,
          typeCodes: [DEMO_TYPES.idCard.code],
          matterCode: MATTER,
          purpose,
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      );
    // The applicant's grant first: the list is newest first, so 100 others push it to page two.
    targetGrant = (await grant(target, TARGET_PURPOSE)).id;
    for (let i = 0; i < 100; i++) await grant(other, OTHER_PURPOSE);
  }, 180_000);

  /** The console's 窗口预填 with the matter chosen (signed in once: a TOTP code is accepted once). */
  async function openPrefill(page: Page): Promise<void> {
    await page.goto(new URL('/#/console', hutong.url).href);
    await page.reload();
    await page.getByTestId('counter-prefill').waitFor(VISIBLE);
    await chooseOption(page, 'prefill-matter', MATTER_NAME);
  }

  /** The options of the picker's open dropdown. */
  function options(page: Page) {
    return page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  }

  it('loads the next page from under the options, and finds the grant at once by the applicant’s full ID number', async () => {
    const { page } = await hutong.open('/', { context: DESK });
    await signInThroughPage(page, demoStaff(hutong.server, 'clerk'));

    // Page two, from under the options.
    await openPrefill(page);
    await page.getByTestId('prefill-grant-pick').click();
    await options(page).first().waitFor(VISIBLE);
    // Typing part of what an option shows filters the loaded options: the applicant's is not among them yet.
    await page.keyboard.type('窗口核对');
    const more = page.getByTestId('prefill-grant-more');
    await more.waitFor(VISIBLE);
    expect(await more.textContent()).toContain('100');
    // The filter applies after the typing, not with it: on a loaded machine the 10 options of
    // page one were still listed when counted at once (a full run failed so).
    await expect.poll(() => options(page).count()).toBe(0);
    await more.click();
    const found = options(page).filter({ hasText: TARGET_PURPOSE });
    await found.first().waitFor(VISIBLE);
    // The whole list is loaded now: no further page.
    await expect.poll(() => more.count()).toBe(0);
    expect(await found.textContent()).toContain(`${target.slice(0, 6)}********${target.slice(-4)}`);
    await found.first().click();
    expect(await page.getByTestId('prefill-grant').inputValue()).toBe(targetGrant);
    expect(await page.getByTestId('counter-prefill').textContent()).not.toContain(target);

    // At once, by the full ID number the applicant hands over (asked of the server).
    await openPrefill(page);
    expect(await page.getByTestId('prefill-grant').inputValue()).toBe('');
    const masked = `${target.slice(0, 6)}********${target.slice(-4)}`;
    const answered = page.waitForResponse(
      (response) => response.url().includes('/api/v1/counter/grants') && response.url().includes('holderCode='),
    );
    await chooseOption(page, 'prefill-grant-pick', masked, target.toLowerCase());
    expect((await answered).status()).toBe(200);
    expect(await page.getByTestId('prefill-grant').inputValue()).toBe(targetGrant);
    // Only the applicant's grants were listed for the search.
    await page.getByTestId('prefill-grant-pick').click();
    await page.keyboard.type(target);
    await options(page).first().waitFor(VISIBLE);
    await expect.poll(() => options(page).count()).toBe(1);
    expect(await page.getByTestId('prefill-grant-more').count()).toBe(0);
  });
});
