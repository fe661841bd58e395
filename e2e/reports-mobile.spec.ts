import postgres from 'postgres';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { generatePayments } from '../db/generate';
import { DEMO, expectAccessible, login, snap } from './helpers';

/**
 * The money lists on a phone (390 px) and a desk (1366 px), in Persian and English: no sideways
 * scroll of the page, every row's amount and state on screen, the report's filters in a sheet with
 * removable chips, a column chooser, and a calendar whose seven days fit. Rows of its own live in
 * Bahman 1402 (no other spec reads that month), so counts elsewhere are not disturbed.
 */
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };
const MONTH = 'from=1402/11/01&to=1402/11/30';

test.beforeAll(async () => {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const [shop] = await sql`select platform_id from payment_link_settings where handle = 'demo-shop'`;
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from payments where platform_id = ${shop.platform_id}
    and created_at >= '2024-01-21T00:00:00+03:30' and created_at < '2024-02-20T00:00:00+03:30'`;
  if (n === 0) await generatePayments(sql, { platformIds: [shop.platform_id], n: 12, until: new Date('2024-02-15T12:00:00Z'), days: 10 });
  await sql.end();
});

async function noSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

/** The element lies within the viewport's width (not cut off at either side). */
async function onScreen(el: Locator, width: number) {
  await expect(el).toBeVisible();
  const box = (await el.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
}

async function rowsShowAmountAndState(rows: Locator, amount: string, state: string, width: number) {
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < Math.min(n, 8); i++) {
    await onScreen(rows.nth(i).getByTestId(amount), width);
    await onScreen(rows.nth(i).getByTestId(state), width);
  }
}

async function english(page: Page) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
}

for (const lang of ['fa', 'en'] as const) {
  test(`the transaction report on a phone and a desk (${lang})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    await login(page, DEMO.merchant);
    await expect(page.getByTestId('greeting')).toBeVisible();
    if (lang === 'en') await english(page);

    await page.goto(`/reports/transactions?${MONTH}`);
    const sheet = page.getByTestId('report-filter-sheet');
    const form = page.getByTestId('report-filters');
    // On a phone the results come first: the filters wait behind their summary.
    await expect(form).toBeHidden();
    const rows = page.getByTestId('report-rows').locator('tbody tr');
    await rowsShowAmountAndState(rows, 'row-amount', 'row-state', PHONE.width);
    await noSidewaysScroll(page);
    // The chips say what is filtered; the amount fields speak the merchant's unit.
    await expect(page.getByTestId('report-chips').locator('[data-chip]')).toHaveCount(2);
    await expectAccessible(page);
    await snap(page, testInfo, `report-${lang}-390-closed`);

    await sheet.locator('summary').click();
    await expect(form).toBeVisible();
    await expect(page.locator('label[for="r-min"]')).toHaveText(lang === 'fa' ? /(تومان|ریال)\)$/ : /(Toman|Rials)\)$/);
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `report-${lang}-390-open`);

    // A chip is a link to the same report without its filter.
    await page.goto(`/reports/transactions?${MONTH}&state=succeeded`);
    const stateChip = page.locator('[data-chip="state"]');
    await expect(stateChip).toContainText(lang === 'fa' ? 'موفق' : 'Successful');
    await expect(rows.first().getByTestId('row-state')).toHaveText(lang === 'fa' ? 'موفق' : 'Successful');
    await stateChip.click();
    await expect(page).not.toHaveURL(/state=/);
    await expect(page).toHaveURL(/from=1402/);

    // On a desk the filters are open (and may be closed); the column chooser hides what is not needed.
    await page.setViewportSize(DESK);
    await page.goto(`/reports/transactions?${MONTH}`);
    await expect(form).toBeVisible();
    await sheet.locator('summary').click();
    await expect(form).toBeHidden();
    await sheet.locator('summary').click();
    const header = page.getByTestId('report-rows').locator('thead th');
    await expect(header).toHaveCount(9);
    const chooser = page.getByTestId('column-chooser');
    await chooser.locator('summary').click();
    await expect(chooser.locator('input[data-column="amount"]')).toBeDisabled();
    await chooser.locator('input[data-column="payer"]').uncheck();
    await expect(header).toHaveCount(8);
    await page.reload();
    await expect(header).toHaveCount(8);
    await rowsShowAmountAndState(rows, 'row-amount', 'row-state', DESK.width);
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `report-${lang}-1366`);
    await chooser.locator('summary').click();
    await chooser.locator('input[data-column="payer"]').check();
    await expect(header).toHaveCount(9);

    // A payment's detail: amount, fee and net side by side.
    await rows.first().getByRole('link').first().click();
    await expect(page.getByTestId('detail-amount')).toBeVisible();
    await expect(page.getByTestId('detail-fee')).toBeVisible();
    await expect(page.getByTestId('detail-net')).toBeVisible();
    await expectAccessible(page);
    await snap(page, testInfo, `detail-${lang}-1366`);
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await snap(page, testInfo, `detail-${lang}-390`);
  });

  test(`calendar, sales, balances and link payments fit a phone (${lang})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    await login(page, DEMO.merchant);
    await expect(page.getByTestId('greeting')).toBeVisible();
    if (lang === 'en') await english(page);

    // Seven days in a row, Friday and the holidays on screen (Farvardin 1405 / March 2026: Nowruz).
    await page.goto(lang === 'fa' ? '/calendar?y=1405&m=1' : '/calendar?y=2026&m=3');
    const grid = page.getByTestId('calendar-grid');
    await expect(grid.locator('thead th')).toHaveCount(7);
    for (const th of await grid.locator('thead th').all()) await onScreen(th, PHONE.width);
    await onScreen(page.getByTestId('day-2026-03-27'), PHONE.width); // a Friday
    await onScreen(page.getByTestId('day-2026-03-21'), PHONE.width); // Nowruz
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `calendar-${lang}-390`);
    await page.setViewportSize(DESK);
    await snap(page, testInfo, `calendar-${lang}-1366`);

    // The sales page names the period it shows, and has a day for each day of it.
    await page.goto('/reports/sales');
    await expect(page.locator('select[name="preset"]')).toHaveValue('thisMonth');
    await noSidewaysScroll(page);
    await snap(page, testInfo, `sales-${lang}-1366`);
    await page.goto(`/reports/sales?${MONTH}`);
    await expect(page.getByTestId('sales-by-day').locator('tbody tr')).toHaveCount(30);
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `sales-${lang}-390`);

    // The balances page says what fees cost, per platform, in a period.
    await page.goto('/reports/balances?fees=thisMonth');
    await expect(page.getByTestId('fees-period')).toBeVisible();
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `balances-${lang}-390`);

    // Link payments: every row's amount and state on a phone.
    await page.goto('/payments/links');
    const rows = page.getByTestId('link-payments').locator('tbody tr');
    if ((await rows.count()) > 0) {
      for (let i = 0; i < Math.min(await rows.count(), 6); i++) {
        await onScreen(rows.nth(i).locator('td').nth(2), PHONE.width);
        await onScreen(rows.nth(i).getByTestId('row-state'), PHONE.width);
      }
    }
    await noSidewaysScroll(page);
    await expectAccessible(page);
    await snap(page, testInfo, `links-${lang}-390`);
    await page.setViewportSize(DESK);
    await snap(page, testInfo, `links-${lang}-1366`);
  });
}
