import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, snap } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The payer's pages as a payer meets them, in Persian and English, at a phone's and a desk's
 * width: the pay page (light: only its own words inlined), the slip form (the account to deposit
 * to, today's date), the receipts (a way back to the shop, the tracking code to copy, the 72-hour
 * note after a decline, the bank's reason in one language), and a 404 for an unknown link.
 */

const WIDTHS = [
  [390, 844],
  [1366, 900],
] as const;

async function payer(browser: Browser, locale: 'fa' | 'en') {
  const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await ctx.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: test.info().project.use.baseURL ?? 'http://127.0.0.1' }]);
  return { ctx, page: await ctx.newPage() };
}

/** axe at both widths, and a screenshot of each to look at. */
async function both(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    await expectAccessible(page);
    // No sideways scroll of the page at either width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await snap(page, testInfo, `${name}-${width}`);
  }
}

test('an unknown payment link answers 404 with the friendly page, in the pay layout', async ({ page, request }, testInfo) => {
  const res = await request.get('/pay/no-such-shop-404');
  expect(res.status()).toBe(404);
  const answer = await page.goto('/pay/no-such-shop-404');
  expect(answer?.status()).toBe(404);
  await expect(page.getByTestId('link-not-found')).toBeVisible();
  // The pay layout's header (the language switch) is there: not the portal's bare 404.
  await expect(page.getByRole('group', { name: 'زبان' })).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'pay-404');
  // An unknown receipt and an unknown one-off link answer 404 with the same page.
  for (const path of ['/pay/receipt/00000000-0000-4000-8000-000000000000', '/pay/l/no-such-code']) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(page.getByTestId('link-not-found')).toBeVisible();
  }
  // A known link still answers 200.
  expect((await request.get('/pay/demo-shop')).status()).toBe(200);
});

test('the pay page and the login page inline only their own words', async ({ request }) => {
  for (const path of ['/pay/demo-shop', '/login']) {
    const html = await (await request.get(path)).text();
    // Words of the merchant's and staff's screens are not in the payer's HTML.
    expect(html, path).not.toContain('adminPayouts');
    expect(html, path).not.toContain('vposRecon');
    expect(html, path).not.toContain('sandboxPhone');
    // The whole catalogue was ~53 KB of a ~70 KB page; what is left is the page and its own words.
    expect(Buffer.byteLength(html), path).toBeLessThan(45_000);
  }
  // The pay page's own words are there (its client form needs them).
  const pay = await (await request.get('/pay/demo-shop')).text();
  expect(pay).toContain('slipImageHint');
  // No chart or staff code among the scripts the pay page loads.
  const scripts = [...pay.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) {
    const js = await (await request.get(src)).text();
    expect(js, src).not.toMatch(/recharts|ResponsiveContainer|adminPayouts|approve-reject/);
    // zod (32 kB of script) loads when the form is first checked, not with the page.
    expect(js, src).not.toMatch(/\._zod\b/);
  }
});

