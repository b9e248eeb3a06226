/**
 * 扫码核验 through the camera, end to end: a holder signs in through the holder API and makes a
 * show code of their identity card (`POST /api/v1/show-codes`), the code is drawn as a QR code
 * into the video Chromium plays as its camera (support/fake-camera.ts), and the verifier page's
 * camera scanner (camera-scanner.tsx, decode-qr.ts) reads it off the video frames and verifies
 * it. A genuine code is green; an expired one, held up to the same camera, is red with its reason.
 * Each code gets its own browser: Chromium reads the camera file once, at launch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TYPES } from '@hutong/server';
import { type Browser, chromium, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, collectPageErrors, saveScreenshot } from './support/browser.js';
import { residentsWithIdCard } from './support/demo-residents.js';
import { fakeCameraArgs, writeQrY4m } from './support/fake-camera.js';
import { PHONE } from './support/fixture.js';
import { startTestServer, type TestServer } from './support/server.js';

const VISIBLE = { state: 'visible', timeout: 30_000 } as const;

describe('the verifier reads a show code through the camera in Chromium', () => {
  const videos = mkdtempSync(join(tmpdir(), 'hutong-e2e-camera-'));
  let hutong: TestServer;
  let resident: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    hutong = await startTestServer({ demo: true });
    const [first] = await residentsWithIdCard(hutong.server, '端到端测试：摄像头扫码');
    if (first === undefined) throw new Error('the demo library has no resident with a valid identity card');
    resident = first;
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await hutong?.close();
    rmSync(videos, { recursive: true, force: true });
  });

  /** The holder's phone: signs in with the development provider's one-time code and shows the identity card. */
  async function showCodeThroughApi(lifetimeSeconds: number): Promise<{ code: string; holderName: string }> {
    const phone = await request.newContext({ baseURL: hutong.url });
    try {
      const start = await phone.post('/api/v1/holder/sign-in/start', {
        data: { holderCodeType: '111', holderCode: resident },
      });
      const { challengeId } = (await start.json()) as { challengeId: string };
      const mailbox = await phone.get(`/api/v1/dev/mailbox?challengeId=${challengeId}`);
      const { messages } = (await mailbox.json()) as { messages: Array<{ code: string }> };
      const verified = await phone.post('/api/v1/holder/sign-in/verify', {
        data: { challengeId, code: messages[0]?.code },
      });
      expect(verified.status()).toBe(201);
      const { csrfToken } = (await verified.json()) as { csrfToken: string };
      const mine = await phone.get('/api/v1/me/licences');
      const { items } = (await mine.json()) as {
        items: Array<{ identifier: string; typeCode: string; status: string; holderName?: string }>;
      };
      const idCard = items.find((l) => l.typeCode === DEMO_TYPES.idCard.code && l.status === 'valid');
      if (idCard === undefined) throw new Error(`${resident} holds no valid identity card`);
      const shown = await phone.post('/api/v1/show-codes', {
        headers: { 'x-csrf-token': csrfToken },
        data: { identifier: idCard.identifier, purpose: 'entry', disclose: ['certificateHolderName'], lifetimeSeconds },
      });
      const body = (await shown.json()) as { code: string; fields: Array<{ key: string; value: unknown }> };
      expect(shown.status(), JSON.stringify(body)).toBe(201);
      const name = body.fields.find((f) => f.key === 'certificateHolderName')?.value;
      return { code: body.code, holderName: String(name) };
    } finally {
      await phone.dispose();
    }
  }

  /** Chromium with `code` as the camera's picture, on the verifier page, scanning until a verdict shows. */
  async function scanWithCamera(name: string, code: string): Promise<{ page: Page; errors: string[] }> {
    const video = join(videos, `${name}.y4m`);
    writeQrY4m(video, code);
    await browser?.close().catch(() => undefined);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: fakeCameraArgs(video) });
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(new URL('/#/verify', hutong.url).href);
    await page.getByTestId('verifier-network').waitFor(VISIBLE);
    await page.getByTestId('verifier-input').getByText('摄像头扫码', { exact: true }).click();
    await page.getByTestId('verifier-camera-start').click();
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
    return { page, errors };
  }

  it('a genuine show code held up to the camera is read off the video and shown green', async () => {
    const { code, holderName } = await showCodeThroughApi(120);
    expect(code.startsWith('HT1:')).toBe(true);
    const { page, errors } = await scanWithCamera('genuine', code);
    const verdict = page.getByTestId('verifier-verdict');
    expect(await verdict.getAttribute('data-tone')).toBe('valid');
    expect(await verdict.textContent()).toContain('居民身份证');
    expect(await page.getByTestId('verifier-fields').textContent()).toContain(holderName);
    for (const check of ['format', 'signature', 'node-trusted', 'not-expired', 'issuer-trusted', 'status-at-signing']) {
      expect(await page.getByTestId(`verifier-check-${check}`).getAttribute('data-ok'), check).toBe('yes');
    }
    // The camera stops once a code is read: the scanner is gone, the verdict stays.
    expect(await page.getByTestId('verifier-camera').count()).toBe(0);
    await saveScreenshot(page, 'verifier-camera-valid');
    expect(errors).toEqual([]);
  }, 120_000);

  it('an expired show code held up to the camera is refused with its reason', async () => {
    const { code } = await showCodeThroughApi(1);
    // Past its one-second life before the camera ever sees it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { page, errors } = await scanWithCamera('expired', code);
    const verdict = page.getByTestId('verifier-verdict');
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    const expired = page.getByTestId('verifier-check-not-expired');
    expect(await expired.getAttribute('data-ok')).toBe('no');
    expect(await expired.textContent()).toContain('亮证码已于');
    expect(await expired.textContent()).toContain('过期');
    // Everything else about the code is genuine: only its age is refused.
    expect(await page.getByTestId('verifier-check-signature').getAttribute('data-ok')).toBe('yes');
    await saveScreenshot(page, 'verifier-camera-expired');
    expect(errors).toEqual([]);
  }, 120_000);
});
