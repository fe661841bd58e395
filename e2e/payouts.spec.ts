import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkBothWidths, DEMO, login, payDemoShop, snap } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * Money out, end to end: the demo shop is paid, the settlement run makes it withdrawable, the
 * merchant registers a new sheba, staff approve it, the merchant withdraws to it, staff approve
 * the payout, build the bank file (opened and read here), mark it sent and paid, and export the
 * month's paid payouts; the merchant sees the payout paid and the balance it left. Then a merchant
 * with automatic settlement on sees the next payout on the calendar.
 */
const SHEBA = 'IR110170000000123456789001';
const HOLDER = 'علی رضایی';

async function withdrawable(page: Page): Promise<bigint> {
  await page.goto('/');
  return BigInt((await page.getByTestId('balances').getByTestId('balance-withdrawable').first().getAttribute('data-rials')) ?? '0');
}

/**
 * The 09:00 settlement run of the next working day, as the worker does it, for one platform. Run
 * through tsx: the calendar reads a JSON file that Playwright's loader cannot import.
 */
function settleNextRun(platformId: string) {
  const script = `
    import { createDb } from '@/db';
    import { runSettlement, settlementWindow } from '@/lib/payments/settlement';
    import { isSettlementDay } from '@/lib/calendar/holidays';
    (async () => {
      // The first working day's run whose cutoff (the day before, 22:00 Tehran) is after the
      // payment: a payment made after 18:30 UTC belongs to the run of the day after next.
      let at;
      for (let d = 0; d < 15 && !at; d++) {
        const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
        const run = new Date(day + 'T06:30:00Z');
        if (run.getTime() > Date.now() && isSettlementDay(day) && settlementWindow(run).cutoff.getTime() > Date.now()) at = run;
      }
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      await runSettlement(db, at, { platformId: ${JSON.stringify(platformId)} });
      await client.end();
    })();`;
  execFileSync('npx', ['tsx', '-e', script], { env: process.env, stdio: 'inherit' });
}

/** A payer pays the demo shop 25 000 Toman (1% fee) by the sandbox bank; the next settlement run makes it withdrawable. Returns the shop's platform id. */
async function paidAndSettled(browser: Browser): Promise<string> {
  const { context } = await payDemoShop(browser, { name: 'مریم احمدی', toman: 25000, mobile: '09121234567', card: SANDBOX_CARD.success });
  await context.close();

  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const [shop] = await sql`select platform_id from payment_link_settings where handle = 'demo-shop'`;
  await sql.end();
  settleNextRun(shop.platform_id as string);
  return shop.platform_id as string;
}

