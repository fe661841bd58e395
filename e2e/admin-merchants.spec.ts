/**
 * Staff's tools (issue 19): the merchant list and a merchant's page, the KYC review's confirm step
 * with "approve and open the next", and the slip queue's confirm step — at 390 and 1366 px, in
 * Persian and English, with no sideways scroll of the page and axe clean.
 */
import postgres from 'postgres';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO, expectAccessible, login, newMobile, snap } from './helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function noSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

/** Axe, then a screenshot at each width (checking the page never scrolls sideways), in the page's current language. */
async function both(page: Page, testInfo: TestInfo, name: string) {
  await expectAccessible(page);
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await noSidewaysScroll(page);
    await snap(page, testInfo, `${name}-${width}`);
  }
}

async function inEnglish(page: Page) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

test('staff find a merchant by mobile and open its page', async ({ page }, testInfo) => {
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/merchants');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('پذیرندگان');
  await page.locator('main input[name="q"]').fill('۰۹۱۲۰۰۰۰۰۰۲');
  await page.getByRole('button', { name: 'اعمال' }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('merchant-row')).toHaveCount(1);
  await both(page, testInfo, 'admin-merchants-fa');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('merchant-card').click();
  await expect(page).toHaveURL(/\/admin\/merchants\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('merchant-name')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'درگاه‌های فروش و موجودی‌ها' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'تصمیم‌های کارشناسان دربارهٔ این پذیرنده' })).toBeVisible();
  await both(page, testInfo, 'admin-merchant-fa');
  await inEnglish(page);
  await expect(page.getByRole('heading', { name: 'Sales platforms and balances' })).toBeVisible();
  await both(page, testInfo, 'admin-merchant-en');
  await page.goto('/admin/merchants?kyc=approved');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merchants');
  await both(page, testInfo, 'admin-merchants-en');
});

test('KYC review: every decision behind a confirm; approve and open the next', async ({ page }, testInfo) => {
  // Two profiles waiting since long ago, so that they head the queue whatever else waits.
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const ids: string[] = [];
  for (const [i, name] of ['Parisa', 'Kaveh'].entries()) {
    const [u] = await sql`insert into users (mobile, first_name, last_name, password_hash) values (${newMobile()}, ${name}, 'Queue', 'x') returning id`;
    const [p] = await sql`insert into kyc_profiles (user_id, kind, status, identity, financial, submitted_at)
      values (${u.id}, 'natural', 'submitted', ${sql.json({ firstName: name, lastName: 'Queue', nationalCode: '0084575948', province: 'تهران', city: 'تهران', address: 'Vali-e Asr St., No. 12' })},
        ${sql.json({ accountHolder: `${name} Queue`, sheba: 'IR820540102680020817909002', accountNumber: '12345' })}, ${new Date(Date.UTC(2000, 0, 1 + i))})
      returning id`;
    ids.push(p.id as string);
  }
  await sql.end();

  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto(`/admin/kyc/${ids[0]}`);
  // No reason boxes until the reviewer chooses to reject.
  await expect(page.locator('input[name^="reason-"]')).toHaveCount(0);
  await page.getByTestId('kyc-approve-next').click();
  await expect(page.getByTestId('kyc-confirm')).toContainText('Parisa Queue');
  await both(page, testInfo, 'kyc-confirm-approve-fa');
  await page.getByTestId('kyc-confirm-submit').click();
  await expect(page).toHaveURL(new RegExp(`/admin/kyc/${ids[1]}\\?approved=1$`));
  await expect(page.getByTestId('decision-note')).toContainText('تأیید شد');

  // Reject: the reason boxes appear, then the confirm says what happens.
  await page.getByTestId('kyc-reject').click();
  await page.locator('input[name="reason-identity.address"]').fill('Write the unit number too');
  await expect(page.getByTestId('kyc-reasons-written')).toContainText('۱');
  await both(page, testInfo, 'kyc-confirm-reject-fa');
  await page.getByTestId('kyc-confirm-submit').click();
  await expect(page.getByTestId('decision-note')).toContainText('برگشت داده شد');
  await expect(page.getByTestId('kyc-reject')).toHaveCount(0);

  await page.goto(`/admin/kyc/${ids[1]}`);
  await inEnglish(page);
  await expect(page.locator('#main')).toContainText('Needs changes');
  await both(page, testInfo, 'kyc-review-en');
});

test('the slip queue: one unit per column, the deposit date and the photo inline, a confirm that shows the amount', async ({ page, browser }, testInfo) => {
  const ctx = await browser.newContext();
  const payer = await ctx.newPage();
  await payer.goto('/pay/demo-shop');
  await payer.locator('input[name="name"]').fill('Queue Payer');
  await payer.locator('input[name="mobile"]').fill('09351112233');
  await payer.locator('input[name="amount"]').fill('7500');
  await payer.getByLabel('فیش واریزی').check();
  await payer.locator('select[name="bank"]').selectOption('mellat');
  await payer.locator('input[name="slipNumber"]').fill('991122');
  await payer.locator('select[name="depositDate-day"]').selectOption('3');
  await payer.locator('select[name="depositDate-month"]').selectOption('8');
  await payer.locator('select[name="depositDate-year"]').selectOption('1405');
  await payer.locator('#f-slipImage').setInputFiles({ name: 'slip.png', mimeType: 'image/png', buffer: PNG });
  await expect(payer.locator('#slipImage-hint')).toHaveText('تصویر فیش پیوست شد.');
  await payer.getByRole('button', { name: 'ثبت فیش' }).click();
  const code = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  await ctx.close();

  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/payments');
  const slip = page.getByTestId('staff-slips').locator(`[data-code="${code}"]`);
  // The demo shop shows Toman to payers; staff see Rials, the column says so once.
  await expect(slip.getByTestId('slip-amount')).toHaveText('۷۵٬۰۰۰');
  await expect(slip).toContainText('مبلغ (ریال)');
  await expect(slip.getByTestId('slip-deposit-date')).toContainText('۱۴۰۵');
  const thumb = slip.getByTestId('slip-thumb');
  const photo = await page.request.get((await thumb.getAttribute('href'))!);
  expect([photo.status(), photo.headers()['content-type']]).toEqual([200, 'image/png']);
  await expect(thumb.locator('img')).toHaveJSProperty('naturalWidth', 1);
  await both(page, testInfo, 'admin-slips-fa');

  await page.setViewportSize({ width: 390, height: 844 });
  await slip.getByTestId('decision-approve').click();
  await expect(slip.getByTestId('slip-confirm-amount')).toHaveText('۷۵٬۰۰۰ ریال');
  await snap(page, testInfo, 'admin-slip-confirm-fa-390');
  await expectAccessible(page);
  await slip.getByTestId('decision-approve-confirm').click();
  await expect(page.getByTestId('slip-outcome')).toContainText('فیش تأیید شد');
  await expect(page.getByTestId('staff-slips').locator(`[data-code="${code}"]`)).toHaveCount(0);
  await inEnglish(page);
  await both(page, testInfo, 'admin-slips-en');
});
