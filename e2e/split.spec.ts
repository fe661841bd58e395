import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { checkBothWidths, DEMO, enrolTwoFactor, login, newMobile, signUpMerchant } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * Split payments end to end, on rows of this spec's own (never the demo merchant's, which other
 * specs change): a marketplace (a merchant with the split service and an approved platform, made
 * here) invites a seller and registers a courier sub-business; the seller accepts and grants
 * dealer permission for one product; an invoice of 1 300 000 Rials = 200 000 (the marketplace) +
 * 800 000 (the seller) + 300 000 (the courier) is created through the API with the platform's live
 * key; a buyer pays it on the sandbox bank; the marketplace closes it in bulk; the next settlement
 * run makes each share withdrawable; each party sees only its own part; staff find it by bill
 * number. Persian and English, phone and desk widths, axe on every screen.
 */

const PASSWORD = 'amber willow compass';
const NOT_FOUND = 'این صفحه پیدا نشد';
const fa = (s: string | number) => String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
const grouped = (n: number) => fa(n.toLocaleString('en-US').replace(/,/g, '٬'));

/** A national code with its real check digit. */
function nationalCode(): string {
  for (;;) {
    const d = Array.from({ length: 9 }, () => randomInt(0, 10));
    if (d.every((x) => x === d[0])) continue;
    const s = d.reduce((a, x, i) => a + x * (10 - i), 0) % 11;
    return d.join('') + String(s < 2 ? s : 11 - s);
  }
}

