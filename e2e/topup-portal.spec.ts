import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { checkBothWidths, DEMO, login } from './helpers';

/**
 * The top-up screens: the demo merchant (whose seeded charge app has the store `demo-charge`) opens
 * Top-ups, renames its store and sees the commission rates; staff open /admin/topup, set a rate,
 * and hide then show a product. axe on each page; screenshots at phone and desk width, fa and en.
 */

async function inEnglish(page: Page, testInfo: TestInfo, check: () => Promise<void>) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
  try {
    await page.reload();
    await check();
  } finally {
    await page.context().clearCookies({ name: 'NEXT_LOCALE' });
  }
}

test('the merchant renames its top-up store and sees the rates that apply', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('link', { name: 'شارژ', exact: true }).first().click();
  await expect(page).toHaveURL(/\/topup$/);
  await expect(page.locator('h1')).toHaveText('شارژ');

  // The demo charge app's card (other specs may have added charge platforms for the demo merchant).
  const card = page.locator('section').filter({ has: page.getByTestId('store-link').filter({ hasText: /\/topup\/demo-charge$/ }) });
  await expect(card).toHaveCount(1);
  const form = card.getByTestId('store-settings');
  await expect(form.locator('input[name="handle"]')).toHaveValue('demo-charge');

  // Bad input by its field, nothing saved.
  await form.locator('input[name="title"]').fill(' ');
  await form.getByRole('button', { name: 'ذخیرهٔ فروشگاه' }).click();
  await expect(form.getByTestId('error-title')).toBeVisible();
  const title = `شارژ نمونه ${Date.now() % 10_000}`;
  await form.locator('input[name="title"]').fill(title);
  await form.getByRole('button', { name: 'ذخیرهٔ فروشگاه' }).click();
  await expect(card.getByTestId('store-saved')).toHaveText('ذخیره شد.');
  await page.reload();
  await expect(card.getByTestId('store-settings').locator('input[name="title"]')).toHaveValue(title);

  // The rates: the sandbox catalogue's operators and kinds, the default half of the margin unless staff set one.
  const rates = page.getByTestId('topup-rates');
  await expect(rates.locator('tr[data-rate="mci:direct"]')).toContainText('همراه اول');
  await expect(rates.locator('tr[data-rate="mci:direct"]').getByTestId('rate-share')).toHaveText('۵۰٪');
  await expect(card.getByTestId('platform-commission')).toBeVisible();

  await checkBothWidths(page, testInfo, 'topup-fa');
  await inEnglish(page, testInfo, async () => {
    await expect(page.locator('h1')).toHaveText('Top-ups');
    await expect(page.getByTestId('topup-rates').locator('tr[data-rate="mci:direct"]')).toContainText('MCI');
    await checkBothWidths(page, testInfo, 'topup-en');
  });
});

test('staff set a commission rate, and hide then show a product', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'شارژ', exact: true }).first().click();
  await expect(page).toHaveURL(/\/admin\/topup$/);
  await expect(page.locator('h1')).toHaveText('شارژ');
  await expect(page.getByTestId('wallet-balance')).toBeVisible();

  // A rate: Irancell's wonderful top-ups, 40% of the margin (Persian digits welcome).
  const form = page.getByTestId('commission-form');
  await form.locator('select[name="operator"]').selectOption('irancell');
  await form.locator('select[name="kind"]').selectOption('wonderful');
  await form.locator('input[name="percent"]').fill('۱۲۰');
  await form.getByRole('button', { name: 'تعیین نرخ' }).click();
  await expect(form.getByTestId('error-percent')).toHaveText('درصدی از ۰ تا ۱۰۰.');
  await form.locator('input[name="percent"]').fill('۴۰');
  await form.getByRole('button', { name: 'تعیین نرخ' }).click();
  await expect(page.getByTestId('commission-saved')).toContainText('ایرانسل');
  await expect(page.getByTestId('commission-rates').locator('tr[data-rate="irancell:wonderful"]').getByTestId('rate-percent')).toContainText('۴۰٪');

  // Hide the first offered product after the confirm, then show it again.
  const catalogue = page.getByTestId('topup-catalogue');
  const first = catalogue.locator('tr[data-hidden="false"]').first();
  const upstreamId = (await first.getAttribute('data-product'))!;
  const row = catalogue.locator(`tr[data-product="${upstreamId}"]`);
  await row.getByTestId('product-toggle').click();
  await expect(row.getByTestId('product-confirm')).toContainText('پنهان شود؟');
  await row.getByTestId('product-confirm-yes').click();
  await expect(row).toHaveAttribute('data-hidden', 'true');
  await expect(row.getByTestId('product-state')).toHaveText('پنهان به دست کارشناس');

  await checkBothWidths(page, testInfo, 'admin-topup-fa');

  await row.getByTestId('product-toggle').click();
  await row.getByTestId('product-confirm-yes').click();
  await expect(row).toHaveAttribute('data-hidden', 'false');
  await expect(row.getByTestId('product-state')).toHaveText('عرضه می‌شود');

  await inEnglish(page, testInfo, async () => {
    await expect(page.locator('h1')).toHaveText('Top-ups');
    await checkBothWidths(page, testInfo, 'admin-topup-en');
  });
});
