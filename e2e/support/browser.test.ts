/** Where the browser tests' screenshots go: a test run never rewrites the README's committed pictures. */
import { describe, expect, it } from 'vitest';
import { README_SCREENSHOT_DIR, README_SCREENSHOTS_ENV, SCREENSHOT_DIR, screenshotPaths } from './browser.js';

describe('screenshot paths', () => {
  it('are the run’s ignored folder only, in an ordinary test run', () => {
    expect(SCREENSHOT_DIR).not.toBe(README_SCREENSHOT_DIR);
    expect(SCREENSHOT_DIR.startsWith(README_SCREENSHOT_DIR)).toBe(true);
    expect(screenshotPaths('readme-holder-licences', {})).toEqual([`${SCREENSHOT_DIR}readme-holder-licences.png`]);
    expect(screenshotPaths('readme-holder-licences', { [README_SCREENSHOTS_ENV]: '0' })).toHaveLength(1);
  });

  it('include the README’s copy of a readme-* picture when `npm run screenshots` asks', () => {
    const env = { [README_SCREENSHOTS_ENV]: '1' };
    expect(screenshotPaths('readme-holder-licences', env)).toEqual([
      `${SCREENSHOT_DIR}readme-holder-licences.png`,
      `${README_SCREENSHOT_DIR}readme-holder-licences.png`,
    ]);
    expect(screenshotPaths('web-shell-en', env)).toEqual([`${SCREENSHOT_DIR}web-shell-en.png`]);
  });
});
