import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { startTestServer } from './support/server.js';

const ZH_TITLE = '互通 · 电子证照';
const EN_TITLE = 'Hutong · Electronic Licences';

describe('the web shell in Chromium', () => {
  const hutong = useBrowserAndServer();
  let page: Page;
  let errors: string[];

  async function openPage(): Promise<void> {
    // A fresh profile per test: nothing remembered from an earlier one.
    ({ page, errors } = await hutong.open('/', { context: { viewport: { width: 1280, height: 800 } } }));
  }

  async function text(testId: string): Promise<string> {
    const locator = page.getByTestId(testId);
    await locator.waitFor({ state: 'visible', timeout: 15_000 });
    return (await locator.textContent())?.trim() ?? '';
  }

  it('shows the Chinese title and the node status, switches to English, and remembers it', async () => {
    await openPage();
    expect(await text('app-title')).toBe(ZH_TITLE);
    expect(await page.title()).toBe(ZH_TITLE);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await text('health-status')).toBe('运行正常');
    // The node id shown is the running node's.
    await expect(page.getByTestId('health-details').textContent()).resolves.toContain(hutong.server.nodeId);
    await expect(page.getByTestId('health-details').textContent()).resolves.toContain('SQLite');
    await saveScreenshot(page, 'web-shell-zh-CN');

    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.getByText(EN_TITLE, { exact: true }).waitFor();
    expect(await text('app-title')).toBe(EN_TITLE);
    expect(await page.title()).toBe(EN_TITLE);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text('health-status')).toBe('Running');
    await saveScreenshot(page, 'web-shell-en');

    await page.reload();
    expect(await text('app-title')).toBe(EN_TITLE);
    expect(errors).toEqual([]);
  });

  it('switches to the elder-friendly mode with larger type, and remembers it', async () => {
    await openPage();
    await text('health-status');
    const fontSize = async () =>
      page.getByTestId('health-details').evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
    const standard = await fontSize();

    await page.getByTestId('elder-switch').click();
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
    const elder = await fontSize();
    expect(standard).toBeLessThan(18);
    expect(elder).toBeGreaterThanOrEqual(18);
    await saveScreenshot(page, 'web-shell-elder-mode');

    await page.reload();
    await text('health-status');
    expect(await fontSize()).toBe(elder);
    expect(await page.getByTestId('elder-switch').getAttribute('aria-checked')).toBe('true');
    expect(errors).toEqual([]);
  });

  it("shows the server's own explanation when the node cannot answer", async () => {
    // A second server whose store is closed under it: the real 503 problem, in the page's language.
    const failing = await startTestServer();
    try {
      await failing.server.store.close();
      ({ page, errors } = await hutong.open(failing.url));
      expect(await text('health-error')).toContain('无法获取节点状态');
      expect(await text('health-error')).toContain('无法连接 sqlite 数据存储。');
      expect(await text('health-error')).not.toContain('hutong.db');
      await saveScreenshot(page, 'web-shell-health-error');
      // Chromium logs the failed request itself; that is the only error allowed here.
      expect(errors.every((error) => error.includes('503'))).toBe(true);
    } finally {
      await page.context().close();
      await failing.close().catch(() => {});
    }
  });
});
