import { expect, test } from '@playwright/test';
import { checkBothWidths, DEMO, login, payDemoShop } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * A refund end to end, the long way round: the payer paid with a card whose bank will not refund
 * (sandbox card …053), so the merchant's partial refund becomes a refund payout — the payer names
 * a sheba on the single-use link page, staff see it in the bank batch beside the payer and the
 * payment, send it and mark it paid; the merchant's page and the payer's receipt show it refunded.
 */
const PAYER_SHEBA = 'IR260170000000987654321001';

test('a partial refund: confirm step, the payer’s sheba from the link (once), staff batch it and mark it paid; receipt says refunded', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  // 1. A payer pays the demo shop 30 000 Toman with the card whose refunds the bank declines.
  const {
    context: payerCtx,
    payer,
    receiptUrl,
    paymentId,
  } = await payDemoShop(browser, {
    name: 'علی رضایی',
    toman: 30000,
    mobile: '09127770001',
    card: SANDBOX_CARD.refundDeclined,
  });

  // 2. The merchant refunds 12 000 Toman of it from the payment's page, after a confirm step.
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto(`/reports/transactions/${paymentId}`);
  const form = page.getByTestId('refund-form');
  await expect(form.locator('input[name="amount"]')).toHaveValue('30000');
  await form.locator('input[name="amount"]').fill('۹۹۹۹۹');
  await form.locator('input[name="reason"]').fill('مرجوعی بخشی از سفارش');
  await page.getByTestId('refund-continue').click();
  await expect(form.getByText(/بیش از مبلغ قابل بازگشت/)).toBeVisible();
  await form.locator('input[name="amount"]').fill('۱۲۰۰۰');
  await page.getByTestId('refund-continue').click();
  await expect(page.getByTestId('refund-confirm-amount')).toContainText('۱۲٬۰۰۰');
  await expect(page.getByTestId('refund-confirm-fee')).toContainText('بازنمی‌گردد');
  await checkBothWidths(page, testInfo, 'merchant-refund-confirm');
  await page.getByTestId('refund-submit').click();
  const link = await page.getByTestId('refund-payer-link').textContent();
  expect(link).toMatch(/^\/pay\/refund\/[A-Za-z0-9_-]{32}$/);
  await expect(page.getByTestId('refund-row').first()).toHaveAttribute('data-state', 'awaiting_account');
  await checkBothWidths(page, testInfo, 'merchant-refund-awaiting');

  // 3. The payer opens the link, types a sheba (the bank shows), and sends it; the link is then spent.
  await payer.goto(link!);
  await expect(payer.getByTestId('refund-account')).toContainText('۱۲٬۰۰۰');
  await payer.locator('input[name="sheba"]').fill('IR06 2960 0000 0010 0324 2000 02');
  await payer.getByTestId('refund-account-submit').click();
  await expect(payer.getByText(/شبا معتبر نیست/)).toBeVisible();
  await payer.locator('input[name="sheba"]').fill(PAYER_SHEBA);
  await expect(payer.getByTestId('sheba-bank')).toBeVisible();
  await checkBothWidths(payer, testInfo, 'payer-refund-account');
  await payer.getByTestId('refund-account-submit').click();
  await expect(payer.getByTestId('refund-account-sent')).toBeVisible();
  await payer.goto(link!);
  await expect(payer.getByTestId('refund-link-invalid')).toBeVisible();

  // 4. Staff find it among the approved payouts, beside the payer and the payment; batch, send, pay.
  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin/);
  await staff.goto('/admin/payouts/batches');
  const approvedRow = staff.getByTestId('approved-payouts').locator('tr', { hasText: PAYER_SHEBA });
  await expect(approvedRow).toContainText('علی رضایی');
  await expect(approvedRow).toContainText('بازگشت وجه');
  await staff.getByRole('button', { name: /ساخت فایل بانک/ }).click();
  await expect(staff).toHaveURL(/\/admin\/payouts\/batches\/[0-9a-f-]{36}$/);
  await staff.getByRole('button', { name: 'ثبت ارسال به بانک' }).click();
  const inBatch = staff.getByTestId('batch-payouts').locator('tr', { hasText: PAYER_SHEBA });
  await expect(inBatch.getByTestId('refund-of')).toBeVisible();
  await checkBothWidths(staff, testInfo, 'staff-refund-batch');
  await inBatch.getByRole('textbox', { name: /کد پیگیری بانک/ }).fill('140409110001');
  await inBatch.getByRole('button', { name: /^واریز شد/ }).click();
  await expect(inBatch.getByTestId('payout-state')).toHaveText(/واریز/);
  await staffCtx.close();

  // 5. The merchant sees the refund done; the payer's receipt says partly refunded.
  await page.reload();
  await expect(page.getByTestId('refund-row').first()).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('refund-summary')).toContainText('۱۲٬۰۰۰');
  // The transaction report marks the row; the sales summary counts the refund.
  await page.goto('/reports/transactions');
  await expect(page.locator('tr', { has: page.locator(`a[href$="${paymentId}"]`) }).getByTestId('row-refunded')).toContainText('۱۲٬۰۰۰');
  await page.goto('/reports/sales');
  await expect(page.getByTestId('sales-refunded')).toContainText('۱۲٬۰۰۰');
  await payer.goto(receiptUrl);
  await expect(payer.getByTestId('receipt-state')).toHaveText(/بخشی بازگشت/);
  await expect(payer.getByTestId('receipt-refunded')).toContainText('۱۲٬۰۰۰');
  await checkBothWidths(payer, testInfo, 'payer-receipt-refunded');
  await payerCtx.close();
});