for (const locale of ['fa', 'en'] as const) {
  const L = {
    fa: { slip: 'فیش واریزی', pay: 'پرداخت', failed: 'ناموفق', ok: 'موفق', copied: 'کپی شد', reason: 'موجودی کافی نیست', other: 'Insufficient balance' },
    en: { slip: 'Deposit slip', pay: 'Pay', failed: 'Failed', ok: 'Successful', copied: 'Copied', reason: 'Insufficient balance', other: 'موجودی کافی نیست' },
  }[locale];

  test(`${locale}: the pay page and the slip form — the account to deposit to, today's date`, async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const { ctx, page } = await payer(browser, locale);
    await page.goto('/pay/demo-shop');
    await expect(page.getByTestId('pay-form')).toBeVisible();
    await both(page, testInfo, `pay-${locale}`);

    await page.getByLabel(L.slip).check();
    const account = page.getByTestId('deposit-account');
    await expect(account.getByTestId('deposit-sheba')).toHaveText('IR82 0540 1026 8002 0817 9090 02');
    await expect(account.getByTestId('deposit-sheba')).toHaveAttribute('dir', 'ltr');
    await expect(account.getByTestId('deposit-holder')).not.toBeEmpty();
    await account.getByTestId('copy-sheba').click();
    await expect(account.getByRole('status')).toHaveText(L.copied);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('IR820540102680020817909002');

    // The date starts at today (Tehran's, Jalali); the years are this one and the one before.
    const today = await page.evaluate(() =>
      new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'Asia/Tehran', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
        new Date(),
      ),
    );
    const part = (t: string) => today.find((p) => p.type === t)!.value;
    await expect(page.locator('select[name="depositDate-year"]')).toHaveValue(part('year').replace(/\D/g, ''));
    await expect(page.locator('select[name="depositDate-month"]')).toHaveValue(part('month'));
    await expect(page.locator('select[name="depositDate-day"]')).toHaveValue(part('day'));
    const years = await page
      .locator('select[name="depositDate-year"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    const y = Number(part('year').replace(/\D/g, ''));
    expect(years).toEqual([String(y), String(y - 1)]);

    // The date's error sits under its selects and names them.
    await page.locator('select[name="depositDate-day"]').selectOption('');
    await page.locator('form button[type="submit"]').click();
    const error = page.getByTestId('error-depositDate');
    await expect(error).toBeVisible();
    await expect(page.getByTestId('date-depositDate')).toContainText(await error.innerText());
    await expect(page.locator('select[name="depositDate-month"]')).toHaveAttribute('aria-describedby', 'f-depositDate-error');
    await both(page, testInfo, `pay-slip-${locale}`);
    await ctx.close();
  });

  test(`${locale}: receipts — a way back to the shop, the code to copy, a decline's 72-hour note and reason in one language`, async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const { ctx, page } = await payer(browser, locale);
    // A declined card.
    await page.goto('/pay/demo-shop?amount=12000');
    await page.locator('input[name="name"]').fill('Payer UX');
    await page.locator('input[name="mobile"]').fill('09121112233');
    await page.locator('form button[type="submit"]').click();
    await expect(page).toHaveURL(/\/sandbox\/bank\//);
    await page.locator(`[data-card="${SANDBOX_CARD.insufficient}"]`).click();
    await page.locator('form button[type="submit"]').first().click();
    await expect(page).toHaveURL(/\/pay\/receipt\//);
    await expect(page.getByTestId('receipt-state')).toHaveText(L.failed);
    await expect(page.getByTestId('receipt-reason')).toHaveText(L.reason);
    await expect(page.getByTestId('receipt-reason')).not.toContainText(L.other);
    await expect(page.getByTestId('receipt-money-back')).toContainText(locale === 'fa' ? '۷۲' : '72');
    await expect(page.getByTestId('receipt-back')).toHaveAttribute('href', 'https://shop.example.ir/');
    const code = (await page.getByTestId('tracking-code').getAttribute('data-code'))!;
    await page.getByTestId('copy-tracking-code').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await both(page, testInfo, `receipt-failed-${locale}`);

    // Tried again with a good card: no 72-hour note on success; the way back and the copy stay.
    await page.getByRole('link', { name: locale === 'fa' ? 'تلاش دوباره' : 'Try again' }).click();
    await page.locator('form button[type="submit"]').click();
    await expect(page).toHaveURL(/\/sandbox\/bank\//);
    await page.locator(`[data-card="${SANDBOX_CARD.success}"]`).click();
    await page.locator('form button[type="submit"]').first().click();
    await expect(page.getByTestId('receipt-state')).toHaveText(L.ok);
    await expect(page.getByTestId('receipt-money-back')).toHaveCount(0);
    await expect(page.getByTestId('receipt-back')).toBeVisible();
    await expect(page.getByTestId('copy-tracking-code')).toBeVisible();
    await both(page, testInfo, `receipt-ok-${locale}`);
    await ctx.close();
  });
}
