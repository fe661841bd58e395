import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { checkBothWidths, DEMO, login, newMobile } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const SUPPORT = { mobile: '09120000014', password: 'dargah-support-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' };

/**
 * A payer whose payment failed asks for help from the receipt: with a wrong mobile nothing is
 * shown; with the right one the payment's real state shows at once and the question reaches the
 * demo shop's merchant, who answers it (the answer goes to the payer by SMS). Screenshots of the
 * payer's and the merchant's pages at phone and desk width, in Persian and English; axe on each.
 */
async function inEnglish(page: Page, testInfo: TestInfo, name: string) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
  await page.reload();
  await checkBothWidths(page, testInfo, `${name}-en`);
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'fa', url: testInfo.project.use.baseURL! }]);
  await page.reload();
}

test('a payer asks about a failed payment with its code and mobile, sees its state; the merchant answers by SMS', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const mobile = newMobile();
  const fa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

  // 1. The payer pays the demo shop with a card the sandbox bank declines.
  const payerCtx = await browser.newContext();
  const payer = await payerCtx.newPage();
  await payer.goto('/pay/demo-shop?name=%D9%86%DA%AF%D8%A7%D8%B1%20%D8%B1%D8%B6%D8%A7%DB%8C%DB%8C&amount=35000');
  await payer.locator('input[name="mobile"]').fill(mobile);
  await payer.locator('form button[type="submit"]').click();
  await expect(payer).toHaveURL(/\/sandbox\/bank\//);
  await payer.locator(`[data-card="${SANDBOX_CARD.insufficient}"]`).click();
  await payer.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(payer.getByTestId('receipt-state')).toHaveText('ناموفق');
  const code = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;

  // 2. From the receipt to /pay/help, the code filled in.
  await payer.getByTestId('receipt-help').click();
  await expect(payer).toHaveURL(/\/pay\/help\?code=\d{11}$/);
  await expect(payer.locator('input[name="trackingCode"]')).toHaveValue(code);
  await checkBothWidths(payer, testInfo, 'pay-help-form-fa');
  await inEnglish(payer, testInfo, 'pay-help-form');

  // Bad input: field messages, nothing sent.
  await payer.locator('input[name="trackingCode"]').fill('12345678901');
  await payer.getByTestId('pay-help-submit').click();
  await expect(payer.getByText('این کد پیگیری معتبر نیست')).toBeVisible();
  await expect(payer.getByText('این بخش را پر کنید.').first()).toBeVisible();

  // 3. A wrong mobile: the same answer as a code that does not exist; nothing about the payment.
  await payer.locator('input[name="trackingCode"]').fill(code);
  await payer.locator('input[name="mobile"]').fill(newMobile());
  await payer.locator('textarea[name="message"]').fill('پول از کارتم کم شد ولی رسید نگرفتم.');
  await payer.getByTestId('pay-help-submit').click();
  await expect(payer.getByTestId('pay-help-no-match')).toBeVisible();
  await expect(payer.getByTestId('pay-help-state')).toHaveCount(0);
  await expect(payer.getByTestId('pay-help-answer')).not.toContainText('فروشگاه');

  // 4. The right code and mobile: the real state at once.
  await payer.getByRole('button', { name: 'پرسش دربارهٔ پرداختی دیگر' }).click();
  await payer.locator('input[name="trackingCode"]').fill(code);
  await payer.locator('input[name="mobile"]').fill(mobile);
  await payer.locator('textarea[name="message"]').fill('پول از کارتم کم شد ولی رسید نگرفتم. <b>لطفاً</b> پیگیری کنید.');
  await payer.getByTestId('pay-help-submit').click();
  await expect(payer.getByTestId('pay-help-state')).toHaveAttribute('data-state', 'failed');
  await expect(payer.getByTestId('pay-help-state')).toContainText('۷۲ ساعت');
  await expect(payer.getByTestId('pay-help-sent')).toBeVisible();
  await checkBothWidths(payer, testInfo, 'pay-help-answer-fa');
  await payerCtx.close();

  // 5. The merchant finds it in the list, opens it (the HTML shows as text) and answers.
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/support/inquiries?state=open');
  const row = page
    .getByTestId('inquiry-row')
    .filter({ hasText: fa(code) })
    .first();
  await expect(row).toBeVisible();
  await checkBothWidths(page, testInfo, 'merchant-inquiries-fa');
  await inEnglish(page, testInfo, 'merchant-inquiries');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/support\/inquiries\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('inquiry-message')).toContainText('<b>لطفاً</b>');
  await expect(page.getByTestId('inquiry-code')).toContainText(fa(code));
  await checkBothWidths(page, testInfo, 'merchant-inquiry-fa');
  await inEnglish(page, testInfo, 'merchant-inquiry');
  await page.locator('textarea[name="answer"]').fill('پرداخت ناموفق بود؛ بانک مبلغ را تا ۷۲ ساعت برمی‌گرداند.');
  await page.getByTestId('inquiry-answer-submit').click();
  await expect(page.getByTestId('inquiry-state')).toContainText('پاسخ داده شد');
  await expect(page.getByTestId('inquiry-answer')).toContainText('۷۲ ساعت');

  // 6. Support staff have the queue of inquiries left a working day (this one is not due yet).
  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, SUPPORT);
  await staff.goto('/admin/support/inquiries');
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('پرسش‌های بی‌پاسخ پرداخت‌کنندگان');
  await expect(staff.getByTestId('admin-inquiry-list').or(staff.getByTestId('admin-inquiries-empty'))).toBeVisible();
  await checkBothWidths(staff, testInfo, 'staff-inquiries-fa');
  await staffCtx.close();

  // 7. The answer reached the payer by SMS.
  await expect
    .poll(async () => {
      const res = await request.get(`/api/dev/sms?mobile=${mobile}`);
      const { messages } = (await res.json()) as { messages: { body: string }[] };
      return messages.some((m) => m.body.includes(code) && m.body.includes('برمی‌گرداند'));
    })
    .toBe(true);
});
