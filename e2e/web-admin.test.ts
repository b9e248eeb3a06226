/**
 * Administration in Chromium against a real node seeded with the demo library: the catalogue
 * editor with its face-field schema designer (draft → publish), the responsibility list, API
 * clients and issuers' keys, the transparency log checked in the browser, the audit trail with
 * its chain re-checked — in Chinese, in English and in elder-friendly mode, each view checked
 * by axe-core for serious or critical accessibility violations.
 */
import { DEMO_DEPARTMENTS, DEMO_TYPES } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption } from './support/ant-select.js';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 60_000 } as const;
/** The machine running the suite is shared: a scene with many steps gets room. */
const SCENE_TIMEOUT = 300_000;

describe('the administration scene in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  async function openPage(path = '/'): Promise<void> {
    ({ context, page, errors } = await hutong.open(path, { context: { viewport: { width: 1366, height: 900 } } }));
  }

  /** One-time codes already used: the server refuses a code twice (RFC 6238 §5.2), so wait for the next. */
  const usedCodes = new Set<string>();

  async function signIn(username: string): Promise<void> {
    const staff = demoStaff(hutong.server, username);
    let code = staff.totpAt(new Date());
    while (usedCodes.has(`${username} ${code}`)) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      code = staff.totpAt(new Date());
    }
    usedCodes.add(`${username} ${code}`);
    await page.getByTestId('nav-sign-in').click();
    await page.getByTestId('sign-in-username').fill(staff.username);
    await page.getByTestId('sign-in-password').fill(staff.password);
    await page.getByTestId('sign-in-totp').fill(code);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('session-user').waitFor(VISIBLE);
  }

  async function api<T>(path: string): Promise<T> {
    const response = await context.request.get(new URL(path, hutong.url).href);
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as T;
  }

  /** Chooses an option of an Ant Design select by typing, as a keyboard user would. */
  async function choose(testId: string, typed: string, option: string): Promise<void> {
    await chooseOption(page, testId, option, typed);
  }

  async function confirmPopover(): Promise<void> {
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary');
    await confirm.waitFor(VISIBLE);
    await confirm.click();
  }

  async function expectAccessible(name: string): Promise<void> {
    expect(await seriousViolations(page), name).toEqual([]);
  }

  it(
    'shows the public parts signed out, and nothing of clients, keys or audit',
    async () => {
      await openPage('/#/admin');
      await page.getByTestId('admin-signed-out').waitFor(VISIBLE);
      await page.getByTestId('admin-types-table').waitFor(VISIBLE);
      expect(await page.getByTestId('admin-types-table').locator('tbody > tr.ant-table-row').count()).toBe(
        Object.keys(DEMO_TYPES).length,
      );
      // Drafts, clients, keys and the audit trail are for staff with the role only.
      expect(await page.getByTestId('admin-type-new').count()).toBe(0);
      for (const tab of ['clients', 'keys', 'audit'])
        expect(await page.getByTestId(`admin-tab-${tab}`).count()).toBe(0);
      await expectAccessible('admin signed out');

      await page.getByTestId('admin-tab-responsibilities').click();
      const responsibilities = page.getByTestId('admin-responsibilities-table');
      await responsibilities.waitFor(VISIBLE);
      expect(await responsibilities.textContent()).toContain(DEMO_DEPARTMENTS.publicSecurity.name.zh);
      await saveScreenshot(page, 'web-admin-responsibilities-zh-CN');
      await expectAccessible('responsibility list');

      // The log, checked here with the log's published key; the checkpoint covers the demo's licences.
      await page.getByTestId('admin-tab-log').click();
      await page.getByTestId('admin-log-verified').waitFor(VISIBLE);
      expect(Number((await page.getByTestId('admin-log-size').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
      await expectAccessible('log explorer');
      expect(errors).toEqual([]);
    },
    SCENE_TIMEOUT,
  );

  it(
    'designs a new licence type, publishes it, registers a client, rotates a key and proves a licence in the log',
    async () => {
      await openPage('/');
      await signIn('admin');
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('admin-types-table').waitFor(VISIBLE);

      // A new type defined by the same ministry as the identity card.
      const authority = DEMO_TYPES.idCard.document.definingAuthority as { name: string; code: string };
      const code = `${authority.code}987`;
      await page.getByTestId('admin-type-new').click();
      await page.getByTestId('admin-type-code').fill(code);
      await page.getByTestId('admin-type-name-zh').fill('养犬登记证');
      await page.getByTestId('admin-type-name-en').fill('Dog registration certificate');
      await page.getByTestId('admin-type-authority-name').fill(authority.name);
      await page.getByTestId('admin-type-authority-code').fill(authority.code);
      await page.getByTestId('admin-type-template').fill('dog-registration-v1');
      await choose('admin-type-issuing-levels', '区县', '区县级');
      await page.keyboard.press('Escape');

      // Two fields: the holder's name (text, required, grade 3), then a choice of size; the choice moved first.
      await page.getByTestId('face-field-add').click();
      await page.getByTestId('face-field-0-key').fill('holderName');
      await page.getByTestId('face-field-0-zh').fill('犬主姓名');
      await page.getByTestId('face-field-0-en').fill('Owner');
      await page.getByTestId('face-field-0-required').check();
      await choose('face-field-0-sensitivity', '三级', '三级 敏感');
      await page.getByTestId('face-field-add').click();
      await page.getByTestId('face-field-1-key').fill('size');
      await page.getByTestId('face-field-1-zh').fill('体型');
      await page.getByTestId('face-field-1-en').fill('Size');
      await choose('face-field-1-type', '选项', '选项');
      await page.getByTestId('face-field-1').getByRole('button', { name: '添加选项' }).click();
      await page.getByTestId('face-field-1').getByLabel('选项值').fill('large');
      await page.getByTestId('face-field-1').getByLabel('中文名称').last().fill('大型犬');
      await page.getByTestId('face-field-1').getByLabel('英文名称').last().fill('Large');
      await page.getByTestId('face-field-1-up').click();
      expect(await page.getByTestId('face-field-0-key').inputValue()).toBe('size');
      await saveScreenshot(page, 'web-admin-type-designer-zh-CN');
      await expectAccessible('face-field designer');

      await page.getByTestId('admin-type-save').click();
      await page.getByTestId('admin-type-draft-note').waitFor(VISIBLE);
      const draft = await api<{ status: string; version: number }[]>(`/api/v1/catalogue/types/${code}/versions`);
      expect(draft.map((v) => [v.version, v.status])).toEqual([[1, 'draft']]);

      await page.getByTestId('admin-type-publish').click();
      await confirmPopover();
      await page.getByTestId('admin-type-versions').getByText('第 1 版 · 已发布').waitFor(VISIBLE);
      const published = await api<{
        status: string;
        issuingAuthorityLevel: string[];
        faceFields: Array<{ key: string; required: boolean; sensitivity: number; enum?: unknown[] }>;
      }>(`/api/v1/catalogue/types/${code}`);
      expect(published.status).toBe('published');
      expect(published.issuingAuthorityLevel).toEqual(['county']);
      expect(published.faceFields.map((f) => [f.key, f.required, f.sensitivity])).toEqual([
        ['size', false, 1],
        ['holderName', true, 3],
      ]);
      expect(published.faceFields[0]?.enum).toEqual([{ value: 'large', label: { zh: '大型犬', en: 'Large' } }]);

      // A type code that is not one: the server's reason, in Chinese, and nothing saved.
      await page.getByTestId('admin-type-back').click();
      await page.getByTestId('admin-type-new').click();
      await page.getByTestId('admin-type-code').fill('not-a-type-code');
      await page.getByTestId('admin-type-name-zh').fill('错误');
      await page.getByTestId('admin-type-name-en').fill('Wrong');
      await page.getByTestId('admin-type-authority-name').fill(authority.name);
      await page.getByTestId('admin-type-authority-code').fill(authority.code);
      await page.getByTestId('admin-type-template').fill('x');
      await page.getByTestId('admin-type-save').click();
      const refusal = page.locator('.ant-message-error');
      await refusal.waitFor(VISIBLE);
      expect(await refusal.textContent()).toMatch(/[\u4e00-\u9fff]/);
      // Chromium logs the refused request; that is the only error allowed.
      expect(errors.length).toBe(1);
      expect(errors[0]).toMatch(/status of 4\d\d .*\/api\/v1\/catalogue\/types/);
      errors.length = 0;
      await page.getByTestId('admin-type-back').click();

      // Register a relying party's client: its secret is shown once.
      await page.getByTestId('admin-tab-clients').click();
      await page.getByTestId('admin-client-register').click();
      await page.getByTestId('admin-client-name').fill('档案馆查询系统');
      await choose(
        'admin-client-organisation',
        DEMO_DEPARTMENTS.publicSecurity.code,
        DEMO_DEPARTMENTS.publicSecurity.code,
      );
      await page.getByTestId('admin-client-all-types').check();
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.getByTestId('admin-client-secret').waitFor(VISIBLE);
      const clients = await api<{ items: Array<{ name: string; hasSecret: boolean; licenceTypes: unknown }> }>(
        '/api/v1/clients?limit=200',
      );
      const registered = clients.items.find((c) => c.name === '档案馆查询系统');
      expect(registered).toMatchObject({ hasSecret: true, licenceTypes: '*' });
      await saveScreenshot(page, 'web-admin-clients-zh-CN');
      await expectAccessible('clients');

      // Rotate a department's key: a new active key, the old one retired (still verifying).
      const issuer = DEMO_DEPARTMENTS.marketRegulation.code;
      const before = await api<Array<{ keyId: string; status: string }>>(`/api/v1/issuers/${issuer}/keys`);
      await page.getByTestId('admin-tab-keys').click();
      await choose('admin-keys-issuer', issuer, issuer);
      await page.getByTestId('admin-keys-table').waitFor(VISIBLE);
      await page.getByTestId('admin-keys-rotate').click();
      await confirmPopover();
      await page.locator('.ant-message-success', { hasText: '密钥已轮换' }).waitFor(VISIBLE);
      const after = await api<Array<{ keyId: string; status: string }>>(`/api/v1/issuers/${issuer}/keys`);
      expect(after.length).toBe(before.length + 1);
      expect(after.filter((k) => k.status === 'active').length).toBe(1);
      const oldActive = before.find((k) => k.status === 'active');
      expect(after.find((k) => k.keyId === oldActive?.keyId)?.status).toBe('retired');
      await page
        .getByTestId('admin-keys-table')
        .locator('tbody > tr.ant-table-row')
        .nth(after.length - 1)
        .waitFor(VISIBLE);
      await saveScreenshot(page, 'web-admin-keys-zh-CN');

      // A demo licence's receipts, verified in the browser against the signed checkpoint.
      const useCause = '透明日志核查';
      const found = await api<{ items: Array<{ licence: { metadata: { certificateIdentifier: string } } }> }>(
        `/api/v1/licences?${new URLSearchParams({ typeCode: DEMO_TYPES.idCard.code, useCause, limit: '1' })}`,
      );
      const identifier = found.items[0]?.licence.metadata.certificateIdentifier ?? '';
      await page.getByTestId('admin-tab-log').click();
      await page.getByTestId('admin-log-verified').waitFor(VISIBLE);
      await page.getByTestId('admin-log-identifier').fill(identifier);
      await page.getByTestId('admin-log-lookup').click();
      await page.getByTestId('admin-log-receipt-verified').first().waitFor(VISIBLE);
      expect(await page.getByTestId('admin-log-receipts').textContent()).toContain('licence.issued');
      await saveScreenshot(page, 'readme-admin-log-zh-CN');

      // English and elder-friendly mode: the same view, larger and in English, still accessible.
      await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
      await page.getByText('Transparency log', { exact: true }).first().waitFor(VISIBLE);
      const secondaryText = page.getByTestId('admin-log').locator('.ant-typography-secondary').first();
      const lightness = async () =>
        secondaryText.evaluate((el) => {
          const [r = 0, g = 0, b = 0] = (getComputedStyle(el).color.match(/\d+/g) ?? []).map(Number);
          return r + g + b;
        });
      const standardLightness = await lightness();
      await page.getByTestId('elder-switch').click();
      await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
      // Higher contrast: secondary text is darker in elder mode (near black on white).
      expect(await lightness()).toBeLessThan(standardLightness);
      expect(await lightness()).toBeLessThanOrEqual(3 * 0x1a);
      const size = await page
        .getByTestId('admin-log-size')
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(18);
      await saveScreenshot(page, 'web-admin-log-elder-en');
      await expectAccessible('log explorer, English, elder mode');
      await page.getByTestId('admin-tab-types').click();
      await page.getByTestId('admin-types-table').waitFor(VISIBLE);
      await expectAccessible('catalogue, English, elder mode');
      expect(errors).toEqual([]);
    },
    SCENE_TIMEOUT,
  );

  it(
    'lets an auditor page through the audit trail and re-check its chain in the browser',
    async () => {
      await openPage('/');
      await signIn('auditor');
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('admin-tab-audit').click();
      const table = page.getByTestId('admin-audit-table');
      await table.waitFor(VISIBLE);
      expect(await table.locator('tbody > tr.ant-table-row').count()).toBe(50);
      await page.getByTestId('admin-audit-verify').click();
      expect(await page.getByTestId('admin-audit-verdict').getAttribute('data-verdict')).toBe('ok');
      expect(await page.getByTestId('admin-audit-verdict').textContent()).toContain(
        '已校验 50 条记录的哈希，其中 49 条',
      );

      // Filtered by action: only those records; each still hashes correctly.
      await page.getByTestId('admin-audit-action').fill('licence.issued');
      await page.getByTestId('admin-audit-apply').click();
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="admin-audit-table"] tbody > tr.ant-table-row')];
        return rows.length > 0 && rows.every((row) => row.textContent?.includes('licence.issued'));
      });
      // Each says what happened in words, with the recorded code under it: the column showed the code alone.
      const actions = await page
        .getByTestId('admin-audit-table')
        .locator('tbody > tr.ant-table-row')
        .evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
      for (const row of actions) expect(row).toContain('签发证照licence.issued');
      await page.getByTestId('admin-audit-verify').click();
      expect(await page.getByTestId('admin-audit-verdict').getAttribute('data-verdict')).toBe('ok');
      await saveScreenshot(page, 'readme-admin-audit-zh-CN');
      await expectAccessible('audit viewer');
      // Staff without the platform role see neither clients nor keys.
      expect(await page.getByTestId('admin-tab-clients').count()).toBe(0);
      expect(errors).toEqual([]);
    },
    SCENE_TIMEOUT,
  );

  it(
    'shows the dashboard with each chart’s numbers, as the statistics API counts them, in Chinese, English and elder mode',
    async () => {
      await openPage('/#/dashboard');
      await page.getByTestId('dashboard-signed-out').waitFor(VISIBLE);
      await signIn('auditor');
      await page.getByTestId('nav-dashboard').click();
      const figures = await api<{
        total: number;
        byType: Array<{ certificateTypeCode: string; count: number }>;
        byIssuer: Array<{ issuerCode: string; count: number }>;
        byStatus: Array<{ status: string; count: number }>;
      }>('/api/v1/statistics/licences');
      expect(figures.total).toBeGreaterThan(0);
      const total = page.getByTestId('dashboard-total-total');
      await total.waitFor(VISIBLE);
      expect((await total.textContent())?.replace(/\D/g, '')).toBe(String(figures.total));

      // Each chart is drawn (SVG) and its numbers are beside it, one row per group, as counted by the API.
      for (const [testId, rows] of [
        ['dashboard-by-type', figures.byType.length],
        ['dashboard-by-status', figures.byStatus.length],
        ['dashboard-by-department', figures.byIssuer.length],
      ] as const) {
        await page.getByTestId(testId).locator('svg').first().waitFor(VISIBLE);
        expect(await page.getByTestId(`${testId}-numbers`).locator('tbody > tr.ant-table-row').count(), testId).toBe(
          rows,
        );
      }
      const valid = figures.byStatus.find((s) => s.status === 'valid')?.count ?? 0;
      expect(
        await page.getByTestId('dashboard-by-status-numbers').locator('tr', { hasText: '有效' }).textContent(),
      ).toContain(valid.toLocaleString('zh-CN'));
      const activity = await api<{ totals: Record<string, number> }>('/api/v1/statistics/activity?days=30');
      const usage = page.getByTestId('dashboard-usage-numbers');
      await usage.waitFor(VISIBLE);
      expect(await usage.locator('tr', { hasText: '调阅证照' }).textContent()).toContain(
        (activity.totals['licence.read'] ?? -1).toLocaleString('zh-CN'),
      );
      expect(
        await page.getByTestId('dashboard-issuance-numbers').locator('tr', { hasText: '颁发' }).first().textContent(),
      ).toContain((activity.totals['licence.issued'] ?? -1).toLocaleString('zh-CN'));
      // The matters: no-submit and no-fill shares against the 20 % and 40 % targets, numbers beside.
      const matters = await api<{ overall: { matters: number; noSubmit: number; noSubmitWithCommitments: number } }>(
        '/api/v1/matters/figures',
      );
      const overall = page.getByTestId('dashboard-matters-numbers').locator('tr', { hasText: '全部事项' });
      await overall.waitFor(VISIBLE);
      // Beside it, the second figure counting materials accepted on a commitment (告知承诺制).
      const cells = await overall.locator('td').allTextContents();
      expect(cells[2]).toContain(`${matters.overall.noSubmit.toLocaleString('zh-CN')}（`);
      expect(cells[3]).toContain(`${matters.overall.noSubmitWithCommitments.toLocaleString('zh-CN')}（`);
      expect(await page.getByTestId('dashboard-matters-numbers').locator('th').allTextContents()).toContain(
        '免提交（含告知承诺）',
      );
      const targets = await page.getByTestId('dashboard-matters-targets').textContent();
      expect(targets).toMatch(/免提交 20% (已达成|未达成)/);
      expect(targets).toMatch(/免提交（含告知承诺） 20% (已达成|未达成)/);
      await saveScreenshot(page, 'readme-dashboard-zh-CN');
      await expectAccessible('dashboard');

      // A shorter period: 7 days on the axis.
      await page.getByTestId('dashboard-period').getByText('近 7 天', { exact: true }).click();
      await page.getByTestId('dashboard-issuance-numbers').getByText('近 7 天合计').waitFor(VISIBLE);

      await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
      await page.getByText('By issuing department', { exact: true }).waitFor(VISIBLE);
      await page.getByTestId('elder-switch').click();
      await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
      await saveScreenshot(page, 'web-dashboard-elder-en');
      await expectAccessible('dashboard, English, elder mode');

      // Elder mode persists across a reload, and so does the language.
      await page.reload();
      await page.getByTestId('dashboard-by-type').waitFor(VISIBLE);
      expect(await page.evaluate(() => document.documentElement.dataset.elder)).toBe('on');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(errors).toEqual([]);
    },
    SCENE_TIMEOUT,
  );

  it(
    'reaches every scene with the keyboard alone, with a visible focus ring',
    async () => {
      await openPage('/');
      await page.getByTestId('health-status').waitFor(VISIBLE);
      // Tab until the administration entry of the menu has focus, then open it with Enter.
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.closest('[data-testid="nav"]') !== null);
      }
      expect(reached).toBe(true);
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { width: Number.parseFloat(style.outlineWidth), style: style.outlineStyle };
      });
      expect(outline.style).not.toBe('none');
      expect(outline.width).toBeGreaterThanOrEqual(2);
      // Inside the menu bar, the arrow keys move between scenes (WAI-ARIA menubar pattern). The menu
      // moves focus a frame after the key, so each step waits for the focus to leave the item it was on.
      const focusedItem = () => page.evaluate(() => document.activeElement?.getAttribute('data-menu-id') ?? null);
      for (let i = 0; i < 12; i++) {
        const before = await focusedItem();
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(
          (previous) => (document.activeElement?.getAttribute('data-menu-id') ?? null) !== previous,
          before,
          { timeout: 5_000 },
        );
        const onAdmin = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'nav-admin');
        if (onAdmin) break;
      }
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-admin');
      await page.keyboard.press('Enter');
      await page.getByTestId('admin').waitFor(VISIBLE);
      expect(await page.evaluate(() => window.location.hash)).toBe('#/admin');
      expect(errors).toEqual([]);
    },
    SCENE_TIMEOUT,
  );
});
