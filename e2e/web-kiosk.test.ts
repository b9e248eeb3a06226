/**
 * The self-service kiosk (自助终端) in Chromium against a real demo node (fresh SQLite): the
 * terminal is set up with its kiosk client credentials; a resident activates the medical
 * insurance e-voucher alone — identifies with a one-time code, consents, finds the form filled
 * from their identity card, completes the one field the licences cannot give (a refused value
 * is shown beside its field), submits, and the e-voucher is issued at once. A second resident
 * identifies with a show code and walks away: the terminal forgets them when idle. axe-core
 * finds no serious violation on any step; English and elder mode are photographed for the README.
 */
import { DEMO_TYPES } from '@hutong/server';
import type { APIRequestContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { residentsWithIdCard } from './support/demo-residents.js';
import { type OpenedPage, useBrowserAndServer } from './support/fixture.js';
import { demoStaff } from './support/staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;
/** A terminal's screen: a touch screen in landscape. */
const TERMINAL = { viewport: { width: 1280, height: 1024 }, hasTouch: true } as const;
const MATTER = '000121001000'; // 医保电子凭证激活: one licence material, issues the e-voucher.
const KIOSK_IDLE_SECONDS = 120;

describe('the self-service kiosk in Chromium', () => {
  const hutong = useBrowserAndServer({ demo: true });
  /** Holders of a valid identity card in the demo library, by citizen ID. */
  let residents: string[] = [];
  let adminApi: { readonly request: APIRequestContext; readonly csrfToken: string } | undefined;
  /** Terminals registered so far (each gets its own name). */
  let terminals = 0;

  beforeAll(async () => {
    residents = await residentsWithIdCard(hutong.server, '自助终端测试选取持证人');
    expect(residents.length).toBeGreaterThanOrEqual(2);

    // The administrator who registers terminals, signed in once for the file (a context opened in
    // beforeAll lives as long as the file; one opened in a test is closed after it).
    const staff = demoStaff(hutong.server, 'admin');
    const context = await hutong.newContext();
    const session = await context.request.post(new URL('/api/v1/session', hutong.url).href, {
      data: { username: staff.username, password: staff.password, totp: staff.totpAt(new Date()) },
    });
    expect(session.status(), await session.text()).toBe(201);
    adminApi = { request: context.request, csrfToken: ((await session.json()) as { csrfToken: string }).csrfToken };
  });

  async function open(options: { readonly fakeClock?: boolean } = {}): Promise<OpenedPage> {
    return hutong.open('/#/kiosk', {
      context: TERMINAL,
      // The idle timeout is tested by moving a fake clock on, never by waiting two minutes.
      ...(options.fakeClock === true ? { beforeNavigation: (page: Page) => page.clock.install() } : {}),
    });
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    // Measured at rest: a message fading in has, for a moment, too little contrast.
    // (Endless ones, such as a spinner's, are left running.)
    await page.waitForFunction(() =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    );
    expect(await seriousViolations(page), name).toEqual([]);
  }

  /** The holder's phone makes a show code of their identity card (the holder API, as the holder page does). */
  async function showCodeOnPhone(resident: string): Promise<string> {
    const phone = await hutong.newContext();
    const start = await phone.request.post(new URL('/api/v1/holder/sign-in/start', hutong.url).href, {
      data: { holderCodeType: '111', holderCode: resident },
    });
    const { challengeId } = (await start.json()) as { challengeId: string };
    const mailbox = await phone.request.get(new URL(`/api/v1/dev/mailbox?challengeId=${challengeId}`, hutong.url).href);
    const { messages } = (await mailbox.json()) as { messages: Array<{ code: string }> };
    const verified = await phone.request.post(new URL('/api/v1/holder/sign-in/verify', hutong.url).href, {
      data: { challengeId, code: messages[0]?.code },
    });
    const { csrfToken } = (await verified.json()) as { csrfToken: string };
    const mine = await phone.request.get(new URL('/api/v1/me/licences', hutong.url).href);
    const { items } = (await mine.json()) as { items: Array<{ identifier: string; typeCode: string; status: string }> };
    const idCard = items.find((l) => l.typeCode === DEMO_TYPES.idCard.code && l.status === 'valid');
    if (idCard === undefined) throw new Error(`${resident} holds no valid identity card`);
    const shown = await phone.request.post(new URL('/api/v1/show-codes', hutong.url).href, {
      headers: { 'x-csrf-token': csrfToken },
      data: { identifier: idCard.identifier, purpose: 'service', disclose: ['certificateHolderName'] },
    });
    const { code } = (await shown.json()) as { code: string };
    expect(shown.status(), code).toBe(201);
    return code;
  }

  /**
   * The administrator's side of a terminal's set-up: registers a kiosk client (no secret) with
   * the public key the terminal shows, through the clients API as a signed-in platform admin.
   */
  async function registerTerminal(publicKey: string): Promise<string> {
    const account = hutong.server.demo?.clients.find((c) => c.key === 'kiosk:serviceCentre');
    if (account === undefined) throw new Error('the demo node has no kiosk client');
    if (adminApi === undefined) throw new Error('the administrator is not signed in');
    const registered = await adminApi.request.post(new URL('/api/v1/clients', hutong.url).href, {
      headers: { 'x-csrf-token': adminApi.csrfToken },
      data: {
        name: `自助终端 ${++terminals}`,
        organisationCode: account.organisationCode,
        kind: 'kiosk',
        scopes: ['kiosk'],
        licenceTypes: account.licenceTypes,
        publicKeys: [publicKey],
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const answer = (await registered.json()) as { client: { clientId: string }; clientSecret?: string };
    expect(answer.clientSecret).toBeUndefined();
    return answer.client.clientId;
  }

  /** Sets the terminal up as its installer would: its public key registered, its client id entered. */
  async function setUp(page: Page): Promise<void> {
    await page.getByTestId('kiosk-setup').waitFor(VISIBLE);
    const publicKey = await page.getByTestId('kiosk-public-key').inputValue();
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    await page.getByTestId('kiosk-client-id').fill(await registerTerminal(publicKey));
    await page.getByTestId('kiosk-connect').click();
    await page.getByTestId('kiosk-matters').waitFor(VISIBLE);
  }

  it('runs a matter alone: one-time code, consent, prefilled form, a refused value, the licence issued', async () => {
    const { page, errors } = await open();
    // Not set up yet: the terminal shows its device key and asks for its client id; an unknown one is refused in Chinese.
    await page.getByTestId('kiosk-setup').waitFor(VISIBLE);
    await expectAccessible(page, 'kiosk set-up');
    // The heading names the step: there is no matter to choose before the set-up (it said "请选择要办理的事项").
    expect(await page.locator('#kiosk-title').textContent()).toBe('自助办理 · 终端设置');
    await page.getByTestId('kiosk-public-key').waitFor(VISIBLE);
    await page.getByTestId('kiosk-client-id').fill('no-such-client');
    await page.getByTestId('kiosk-connect').click();
    await page.getByTestId('kiosk-setup-error').waitFor(VISIBLE);
    expect(await page.getByTestId('kiosk-setup-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(errors.length).toBe(1); // Chromium logs the refused token request itself.
    errors.length = 0;
    await setUp(page);
    expect(await page.locator('#kiosk-title').textContent()).toBe('自助办理 · 请选择要办理的事项');

    // Only matters a terminal can complete alone are offered: every material a licence.
    const matters = page.getByTestId('kiosk-matters');
    expect(await matters.textContent()).toContain('医保电子凭证激活');
    expect(await matters.textContent()).not.toContain('居民身份证换领'); // needs a photo taken on site
    await expectAccessible(page, 'kiosk matters');
    await saveScreenshot(page, 'web-kiosk-matters-zh-CN', { fullPage: false });
    await page.getByTestId(`kiosk-matter-${MATTER}`).click();

    // Identify with a one-time code (the demo node's mailbox stands in for the phone).
    await page.getByTestId('kiosk-identify-step').waitFor(VISIBLE);
    await expectAccessible(page, 'kiosk identify');
    await page.getByTestId('kiosk-otp-tab').click();
    await page.getByTestId('holder-code').fill(residents[0] ?? '');
    await page.getByTestId('holder-sign-in-start').click();
    const message = page.getByTestId('holder-mailbox-message');
    await message.waitFor(VISIBLE);
    const code = /\d{6,8}/.exec((await message.textContent()) ?? '')?.[0];
    if (code === undefined) throw new Error(`no one-time code in ${await message.textContent()}`);
    await page.getByTestId('holder-one-time').fill(code);
    await page.getByTestId('holder-sign-in-verify').click();

    // Consent: the identity card is offered, ticked.
    const consent = page.getByTestId('kiosk-consent');
    await consent.waitFor(VISIBLE);
    expect(await consent.textContent()).toContain('居民身份证');
    // The holder was signed out of this terminal as soon as the show code was made.
    const me = await page.context().request.get(new URL('/api/v1/holder/me', hutong.url).href);
    expect(me.status()).toBe(401);
    await expectAccessible(page, 'kiosk consent');
    await saveScreenshot(page, 'readme-kiosk-consent-zh-CN', { fullPage: false });
    await page.getByTestId('kiosk-consent-agree').click();

    // The form: name and ID number from the identity card, read-only, with their source.
    const form = page.getByTestId('kiosk-form');
    await form.waitFor(VISIBLE);
    expect(await page.getByTestId('kiosk-field-idNumber').inputValue()).toBe(residents[0]);
    expect(await page.getByTestId('kiosk-field-idNumber').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('kiosk-source-idNumber').textContent()).toContain('居民身份证');
    await expectAccessible(page, 'kiosk form');

    // English and elder mode (for the README), then a value over the field's length: the
    // server's refusal, in English now, is shown beside that field.
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('elder-switch').click();
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'on');
    await page.getByText('From your Resident identity card', { exact: false }).first().waitFor(VISIBLE);
    await page.getByTestId('kiosk-field-insuranceType').fill('residents-of-xinjiang');
    await page.getByTestId('kiosk-submit').click();
    const fieldError = page.getByTestId('kiosk-field-error-insuranceType');
    await fieldError.waitFor(VISIBLE);
    expect(await fieldError.textContent()).toContain('longer than 10');
    await expectAccessible(page, 'kiosk form with a refused value, English, elder mode');
    await saveScreenshot(page, 'readme-kiosk-form-elder-en', { fullPage: false });
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/4\d\d/);
    errors.length = 0;
    await page.getByTestId('elder-switch').click();
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    await page.getByTestId('kiosk-field-insuranceType').fill('resident');
    await page.getByTestId('kiosk-submit').click();
    const result = page.getByTestId('kiosk-result-licence');
    await result.waitFor(VISIBLE);
    expect(await result.textContent()).toContain('医保电子凭证');
    await expectAccessible(page, 'kiosk result');
    await saveScreenshot(page, 'readme-kiosk-result-zh-CN', { fullPage: false });

    await page.getByTestId('kiosk-done').click();
    await page.getByTestId('kiosk-matters').waitFor(VISIBLE);
    expect(errors).toEqual([]);
  });

  it('takes a show code from the scanner and forgets the holder after two idle minutes', async () => {
    const code = await showCodeOnPhone(residents[1] ?? '');

    const { page, errors } = await open({ fakeClock: true });
    await setUp(page);
    await page.getByTestId(`kiosk-matter-${MATTER}`).click();
    // A scanner types the code and presses Enter.
    await page.getByTestId('kiosk-show-code').fill(code);
    await page.getByTestId('kiosk-show-code').press('Enter');
    const consent = page.getByTestId('kiosk-consent');
    await consent.waitFor(VISIBLE);
    expect(await page.getByTestId('kiosk-offered').count()).toBeGreaterThanOrEqual(1);

    // Nobody touches the screen: a warning with a countdown, then the terminal forgets them.
    await page.clock.fastForward((KIOSK_IDLE_SECONDS - 15) * 1000);
    const warning = page.getByTestId('kiosk-idle-warning');
    await warning.waitFor(VISIBLE);
    expect(await warning.textContent()).toMatch(/\d+ 秒/);
    await expectAccessible(page, 'kiosk idle warning');
    await page.clock.fastForward(20_000);
    await page.getByTestId('kiosk-matters').waitFor(VISIBLE);
    expect(await page.getByTestId('kiosk-consent').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('居民身份证（');
    expect(errors).toEqual([]);
  });

  it('takes the holder’s commitment for a material no licence gives, names licences in English, and signs the terminal out on the server', async () => {
    const code = await showCodeOnPhone(residents[0] ?? '');
    const { page, errors } = await open();
    // The terminal's bearer token, as it goes out with its calls: proof below that sign-out revokes it.
    let token: string | undefined;
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.url().includes('/api/v1/kiosk/') && authorization !== undefined) token = authorization;
    });
    await setUp(page);
    // The housing-fund transfer needs a statement the department takes a commitment for (告知承诺制):
    // offered now; the ID card renewal still is not (a photo taken on site).
    const HOUSING_FUND = '000125002000';
    const matters = page.getByTestId('kiosk-matters');
    expect(await matters.textContent()).toContain('住房公积金异地转移接续');
    expect(await matters.textContent()).not.toContain('居民身份证换领');
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId(`kiosk-matter-${HOUSING_FUND}`).click();
    await page.getByTestId('kiosk-show-code').fill(code);
    await page.getByTestId('kiosk-identify').click();

    // Consent, in English: the licence and its issuer by their English names, not the licence's Chinese ones.
    const consent = page.getByTestId('kiosk-consent');
    await consent.waitFor(VISIBLE);
    const offered = (await consent.textContent()) ?? '';
    expect(offered).toContain('Resident identity card');
    expect(offered).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByTestId('kiosk-consent-agree').click();

    // The form: the statement is committed to, not submitted; submitting waits for the commitment.
    await page.getByTestId('kiosk-form').waitFor(VISIBLE);
    const commitments = page.getByTestId('kiosk-commitments');
    expect(await commitments.textContent()).toContain('Statement of contributions from the former region');
    expect(await commitments.textContent()).toContain('legal liability');
    await page.getByTestId('kiosk-field-formerCentre').fill('乌鲁木齐住房公积金管理中心');
    await page.getByTestId('kiosk-field-account').fill('650100123456');
    await page.getByTestId('kiosk-field-phone').fill('13800000000');
    expect(await page.getByTestId('kiosk-submit').isDisabled()).toBe(true);
    await expectAccessible(page, 'kiosk form with a commitment, English');
    await page.getByTestId('kiosk-commit-statement').click();
    await page.getByTestId('kiosk-submit').click();
    await page.getByTestId('kiosk-result').waitFor(VISIBLE);
    expect(await page.getByTestId('kiosk-result-licence').count()).toBe(0); // applied, nothing issued

    // The device key the terminal signs with is in IndexedDB, and its private half cannot be exported.
    expect(
      await page.evaluate(async () => {
        const opening = indexedDB.open('hutong-kiosk');
        const database = await new Promise<IDBDatabase>((resolve, reject) => {
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error);
        });
        const read = database.transaction('device').objectStore('device').get('key');
        const device = await new Promise<{ keyPair: CryptoKeyPair }>((resolve, reject) => {
          read.onsuccess = () => resolve(read.result);
          read.onerror = () => reject(read.error);
        });
        database.close();
        const exported = await crypto.subtle.exportKey('pkcs8', device.keyPair.privateKey).then(
          () => 'exported',
          (error: unknown) => (error instanceof DOMException ? error.name : String(error)),
        );
        return { extractable: device.keyPair.privateKey.extractable, exported };
      }),
    ).toEqual({ extractable: false, exported: 'InvalidAccessError' });

    // Taking the terminal out of service revokes its token on the server, not only on the screen.
    await page.getByTestId('kiosk-done').click();
    await page.getByTestId('kiosk-forget').click();
    await page.getByTestId('kiosk-setup').waitFor(VISIBLE);
    expect(token).toMatch(/^Bearer /);
    // The terminal kept no secret where a script could read it out (the private key is gone with the device record).
    expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toMatch(/secret|BEGIN/i);
    await expect
      .poll(async () => {
        const response = await fetch(new URL('/api/v1/kiosk/sessions', hutong.url), {
          method: 'POST',
          headers: { authorization: token ?? '', 'content-type': 'application/json' },
          body: JSON.stringify({ matterCode: HOUSING_FUND }),
        });
        return response.status;
      })
      .toBe(401);
    expect(errors).toEqual([]);
  });
});
