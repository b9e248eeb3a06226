/**
 * Debian's Chromium driven by playwright-core: the browser a person on this platform uses,
 * not a downloaded test build (the machines reach no browser download site).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Root needs --no-sandbox; the rest keep Chromium off the network (this machine has none:
 * background services would fail, many connections at a time, and log errors).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Where every test run leaves its screenshots (ignored by git: a run must not change the checkout). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/last-run/', import.meta.url));
/** The README's pictures (committed): refreshed only on purpose, by `npm run screenshots`. */
export const README_SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
/** Set by `npm run screenshots` (scripts/readme-screenshots.mjs): `readme-*` pictures also replace the README's. */
export const README_SCREENSHOTS_ENV = 'HUTONG_README_SCREENSHOTS';

/**
 * The files a screenshot named `name` is written to: always the run's folder; a `readme-*` one
 * also the README's folder when `npm run screenshots` asked for it.
 */
export function screenshotPaths(name: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const paths = [`${SCREENSHOT_DIR}${name}.png`];
  if (name.startsWith('readme-') && env[README_SCREENSHOTS_ENV] === '1')
    paths.push(`${README_SCREENSHOT_DIR}${name}.png`);
  return paths;
}

/** Starts headless Chromium; a missing browser fails the test with the fix, never skips it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run \`npm test\` (it installs Debian's chromium) or apt-get install -y chromium`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** Everything the page reports as an error: console errors and uncaught exceptions. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * Saves a PNG (the full page unless `fullPage: false`: what the screen shows) as
 * `e2e/screenshots/last-run/<name>.png` (and, see `screenshotPaths`, the README's copy) and
 * returns the run's path.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<string> {
  const [path, ...copies] = screenshotPaths(name, process.env) as [string, ...string[]];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const picture = await page.screenshot({ path, fullPage: options.fullPage ?? true });
  for (const copy of copies) writeFileSync(copy, picture);
  return path;
}
