import { expect, test, type Page } from '@playwright/test';
import { checkBothWidths, DEMO, login } from './helpers';

const fa = (s: string | number) => String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/**
 * The demo merchant gets a phone line of the IVR service through the portal (terms accepted once,
 * or "continue" when a spec before did it), and lands on phone sales with that line chosen.
 */
async function phoneLine(page: Page, name: string): Promise<string> {
  await page.goto('/services/new/ivr');
  await page.getByTestId('terms-box').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: /پذیرش و ادامه|ادامه/ }).click();
  await expect(page.locator('select[name="type"]')).toBeVisible();
  await page.locator('select[name="type"]').selectOption('ivr');
  await page.locator('input[name="name"]').fill(name);
  await page.locator('input[name="address"]').fill(`021${String(Date.now()).slice(-8)}`);
  await page.locator('input[name="expectedMonthlyVolume"]').fill('۵۰۰٬۰۰۰٬۰۰۰');
  await page.getByRole('button', { name: 'افزودن درگاه فروش' }).click();
  await page.getByRole('button', { name: 'تأیید و ثبت' }).click();
  await expect(page.getByTestId('secret-reveal')).toContainText(name);
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/platforms\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

async function choose(page: Page, platformId: string) {
  const select = page.locator('select[name="platformId"]');
  if (await select.count()) await select.selectOption(platformId);
}