test('a new sheba approved, a withdrawal approved, batched into the bank file, sent and paid; the merchant sees it', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  // 1. A payer pays the demo shop (25 000 Toman, 1% fee), and the settlement run makes it withdrawable.
  await paidAndSettled(browser);

  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const start = await withdrawable(page);
  expect(start).toBeGreaterThanOrEqual(247_500n);

  // 2. The merchant registers a new sheba: pending until staff look at it.
  await page.goto('/payouts/accounts');
  const form = page.getByTestId('add-account-form');
  await form.locator('input[name="sheba"]').fill(SHEBA);
  await form.locator('input[name="holderName"]').fill(HOLDER);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('add-account-notice')).toBeVisible();
  const mine = page.getByTestId('bank-accounts').locator('tr', { hasText: SHEBA });
  await expect(mine.getByTestId('account-status')).toHaveText('در انتظار تأیید');

  // 3. Staff approve it, seeing the holder beside the approved customer-information name.
  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin/);
  await staff.goto('/admin/payouts/accounts');
  const account = staff.locator(`tr[data-account="${SHEBA}"]`);
  await expect(account).toContainText(HOLDER);
  await checkBothWidths(staff, testInfo, 'staff-accounts');
  await account.getByRole('button', { name: /^تأیید/ }).click();
  await expect(account).toHaveCount(0);

  // 4. The merchant withdraws 20 000 Toman to it.
  await page.goto('/payouts/new');
  const withdraw = page.getByTestId('withdraw-form');
  const option = await withdraw.locator('select[name="bankAccountId"] option', { hasText: SHEBA }).getAttribute('value');
  await withdraw.locator('select[name="bankAccountId"]').selectOption(option!);
  await withdraw.locator('input[name="amount"]').fill('20000');
  await page.getByTestId('withdraw-continue').click();
  await expect(page.getByTestId('confirm-arrives')).toContainText('۲۰٬۰۰۰');
  await page.getByTestId('withdraw-submit').click();
  await expect(page).toHaveURL(/\/payouts(\?|$)/);
  expect(await withdrawable(page)).toBe(start - 200_000n);

  // 5. Another finance member approves the request from the queue (the account is new: the queue
  // says so). Four eyes: whoever approved the account may not approve the first payout to it.
  await staff.goto('/admin/payouts');
  const request = staff.getByTestId('payout-queue').locator('tr', { hasText: SHEBA });
  await expect(request).toContainText('کمتر از ۲۴ ساعت');
  await expect(request.getByTestId('four-eyes-note')).toBeVisible();
  await checkBothWidths(staff, testInfo, 'staff-queue');
  const financeCtx = await browser.newContext();
  const finance = await financeCtx.newPage();
  await login(finance, DEMO.staff.finance);
  await expect(finance).toHaveURL(/\/admin/);
  await finance.goto('/admin/payouts');
  const second = finance.getByTestId('payout-queue').locator('tr', { hasText: SHEBA });
  await second.getByRole('button', { name: /^تأیید/ }).click();
  await expect(second).toHaveCount(0);
  await financeCtx.close();

  // 6. Staff build the batch; the bank file has our row.
  await staff.goto('/admin/payouts/batches');
  const approvedRow = staff.getByTestId('approved-payouts').locator('tr', { hasText: SHEBA });
  await expect(approvedRow).toBeVisible();
  await checkBothWidths(staff, testInfo, 'staff-batches');
  await staff.getByRole('button', { name: /ساخت فایل بانک/ }).click();
  await expect(staff).toHaveURL(/\/admin\/payouts\/batches\/[0-9a-f-]{36}$/);
  const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: 'دریافت فایل بانک' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^PAYA-\d{8}-[0-9A-F]{8}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const ws = wb.worksheets[0];
  expect(ws.getRow(1).values).toEqual([undefined, 'ردیف', 'شماره شبا', 'مبلغ (ریال)', 'نام صاحب حساب', 'شرح', 'شناسه واریز', 'شماره دسته']);
  const rows: unknown[][] = [];
  ws.eachRow((r, n) => {
    if (n > 1) rows.push((r.values as unknown[]).slice(1));
  });
  const ours = rows.find((r) => r[1] === SHEBA);
  expect(ours?.[2]).toBe(200_000);
  expect(ours?.[3]).toBe(HOLDER);
  expect(ours?.[6]).toBe(download.suggestedFilename().replace('.xlsx', ''));

  // 7. Sent to the bank, then paid with the bank's reference; the batch closes.
  await staff.getByRole('button', { name: 'ثبت ارسال به بانک' }).click();
  const inBatch = staff.getByTestId('batch-payouts').locator('tr', { hasText: SHEBA });
  await expect(inBatch.getByTestId('payout-state')).toHaveText(/ارسال/);
  await checkBothWidths(staff, testInfo, 'staff-batch-sent');
  await inBatch.getByRole('textbox', { name: /کد پیگیری بانک/ }).fill('140409010001');
  await inBatch.getByRole('button', { name: /^واریز شد/ }).click();
  await expect(inBatch.getByTestId('payout-state')).toHaveText(/واریز/);
  await expect(staff.getByTestId('batch-facts')).toContainText('بسته');

  // 8. Staff export this month's paid payouts from the form on /admin/payouts: ours is in it, paid.
  await staff.goto('/admin/payouts');
  const exportForm = staff.getByTestId('payout-export-form');
  await exportForm.locator('select[name="state"]').selectOption('paid');
  const [exported] = await Promise.all([staff.waitForEvent('download'), exportForm.getByRole('button', { name: 'دریافت فایل اکسل' }).click()]);
  expect(exported.suggestedFilename()).toMatch(/^payouts-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await exported.path());
  expect(book.worksheets.map((s) => s.name)).toEqual(['جمع‌ها', 'تسویه‌ها']);
  const listed: string[][] = [];
  book.worksheets[1].eachRow((r, n) => {
    if (n > 1) listed.push(Array.from({ length: 17 }, (_, i) => r.getCell(i + 1).text));
  });
  const line = listed.find((r) => r[5] === `${SHEBA.slice(0, 7)}${'*'.repeat(15)}${SHEBA.slice(-4)}`);
  expect(line?.[8]).toBe('200000');
  expect(line?.[11]).toBe('واریزشده');
  expect(line?.[16]).toBe('140409010001');
  expect(listed.every((r) => r[11] === 'واریزشده')).toBe(true);
  await staffCtx.close();

  // 9. The merchant sees it paid, and the balance is what is left.
  await page.goto('/payouts');
  const paid = page.getByTestId('payouts').locator('tr').filter({ hasText: '۲۰٬۰۰۰' }).first();
  await expect(paid.getByTestId('payout-state')).toHaveText(/واریز/);
  await checkBothWidths(page, testInfo, 'merchant-payouts');
  expect(await withdrawable(page)).toBe(start - 200_000n);
});

/**
 * The day the next automatic payout is expected (the run follows a settlement day's 09:00 run),
 * and that day written as the calendar writes it in each language. Through tsx, as above: the
 * holidays file is JSON that Playwright's loader cannot import.
 */
