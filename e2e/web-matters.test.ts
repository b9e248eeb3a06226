/**
 * The matters editor (管理 → 政务服务事项) in Chromium against a real demo node: anyone reads the
 * catalogue of matters; a catalogue administrator adds one with a licence material and a field
 * mapped for prefill; the server's refusal (a field read from a type that is not a material) is
 * shown beside the item it names; once fixed it saves as version 1, and an edit makes version 2.
 */
import { DEMO_TYPES } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption } from './support/ant-select.js';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { useBrowserAndServer } from './support/fixture.js';
import { signInThroughPage } from './support/sign-in-ui.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
/** Sorts first, so the new matter is on the table's first page. */
const CODE = '000000E2E';

describe('the matters editor in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  /** Chooses an option of an Ant Design select by typing, as a keyboard user would. */
  async function choose(testId: string, typed: string, option: string): Promise<void> {
    await chooseOption(page, testId, option, typed, { close: true });
  }

  async function matter(): Promise<{
    version: number;
    fields: Array<{ source: { from?: Array<{ typeCode: string }> } }>;
    name: { zh: string };
    output?: unknown;
  }> {
    const response = await context.request.get(new URL(`/api/v1/matters/${CODE}`, hutong.url).href);
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }

  it('lists the matters to anyone, and lets a catalogue administrator add and version one', async () => {
    ({ context, page, errors } = await hutong.open('/#/admin', {
      context: { viewport: { width: 1366, height: 900 } },
    }));
    await page.getByTestId('admin-tab-matters').click();
    const table = page.getByTestId('admin-matters-table');
    await table.waitFor(VISIBLE);
    expect(await table.textContent()).toContain('居民身份证换领');
    expect(await page.getByTestId('admin-matter-add').count()).toBe(0); // signed out: reading only
    expect(await seriousViolations(page), 'matters signed out').toEqual([]);

    await signInThroughPage(page, demoStaff(hutong.server, 'admin'));
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-matters').click();
    await page.getByTestId('admin-matter-add').click();
    const drawer = page.getByTestId('admin-matter-drawer');
    await drawer.waitFor(VISIBLE);
    await page.getByTestId('admin-matter-code').fill(CODE);
    await page.getByTestId('admin-matter-name-zh').fill('测试事项：居住证明');
    await page.getByTestId('admin-matter-name-en').fill('Test matter: proof of residence');
    await choose('admin-matter-department', '公安厅', '公安厅');

    await page.getByTestId('admin-matter-material-add').click();
    await page.getByTestId('admin-matter-material-0-key').fill('idCard');
    await page.getByTestId('admin-matter-material-0-zh').fill('居民身份证');
    await page.getByTestId('admin-matter-material-0-en').fill('Identity card');
    await choose('admin-matter-material-0-types', DEMO_TYPES.idCard.code, DEMO_TYPES.idCard.code);

    // A field read from the real-estate certificate, which is not among the materials.
    await page.getByTestId('admin-matter-field-add').click();
    await page.getByTestId('admin-matter-field-0-key').fill('holderName');
    await page.getByTestId('admin-matter-field-0-zh').fill('申请人');
    await page.getByTestId('admin-matter-field-0-en').fill('Applicant');
    await choose('admin-matter-field-0-source', '电子证照', '电子证照字段');
    const realEstate = DEMO_TYPES.realEstateCertificate.code;
    await choose('admin-matter-field-0-from-0-type', realEstate, realEstate);
    await choose('admin-matter-field-0-from-0-path', 'certificateHolderName', 'metadata.certificateHolderName');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/matters') && r.request().method() === 'POST');
    await page.getByTestId('admin-matter-save').click();
    expect((await refused).status()).toBe(422);

    // The refusal names fields[0].source.from[0].typeCode: shown under that select, in Chinese.
    const fieldCard = page.getByTestId('admin-matter-field-0');
    const explained = fieldCard.locator('.ant-form-item-explain-error');
    await explained.first().waitFor(VISIBLE);
    expect(await explained.first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    await explained.first().scrollIntoViewIfNeeded();
    expect(await page.getByTestId('admin-matter-error').count()).toBe(0);
    expect(await seriousViolations(page), 'matter drawer with a refusal').toEqual([]);
    await saveScreenshot(page, 'readme-admin-matter-refused-zh-CN', { fullPage: false });
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/4\d\d/);
    errors.length = 0;

    const idCard = DEMO_TYPES.idCard.code;
    await choose('admin-matter-field-0-from-0-type', idCard, idCard);
    await choose('admin-matter-field-0-from-0-path', 'certificateHolderName', 'metadata.certificateHolderName');
    await page.getByTestId('admin-matter-save').click();
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
    const first = await matter();
    expect(first.version).toBe(1);
    expect(first.fields[0]?.source.from?.[0]?.typeCode).toBe(idCard);
    await page.getByTestId(`admin-matter-edit-${CODE}`).waitFor(VISIBLE);

    // An edit writes the next version.
    await page.getByTestId(`admin-matter-edit-${CODE}`).click();
    await drawer.waitFor(VISIBLE);
    await page.getByTestId('admin-matter-name-zh').fill('测试事项：居住证明开具');
    await page.getByTestId('admin-matter-save').click();
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
    const second = await matter();
    expect(second.version).toBe(2);
    expect(second.name.zh).toBe('测试事项：居住证明开具');

    // The licence the matter issues on completion: the medical insurance e-voucher, its face
    // filled from two form fields (one new, from the holder's identity) and two fixed values.
    const voucher = DEMO_TYPES.medicalInsuranceVoucher.code;
    await page.getByTestId(`admin-matter-edit-${CODE}`).click();
    await drawer.waitFor(VISIBLE);
    await page.getByTestId('admin-matter-field-add').click();
    await page.getByTestId('admin-matter-field-1-key').fill('idNumber');
    await page.getByTestId('admin-matter-field-1-zh').fill('公民身份号码');
    await page.getByTestId('admin-matter-field-1-en').fill('Citizen ID number');
    await choose('admin-matter-field-1-source', '持证人', '持证人身份');
    await choose('admin-matter-field-1-attribute', '证件号码', '证件号码或统一社会信用代码');
    await choose('admin-matter-output-type', voucher, voucher);
    // A required face field without a source is named beside it, and nothing is sent.
    await page.getByTestId('admin-matter-save').click();
    const idNumberRow = page.getByTestId('admin-matter-output-face-idNumber');
    await idNumberRow.locator('.ant-form-item-explain-error').first().waitFor(VISIBLE);
    expect(await idNumberRow.textContent()).toContain('必填照面项必须有来源');
    await choose('admin-matter-output-face-holderName-kind', '表单', '取自表单字段');
    await choose('admin-matter-output-face-holderName-field', 'holderName', '(holderName)');
    await choose('admin-matter-output-face-idNumber-kind', '表单', '取自表单字段');
    await choose('admin-matter-output-face-idNumber-field', 'idNumber', '(idNumber)');
    await choose('admin-matter-output-face-insuredArea-kind', '固定', '固定值');
    await page.getByTestId('admin-matter-output-face-insuredArea-value').fill('650000');
    await choose('admin-matter-output-face-insuranceType-kind', '固定', '固定值');
    await choose('admin-matter-output-face-insuranceType-value', '城乡', '城乡居民基本医疗保险');
    // The public security department is not on the e-voucher's responsibility list: the
    // node's refusal names output.typeCode, shown under the type.
    const refusedOutput = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/matters/${CODE}`) && r.request().method() === 'PUT',
    );
    await page.getByTestId('admin-matter-save').click();
    expect((await refusedOutput).status()).toBe(422);
    const outputError = page.getByTestId('admin-matter-output').locator('.ant-form-item-explain-error');
    await outputError.first().waitFor(VISIBLE);
    expect(await outputError.first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await seriousViolations(page), 'matter drawer with an output refused').toEqual([]);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/4\d\d/);
    errors.length = 0;
    await choose('admin-matter-department', '医疗保障局', '医疗保障局');
    await page.getByTestId('admin-matter-save').click();
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
    const third = await matter();
    expect(third.version).toBe(3);
    expect(third.output).toEqual({
      typeCode: voucher,
      face: {
        holderName: { field: 'holderName' },
        idNumber: { field: 'idNumber' },
        insuredArea: { value: '650000' },
        insuranceType: { value: 'resident' },
      },
    });

    // English, for the README.
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId(`admin-matter-edit-${CODE}`).click();
    await drawer.waitFor(VISIBLE);
    // The editor shows the output as saved.
    expect(await page.getByTestId('admin-matter-output-face-insuredArea-value').inputValue()).toBe('650000');
    expect(await seriousViolations(page), 'matter drawer in English').toEqual([]);
    await saveScreenshot(page, 'readme-admin-matter-en', { fullPage: false });
    expect(errors).toEqual([]);
  });
});
