/**
 * The verification page `/v/<code>` in Chromium on a phone-sized screen, against a real node:
 * the address a printed licence's QR code holds opens the page, which verifies the print code
 * offline and asks the node anonymously for the current status (green; red once the
 * department revokes the licence); a show code's address shows the disclosed fields; after
 * one visit the service worker serves the page and the trust list with the network off.
 * axe-core finds no serious violation on the page.
 */
import { randomBytes } from 'node:crypto';
import { type Licence, verificationUrl } from '@hutong/core';
import { createSecrets } from '@hutong/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { saveScreenshot } from './support/browser.js';
import { demoClient } from './support/demo-client.js';
import { PHONE, useBrowserAndServer } from './support/fixture.js';
import { printCodeOf, showCodeOf, validDemoLicences } from './support/node-codes.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

describe('the verification page /v/<code> in Chromium', () => {
  const secrets = createSecrets(randomBytes(32));
  const hutong = useBrowserAndServer({ demo: true, secrets });
  /** The running test's browser profile: pages opened in one test share it (and its service worker). */
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[];
  let licences: Licence[];

  beforeAll(async () => {
    licences = await validDemoLicences(hutong);
    if (licences.length < 3) throw new Error('the demo library has fewer than 3 valid identity cards');
  });

  afterEach(() => {
    context = undefined; // the fixture closed it
  });

  async function open(url: string): Promise<void> {
    ({ context, page, errors } = await hutong.open(url, { context: context ?? PHONE }));
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
  }

  async function onlineStatus(): Promise<string | null> {
    await page.getByTestId('verifier-online').waitFor(VISIBLE);
    return page.getByTestId('verifier-online').getAttribute('data-status');
  }

  it('opens a printed licence’s QR address: green offline and online; red online once the licence is revoked', async () => {
    const licence = licences[0] as Licence;
    const code = await printCodeOf(hutong, secrets, licence);
    const url = verificationUrl(hutong.url, code);
    expect(url).toContain('/v/HP1:');
    await open(url);
    const verdict = page.getByTestId('verifier-verdict');
    expect(await verdict.getAttribute('data-kind')).toBe('printed-licence');
    expect(await onlineStatus()).toBe('valid');
    expect(await verdict.getAttribute('data-tone')).toBe('valid');
    expect(await verdict.textContent()).toContain('电子证照打印件');
    expect(await verdict.textContent()).toContain('居民身份证');
    expect(await page.getByTestId('verifier-print').textContent()).toContain(licence.metadata.certificateIdentifier);
    expect(await page.getByTestId('verifier-check-current-status').getAttribute('data-ok')).toBe('yes');
    expect(await page.getByTestId('verifier-check-library-face').getAttribute('data-ok')).toBe('yes');
    // The page learns the status, never the printed face (the paper shows it).
    expect(await page.getByTestId('verifier-online').textContent()).not.toContain(
      String(licence.metadata.certificateHolderName),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'readme-verification-page-printed');
    expect(errors).toEqual([]);

    // The department revokes the licence: the same paper is now red online (offline it cannot know).
    const department = await demoClient(hutong.server, 'department:publicSecurity');
    const revoked = await fetch(
      new URL(`/api/v1/licences/${licence.metadata.certificateIdentifier}/events`, hutong.url),
      {
        method: 'POST',
        headers: { authorization: department.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'revocation', reason: '端到端测试：吊销' }),
      },
    );
    expect(revoked.status).toBe(200);
    await page.reload();
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
    expect(await onlineStatus()).toBe('revoked');
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('invalid');
    expect(await page.getByTestId('verifier-check-current-status').getAttribute('data-ok')).toBe('no');
    expect(await page.getByTestId('verifier-online-status').textContent()).toContain('吊销');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'web-verification-page-revoked');
    expect(errors).toEqual([]);
  });

  it('opens a show code’s address with the disclosed fields, in English after the switch', async () => {
    const licence = licences[1] as Licence;
    const code = await showCodeOf(hutong, secrets, licence);
    await open(verificationUrl(hutong.url, code));
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-kind')).toBe('show-code');
    expect(await onlineStatus()).toBe('valid');
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');
    expect(await page.getByTestId('verifier-fields').textContent()).toContain(
      String(licence.metadata.certificateHolderName),
    );
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.getByText('Online: the licence’s current status', { exact: true }).waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-verdict').textContent()).toContain('Valid');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('works with the network off after one visit: the service worker serves the page and the trust list', async () => {
    const first = await showCodeOf(hutong, secrets, licences[2] as Licence);
    await open(verificationUrl(hutong.url, first));
    // The service worker installs (precaching the shell and the verifier) and takes the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.close();

    await context?.setOffline(true);
    const printed = await printCodeOf(hutong, secrets, licences[2] as Licence);
    await open(verificationUrl(hutong.url, printed));
    const network = page.getByTestId('verifier-network');
    expect(await network.getAttribute('data-mode')).toBe('offline');
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-kind')).toBe('printed-licence');
    await page.getByTestId('verifier-online-unavailable').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-online-unavailable').textContent()).toContain('离线');
    await saveScreenshot(page, 'web-verification-page-offline');

    // The verifier scene too: reloaded offline, it verifies a pasted show code.
    await page.goto(new URL('/#/verify', hutong.url).href);
    await page.getByTestId('verifier-network').waitFor(VISIBLE);
    await page.getByTestId('verifier-input').getByText('粘贴亮证码', { exact: true }).click();
    await page.getByTestId('verifier-paste').fill(await showCodeOf(hutong, secrets, licences[2] as Licence));
    await page.getByTestId('verifier-paste-submit').click();
    await page.getByTestId('verifier-verdict').waitFor(VISIBLE);
    expect(await page.getByTestId('verifier-verdict').getAttribute('data-tone')).toBe('valid');
    expect(await page.getByTestId('verifier-network').getAttribute('data-mode')).toBe('offline');
    expect(errors).toEqual([]);
  });
});
