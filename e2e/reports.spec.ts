import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { generatePayments } from '../db/generate';
import { DEMO, expectAccessible, login, snap } from './helpers';

/**
 * The transaction-details report on the demo merchant's data. Playwright's server runs with
 * EXPORT_BACKGROUND_ABOVE=30, so a few dozen rows take the background-export path.
 */
test('filter the report, open a transaction, export it, and a background export reaches 100 %', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // Seventy old payments for the demo shop: more than a page, and a "large" export for this server.
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const [shop] = await sql`select platform_id from payment_link_settings where handle = 'demo-shop'`;
  await generatePayments(sql, { platformIds: [shop.platform_id], n: 70, until: new Date('2025-03-01T00:00:00Z'), days: 30 });
  await sql.end();

  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('link', { name: 'گزارش تراکنش‌ها' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('جزئیات تراکنش‌ها');
  await expectAccessible(page);

  // A reversed range is refused next to its field.
  await page.locator('#r-from').fill('۱۴۰۵/۰۹/۱۰');
  await page.locator('#r-to').fill('۱۴۰۵/۰۹/۰۱');
  await page.getByRole('button', { name: 'نمایش گزارش' }).click();
  await expect(page.getByTestId('error-to')).toHaveText('تاریخ پایان پیش از تاریخ شروع است.');

  // Esfand 1403 (a leap year: 30 days) holds the generated rows; filtered by state, newest first.
  await page.goto('/reports/transactions');
  await page.locator('#r-from').fill('1403/12/01');
  await page.locator('#r-to').fill('1403/12/30');
  await page.locator('#r-state').selectOption('succeeded');
  await page.getByRole('button', { name: 'نمایش گزارش' }).click();
  await expect(page).toHaveURL(/state=succeeded/);
  const rows = page.getByTestId('report-rows').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(10);
  for (let i = 0; i < count; i++) await expect(rows.nth(i).locator('td').nth(5)).toHaveText('موفق');
  await expect(page.getByTestId('report-totals')).toContainText(`${count.toLocaleString('fa-IR')} تراکنش`);
  await snap(page, testInfo, 'report-transactions');

  // The first row's detail, with the bookmarkable URL kept for the way back.
  const code = (await rows.first().getAttribute('data-code'))!;
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('transaction-detail')).toContainText('موفق');
  await expectAccessible(page);
  await snap(page, testInfo, 'report-detail');
  // A ticket about this payment starts with it picked.
  await page.getByTestId('ask-support-about-payment').click();
  await expect(page).toHaveURL(new RegExp(`/support/new\\?payment=${code}$`));
  await expect(page.locator('select[name="aboutKind"]')).toHaveValue('payment');
  await expect(page.locator('input[name="aboutRef"]')).toHaveValue(/\S/);
  expect((await page.locator('input[name="aboutRef"]').inputValue()).replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)))).toBe(code);
  await page.goBack();
  await page.goBack();

  // Keyset pages: the next page holds other rows, and back returns to the first.
  await page.goto('/reports/transactions?from=1403/12/01&to=1403/12/30');
  const firstCode = await rows.first().getAttribute('data-code');
  await page.getByRole('link', { name: 'صفحهٔ بعد' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows.first()).not.toHaveAttribute('data-code', firstCode!);
  await page.getByRole('link', { name: 'صفحهٔ قبل' }).click();
  await expect(rows.first()).toHaveAttribute('data-code', firstCode!);

  // A small export streams straight down: open it with exceljs.
  await page.goto('/reports/transactions?state=failed&from=1403/12/01&to=1403/12/30');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'دریافت Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^transactions-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const ws = wb.worksheets[0];
  expect(ws.views[0]).toMatchObject({ rightToLeft: true });
  expect(ws.getRow(1).getCell(1).value).toBe('کد پیگیری');
  expect(String(ws.getRow(2).getCell(2).value)).toMatch(/^۱۴۰۳\/۱۲\/[۰-۹]{2}$/);
  expect(ws.getRow(2).getCell(11).value).toBe('ناموفق');

  // Everything (70+ rows) is "large" here: the worker builds it, the bar reaches 100 %.
  await page.goto('/reports/transactions');
  await page.getByRole('link', { name: 'دریافت CSV' }).click();
  await expect(page).toHaveURL(/\/reports\/exports\//);
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 });
  await expect(page.getByTestId('export-state')).toContainText('آماده است');
  await expectAccessible(page);
  await snap(page, testInfo, 'report-export');
  const file = await page.request.get(
    await page
      .getByRole('link', { name: 'دریافت فایل' })
      .getAttribute('href')
      .then((h) => h!),
  );
  expect(file.status()).toBe(200);
  const text = await file.text();
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.trim().split('\r\n').length).toBeGreaterThan(70);
});

test('staff see every merchant’s transactions; another user cannot fetch an export', async ({ page, browser }) => {
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'گزارش تراکنش‌ها' }).click();
  await expect(page.getByTestId('report-rows')).toBeVisible();
  await expectAccessible(page);
  const exportsOfMerchant = await page.request.get('/api/reports/exports/00000000-0000-4000-8000-000000000000');
  expect(exportsOfMerchant.status()).toBe(404);
  const anon = await browser.newContext();
  const res = await anon.request.get('/reports/transactions/export?format=csv', { maxRedirects: 0 });
  expect([res.status(), res.headers().location]).toEqual([307, expect.stringContaining('/login')]);
  await anon.close();
});

test('the sales summary and the balances report', async ({ page }, testInfo) => {
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('link', { name: 'خلاصهٔ فروش' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('خلاصهٔ فروش');
  // The demo shop's payments of today (earlier specs) are this month's sales.
  await expect(page.getByTestId('sales-by-product').locator('tbody tr').first()).toContainText('فروشگاه نمونه');
  await expect(page.getByTestId('sales-by-day')).toContainText('۱۴۰');
  await expectAccessible(page);
  await snap(page, testInfo, 'sales-summary');
  // Esfand 1403 holds the generated rows: a chosen period works too.
  await page.goto('/reports/sales?from=1403/12/01&to=1403/12/30');
  await expect(page.getByTestId('sales-period')).toContainText('۱۴۰۳/۱۲/۰۱');
  await expect(page.getByTestId('sales-by-product')).toContainText('internet-1gb');

  await page.getByRole('link', { name: 'موجودی‌ها' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('موجودی‌ها');
  await expect(page.getByTestId('posting-history')).toContainText('پرداخت موفق');
  await expectAccessible(page);
  await snap(page, testInfo, 'balances-report');
});
