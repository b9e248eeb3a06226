/** Staff sign-in through the web page, as a person does it (password and the authenticator's current code). */
import type { Page } from 'playwright-core';
import type { StaffCredentials } from './staff-sign-in.js';

const VISIBLE = { state: 'visible', timeout: 20_000 } as const;

/** Opens the sign-in scene, signs `staff` in and waits until the header names them. */
export async function signInThroughPage(page: Page, staff: StaffCredentials): Promise<void> {
  await page.getByTestId('nav-sign-in').click();
  await page.getByTestId('sign-in-username').fill(staff.username);
  await page.getByTestId('sign-in-password').fill(staff.password);
  await page.getByTestId('sign-in-totp').fill(staff.totpAt(new Date()));
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('session-user').waitFor(VISIBLE);
}
