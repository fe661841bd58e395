import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkBothWidths, login, newMobile } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * The phone simulator (/sandbox/phone) plays phone payments end to end: a caller pays an
 * invoice with the paid card and the merchant sees it in the portal; a declined card plays the
 * bank's reason; five wrong invoice ids from one caller number and that caller hears error 5,
 * while another number still pays; a sample product bought through the IVR-to-IVR menu.
 */

type Desk = { mobile: string; password: string; line: string; merchantNumber: string; invoices: { code: string; amount: string }[] };

const PAID_CARD = SANDBOX_CARD.success;
const DECLINED_CARD = SANDBOX_CARD.insufficient;

/**
 * A merchant of its own with an approved IVR platform on a line of its own, and open invoices made
 * by `createIvrInvoice` as the merchant, as the phone-sales screen makes them. Through tsx, as the
 * payouts spec seeds: lib reads JSON files that Playwright's loader cannot import.
 */
function seedDesk(amounts: number[]): Desk {
  const desk = { mobile: newMobile(), password: 'amber willow compass', line: `021${randomInt(10_000_000, 100_000_000)}` };
  const script = `
    import { eq } from 'drizzle-orm';
    import { createDb } from '@/db';
    import { kycProfiles, platforms } from '@/db/schema';
    import { upsertUser } from '@/lib/auth/accounts';
    import { createIvrInvoice, ensureIvrSettings } from '@/lib/ivr';
    import { addPlatform } from '@/lib/platforms';
    import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
    import { addPlatformSchema } from '@/lib/validation/platforms';
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      const user = await upsertUser(db, { mobile: ${JSON.stringify(desk.mobile)}, firstName: 'Phone', lastName: 'Desk', password: ${JSON.stringify(desk.password)}, role: 'merchant' });
      await db.insert(kycProfiles).values({ userId: user.id, kind: 'natural', status: 'approved', approvedAt: new Date(), approvedKind: 'natural', approvedIdentity: {}, approvedFinancial: {} });
      const actor = { kind: 'merchant', userId: user.id, merchantId: user.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'e2e' } } as const;
      const terms = (await currentTerms(db, 'ivr'))!;
      const service = await acceptTermsAndRequest(db, actor, { serviceId: 'ivr', termsVersion: terms.version });
      if (!service.ok) throw new Error(service.error);
      const p = await addPlatform(db, actor, addPlatformSchema.parse({ merchantServiceId: service.data.merchantServiceId, type: 'ivr', name: 'Phone desk e2e', address: ${JSON.stringify(desk.line)}, expectedMonthlyVolume: '100000000' }));
      if (!p.ok) throw new Error(p.error);
      await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
      const settings = await ensureIvrSettings(db, p.data.platform.id);
      const invoices = [];
      for (const amount of ${JSON.stringify(amounts)}) {
        const r = await createIvrInvoice(db, actor, { platformId: p.data.platform.id, amount: BigInt(amount), orderId: null, customerName: 'Caller', email: null, phone: null });
        if (!r.ok) throw new Error(r.error);
        invoices.push({ code: r.data.trackingCode, amount: String(amount) });
      }
      console.log(JSON.stringify({ merchantNumber: settings.merchantNumber, invoices }));
      await client.end();
    })();`;
  const out = execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' });
  return { ...desk, ...(JSON.parse(out.trim().split('\n').pop()!) as Pick<Desk, 'merchantNumber' | 'invoices'>) };
}

const callerNumber = () => `0912${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const log = (page: Page) => page.getByTestId('phone-log');
const said = (page: Page, kind: string) => log(page).locator(`[data-kind="${kind}"]`);

/** Presses the keypad's keys one by one, as a caller does. */
async function keys(page: Page, digits: string) {
  for (const d of digits) await page.getByTestId(`key-${d === '#' ? 'hash' : d === '*' ? 'star' : d}`).click();
}

/** Dials the line from a caller number: the merchant's IVR answers and offers its menu. */
async function dial(page: Page, line: string, caller: string) {
  await page.goto('/sandbox/phone');
  await page.locator('input[name="caller"]').fill(caller);
  await keys(page, line);
  await page.getByTestId('key-call').click();
  await expect(said(page, 'welcome')).toContainText('Phone desk e2e');
  await expect(said(page, 'menu')).toBeVisible();
}

/** Mode 1: keys the invoice id and hears the amount. */
async function invoice(page: Page, code: string, amountFa: string) {
  await keys(page, '1');
  await expect(said(page, 'askInvoice').last()).toBeVisible();
  await keys(page, `${code}#`);
  await expect(said(page, 'amount')).toContainText(amountFa);
}