function nextAutoDay(): { day: string; fa: string; en: string } {
  const script = `
    import { addIsoDays, isSettlementDay, settlementDayFrom } from '@/lib/calendar/holidays';
    import { tehranIso, tehranWall } from '@/lib/date/tehran';
    import { formatDate } from '@/lib/date/format';
    const now = new Date();
    const today = tehranIso(now);
    const day = isSettlementDay(today) && tehranWall(now).time < '09:30' ? today : settlementDayFrom(addIsoDays(today, 1));
    const noon = new Date(day + 'T12:00:00Z');
    console.log(JSON.stringify({ day, fa: formatDate(noon, 'fa'), en: formatDate(noon, 'en') }));`;
  return JSON.parse(execFileSync('npx', ['tsx', '-e', script], { env: process.env }).toString().trim().split('\n').at(-1)!);
}

/** Toman with the locale's digits and group separator, as the portal writes the demo shop's amounts. */
const toman = (rials: bigint, locale: 'fa' | 'en') => {
  const text = (rials / 10n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fa' ? '٬' : ',');
  return locale === 'fa' ? text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) : text;
};

test('automatic settlement switched on: the calendar shows the next payout, its day and amount, in Persian and in English', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const platformId = await paidAndSettled(browser);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const balance = await withdrawable(page);
  expect(balance).toBeGreaterThanOrEqual(247_500n);

  // The merchant makes the approved customer-information account the default and switches
  // automatic settlement on, keeping 5 000 Toman in the balance.
  await page.goto('/payouts/accounts');
  const settings = page.locator(`[data-testid="platform-payout-settings"][data-platform="${platformId}"]`);
  const select = settings.locator('select[name="bankAccountId"]');
  const kycAccount = await select.locator('option', { hasText: '…17909002' }).getAttribute('value');
  await select.selectOption(kycAccount!);
  await settings.getByRole('button', { name: 'ذخیرهٔ حساب پیش‌فرض' }).click();
  await expect(settings.locator('form').first().getByText('ذخیره شد.')).toBeVisible();
  await settings.getByRole('checkbox', { name: 'تسویهٔ خودکار روزانه' }).check();
  await settings.locator('input[name="keep"]').fill('۵۰۰۰');
  await settings.getByRole('button', { name: 'ذخیرهٔ تسویهٔ خودکار' }).click();
  await expect(settings.locator('form').nth(1).getByText('ذخیره شد.')).toBeVisible();
  const expected = balance - 50_000n;

  // The calendar, in Persian: on the expected day's cell, and in the list beside the month.
  const next = nextAutoDay();
  await page.goto(`/calendar?d=${next.day}`);
  const cell = page.getByTestId(`day-${next.day}`);
  await expect(cell.getByTestId('bank-payout')).toHaveText(`تسویهٔ خودکار: حدود ${toman(expected, 'fa')} تومان`);
  // Only that day carries it.
  await expect(page.getByTestId('calendar-grid').getByTestId('bank-payout').filter({ hasText: 'تسویهٔ خودکار' })).toHaveCount(1);
  await expect(page.getByTestId('bank-payout-list')).toContainText(`حدود ${toman(expected, 'fa')} تومان با تسویهٔ خودکار در ${next.fa}`);
  // The month heading is Jalali, in Persian digits.
  await expect(page.getByTestId('calendar-month')).toHaveText(/^[آ-ی]+ [۰-۹]{4}$/);
  await checkBothWidths(page, testInfo, 'calendar-auto-fa');
  // On a phone the seven days fit the screen: the payout's day is on it, carrying a mark (its words
  // are read out from the cell and written in the list under the grid).
  await page.setViewportSize({ width: 390, height: 844 });
  await cell.scrollIntoViewIfNeeded();
  await expect(cell).toBeInViewport({ ratio: 1 });
  await expect(cell.getByTestId('bank-payout')).toHaveText(`تسویهٔ خودکار: حدود ${toman(expected, 'fa')} تومان`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await snap(page, testInfo, 'calendar-auto-fa-390-scrolled');
  await page.setViewportSize({ width: 1366, height: 900 });

  // One check in English: the same payout, a Gregorian month, Latin digits.
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
  await page.goto(`/calendar?d=${next.day}`);
  await expect(page.getByTestId(`day-${next.day}`).getByTestId('bank-payout')).toHaveText(`Automatic payout: about ${toman(expected, 'en')} Toman`);
  await expect(page.getByTestId('bank-payout-list')).toContainText(`About ${toman(expected, 'en')} Toman by automatic settlement on ${next.en}`);
  await expect(page.getByTestId('calendar-month')).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await checkBothWidths(page, testInfo, 'calendar-auto-en');
  await page.context().clearCookies({ name: 'NEXT_LOCALE' });
});