test('phone sales: the agent makes an invoice and reads its code; the list, cancel, settings and a credential shown once', async ({
  page,
  request,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  const name = `phone-${tag}`;
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();

  // With no phone line yet, the page says how to get one instead of a form.
  await page.getByRole('link', { name: 'پرداخت تلفنی' }).click();
  await expect(page).toHaveURL(/\/ivr$/);
  if (await page.getByTestId('ivr-empty').isVisible()) {
    await expect(page.getByTestId('to-services')).toHaveAttribute('href', '/services');
    await checkBothWidths(page, testInfo, 'ivr-empty-fa');
  }

  const platformId = await phoneLine(page, name);
  // The platform's page links to its phone settings.
  await expect(page.getByTestId('ivr-settings-link')).toHaveAttribute('href', `/ivr/settings/${platformId}`);

  // Phone sales: the amount is grouped as it is typed, in Persian digits.
  await page.goto('/ivr');
  await choose(page, platformId);
  const amount = page.locator('input[name="amount"]');
  await amount.pressSequentially('125000');
  await expect(amount).toHaveValue('۱۲۵٬۰۰۰');
  await page.locator('input[name="customer_name"]').fill('مریم احمدی');
  await page.locator('input[name="phone"]').fill('۰۹۱۲۳۴۵۶۷۸۹');
  await checkBothWidths(page, testInfo, 'ivr-sale-form-fa');
  // Too little is refused on its field, in the phone-sales words.
  await amount.fill('4000');
  await page.getByTestId('create-invoice').click();
  await expect(page.getByTestId('error-amount')).toContainText('۵٬۰۰۰ ریال');
  await amount.fill('');
  await amount.pressSequentially('۱۲۵۰۰۰');
  await page.getByTestId('create-invoice').click();

  // The large code to read out, grouped, in Persian digits; the amount and a Jalali expiry.
  const codeEl = page.getByTestId('ivr-code');
  await expect(codeEl).toBeVisible();
  const code = (await codeEl.getAttribute('data-code'))!;
  expect(code).toMatch(/^\d{8}$/);
  await expect(codeEl).toHaveText(`${fa(code.slice(0, 4))} ${fa(code.slice(4))}`);
  await expect(page.getByTestId('made-amount')).toHaveText('۱۲۵٬۰۰۰ ریال');
  await expect(page.getByTestId('made-expiry')).toContainText(/(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴۰[۰-۹]/);
  await expect(page.getByTestId('made-sandbox')).toBeVisible();
  await checkBothWidths(page, testInfo, 'ivr-sale-made-fa');

  // One click texts it to the customer: the line to call and the code to key.
  await page.getByTestId('send-sms').click();
  await expect(page.getByTestId('sms-outcome')).toContainText('پیامک شد');
  await expect
    .poll(async () => ((await (await request.get('/api/dev/sms?mobile=09123456789')).json()) as { messages: { body: string }[] }).messages[0]?.body ?? '')
    .toContain(code);

  // New sale clears the form for the next call.
  await page.getByTestId('new-sale').click();
  await expect(page.locator('input[name="amount"]')).toHaveValue('');
  await expect(page.locator('input[name="customer_name"]')).toHaveValue('');
  // A second invoice, to cancel from the list.
  await choose(page, platformId);
  await page.locator('input[name="amount"]').fill('50000');
  await page.getByTestId('create-invoice').click();
  const second = (await page.getByTestId('ivr-code').getAttribute('data-code'))!;

  // The list: both invoices, open; the second canceled after a confirm step.
  await page.goto(`/ivr/invoices?platform=${platformId}`);
  const table = page.getByTestId('invoices');
  await expect(table.locator(`tr[data-code="${code}"]`)).toContainText('۱۲۵٬۰۰۰ ریال');
  await expect(table.locator(`tr[data-code="${code}"]`).getByTestId('invoice-state')).toHaveText('باز');
  const row = table.locator(`tr[data-code="${second}"]`);
  await row.getByTestId('cancel-start').click();
  await expect(row.getByTestId('cancel-confirm')).toBeVisible();
  await row.getByTestId('cancel-confirm').click();
  await expect(row.getByTestId('invoice-state')).toHaveText('لغوشده');
  await expect(row.getByTestId('cancel-start')).toHaveCount(0);
  await checkBothWidths(page, testInfo, 'ivr-invoices-fa');
  // Below md the list is cards, amount and state first.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table).toBeHidden();
  await expect(page.getByTestId('invoice-cards').locator(`li[data-code="${code}"]`)).toContainText('۱۲۵٬۰۰۰ ریال');
  await page.setViewportSize({ width: 1366, height: 900 });

  // Settings: the rules saved; the rail read-only; the integrator's reference.
  await page.goto(`/ivr/settings/${platformId}`);
  await expect(page.getByTestId('ivr-rail')).toHaveText(/بانک آزمایشی/);
  await page.locator('input[name="invoiceTtlMinutes"]').fill('۹۰');
  await page.locator('input[name="callerWrongCap"]').fill('0');
  await page.getByTestId('save-ivr-settings').click();
  await expect(page.getByTestId('error-callerWrongCap')).toHaveText('بین ۱ و ۱۰۰.');
  await page.locator('input[name="callerWrongCap"]').fill('4');
  await page.getByTestId('save-ivr-settings').click();
  await expect(page.getByTestId('settings-outcome')).toHaveText('ذخیره شد.');
  await page.reload();
  await expect(page.locator('input[name="invoiceTtlMinutes"]')).toHaveValue('90');
  await expect(page.locator('input[name="callerWrongCap"]')).toHaveValue('4');
  await expect(page.getByTestId('lookup-endpoint')).toContainText('/api/ivr/transactions');
  await expect(page.getByTestId('lookup-endpoint')).toContainText('Authorization: Bearer <IVR credential>');
  await expect(page.getByTestId('lookup-errors').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('result-endpoints')).toContainText('/api/ivr/get-transaction-result?tracking_code=');

  // The credential: made behind a confirm step, shown once with a warning, then only its prefix.
  const cred = page.getByTestId('secret-credential');
  await cred.getByTestId('roll-credential').click();
  await cred.getByTestId('roll-credential-confirm').click();
  const secret = (await cred.getByTestId('secret-value').textContent())!.trim();
  expect(secret).toMatch(/^ivr_[0-9A-Za-z]{32}$/);
  await expect(cred.getByTestId('secret-prefix')).toHaveText(`${secret.slice(0, 12)}…`);
  await expect(cred.getByTestId('secret-warning')).toBeVisible();
  await checkBothWidths(page, testInfo, 'ivr-settings-fa');
  await page.reload();
  await expect(cred.getByTestId('secret-prefix')).toHaveText(`${secret.slice(0, 12)}…`);
  await expect(page.getByTestId('secret-value')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(secret);

  // Phone payments are a source of the transactions report.
  await page.goto('/reports/transactions');
  await expect(page.locator('select[name="source"] option', { hasText: 'تلفنی' })).toHaveCount(1);

  // English: left to right, Gregorian, the same screens.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.goto('/ivr');
  await choose(page, platformId);
  await page.locator('input[name="amount"]').pressSequentially('2500000');
  await expect(page.locator('input[name="amount"]')).toHaveValue('2,500,000');
  await page.getByTestId('create-invoice').click();
  await expect(page.getByTestId('ivr-code')).toHaveText(/^\d{4} \d{4}$/);
  await expect(page.getByTestId('made-expiry')).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}/);
  await checkBothWidths(page, testInfo, 'ivr-sale-made-en');
  await page.goto('/ivr/invoices');
  await checkBothWidths(page, testInfo, 'ivr-invoices-en');
  await page.goto(`/ivr/settings/${platformId}`);
  await checkBothWidths(page, testInfo, 'ivr-settings-en');
  await page.getByRole('button', { name: 'فارسی' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  // Staff: the line with its look-up answers, its rail switched after a confirm step and back, every invoice.
  const context = await browser.newContext();
  const admin = await context.newPage();
  await login(admin, DEMO.admin);
  await admin.getByRole('link', { name: 'پرداخت تلفنی' }).click();
  await expect(admin).toHaveURL(/\/admin\/ivr$/);
  const card = admin.getByTestId('ivr-platform').filter({ hasText: name });
  await expect(card.getByTestId('rail')).toHaveAttribute('data-rail', 'sandbox');
  await expect(card.locator('li[data-code="0"]')).toBeVisible();
  await card.getByTestId('rail-start').click();
  await card.getByTestId('rail-confirm').click();
  await expect(card.getByTestId('rail')).toHaveAttribute('data-rail', 'paystar');
  await card.getByTestId('rail-start').click();
  await card.getByTestId('rail-confirm').click();
  await expect(card.getByTestId('rail')).toHaveAttribute('data-rail', 'sandbox');
  await expect(admin.getByTestId('invoices').locator(`tr[data-code="${code}"]`)).toContainText(name);
  await checkBothWidths(admin, testInfo, 'admin-ivr-fa');
  await context.close();
});