/** Confirms, keys the card (tapped from the test cards) and a PIN at the bank. */
async function payWith(page: Page, card: string) {
  await keys(page, '1');
  await expect(said(page, 'askCard')).toBeVisible();
  await page.locator(`[data-card="${card}"]`).click();
  await keys(page, '#');
  await expect(said(page, 'askPin')).toBeVisible();
  await keys(page, '1234#');
}

async function pendingBalance(page: Page): Promise<bigint> {
  await page.goto('/');
  return BigInt((await page.getByTestId('balances').getByTestId('balance-pending').first().getAttribute('data-rials')) ?? '0');
}

async function merchantPage(browser: Browser, desk: Desk) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, desk);
  await expect(page.getByTestId('greeting')).toBeVisible();
  return { context, page };
}

const fa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

let desk: Desk;
test.beforeAll(() => {
  desk = seedDesk([250_000, 180_000, 90_000]);
});

test('a caller pays an invoice with the paid card; the merchant sees it succeeded, the balance moved, and the receipt has the tracking code', async ({
  page,
  browser,
}) => {
  const [inv] = desk.invoices;
  const merchant = await merchantPage(browser, desk);
  const before = await pendingBalance(merchant.page);

  await dial(page, desk.line, callerNumber());
  await invoice(page, inv.code, '۲۵۰٬۰۰۰ ریال');
  await payWith(page, PAID_CARD);
  await expect(said(page, 'paid')).toBeVisible();
  const transactionId = JSON.parse((await page.getByTestId('behind').locator('[data-scene="answer"] pre').textContent())!).transactionId as number;
  const code = String(transactionId);
  await expect(said(page, 'paid')).toContainText(`کد پیگیری شما ${fa(code)} است`);
  const receiptHref = (await page.getByTestId('phone-receipt').getAttribute('href'))!;

  // The merchant's side: the report row (source IVR, succeeded), the pending balance, the receipt.
  await merchant.page.goto(`/reports/transactions?tracking=${code}`);
  const row = merchant.page.getByTestId('report-rows').locator(`tr[data-code="${code}"]`);
  await expect(row).toContainText('موفق');
  await expect(row).toContainText(/IVR|تلفن/);
  expect(await pendingBalance(merchant.page)).toBeGreaterThan(before);
  await merchant.page.goto(receiptHref);
  await expect(merchant.page.getByTestId('receipt-state')).toHaveText('موفق');
  await expect(merchant.page.getByTestId('tracking-code')).toHaveAttribute('data-code', code);
  await merchant.context.close();

  // Keyed again, the paid invoice says so (error 3).
  await dial(page, desk.line, callerNumber());
  await keys(page, `1${inv.code}#`);
  await expect(said(page, 'lookup-error-3')).toBeVisible();
});

test("a declined card plays the bank's reason", async ({ page }) => {
  await dial(page, desk.line, callerNumber());
  await invoice(page, desk.invoices[1].code, '۱۸۰٬۰۰۰ ریال');
  await payWith(page, DECLINED_CARD);
  await expect(said(page, 'declined')).toContainText('موجودی کافی نیست');
  await expect(said(page, 'ended')).toBeVisible();
});

test('five wrong invoice ids from one caller number, and that caller hears error 5 even for the right id; another number still pays', async ({ page }) => {
  const inv = desk.invoices[2];
  const blocked = callerNumber();
  await dial(page, desk.line, blocked);
  await keys(page, '1');
  for (let i = 1; i <= 5; i++) {
    await keys(page, `9${randomInt(100_000_000, 999_999_999)}#`);
    await expect(said(page, 'lookup-error-2')).toHaveCount(i);
    await keys(page, '1');
    await expect(said(page, 'askInvoice')).toHaveCount(i + 1);
  }
  await keys(page, `${inv.code}#`);
  await expect(said(page, 'lookup-error-5')).toContainText('به دلیل تلاش‌های پی در پی اشتباه');
  await expect(said(page, 'amount')).toHaveCount(0);
  await page.getByTestId('key-hangup').click();
  await expect(said(page, 'ended')).toBeVisible();

  // A new call from the same number still hears 5; from another number the invoice is paid.
  await dial(page, desk.line, blocked);
  await keys(page, `1${inv.code}#`);
  await expect(said(page, 'lookup-error-5')).toBeVisible();
  await dial(page, desk.line, callerNumber());
  await invoice(page, inv.code, '۹۰٬۰۰۰ ریال');
  await payWith(page, PAID_CARD);
  await expect(said(page, 'paid')).toBeVisible();
});

