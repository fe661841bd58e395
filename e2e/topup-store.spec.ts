import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { checkBothWidths, DEMO, login, snap } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The hosted top-up store of the demo merchant (/topup/demo-charge: an approved charge platform;
 * outside production the sandbox provider and bank) bought from on a phone-sized screen, and the
 * merchant's side of the sale. The sandbox provider's outcome follows the number's last two
 * digits: `91` is refused by the operator, the rest (but 92, 93) delivered at once.
 */

const PHONE = { width: 390, height: 844 };
const PAID_CARD = SANDBOX_CARD.success;
const fa = JSON.parse(readFileSync('messages/fa.json', 'utf8')) as typeof import('../messages/fa.json');
const T = fa.topupStore;

const persian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
/** An MCI prepaid number (0919…) ending in `suffix`, fresh per run so the sandbox's rule is the only thing that decides. */
const mciNumber = (suffix: string) => `0919${String(randomInt(0, 100_000)).padStart(5, '0')}${suffix}`;

async function buyerPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  return ctx.newPage();
}

/** fa and en screenshots at both widths of the page as it stands, and back to the phone in Persian. */
async function bothLanguages(page: Page, testInfo: TestInfo, name: string) {
  await checkBothWidths(page, testInfo, `${name}-fa`);
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await checkBothWidths(page, testInfo, `${name}-en`);
  await page.context().clearCookies();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.setViewportSize(PHONE);
}

/** On the sandbox bank: the paid test card; back at the store's order page. */
async function payWithSandboxCard(page: Page) {
  await expect(page).toHaveURL(/\/sandbox\/bank\//, { timeout: 30_000 });
  await page.locator(`[data-card="${PAID_CARD}"]`).click();
  await page.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(page).toHaveURL(/\/topup\/demo-charge\/[0-9a-f-]{36}$/, { timeout: 30_000 });
}

test('a buyer on a phone buys an MCI internet package, sees it delivered with the receipt; the merchant sees the sale', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const buyer = await buyerPage(browser);
  await buyer.goto('/topup/demo-charge');
  await expect(buyer.getByTestId('store-title')).toHaveText(/^شارژ نمونه/); // the portal spec may have renamed it ("شارژ نمونه 196")
  await expect(buyer.getByTestId('store-seller')).toContainText('شارژ نمونه');
  await expect(buyer.getByTestId('sandbox-note')).toBeVisible();
  await expect(buyer.getByTestId('store-help')).toContainText('۰۲۱۹۱۰۷۱۳۹۰');
  await buyer.getByTestId('sandbox-note').locator('summary').click();
  await expect(buyer.getByTestId('sandbox-note')).toContainText('6037 9910 0000 0004');
  await bothLanguages(buyer, testInfo, 'topup-store');

  // The number in Persian digits; the operator is detected as it is typed.
  const mobile = mciNumber('05');
  await buyer.locator('#f-mobile').fill(persian(mobile));
  await expect(buyer.getByTestId('operator-hint')).toContainText(T.operators.mci);
  await expect(buyer.getByTestId('operator-mci').locator('input')).toBeChecked();

  // Internet packages, filtered to 30 days: the 10 GB one.
  await buyer.getByTestId('kind-package').click();
  await buyer.getByTestId('duration-30').click();
  const cards = buyer.getByTestId('product-card');
  await expect(cards.first()).toBeVisible();
  for (const text of await cards.allTextContents()) expect(text).toContain('۳۰ روزه');
  await buyer.getByTestId('volume-m').click();
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText('۱۰ گیگابایت');
  await expect(cards).toContainText('۶۵٬۰۰۰ تومان');
  await cards.click();
  await snap(buyer, testInfo, 'topup-store-package-390');

  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('confirm-mobile')).toHaveText(persian(mobile));
  await expect(buyer.getByTestId('confirm-operator')).toHaveText(T.operators.mci);
  await expect(buyer.getByTestId('confirm-product')).toContainText('۱۰ گیگابایت');
  await expect(buyer.getByTestId('confirm-amount')).toHaveText('۶۵٬۰۰۰ تومان (۶۵۰٬۰۰۰ ریال)');
  await checkBothWidths(buyer, testInfo, 'topup-confirm-fa');
  await buyer.setViewportSize(PHONE);

  await buyer.getByTestId('topup-pay').click();
  await payWithSandboxCard(buyer);
  const order = buyer.getByTestId('topup-order');
  await expect(order).toHaveAttribute('data-state', 'delivered', { timeout: 20_000 });
  await expect(buyer.getByTestId('order-state')).toHaveText(T.order.states.delivered);
  await expect(buyer.getByTestId('order-mobile')).toHaveText(persian(mobile));
  await expect(buyer.getByTestId('order-operator')).toHaveText(T.operators.mci);
  await expect(buyer.getByTestId('order-amount')).toHaveText('۶۵٬۰۰۰ تومان (۶۵۰٬۰۰۰ ریال)');
  await expect(buyer.getByTestId('order-delivery-ref')).toContainText('SBX-');
  const tracking = (await order.getAttribute('data-tracking'))!;
  expect(tracking).toMatch(/^\d{11}$/);
  await expect(buyer.getByTestId('order-tracking-code')).toHaveText(persian(tracking));
  await expect(buyer.getByTestId('order-live')).toHaveCount(0);
  await bothLanguages(buyer, testInfo, 'topup-delivered');
  await expect(buyer.getByTestId('order-again')).toHaveAttribute('href', '/topup/demo-charge');
  await buyer.context().close();

  // The merchant: the sale in the transaction report, as a top-up.
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto(`/reports/transactions?source=topup&tracking=${tracking}`);
  const row = page.locator(`tr[data-code="${tracking}"]`);
  await expect(row).toContainText(fa.reports.sources.topup);
  await expect(row).toContainText('۶۵٬۰۰۰ تومان');
  await snap(page, testInfo, 'topup-merchant-report');
});

