import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, expectAccessible, login, snap } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/** A 1×1 PNG, for the slip photo and the logo. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082',
  'hex',
);

/**
 * The payer's side of OpenPay on the demo shop (/pay/demo-shop: sandbox bank, Toman, slips
 * accepted, 1% fee) and the merchant's side: the report, slip confirmation and the balance.
 */

async function merchantPending(page: Page): Promise<bigint> {
  await page.goto('/');
  return BigInt((await page.getByTestId('balances').getByTestId('balance-pending').first().getAttribute('data-rials')) ?? '0');
}

async function payerPage(browser: Browser) {
  const ctx = await browser.newContext();
  return { ctx, page: await ctx.newPage() };
}

/** Fills the payer's details on the link page and sends them to the sandbox bank. */
async function payOnline(page: Page, mobile = '09121234567') {
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/sandbox\/bank\//);
}

async function useCard(page: Page, card: string) {
  await page.locator(`[data-card="${card}"]`).click();
  await page.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(page).toHaveURL(/\/pay\/receipt\//);
}

test('a payer pays a prefilled link on the sandbox bank; the merchant sees it and the balance moves', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const before = await merchantPending(page);

  const { ctx, page: payer } = await payerPage(browser);
  await payer.goto(`/pay/demo-shop?name=${encodeURIComponent('مریم احمدی')}&amount=25000&description=${encodeURIComponent('سفارش ۱۲')}`);
  await expect(payer.getByRole('heading', { level: 1 })).toHaveText('پرداخت به فروشگاه نمونه');
  await expect(payer.locator('input[name="name"]')).toHaveValue('مریم احمدی');
  await expect(payer.getByTestId('sandbox-notice')).toBeVisible();
  // Toman: the amount is shown in Toman with Persian digits.
  await expect(payer.locator('label[for="f-amount"]')).toContainText('تومان');
  await expect(payer.locator('form button[type="submit"]')).toHaveText('پرداخت ۲۵٬۰۰۰ تومان');
  await expectAccessible(payer);
  await snap(payer, testInfo, 'pay-link');

  await payOnline(payer);
  await expect(payer.getByTestId('sandbox-banner')).toBeVisible();
  await expect(payer.getByTestId('bank-amount')).toHaveText('۲۵۰٬۰۰۰ ریال');
  await expectAccessible(payer);
  await snap(payer, testInfo, 'sandbox-bank');
  await useCard(payer, SANDBOX_CARD.success);
  await expect(payer.getByTestId('receipt-state')).toHaveText('موفق');
  await expect(payer.getByTestId('receipt-amount')).toHaveText('۲۵٬۰۰۰ تومان');
  const code = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  expect(code).toMatch(/^\d{11}$/);
  await expectAccessible(payer);
  await snap(payer, testInfo, 'receipt');
  await ctx.close();

  // The merchant: the report has it, the pending balance grew by the amount less the 1% fee.
  await page.goto(`/payments/links?q=${code}`);
  const row = page.locator(`tr[data-code="${code}"]`);
  await expect(row).toContainText('مریم احمدی');
  await expect(row.getByTestId('row-state')).toHaveText('موفق');
  await expectAccessible(page);
  await snap(page, testInfo, 'link-report');
  expect((await merchantPending(page)) - before).toBe(247_500n);
  await expect(page.getByTestId('sidebar-pending')).toBeVisible();
  await snap(page, testInfo, 'dashboard-balance');
});

test('a declined card shows the bank’s reason, and the payer can try again', async ({ browser }, testInfo) => {
  const { ctx, page } = await payerPage(browser);
  await page.goto('/pay/demo-shop?amount=12000');
  await page.locator('input[name="name"]').fill('Payer Retry');
  await payOnline(page, '09121111111');
  await useCard(page, SANDBOX_CARD.insufficient);
  await expect(page.getByTestId('receipt-state')).toHaveText('ناموفق');
  await expect(page.getByTestId('receipt-reason')).toContainText('موجودی کافی نیست');
  await expectAccessible(page);
  await snap(page, testInfo, 'receipt-declined');
  await page.getByRole('link', { name: 'تلاش دوباره' }).click();
  await expect(page.locator('input[name="name"]')).toHaveValue('Payer Retry');
  await expect(page.locator('input[name="amount"]')).toHaveValue('12000');
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/sandbox\/bank\//);
  await useCard(page, SANDBOX_CARD.success);
  await expect(page.getByTestId('receipt-state')).toHaveText('موفق');
  await ctx.close();
});