/** A sheba (IBAN) of Bank Melli with its real check digits. */
function sheba(): string {
  const bban = `0170000000${String(randomInt(0, 1e6)).padStart(6, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
  const r = BigInt(`${bban}182700`) % 97n;
  return `IR${String(98n - r).padStart(2, '0')}${bban}`;
}

type Seeded = { platformId: string; liveKey: string; marketplace: { mobile: string; password: string }; seller: { mobile: string; password: string } };

/**
 * A marketplace of its own (KYC approved, the split service's terms accepted, an approved website
 * platform and its live key) and a KYC-approved seller. Through tsx, as the payouts spec seeds:
 * lib reads JSON files that Playwright's loader cannot import.
 */
function seed(tag: string): Seeded {
  const marketplace = { mobile: newMobile(), password: PASSWORD };
  const seller = { mobile: newMobile(), password: PASSWORD };
  const script = `
    import { eq } from 'drizzle-orm';
    import { createDb } from '@/db';
    import { kycProfiles, platforms } from '@/db/schema';
    import { createApiKey } from '@/lib/api-keys';
    import { upsertUser } from '@/lib/auth/accounts';
    import { addPlatform } from '@/lib/platforms';
    import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
    import { addPlatformSchema } from '@/lib/validation/platforms';
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      const approved = (userId: string) =>
        db.insert(kycProfiles).values({ userId, kind: 'natural', status: 'approved', approvedAt: new Date(), approvedKind: 'natural', approvedIdentity: {}, approvedFinancial: {} });
      const owner = await upsertUser(db, { mobile: ${JSON.stringify(marketplace.mobile)}, firstName: 'بازارچه', lastName: ${JSON.stringify(tag)}, password: ${JSON.stringify(PASSWORD)}, role: 'merchant' });
      await approved(owner.id);
      const seller = await upsertUser(db, { mobile: ${JSON.stringify(seller.mobile)}, firstName: 'فروشنده', lastName: ${JSON.stringify(tag)}, password: ${JSON.stringify(PASSWORD)}, role: 'merchant' });
      await approved(seller.id);
      const actor = { kind: 'merchant', userId: owner.id, merchantId: owner.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'e2e' } } as const;
      const terms = (await currentTerms(db, 'split'))!;
      const service = await acceptTermsAndRequest(db, actor, { serviceId: 'split', termsVersion: terms.version });
      if (!service.ok) throw new Error(service.error);
      const p = await addPlatform(db, actor, addPlatformSchema.parse({
        merchantServiceId: service.data.merchantServiceId, type: 'website', name: ${JSON.stringify(`بازارچهٔ ${tag}`)},
        address: 'https://bazaar-${tag}.example', expectedMonthlyVolume: '1000000000', callbackUrls: 'https://bazaar-${tag}.example/return',
      }));
      if (!p.ok) throw new Error(p.error);
      await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
      const live = await createApiKey(db, p.data.platform.id, 'live');
      console.log(JSON.stringify({ platformId: p.data.platform.id, liveKey: live.key }));
      await client.end();
    })();`;
  const out = execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' });
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as Pick<Seeded, 'platformId' | 'liveKey'>), marketplace, seller };
}

/**
 * The 09:00 settlement run of the next working day, as the worker does it, for the given platforms
 * only (other specs' money stays where it is): the first run whose cutoff is after now.
 */
function settleNextRun(platformIds: string[]) {
  const script = `
    import { createDb } from '@/db';
    import { runSettlement, settlementWindow } from '@/lib/payments/settlement';
    import { isSettlementDay } from '@/lib/calendar/holidays';
    (async () => {
      let at;
      for (let d = 0; d < 15 && !at; d++) {
        const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
        const run = new Date(day + 'T06:30:00Z');
        if (run.getTime() > Date.now() && isSettlementDay(day) && settlementWindow(run).cutoff.getTime() > Date.now()) at = run;
      }
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      for (const platformId of ${JSON.stringify(platformIds)}) await runSettlement(db, at, { platformId });
      await client.end();
    })();`;
  execFileSync('npx', ['tsx', '-e', script], { env: process.env, stdio: 'inherit' });
}

async function signedIn(browser: Browser, who: { mobile: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, who);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

async function inEnglish(page: Page, testInfo: TestInfo, run: () => Promise<void>) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
  try {
    await run();
  } finally {
    await page.context().clearCookies({ name: 'NEXT_LOCALE' });
  }
}

test('a marketplace splits a paid invoice between itself, a seller and a courier; each sees only its own part', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  const tag = Date.now().toString(36).slice(-6);
  const s = seed(tag);
  const sellerName = `کتاب‌فروشی ${tag}`;
  const courierName = `پیک ${tag}`;
  const product = `SKU-${tag}`;
  const bill = `E2E-${tag}`;

  // 1. The marketplace finds split payments in its menu, opens its marketplace and saves who pays the fee.
  await login(page, s.marketplace);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('link', { name: 'پرداخت تسهیمی' }).click();
  await expect(page).toHaveURL(/\/split$/);
  await page.getByTestId('marketplace-link').filter({ hasText: tag }).click();
  await expect(page).toHaveURL(new RegExp(`/split/${s.platformId}$`));
  await page.locator('select[name="feePayer"]').selectOption('marketplace');
  await page.getByTestId('save-split-settings').click();
  await expect(page.getByTestId('settings-outcome')).toContainText('ذخیره شد');
  await checkBothWidths(page, testInfo, 'split-overview-fa');

  // 2. Beneficiaries: a sheba with a wrong check digit is refused on its field; then the courier is
  // registered as a sub-business (active at once, permission for everything) and the seller invited.
  await page.getByTestId('split-tabs').getByRole('link', { name: 'ذی‌نفعان' }).click();
  const form = page.getByTestId('add-beneficiary-form');
  await form.getByText('ثبت کسب‌وکار زیرمجموعه').click();
  await form.locator('input[name="displayName"]').fill(courierName);
  await form.locator('input[name="mobile"]').fill(newMobile());
  await form.locator('input[name="nationalId"]').fill(nationalCode());
  const good = sheba();
  await form.locator('input[name="sheba"]').fill(`${good.slice(0, 4)}${(Number(good[4]) + 1) % 10}${good.slice(5)}`);
  await page.getByTestId('add-beneficiary').click();
  await expect(form.getByTestId('error-sheba')).toContainText('شبا');
  await form.locator('input[name="sheba"]').fill(good);
  await page.getByTestId('add-beneficiary').click();
  await expect(page.getByTestId('add-beneficiary-outcome')).toContainText('ثبت شد');

  await form.getByText('دعوت پذیرنده').click();
  await form.locator('input[name="displayName"]').fill(sellerName);
  await form.locator('input[name="mobile"]').fill(s.seller.mobile);
  await page.getByTestId('add-beneficiary').click();
  await expect(page.getByTestId('add-beneficiary-outcome')).toContainText('دعوت فرستاده شد');
  // The same number twice is refused on the field.
  await form.locator('input[name="displayName"]').fill(sellerName);
  await form.locator('input[name="mobile"]').fill(s.seller.mobile);
  await page.getByTestId('add-beneficiary').click();
  await expect(form).toContainText('پیش‌تر به این بازارچه اضافه شده');

  const list = page.getByTestId('beneficiaries');
  const sellerRow = list.locator(`li[data-mobile="${s.seller.mobile}"]`);
  await expect(sellerRow.getByTestId('beneficiary-state')).toHaveText('دعوت‌شده');
  const courierRow = list.locator('li', { hasText: courierName });
  await expect(courierRow.getByTestId('beneficiary-state')).toHaveText('فعال');
  await expect(courierRow.getByTestId('beneficiary-permission')).toHaveText('مجوز همهٔ محصولات');
  await checkBothWidths(page, testInfo, 'split-beneficiaries-fa');

  // 3. The seller signs in, sees the invitation, accepts it and grants permission for one product only.
  const seller = await signedIn(browser, s.seller);
  await expect(seller.getByTestId('greeting')).toBeVisible();
  await seller.getByRole('link', { name: 'پرداخت تسهیمی' }).click();
  await seller.getByTestId('to-selling').click();
  const invitation = seller.getByTestId('invitations').locator('li', { hasText: tag });
  await expect(invitation).toContainText(sellerName);
  await checkBothWidths(seller, testInfo, 'split-invitation-fa');
  await invitation.getByTestId('accept-invitation-start').click();
  // Accepting makes the seller's business take payments live: from its next page its owner must
  // enrol in two-factor sign-in (issue 20), then comes back to where it sells.
  await seller.waitForURL((u) => u.pathname === '/login/two-factor/setup');
  await enrolTwoFactor(seller);
  await seller.getByRole('link', { name: 'پرداخت تسهیمی' }).click();
  await seller.getByTestId('to-selling').click();
  const through = seller.locator(`[data-testid="selling-through"][data-marketplace="بازارچهٔ ${tag}"]`);
  await expect(through.getByTestId('my-permission')).toHaveText('بدون مجوز فروش');
  await through.getByText('فقط محصولات مشخص').click();
  await through.getByTestId('save-permission').click();
  await expect(through.locator('input[name="products"]')).toHaveAttribute('aria-invalid', 'true');
  await through.locator('input[name="products"]').fill(product);
  await through.getByTestId('save-permission').click();
  await expect(through.getByTestId('permission-outcome')).toContainText('ذخیره شد');
  await expect(through.getByTestId('my-permission')).toHaveText(`مجوز ${fa(1)} محصول`);
  await checkBothWidths(seller, testInfo, 'split-selling-fa');

  // The marketplace sees it: active, one listed product.
  await page.reload();
  await expect(sellerRow.getByTestId('beneficiary-state')).toHaveText('فعال');
  await expect(sellerRow.getByTestId('beneficiary-permission')).toHaveText(`مجوز ${fa(1)} محصول`);
  await expect(sellerRow).toContainText(product);

  // 4. The invoice, through the API with the platform's live key: a line without the allowed
  // product is refused (POD's 4), the right one is made.
  const sqlc = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const bens = await sqlc`select id, display_name, platform_id from split_beneficiaries where marketplace_id = ${s.platformId}`;
  const sellerBen = bens.find((b) => b.display_name === sellerName)!;
  const courierBen = bens.find((b) => b.display_name === courierName)!;
  const body = (sellerProduct: string | null) => ({
    billNumber: bill,
    mainInvoice: { items: [{ description: 'کارمزد بازارچه', quantity: 1, unitPrice: '200000' }] },
    subInvoices: [
      { beneficiaryId: sellerBen.id, items: [{ description: 'کتاب', quantity: 2, unitPrice: '400000', productId: sellerProduct }] },
      { beneficiaryId: courierBen.id, items: [{ description: `ارسال ${tag}`, quantity: 1, unitPrice: '300000' }] },
    ],
    customerInvoiceItems: [
      { description: 'کتاب', quantity: 2, unitPrice: '450000' },
      { description: `ارسال و بسته‌بندی ${tag}`, quantity: 1, unitPrice: '400000' },
    ],
    payerName: 'مریم احمدی',
  });
  const headers = (key: string) => ({ authorization: `Bearer ${s.liveKey}`, 'idempotency-key': key });
  const refused = await request.post('/api/v1/split-invoices', { headers: headers(`${bill}-x`), data: body(null) });
  expect(refused.status()).toBe(403);
  const made = await request.post('/api/v1/split-invoices', { headers: headers(bill), data: body(product) });
  expect(made.status()).toBe(201);
  const invoiceId = ((await made.json()) as { id: string }).id;

  // 5. A buyer pays it on the sandbox bank from the payer's page (the items, never the split).
  const buyerCtx = await browser.newContext();
  const buyer = await buyerCtx.newPage();
  await buyer.goto(`/pay/invoice/${invoiceId}`);
  await expect(buyer.getByTestId('split-invoice')).not.toContainText(sellerName);
  await buyer.getByTestId('split-pay').click();
  await expect(buyer).toHaveURL(/\/sandbox\/bank\//);
  await buyer.locator(`[data-card="${SANDBOX_CARD.success}"]`).click();
  await buyer.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(buyer.getByTestId('receipt-state')).toHaveText('موفق');
  await buyerCtx.close();

  // 6. The marketplace finds it by bill number, paid, and closes it with the bulk close.
  await page.goto(`/split/${s.platformId}/invoices`);
  await page.locator('input[name="bill"]').fill(bill);
  await page.getByTestId('apply-filters').click();
  await expect(page).toHaveURL(/bill=/);
  const row = page.locator(`[data-bill="${bill}"]:visible`);
  await expect(row.getByTestId('invoice-state')).toHaveText('پرداخت‌شده');
  await checkBothWidths(page, testInfo, 'split-invoices-paid-fa');
  await page.setViewportSize({ width: 1366, height: 900 });
  await row.getByTestId('select-invoice').check();
  await page.getByTestId('close-selected').click();
  await page.getByTestId('close-selected-yes').click();
  await expect(page.getByTestId('bulk-outcome')).toContainText(`${fa(1)} صورتحساب بسته شد`);
  await expect(row.getByTestId('invoice-state')).toHaveText('بسته‌شده');

  // The detail: every part with its share; closed, so no cancel.
  await row.getByTestId('invoice-link').click();
  await expect(page).toHaveURL(new RegExp(`/invoices/${invoiceId}$`));
  const parts = page.getByTestId('split-part');
  await expect(parts).toHaveCount(3);
  await expect(page.getByTestId('split-parts')).toContainText(sellerName);
  await expect(page.getByTestId('split-parts')).toContainText(courierName);
  await expect(page.getByTestId('invoice-total')).toHaveText(`${grouped(1_300_000)} ریال`);
  await expect(page.getByTestId('cancel-invoice')).toHaveCount(0);
  await expect(page.getByTestId('refund-link')).toHaveAttribute('href', /\/reports\/transactions\/[0-9a-f-]{36}$/);

  // 7. The next settlement run, for this marketplace's three receiving platforms: every share withdrawable.
  settleNextRun([s.platformId, sellerBen.platform_id as string, courierBen.platform_id as string]);
  await page.reload();
  for (const settled of await parts.getByTestId('part-settled').all()) await expect(settled).toHaveAttribute('data-settled', 'yes');
  await checkBothWidths(page, testInfo, 'split-invoice-fa');

  // 8. The seller sees its 800 000 withdrawable (the marketplace pays the fee), and only its own part:
  // nothing of the courier's share, the marketplace's, or the buyer's total.
  await seller.goto('/split/marketplaces');
  await expect(through.getByTestId('my-withdrawable')).toHaveAttribute('data-rials', '800000');
  await expect(through.getByTestId('my-pending')).toHaveAttribute('data-rials', '0');
  await through.getByTestId('my-parts-link').click();
  const mine = seller.getByTestId('my-part');
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-bill', bill);
  await expect(mine.getByTestId('my-share')).toHaveText(`${grouped(800_000)} ریال`);
  await expect(mine.getByTestId('part-state')).toHaveText('بسته‌شده');
  await expect(mine.getByTestId('my-part-settled')).toHaveAttribute('data-settled', 'yes');
  const sellerView = (await seller.locator('main').textContent())!;
  for (const other of [courierName, grouped(300_000), grouped(200_000), grouped(1_300_000), `ارسال ${tag}`, `ارسال و بسته‌بندی ${tag}`])
    expect(sellerView).not.toContain(other);
  await checkBothWidths(seller, testInfo, 'split-my-parts-fa');
  // Another marketplace's invoice (this one, by its id) is nothing to the seller.
  await seller.goto(`/split/${s.platformId}/invoices/${invoiceId}`);
  await expect(seller.getByTestId('split-invoice')).toHaveCount(0);
  await expect(seller.getByRole('heading', { level: 1 })).toHaveText(NOT_FOUND);

  // 9. Totals for the period, on the page and in the Excel file.
  await page.goto(`/split/${s.platformId}/totals`);
  const totals = page.getByTestId('totals');
  await expect(totals.locator('tr[data-party="own"]')).toContainText(grouped(200_000));
  await expect(totals.locator(`tr[data-party="${sellerBen.id}"]`)).toContainText(grouped(800_000));
  await checkBothWidths(page, testInfo, 'split-totals-fa');
  await page.setViewportSize({ width: 1366, height: 900 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-totals').click()]);
  expect(download.suggestedFilename()).toMatch(/^split-totals-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheetRows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => sheetRows.push((r.values as unknown[]).slice(1)));
  expect(sheetRows.find((r) => r[0] === sellerName)?.slice(1, 3)).toEqual([1, 800_000]);
  expect(sheetRows.find((r) => r[0] === courierName)?.slice(1, 3)).toEqual([1, 300_000]);

  // 10. Staff find it by bill number among every marketplace's invoices.
  const staff = await signedIn(browser, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin/);
  await staff.getByRole('link', { name: 'پرداخت تسهیمی' }).click();
  await staff.locator('input[name="bill"]').fill(bill);
  await staff.getByTestId('apply-filters').click();
  const staffRow = staff.locator(`[data-bill="${bill}"]:visible`);
  await expect(staffRow).toContainText(`بازارچهٔ ${tag}`);
  await checkBothWidths(staff, testInfo, 'admin-split-fa');
  await staffRow.getByTestId('invoice-link').click();
  await expect(staff.getByTestId('split-part')).toHaveCount(3);
  await checkBothWidths(staff, testInfo, 'admin-split-invoice-fa');

  // 11. The courier is a sub-business the marketplace manages: its sheba waits for staff; once they
  // approve it, the marketplace withdraws the courier's 300 000 to the courier's own account.
  await page.goto(`/split/${s.platformId}/beneficiaries`);
  const courierBalance = courierRow.getByTestId('sub-business-balance');
  await expect(courierBalance).toContainText(grouped(300_000));
  await expect(courierBalance.getByTestId('sub-business-account')).toContainText('در انتظار تأیید');
  await expect(sellerRow.getByTestId('sub-business-balance')).toHaveCount(0);
  await staff.goto('/admin/payouts/accounts');
  const account = staff.locator(`tr[data-account="${good}"]`);
  await expect(account).toContainText(courierName);
  await account.getByRole('button', { name: /^تأیید/ }).click();
  await expect(account).toHaveCount(0);
  await staff.context().close();
  await page.reload();
  await courierBalance.locator('input[name="amount"]').fill('300000');
  await courierBalance.getByTestId('withdraw-for-sub-business').click();
  await expect(courierBalance.getByTestId('sub-business-withdraw-outcome')).toContainText('درخواست برداشت ثبت شد');
  await expect(courierBalance).toContainText(`قابل برداشت ${grouped(0)} ریال`);
  await checkBothWidths(page, testInfo, 'split-beneficiaries-withdrawn-fa');

  // 12. English: left to right, Gregorian dates, the same screens.
  await inEnglish(page, testInfo, async () => {
    await page.goto(`/split/${s.platformId}/invoices/${invoiceId}`);
    await expect(page.getByTestId('invoice-state')).toHaveText('Closed');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await checkBothWidths(page, testInfo, 'split-invoice-en');
    await page.goto(`/split/${s.platformId}/beneficiaries`);
    await checkBothWidths(page, testInfo, 'split-beneficiaries-en');
    await page.goto(`/split/${s.platformId}/invoices`);
    await checkBothWidths(page, testInfo, 'split-invoices-en');
    await page.goto(`/split/${s.platformId}/totals`);
    await checkBothWidths(page, testInfo, 'split-totals-en');
  });
  await inEnglish(seller, testInfo, async () => {
    await seller.goto('/split/marketplaces');
    await checkBothWidths(seller, testInfo, 'split-selling-en');
    await seller.goto('/split/parts');
    await checkBothWidths(seller, testInfo, 'split-my-parts-en');
  });
  await seller.context().close();
  await sqlc.end();
});

test('an invited merchant whose customer information is not approved is told so plainly, and may decline', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).slice(-6);
  const s = seed(tag);

  // A new merchant signs up (no customer information yet); the marketplace invites its mobile.
  const invitee = await signUpMerchant(page, request, 'Invitee');
  const market = await signedIn(browser, s.marketplace);
  await market.goto(`/split/${s.platformId}/beneficiaries`);
  const form = market.getByTestId('add-beneficiary-form');
  await form.locator('input[name="displayName"]').fill(`تازه‌وارد ${tag}`);
  await form.locator('input[name="mobile"]').fill(invitee.mobile);
  await market.getByTestId('add-beneficiary').click();
  await expect(market.getByTestId('add-beneficiary-outcome')).toContainText('دعوت فرستاده شد');

  // The invitee finds split payments in its menu before its KYC, sees the invitation with no accept
  // button and the reason, and declines.
  await page.reload();
  await page.getByRole('link', { name: 'پرداخت تسهیمی' }).click();
  await expect(page.getByTestId('selling-summary')).toContainText(fa(1));
  await page.getByTestId('to-selling').click();
  await expect(page.getByTestId('accept-needs-kyc')).toContainText('پس از تأیید اطلاعات مشتری');
  const invitation = page.getByTestId('invitations').locator('li', { hasText: tag });
  await expect(invitation.getByTestId('accept-invitation-start')).toHaveCount(0);
  await checkBothWidths(page, testInfo, 'split-invitation-kyc-fa');
  await invitation.getByTestId('decline-invitation-start').click();
  await invitation.getByTestId('decline-invitation-yes').click();
  await expect(invitation).toHaveCount(0);

  // The marketplace sees the invitation declined.
  await market.reload();
  await expect(market.getByTestId('beneficiaries').locator(`li[data-mobile="${invitee.mobile}"]`).getByTestId('beneficiary-state')).toHaveText('ردِ دعوت');
  await market.context().close();
});
