import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO, expectAccessible, login, snap } from './helpers';

/**
 * The pages merchants, payers and staff use most, at a phone's width (390 px) and a desk's (1366 px),
 * in Persian and English: the page never scrolls sideways, no table is clipped (a table either fits
 * its box or is not shown — below `md` lists are cards), every visible list row shows its amount and
 * its state, and axe finds nothing. The screenshots are kept with the test's artifacts to look at.
 */
const WIDTHS = [
  [390, 844],
  [1366, 900],
] as const;

async function setLanguage(page: Page, locale: 'fa' | 'en', testInfo: TestInfo) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: testInfo.project.use.baseURL! }]);
}

/** What is wrong with the page's layout at the current width: sideways scroll, clipped tables. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const table of Array.from(document.querySelectorAll('main table'))) {
      const box = table.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown at this width (cards instead)
      let box2: HTMLElement | null = table.parentElement;
      while (box2 && box2 !== document.body) {
        const style = getComputedStyle(box2);
        if (/(auto|scroll|hidden)/.test(style.overflowX) && box2.scrollWidth > box2.clientWidth + 1) {
          problems.push(`a table is clipped in its box (${box2.scrollWidth} > ${box2.clientWidth}): ${table.textContent?.slice(0, 60)}`);
          break;
        }
        box2 = box2.parentElement;
      }
      if (box.left < -1 || box.right > window.innerWidth + 1) problems.push(`a table runs off the screen: ${Math.round(box.left)}…${Math.round(box.right)}`);
    }
    return problems;
  });
}

async function look(page: Page, testInfo: TestInfo, name: string) {
  await expectAccessible(page);
  for (const [width, height] of WIDTHS) {
    // Loaded at that width, as a phone or a desk would (what opens by default differs: the filter sheet).
    await page.setViewportSize({ width, height });
    await page.reload();
    await page.evaluate(() => document.fonts.ready);
    expect(await layoutProblems(page), `${name} at ${width}px`).toEqual([]);
    await snap(page, testInfo, `${name}-${width}`);
  }
}

for (const locale of ['fa', 'en'] as const) {
  test(`merchant pages fit a phone and a desk (${locale})`, async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await setLanguage(page, locale, testInfo);
    await login(page, DEMO.merchant);
    await expect(page.getByTestId('greeting')).toBeVisible();
    await look(page, testInfo, `${locale}-dashboard`);

    await page.goto('/reports/transactions');
    await look(page, testInfo, `${locale}-transactions`);

    await page.goto('/calendar');
    await look(page, testInfo, `${locale}-calendar`);

    // A platform page: the first of the merchant's services that has a platform.
    await page.goto('/services');
    const services = await page.locator('main a[href^="/services/"]:not([href^="/services/new"])').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of services) {
      await page.goto(href);
      if (await page.locator('main a[href^="/platforms/"]').count()) break;
    }
    await page.locator('main a[href^="/platforms/"]:visible').first().click();
    await expect(page).toHaveURL(/\/platforms\/[0-9a-f-]{36}/);
    await look(page, testInfo, `${locale}-platform`);
  });

  test(`staff's merchants list and merchant page fit a phone and a desk (${locale})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await setLanguage(page, locale, testInfo);
    await login(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin/);
    await page.goto('/admin/merchants');
    await look(page, testInfo, `${locale}-admin-merchants`);
    await page.locator('main a[href^="/admin/merchants/"]:visible').first().click();
    await expect(page).toHaveURL(/\/admin\/merchants\/[0-9a-f-]{36}/);
    await look(page, testInfo, `${locale}-admin-merchant`);
  });

  test(`the pay page fits a phone and a desk (${locale})`, async ({ page }, testInfo) => {
    await setLanguage(page, locale, testInfo);
    await page.goto('/pay/demo-shop');
    await look(page, testInfo, `${locale}-pay`);
  });
}
