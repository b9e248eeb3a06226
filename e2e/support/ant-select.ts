import type { Page } from 'playwright-core';

/**
 * Picks an option of an Ant Design select as a user would: open it, optionally type to filter,
 * click the option — in THIS select's own dropdown — then check the select shows it, and close
 * a dropdown that stays open (a multiple select) with Escape.
 *
 * Why scoped: Ant Design keeps a closed select's dropdown in the page, and while its leave
 * animation runs (long on a loaded machine) it is neither hidden nor gone, so a page-wide "first
 * option with this text" can land on another select's option — invisible, so the click waits
 * out its timeout. The open select's combobox names its listbox (`aria-controls`, WAI-ARIA
 * combobox pattern), which sits inside its dropdown: the options are looked for there only.
 *
 * Why Escape only while `aria-expanded` is true: a single select closes itself on the click, and
 * an Escape that reaches a closed select goes on to the enclosing Drawer, which closes on Escape
 * — web-matters lost its editor drawer that way on a loaded machine (the next select never
 * appeared, or Save sent nothing).
 */
export async function chooseOption(
  page: Page,
  testId: string,
  option: string,
  typed?: string,
  options: { close?: boolean } = {},
): Promise<void> {
  const select = page.getByTestId(testId);
  const combobox = select.locator('xpath=self::*[@role="combobox"] | .//*[@role="combobox"]').first();
  // A click on an option that lands while the dropdown is still moving in can be lost (seen on a
  // loaded machine: the select kept its old value). The choice counts once the select shows it
  // (its value or tag carries the option's label); else close, reopen and choose again, as a
  // person would.
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (typed !== undefined) await page.keyboard.type(typed);
    const listId = await combobox.getAttribute('aria-controls');
    if (listId === null || listId === '')
      throw new Error(`${testId}: the open select names no listbox (aria-controls)`);
    await page
      .locator(`.ant-select-dropdown:has([id="${listId}"]) .ant-select-item-option`, { hasText: option })
      .first()
      .click();
    const deadline = Date.now() + 3_000;
    while (!((await select.textContent()) ?? '').includes(option) && Date.now() < deadline)
      await page.waitForTimeout(50);
    if (((await select.textContent()) ?? '').includes(option)) break;
    if (attempt === 3) throw new Error(`${testId}: chose «${option}» three times but the select does not show it`);
    if ((await combobox.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
  }
  if (options.close === true && (await combobox.getAttribute('aria-expanded')) === 'true') {
    await page.keyboard.press('Escape');
  }
}
