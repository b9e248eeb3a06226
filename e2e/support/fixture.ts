/**
 * The set-up every browser test shares: one headless Chromium and one real node per test file
 * (started side by side in `beforeAll`), a fresh browser context per page opened, each page's
 * console errors and uncaught exceptions collected, and everything closed again — the contexts
 * a test opened after that test, the rest with the file.
 *
 * Call `useBrowserAndServer` at the top of a `describe`: it registers the hooks there and gives
 * back the node (`url`, `server`) and the browser to open pages with.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { collectPageErrors, launchChromium } from './browser.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';

/** A phone's screen (390 × 844 CSS pixels, touch), as the holder and the verifier use the web application. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** What the page has reported as an error so far (console errors, uncaught exceptions); a test may clear it. */
  readonly errors: string[];
}

export interface OpenOptions {
  /** A context already opened (a second tab sharing its storage and service worker), or the options of a fresh one. */
  readonly context?: BrowserContext | BrowserContextOptions;
  /** Runs on the page before it navigates, e.g. to install a fake clock the page starts with. */
  readonly beforeNavigation?: (page: Page) => Promise<void>;
}

export interface BrowserAndServer {
  readonly browser: Browser;
  readonly server: TestServer['server'];
  /** The node's base URL (`http://127.0.0.1:<port>/`). */
  readonly url: string;
  /** A fresh browser context (its own cookies, storage and service worker), closed for the caller. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page at `path` (relative to the node, or an absolute URL), with its errors collected. */
  open(path: string, options?: OpenOptions): Promise<OpenedPage>;
}

function isContext(value: BrowserContext | BrowserContextOptions): value is BrowserContext {
  return typeof (value as Partial<BrowserContext>).newPage === 'function';
}

export function useBrowserAndServer(options: TestServerOptions = {}): BrowserAndServer {
  let browser: Browser | undefined;
  let hutong: TestServer | undefined;
  /** Contexts opened by the running test (closed after it) and by `beforeAll` set-up (closed with the file). */
  const ofTest: BrowserContext[] = [];
  const ofFile: BrowserContext[] = [];
  let testRunning = false;

  beforeAll(async () => {
    // Chromium and the node start side by side; if one fails the other is still closed in afterAll.
    const [launched, started] = await Promise.allSettled([launchChromium(), startTestServer(options)]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') hutong = started.value;
    if (launched.status === 'rejected') throw launched.reason;
    if (started.status === 'rejected') throw started.reason;
  });

  beforeEach(() => {
    testRunning = true;
  });

  afterEach(async () => {
    testRunning = false;
    for (const context of ofTest.splice(0)) await context.close().catch(() => undefined);
  });

  afterAll(async () => {
    for (const context of ofFile.splice(0)) await context.close().catch(() => undefined);
    await browser?.close();
    await hutong?.close();
  });

  function started<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test or a later beforeAll`);
    return value;
  }

  const fixture: BrowserAndServer = {
    get browser() {
      return started(browser, 'Chromium');
    },
    get server() {
      return started(hutong, 'the node').server;
    },
    get url() {
      return started(hutong, 'the node').url;
    },
    async newContext(contextOptions = {}) {
      const context = await fixture.browser.newContext(contextOptions);
      (testRunning ? ofTest : ofFile).push(context);
      return context;
    },
    async open(path, openOptions = {}) {
      const given = openOptions.context ?? {};
      const context = isContext(given) ? given : await fixture.newContext(given);
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await openOptions.beforeNavigation?.(page);
      await page.goto(new URL(path, fixture.url).href);
      return { context, page, errors };
    },
  };
  return fixture;
}
