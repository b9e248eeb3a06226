/**
 * 存量证照批量导入 in Chromium against a real node: the demo department operator picks the
 * household register, uploads a CSV of paper-era records with three bad rows, reads each bad
 * row's reasons in the preview, commits, follows the progress to 100 %, downloads the report
 * and finds one line per input row — and the library holds exactly the good rows. axe-core
 * finds no serious violation on any step.
 */
import { readFileSync } from 'node:fs';
import { citizenIdCheckCharacter } from '@hutong/core';
import { DEMO_TYPES } from '@hutong/server';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
const GOOD_ROWS = 12;

/** A valid citizen ID (GB 11643) of someone born in Ürümqi in 1980 plus `n` days. */
function citizenId(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `650102${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  return `${first17}${citizenIdCheckCharacter(first17)}`;
}

const COLUMNS = [
  'sourceKey',
  'certificateHolderName',
  'certificateHolderCode',
  'certificateHolderTypeCode',
  'certificateNumber',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'householdNumber',
  'householdType',
  'headName',
  'headIdNumber',
  'address',
  'memberCount',
  'registrationOffice',
];

function record(n: number, run: string): Record<string, string> {
  const id = citizenId(n);
  return {
    sourceKey: `E2E-${run}-${n}`,
    certificateHolderName: `阿依古丽${n}`,
    certificateHolderCode: id,
    certificateHolderTypeCode: '111',
    certificateNumber: `新户${run}${String(n).padStart(6, '0')}`,
    certificateIssuedDate: '2008-05-12',
    certificateEffectiveDate: '20080512',
    householdNumber: `650102${String(n).padStart(6, '0')}`,
    householdType: '1',
    headName: `阿依古丽${n}`,
    headIdNumber: id,
    address: `新疆维吾尔自治区乌鲁木齐市天山区解放南路${n}号`,
    memberCount: String(1 + (n % 5)),
    registrationOffice: '乌鲁木齐市公安局天山区分局',
  };
}

/** Twelve good rows (file rows 2–13), then three bad ones (rows 14–16). */
function stockCsv(run: string): string {
  const rows = Array.from({ length: GOOD_ROWS }, (_, i) => record(i + 1, run));
  const wrongCheck = record(101, run);
  const holderCode = wrongCheck.certificateHolderCode ?? '';
  wrongCheck.certificateHolderCode = `${holderCode.slice(0, 17)}${holderCode.endsWith('0') ? '1' : '0'}`;
  rows.push(
    wrongCheck, // row 14: the holder's citizen ID has a wrong check character
    { ...record(102, run), certificateIssuedDate: '2008-02-30' }, // row 15: no such day
    { ...record(103, run), registrationOffice: '' }, // row 16: a required face field left empty
  );
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

describe('the bulk import wizard in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let page: Page;

  async function noSeriousViolations(step: string): Promise<void> {
    // Colours are judged once antd's transitions (a button turning from disabled to enabled) end.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, {
      timeout: 10_000,
    });
    expect(await seriousViolations(page), step).toEqual([]);
  }

  it('uploads a CSV with bad rows, shows each bad row’s reasons, commits with a progress bar to 100 % and downloads the report', async () => {
    const opened = await hutong.open('/#/console', {
      context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
    });
    const { context, errors } = opened;
    page = opened.page;
    await page.getByTestId('console-signed-out').waitFor(VISIBLE);
    await signInThroughPage(page, demoStaff(hutong.server, 'operator'));
    await page.getByTestId('nav-console').click();
    await page.getByTestId('console-page').waitFor(VISIBLE);
    await page.getByTestId('console-tab-import').click();
    await page.getByTestId('import-wizard').waitFor(VISIBLE);

    // 1. The type (the operator's department is the issuer).
    const household = DEMO_TYPES.householdRegister;
    await page.getByTestId('import-type').getByText(household.code).click();
    await noSeriousViolations('choose');
    await page.getByTestId('import-next').click();

    // 2. The file.
    const run = String(Date.now()).slice(-6);
    await page.locator('[data-testid="import-wizard"] input[type="file"]').setInputFiles({
      name: '户口簿存量数据.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(stockCsv(run), 'utf8'),
    });
    await noSeriousViolations('upload');
    await page.getByTestId('import-upload').click();

    // 3. The preview: counts over the whole file, and each rejected row with its reasons.
    const counts = page.getByTestId('import-preview-counts');
    await counts.waitFor(VISIBLE);
    const countsText = (await counts.textContent()) ?? '';
    expect(countsText).toContain(String(GOOD_ROWS));
    await page.getByTestId('import-rejected-rows').waitFor(VISIBLE);
    const rejected = page.locator('[data-testid="import-rejected-rows"] tbody tr.ant-table-row');
    expect(await rejected.count()).toBe(3);
    const rowText = async (i: number) => (await rejected.nth(i).textContent()) ?? '';
    expect(await rowText(0)).toMatch(/^14/);
    expect(await rowText(0)).toContain('certificateHolderCode');
    expect(await rowText(1)).toMatch(/^15/);
    expect(await rowText(1)).toContain('certificateIssuedDate');
    expect(await rowText(2)).toMatch(/^16/);
    expect(await rowText(2)).toContain('registrationOffice');
    await saveScreenshot(page, 'readme-console-import-preview');
    await noSeriousViolations('preview');

    // 4. Commit: the job runs on the node; the bar reaches 100 %.
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-summary').waitFor(VISIBLE);
    const progress = page.locator('[data-testid="import-summary-progress"] [role="progressbar"]');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    const summary = (await page.getByTestId('import-summary-counts').textContent()) ?? '';
    expect(summary).toContain(String(GOOD_ROWS));
    await saveScreenshot(page, 'web-console-import-done');
    await noSeriousViolations('summary');

    // 5. The report: one line per input row, after its header line.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('row,sourceKey,outcome,identifier,reasons,warnings');
    expect(lines).toHaveLength(1 + GOOD_ROWS + 3);
    expect(lines.filter((l) => /,accepted,1\.2\.156\.3005\.2\./.test(l))).toHaveLength(GOOD_ROWS);
    expect(lines.filter((l) => l.includes(',rejected,'))).toHaveLength(3);

    // Back at the start, the department's recent imports list this one, completed.
    await page.getByTestId('import-another').click();
    const recent = page.getByTestId('import-recent');
    await recent.waitFor(VISIBLE);
    expect(await recent.locator('tbody tr.ant-table-row').first().textContent()).toContain('户口簿存量数据.csv');
    await noSeriousViolations('recent imports');

    // The library holds each good row, as the report says.
    const first = lines[1]?.split(',')[3] ?? '';
    const query = new URLSearchParams({ useCause: '端到端测试：核对批量导入' });
    const view = await context.request.get(
      new URL(`/api/v1/licences/${encodeURIComponent(first)}?${query}`, hutong.url).href,
    );
    expect(view.status()).toBe(200);
    expect(errors).toEqual([]);
  });
});
