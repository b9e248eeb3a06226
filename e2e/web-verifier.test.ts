/**
 * 扫码核验 in Chromium on a phone-sized screen, against a real node: a show code made with the
 * node's showing key for a demo licence is drawn as a PNG, uploaded as a photo would be,
 * decoded in the page (jsQR) and verified in the browser with core's offline verifier against
 * the node's signed trust list; a changed code is red with its reasons; with the network cut,
 * the cached trust list still verifies, and the page says it is offline.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Licence, LicenceStatus } from '@hutong/core';
import { createSecrets } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { demoClient } from './support/demo-client.js';
import { PHONE, useBrowserAndServer } from './support/fixture.js';
import { qrImage, showCodeOf, validDemoLicences } from './support/node-codes.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

describe('the verifier scene in Chromium', () => {
  const secrets = createSecrets(randomBytes(32));
  const images = mkdtempSync(join(tmpdir(), 'hutong-e2e-qr-'));
  const hutong = useBrowserAndServer({ demo: true, secrets });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let licence: Licence;
  let other: Licence;
  let holderName: string;

  beforeAll(async () => {
    // A resident identity card of the demo library, as its issuing department reads it.
    [licence, other] = (await validDemoLicences(hutong)) as [Licence, Licence];
    holderName = String(licence.metadata.certificateHolderName);
  });

  afterAll(() => {
    rmSync(images, { recursive: true, force: true });
  });

  /** A show code made by the node's showing key (what the holder's phone shows), as a PNG file. */
  async function showCodeImage(name: string, status: LicenceStatus = 'valid'): Promise<{ path: string; text: string }> {
    const text = await showCodeOf(hutong, secrets, licence, status);
    return { path: await qrImage(images, name, text), text };
  }

  async function openVerifier(): Promise<void> {
    ({ context, page, errors } = await hutong.open('/#/verify', { context: PHONE }));
    await page.getByTestId('verifier-network').waitFor(VISIBLE);
  }

  async function uploadImage(path: string): Promise<void> {
    await page.getByTestId('verifier-input').getByText('上传图片', { exact: true }).click();
    await page.getByTestId('verifier-image').setInputFiles(path);
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
  }

  it('decodes a photo of a genuine show code and shows a large green verdict with the shown fields', async () => {
    const code = await showCodeImage('genuine');
    await openVerifier();
    expect(await page.getByTestId('verifier-network').getAttribute('data-mode')).toBe('online');
    expect(await page.getByTestId('verifier-network').textContent()).toContain('在线');
    await uploadImage(code.path);
    const verdict = page.getByTestId('verifier-verdict');
    expect(await verdict.getAttribute('data-tone')).toBe('valid');
    expect(await verdict.textContent()).toContain('有效');
    expect(await verdict.textContent()).toContain('居民身份证');
    expect(await page.getByTestId('verifier-fields').textContent()).toContain(holderName);
    expect(await page.getByTestId('verifier-fields').textContent()).toContain('入场登记');
    for (const name of ['format', 'signature', 'node-trusted', 'not-expired', 'issuer-trusted', 'type-allowed']) {
      expect(await page.getByTestId(`verifier-check-${name}`).getAttribute('data-ok'), name).toBe('yes');
    }
    // The verdict is unmistakable on a phone: wide, and the page does not scroll sideways.
    const box = await verdict.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(PHONE.viewport.width * 0.8);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
    await page.getByTestId('verifier-online').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-online').getAttribute('data-status')).toBe('valid');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'readme-verifier-valid');
    expect(errors).toEqual([]);
  });

  it('shows red, with each failed check’s reason in the reader’s language, for a changed or revoked code', async () => {
    const genuine = await showCodeImage('to-change');
    await openVerifier();
    // One character of the signed payload changed.
    const text = genuine.text;
    const at = text.length - 10;
    const changed = `${text.slice(0, at)}${text[at] === '0' ? '1' : '0'}${text.slice(at + 1)}`;
    await page.getByTestId('verifier-input').getByText('粘贴亮证码', { exact: true }).click();
    await page.getByTestId('verifier-paste').fill(changed);
    await page.getByTestId('verifier-paste-submit').click();
    const verdict = page.getByTestId('verifier-verdict');
    await verdict.waitFor(VISIBLE);
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    expect(await verdict.textContent()).toContain('无效');
    const failed = page.locator('[data-testid^="verifier-check-"][data-ok="no"]');
    expect(await failed.count()).toBeGreaterThan(0);
    expect(await failed.first().textContent()).toMatch(/[\u4e00-\u9fff]/);

    // A code the node made while the licence was revoked: genuine, but red.
    const revoked = await showCodeImage('revoked', 'revoked');
    await uploadImage(revoked.path);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="verifier-check-status-at-signing"]')?.getAttribute('data-ok') === 'no',
    );
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    expect(await page.getByTestId('verifier-check-signature').getAttribute('data-ok')).toBe('yes');

    // A suspended licence is amber, and the reason is given in English after the switch.
    const suspended = await showCodeImage('suspended', 'suspended');
    await uploadImage(suspended.path);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-verdict"]')?.getAttribute('data-tone') === 'warning',
    );
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.getByText('Attention: the licence is suspended', { exact: true }).waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-check-status-at-signing').textContent()).toMatch(/suspended/i);
    await saveScreenshot(page, 'web-verifier-suspended-en');
    expect(errors).toEqual([]);
  });

  it('verifies without a network from the cached trust list, and says it is offline', async () => {
    const code = await showCodeImage('offline');
    await openVerifier();
    expect(await page.getByTestId('verifier-network').getAttribute('data-mode')).toBe('online');
    await context.setOffline(true);
    await page.getByTestId('verifier-refresh-trust').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-network"]')?.getAttribute('data-mode') === 'offline',
    );
    expect(await page.getByTestId('verifier-network').textContent()).toContain('离线核验');
    await uploadImage(code.path);
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');
    await saveScreenshot(page, 'web-verifier-offline');
    expect(errors).toEqual([]);
  });

  it('verifies a downloaded licence file: the issuer’s SM2 signature and status list in Chromium, red after revocation', async () => {
    // The demo's public security department signs with SM2 (GB/T 32918): the browser build's
    // SM2 verification (sm-crypto-v2 over WebCrypto's random source) runs here, not in Node.
    expect(other.proof.suite).toBe('sm2-sm3');
    const path = join(images, 'licence.json');
    writeFileSync(path, JSON.stringify(other));
    await openVerifier();
    await page.getByTestId('verifier-input').getByText('证照文件', { exact: true }).click();
    await page.getByTestId('verifier-licence-file').setInputFiles(path);
    const verdict = page.getByTestId('verifier-verdict');
    await verdict.waitFor(VISIBLE);
    expect(await verdict.getAttribute('data-kind')).toBe('licence');
    expect(await verdict.getAttribute('data-tone')).toBe('valid');
    for (const name of ['signature', 'issuer-trusted', 'key-valid-at-issue', 'status']) {
      expect(await page.getByTestId(`verifier-check-${name}`).getAttribute('data-ok'), name).toBe('yes');
    }
    expect(await page.getByTestId('verifier-check-status').textContent()).toContain('状态列表显示证照有效');
    expect(await seriousViolations(page)).toEqual([]);

    const department = await demoClient(hutong.server, 'department:publicSecurity');
    const revoked = await fetch(
      new URL(`/api/v1/licences/${other.metadata.certificateIdentifier}/events`, hutong.url),
      {
        method: 'POST',
        headers: { authorization: department.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'revocation', reason: '端到端测试：吊销' }),
      },
    );
    expect(revoked.status).toBe(200);
    await page.getByTestId('verifier-licence-file').setInputFiles(path);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-check-status"]')?.getAttribute('data-ok') === 'no',
    );
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    expect(await page.getByTestId('verifier-check-signature').getAttribute('data-ok')).toBe('yes');

    // Offline, the service worker answers the issuer's list as last fetched: still red.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await context.setOffline(true);
    await page.getByTestId('verifier-licence-file').setInputFiles(path);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-check-status"]')?.getAttribute('data-ok') === 'no',
    );
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    expect(errors).toEqual([]);
  });

  it('refuses a code made before its licence was revoked, from the issuer’s status list the code names, also offline', async () => {
    // A third licence, so that the others' tests keep theirs valid.
    const third = (await validDemoLicences(hutong))[2];
    if (third === undefined) throw new Error('the demo library has fewer than three valid identity cards');
    const text = await showCodeOf(hutong, secrets, third);
    const path = await qrImage(images, 'revoked-since', text);
    const department = await demoClient(hutong.server, 'department:publicSecurity');
    const revoked = await fetch(
      new URL(`/api/v1/licences/${third.metadata.certificateIdentifier}/events`, hutong.url),
      {
        method: 'POST',
        headers: { authorization: department.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'revocation', reason: '端到端测试：亮证后吊销' }),
      },
    );
    expect(revoked.status).toBe(200);
    await openVerifier();
    await uploadImage(path);
    const verdict = page.getByTestId('verifier-verdict');
    // Genuine and valid when shown; the issuer's list, newer than the code, says revoked since.
    expect(await page.getByTestId('verifier-check-status-at-signing').getAttribute('data-ok')).toBe('yes');
    expect(await page.getByTestId('verifier-check-status-list').getAttribute('data-ok')).toBe('no');
    expect(await page.getByTestId('verifier-check-status-list').textContent()).toContain('已失效');
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');

    // Offline, from the list the service worker kept: still red.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await context.setOffline(true);
    await page.getByTestId('verifier-refresh-trust').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-network"]')?.getAttribute('data-mode') === 'offline',
    );
    await page.getByTestId('verifier-image').setInputFiles(path);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verifier-check-status-list"]')?.getAttribute('data-ok') === 'no',
    );
    expect(await verdict.getAttribute('data-tone')).toBe('invalid');
    await saveScreenshot(page, 'web-verifier-revoked-since-offline');
    expect(errors).toEqual([]);
  });
});