test("IVR-to-IVR: a sample product bought through the merchant's own phone menu, with the SIP hand-off shown", async ({ page }) => {
  await dial(page, desk.line, callerNumber());
  await keys(page, '2');
  await expect(said(page, 'shopMenu')).toContainText('۳۵۰٬۰۰۰ ریال');
  await keys(page, '2');
  await expect(said(page, 'amount')).toContainText('۳۵۰٬۰۰۰ ریال');
  const behind = page.getByTestId('behind');
  const lookup = JSON.parse((await behind.locator('[data-scene="lookup"] pre').textContent())!) as { order_id: string; ivr: number; amount: number };
  expect(lookup).toMatchObject({ ivr: 1, amount: 350000 });
  expect(lookup.order_id).toMatch(/^\d{10}\.\d{5}-2-1$/);
  const { transactionId } = JSON.parse((await behind.locator('[data-scene="answer"] pre').textContent())!) as { transactionId: number };
  await payWith(page, PAID_CARD);
  await expect(behind.locator('[data-scene="sip"]')).toContainText(`CALLERID(all) = ${desk.line}*${desk.merchantNumber}*${transactionId}`);
  await expect(behind.locator('[data-scene="sip"]')).toContainText('Amount = 350000');
  await expect(said(page, 'paid')).toContainText(fa(String(transactionId)));
});

test('by keyboard alone: a product paid with the card whose verify never answers hears that the bank has not answered yet', async ({ page }) => {
  await page.goto('/sandbox/phone');
  await page.locator('input[name="caller"]').fill(callerNumber());
  await page.getByTestId('phone-display').focus();
  await page.keyboard.type(desk.line);
  await page.keyboard.press('Enter');
  await expect(said(page, 'menu')).toBeVisible();
  await page.keyboard.type('2');
  await expect(said(page, 'shopMenu')).toBeVisible();
  await page.keyboard.type('1');
  await expect(said(page, 'amount')).toContainText('۱۲۰٬۰۰۰ ریال');
  await page.keyboard.type('1');
  await expect(said(page, 'askCard')).toBeVisible();
  await page.keyboard.type(`${SANDBOX_CARD.verifyTimeout}#`);
  await expect(said(page, 'askPin')).toBeVisible();
  await page.keyboard.type('98765');
  await expect(page.getByTestId('phone-display')).toHaveAttribute('type', 'password');
  await page.keyboard.press('Enter');
  await expect(said(page, 'pending')).toContainText('بانک هنوز پاسخ نداده است');
});

test('the phone in Persian and English: an unknown line is not in service; axe; screenshots at phone and desk widths', async ({ page }, testInfo) => {
  await page.goto('/sandbox/phone');
  await expect(page.getByTestId('sandbox-banner')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('key-5')).toHaveText('۵');
  await keys(page, '02100000000');
  await expect(page.getByTestId('phone-display')).toHaveValue('۰۲۱۰۰۰۰۰۰۰۰');
  await page.getByTestId('key-call').click();
  await expect(said(page, 'notInService')).toBeVisible();
  await checkBothWidths(page, testInfo, 'sandbox-phone-idle-fa');

  // Mid-call, the behind-the-scenes panel filled: the screen a demo shows.
  await dial(page, desk.line, callerNumber());
  await keys(page, '2');
  await keys(page, '1');
  await expect(said(page, 'amount')).toContainText('مبلغ صد و بیست هزار ریال (۱۲۰٬۰۰۰ ریال) است.');
  await keys(page, '1');
  await expect(said(page, 'askCard')).toBeVisible();
  await checkBothWidths(page, testInfo, 'sandbox-phone-call-fa');

  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
  await dial(page, desk.line, callerNumber());
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(said(page, 'welcome')).toHaveText(/You have reached Phone desk e2e's phone payments/);
  await keys(page, '112345#');
  await expect(said(page, 'lookup-error-2')).toHaveText(/Wrong invoice id\. Press 1 to try again, or hang up\./);
  await page.getByTestId('key-hangup').click();
  await dial(page, desk.line, callerNumber());
  await keys(page, '23');
  await expect(said(page, 'amount')).toContainText(
    'The amount is one million two hundred fifty thousand Rials (1,250,000 Rials). Press 1 to confirm, 2 to cancel.',
  );
  await keys(page, '1');
  await expect(said(page, 'askCard')).toBeVisible();
  await checkBothWidths(page, testInfo, 'sandbox-phone-call-en');
  await page.context().clearCookies({ name: 'NEXT_LOCALE' });
});