test('a deposit slip waits for the merchant, who confirms it', async ({ page, browser }, testInfo) => {
  const { ctx, page: payer } = await payerPage(browser);
  await payer.goto('/pay/demo-shop');
  await payer.locator('input[name="name"]').fill('رضا کریمی');
  await payer.locator('input[name="mobile"]').fill('09351234567');
  await payer.locator('input[name="amount"]').fill('۱۲۰۰۰۰');
  await payer.getByLabel('فیش واریزی').check();
  await payer.locator('select[name="bank"]').selectOption('mellat');
  await payer.locator('input[name="slipNumber"]').fill('778899');
  await payer.locator('select[name="depositDate-day"]').selectOption('1');
  await payer.locator('select[name="depositDate-month"]').selectOption('8');
  await payer.locator('select[name="depositDate-year"]').selectOption('1405');
  await payer.locator('#f-slipImage').setInputFiles({ name: 'slip.png', mimeType: 'image/png', buffer: PNG });
  await expect(payer.locator('#slipImage-hint')).toHaveText('تصویر فیش پیوست شد.');
  await expectAccessible(payer);
  await snap(payer, testInfo, 'pay-slip');
  await payer.getByRole('button', { name: 'ثبت فیش' }).click();
  await expect(payer.getByTestId('receipt-state')).toHaveText('در انتظار تأیید پذیرنده');
  const code = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  await ctx.close();

  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const before = await merchantPending(page);
  await page.goto(`/payments/links?q=${code}`);
  const row = page.locator(`tr[data-code="${code}"]`);
  await expect(row).toContainText('بانک ملت');
  // The deposit day the payer picked, in the reader's calendar, and the slip's photo inline.
  await expect(row.getByTestId('slip-deposit-date')).toContainText('۱۴۰۵/۰۸/۰۱');
  await expect(row.getByTestId('slip-thumb').getByRole('img')).toBeVisible();
  const photo = await page.request.get(`${await row.getByTestId('slip-thumb').getAttribute('href')}`);
  expect([photo.status(), photo.headers()['content-type']]).toEqual([200, 'image/png']);
  await row.getByRole('button', { name: 'تأیید فیش' }).click();
  await row.getByTestId('decision-approve-confirm').click();
  await expect(row.getByTestId('row-state')).toHaveText('موفق');
  expect((await merchantPending(page)) - before).toBe(1_188_000n);
});

test('a signed link locks its amount; a changed one is refused; an unknown handle is not found', async ({ page }, testInfo) => {
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/services');
  await page
    .getByRole('link', { name: /درگاه پرداخت/ })
    .first()
    .click();
  await page.getByRole('link', { name: 'فروشگاه نمونه' }).click();
  await expect(page).toHaveURL(/\/platforms\/[0-9a-f-]{36}$/);
  await page.goto(`${page.url()}?tab=link`);
  await expect(page.getByTestId('link-settings')).toBeVisible();
  await page.locator('#f-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('#logo-hint')).toHaveText('لوگو ذخیره شد.');
  await expect(page.getByRole('img', { name: 'لوگوی کنونی' })).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'platform-payment-link');
  const builder = page.getByTestId('link-builder');
  await builder.locator('input[name="amount"]').fill('30000');
  await builder.locator('input[name="description"]').fill('فاکتور ۷');
  await builder.getByRole('button', { name: 'ساختن پیوند' }).click();
  const url = (await page.getByTestId('built-link').textContent())!.trim();
  expect(url).toContain('sig=');

  await page.goto(url);
  await expect(page.locator('input[name="amount"]')).toHaveValue('30000');
  await expect(page.locator('input[name="amount"]')).toHaveAttribute('readonly', '');
  const tampered = new URL(url);
  tampered.searchParams.set('amount', '3000');
  await page.goto(tampered.toString());
  await expect(page.getByTestId('link-tampered')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'link-tampered');
  await page.goto('/pay/no-such-shop');
  await expect(page.getByTestId('link-not-found')).toBeVisible();
});

test('staff set a service fee and confirm a slip from the admin payments page', async ({ page, browser }, testInfo) => {
  const { ctx, page: payer } = await payerPage(browser);
  await payer.goto('/pay/demo-shop');
  await payer.locator('input[name="name"]').fill('Staff Slip');
  await payer.locator('input[name="mobile"]').fill('09357654321');
  await payer.locator('input[name="amount"]').fill('5000');
  await payer.getByLabel('فیش واریزی').check();
  await payer.locator('select[name="bank"]').selectOption('saman');
  await payer.locator('input[name="slipNumber"]').fill('445566');
  await payer.locator('select[name="depositDate-day"]').selectOption('2');
  await payer.locator('select[name="depositDate-month"]').selectOption('8');
  await payer.locator('select[name="depositDate-year"]').selectOption('1405');
  await payer.getByRole('button', { name: 'ثبت فیش' }).click();
  const code = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  await ctx.close();

  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'سرویس‌ها و شرایط' }).click();
  const fee = page.getByTestId('fee-vpos');
  await fee.locator('input[name="percent"]').fill('150');
  await fee.getByRole('button', { name: 'ذخیرهٔ کارمزد' }).click();
  await expect(fee).toContainText('درصد عددی از ۰ تا ۱۰۰');
  await fee.locator('input[name="percent"]').fill('0.75');
  await fee.getByRole('button', { name: 'ذخیرهٔ کارمزد' }).click();
  // Four eyes: the change waits for a second operations member, who approves it from the same page.
  await expect(fee).toContainText('تغییر پیشنهاد شد.');
  const opsCtx = await browser.newContext();
  const ops = await opsCtx.newPage();
  await login(ops, DEMO.staff.operations);
  await expect(ops).toHaveURL(/\/admin/);
  await ops.goto('/admin/services');
  await ops
    .getByTestId('pending-fee-changes')
    .getByRole('button', { name: /^تأیید/ })
    .first()
    .click();
  await expect(ops.getByTestId('pending-fee-changes')).toHaveCount(0);
  await opsCtx.close();
  await page.reload();
  await expect(page.getByTestId('fee-vpos').locator('input[name="percent"]')).toHaveValue('0.75');

  await page.getByRole('link', { name: 'پرداخت‌ها' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('پرداخت‌ها');
  await expectAccessible(page);
  await snap(page, testInfo, 'admin-payments');
  const row = page.getByTestId('staff-slips').locator(`[data-code="${code}"]`);
  await expect(row).toContainText('علی رضایی');
  await row.getByRole('button', { name: 'تأیید فیش' }).click();
  await row.getByTestId('decision-approve-confirm').click();
  await expect(page.getByTestId('staff-slips').locator(`[data-code="${code}"]`)).toHaveCount(0);
  await expect(page.getByTestId('staff-payments')).toContainText('موفق');
});
