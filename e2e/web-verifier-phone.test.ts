/**
 * 扫码核验 on the narrowest common phone (375 CSS px, an iPhone SE / mini): the verifier's choices
 * (check / venue / inspector; camera / image / paste / file) must each say what they are. At 375 px
 * the four ways to give a code had about 80 px each and Ant Design cut their labels to
 * "Ca… Upl… Pas… Lic…"; elder mode cut "Venue entry". A label now wraps under its icon there.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';

const SMALL_PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;
const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

/** Each label of a segmented choice whose text is cut (wider than the room it has), with its widths. */
async function cutLabels(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('.ant-segmented-item-label')
    .evaluateAll((labels) =>
      labels
        .filter((label) => label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight + 1)
        .map(
          (label) =>
            `${label.textContent}: ${label.scrollWidth}×${label.scrollHeight} in ${label.clientWidth}×${label.clientHeight}`,
        ),
    );
}

describe('the verifier scene on a 375 px phone in Chromium', () => {
  const hutong = useBrowserAndServer();

  it('shows every mode and every way to give a code in full, in Chinese and English, standard and elder mode', async () => {
    const { page, errors } = await hutong.open('/#/verify', { context: SMALL_PHONE });
    await page.getByTestId('verifier-input').waitFor(VISIBLE);
    for (const language of ['zh-CN', 'en'] as const) {
      if (language === 'en') await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
      for (const elder of [false, true]) {
        if (elder) await page.getByTestId('elder-switch').click();
        await page.waitForFunction((on) => document.documentElement.dataset.elder === (on ? 'on' : 'off'), elder);
        for (const testId of ['verifier-mode', 'verifier-input']) {
          expect(await cutLabels(page, testId), `${language}${elder ? ' elder' : ''} ${testId}`).toEqual([]);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await saveScreenshot(page, `web-verifier-375-${language}${elder ? '-elder' : ''}`, { fullPage: false });
        if (elder) await page.getByTestId('elder-switch').click();
      }
    }
    expect(errors).toEqual([]);
  });
});
