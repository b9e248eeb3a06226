import type { Page } from 'playwright-core';

/**
 * Picks an option of an Ant Design select as a user would: open it, optionally type to filter,
 * click the option — in THIS select's own dropdown.
 *
 * Why scoped: Ant Design keeps a closed select's dropdown in the page, and while its leave
 * animation runs (long on a loaded machine) it is neither hidden nor gone, so a page-wide "first
 * option with this text" can land on another select's option — invisible, so the click waits
 * out its timeout (web-matters failed that way twice in one session, at two different selects).
 * The open select's combobox names its listbox (`aria-controls`, WAI-ARIA combobox pattern),
 * which sits inside its dropdown: the options are looked for there only.
 */
export async function chooseOption(page: Page, testId: string, option: string, typed?: string): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  if (typed !== undefined) await page.keyboard.type(typed);
  const combobox = (await select.getAttribute('role')) === 'combobox' ? select : select.locator('[role="combobox"]');
  const listId = await combobox.first().getAttribute('aria-controls');
  if (listId === null || listId === '') throw new Error(`${testId}: the open select names no listbox (aria-controls)`);
  await page
    .locator(`.ant-select-dropdown:has([id="${listId}"]) .ant-select-item-option`, { hasText: option })
    .first()
    .click();
}
