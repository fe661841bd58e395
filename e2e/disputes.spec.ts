import { expect, test } from '@playwright/test';
import { checkBothWidths, DEMO, login, payDemoShop } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * A bank complaint end to end: a payer pays the demo shop; staff record the bank's complaint by
 * the tracking code (the amount is held at once); the merchant sees it with its deadline, answers
 * with text and a PDF; staff read the answer beside the payment's history and decide in the
 * merchant's favour; the merchant sees the decision and its reason.
 */
test('staff open a dispute, the merchant answers with a file before the deadline, staff decide; every side sees it', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const { context: payerCtx, trackingCode: code } = await payDemoShop(browser, {
    name: 'سارا محمدی',
    toman: 40000,
    mobile: '09127770002',
    card: SANDBOX_CARD.success,
  });
  await payerCtx.close();

  // 1. Staff record the complaint; a wrong code is refused by its field.
  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin/);
  await staff.goto('/admin/disputes');
  const form = staff.getByTestId('open-dispute-form');
  await form.locator('input[name="trackingCode"]').fill('12345678901');
  await form.locator('input[name="amount"]').fill('۴۰۰۰۰۰');
  await form.locator('input[name="reason"]').fill('کالا به دست خریدار نرسیده است');
  await form.locator('input[name="bankReference"]').fill('SHP-140409-77');
  await staff.getByTestId('open-dispute-submit').click();
  await expect(form.getByText('پرداختی با این کد پیگیری نیست')).toBeVisible();
  await form.locator('input[name="trackingCode"]').fill(code);
  await staff.getByTestId('open-dispute-submit').click();
  await expect(staff).toHaveURL(/\/admin\/disputes\/[0-9a-f-]{36}$/);
  const disputeUrl = staff.url();
  await expect(staff.getByTestId('dispute-amount')).toContainText('۴۰۰٬۰۰۰');

  // 2. The merchant sees it, open, with the days left; answers with a PDF and text.
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/disputes');
  const card = page.getByTestId('dispute-card').filter({ hasText: 'کالا به دست خریدار نرسیده است' });
  await expect(card.getByTestId('dispute-deadline')).toContainText('روز تا مهلت پاسخ');
  await checkBothWidths(page, testInfo, 'merchant-disputes');
  await card.click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% invoice\n') });
  await expect(page.getByTestId('evidence-list')).toContainText('invoice.pdf');
  await page.locator('textarea[name="answer"]').fill('کالا با پست پیشتاز ارسال و تحویل شد؛ رسید تحویل پیوست است.');
  await page.getByTestId('answer-submit').click();
  await expect(page.getByTestId('answer-notice')).toContainText('ثبت شد');
  await checkBothWidths(page, testInfo, 'merchant-dispute-answer');

  // 3. Staff read the answer beside the payment's history and decide for the merchant.
  await staff.goto(disputeUrl);
  await expect(staff.getByTestId('merchant-answer')).toContainText('پست پیشتاز');
  await expect(staff.getByTestId('merchant-answer').getByRole('link', { name: 'invoice.pdf' })).toBeVisible();
  await expect(staff.getByTestId('attempt-log')).toBeVisible();
  await checkBothWidths(staff, testInfo, 'staff-dispute');
  await staff.locator('textarea[name="reason"]').fill('رسید تحویل پذیرفته شد');
  await staff.getByTestId('decide-won').click();
  await expect(staff.getByTestId('dispute-decision')).toContainText('رسید تحویل پذیرفته شد');
  await staffCtx.close();

  // 4. The merchant sees the decision; nothing more to answer.
  await page.reload();
  await expect(page.getByTestId('dispute-state')).toHaveAttribute('data-state', 'won');
  await expect(page.getByTestId('dispute-decision')).toContainText('رسید تحویل پذیرفته شد');
  await expect(page.getByTestId('answer-closed')).toBeVisible();
});