test('a number the operator refuses (…91): the delivery fails and the sandbox bank refunds the card', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const buyer = await buyerPage(browser);
  await buyer.goto('/topup/demo-charge');
  const mobile = mciNumber('91');
  await buyer.locator('#f-mobile').fill(mobile);
  await expect(buyer.getByTestId('operator-mci').locator('input')).toBeChecked();
  // A direct top-up: MCI's quick amounts, the rule shown.
  await expect(buyer.getByTestId('amount-rule')).toContainText('۵٬۰۰۰ تومان');
  await buyer.getByTestId('quick-50000').click();
  await expect(buyer.locator('#f-amount')).toHaveValue('۵۰۰۰');
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('confirm-amount')).toHaveText('۵٬۰۰۰ تومان (۵۰٬۰۰۰ ریال)');
  await buyer.getByTestId('topup-pay').click();
  await payWithSandboxCard(buyer);

  const order = buyer.getByTestId('topup-order');
  await expect(order).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(buyer.getByTestId('order-note')).toHaveText(T.order.failedNote);
  await expect(buyer.getByTestId('order-refund')).toHaveText(T.order.refundStates.succeeded, { timeout: 20_000 });
  await expect(buyer.getByTestId('order-delivery-ref')).toHaveCount(0);
  await bothLanguages(buyer, testInfo, 'topup-failed');
  await buyer.context().close();
});

test('a provider that does not answer (…93): the order page says the operator is confirming and updates itself when the janitor delivers', async ({
  browser,
}, testInfo) => {
  // The worker's janitor asks again a minute after the silence, on its minutely round.
  test.setTimeout(240_000);
  const buyer = await buyerPage(browser);
  await buyer.goto('/topup/demo-charge');
  await buyer.locator('#f-mobile').fill(mciNumber('93'));
  await buyer.getByTestId('kind-pin').click();
  await buyer.getByTestId('product-card').first().click();
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('confirm-amount')).toHaveText('۱۰٬۰۰۰ تومان (۱۰۰٬۰۰۰ ریال)');
  await buyer.getByTestId('topup-pay').click();
  await payWithSandboxCard(buyer);
  const order = buyer.getByTestId('topup-order');
  await expect(order).toHaveAttribute('data-state', 'unknown');
  await expect(buyer.getByTestId('order-note')).toHaveText(T.order.unknownNote);
  await expect(buyer.getByTestId('order-live')).toBeVisible();
  await checkBothWidths(buyer, testInfo, 'topup-unknown-fa');
  await buyer.setViewportSize(PHONE);
  // No reload: the page's poll sees the delivery and shows the PIN.
  await expect(order).toHaveAttribute('data-state', 'delivered', { timeout: 200_000 });
  await expect(buyer.getByTestId('order-pin')).toContainText(/[۰-۹]{4} [۰-۹]{4} [۰-۹]{4} [۰-۹]{4}/);
  await expect(buyer.getByTestId('order-live')).toHaveCount(0);
  await snap(buyer, testInfo, 'topup-pin-delivered-fa-390');
  await buyer.context().close();
});

test('bad input in the store: no operator, an amount not allowed, 10 000 characters — each refused by its field', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const buyer = await buyerPage(browser);
  await buyer.goto('/topup/demo-charge');
  const mobile = buyer.locator('#f-mobile');

  // 0999 0…: a prefix of no operator we sell to.
  await mobile.fill('۰۹۹۹۰۱۲۳۴۵۶');
  await expect(buyer.getByTestId('operator-hint')).toHaveText(T.chooseOperator);
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('error-operator')).toHaveText(T.errors.operatorUnknown);

  // MCI's prepaid top-up comes in fixed amounts: 3 000 Toman is not one of them.
  await mobile.fill('09191234500');
  await expect(buyer.getByTestId('error-operator')).toHaveCount(0);
  await buyer.locator('#f-amount').fill('۳۰۰۰');
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('error-amount')).toHaveText(T.errors.amountNotAllowed);
  await expect(buyer.locator('#f-amount')).toHaveAttribute('aria-invalid', 'true');

  // 10 000 characters in the number.
  await mobile.fill('9'.repeat(10_000));
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('error-mobile')).toHaveText(T.errors.tooLong);
  await mobile.fill('0912');
  await buyer.getByTestId('topup-continue').click();
  await expect(buyer.getByTestId('error-mobile')).toHaveText(T.errors.mobileInvalid);
  await checkBothWidths(buyer, testInfo, 'topup-bad-input-fa');
  await buyer.context().close();
});

test('an unknown store and an unknown order are refused plainly', async ({ page }, testInfo) => {
  await page.setViewportSize(PHONE);
  await page.goto('/topup/no-such-store');
  await expect(page.getByTestId('store-not-found')).toHaveText(new RegExp(T.notFoundTitle));
  await page.goto('/topup/demo-charge/00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('order-not-found')).toBeVisible();
  await page.goto('/topup/demo-charge/not-a-uuid');
  await expect(page.getByTestId('order-not-found')).toBeVisible();
  await checkBothWidths(page, testInfo, 'topup-order-not-found');
});
