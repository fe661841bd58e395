import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, login, newMobile } from './helpers';

/**
 * The virtual POS in the merchant's portal, against the production build and the fake N Kolay the
 * e2e server starts (test-environment definitions call it): a merchant of this spec's own (KYC
 * approved, the virtual POS service, an approved lira platform, a test definition of the fake's
 * credentials) adds a definition on the page and tests it; takes a phone payment on the
 * online-collection screen (approved → receipt; a declined card → the bank's reason in the
 * reader's language); finds it in the card-collections list; cancels it from its page (same
 * Turkish day) after a confirm step; downloads the Excel export; and a 3-D definition's payment goes
 * through the bank's page and comes back to the payment's page. Persian and English, 390 and 1366
 * px screenshots (test-results/vpos-*.png), axe on each page.
 */

const PASSWORD = 'amber willow compass';
const fa = (v: string) => v.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
type Seeded = {
  merchant: { mobile: string; password: string };
  definitionId: string;
  threeDId: string;
  nkolay: { sx: string; sxList: string; sxCancel: string; merchantSecretKey: string };
  cards: Record<'approved' | 'approved3d' | 'insufficient' | 'lost', string>;
  password3d: string;
};

/** Through tsx (lib reads JSON files Playwright's loader cannot import), as the split spec seeds. */
function seed(tag: string): Seeded {
  const merchant = { mobile: newMobile(), password: PASSWORD };
  const script = `
    import { eq } from 'drizzle-orm';
    import { createDb } from '@/db';
    import { kycProfiles, platforms } from '@/db/schema';
    import { upsertUser } from '@/lib/auth/accounts';
    import { addPlatform } from '@/lib/platforms';
    import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
    import { addPlatformSchema } from '@/lib/validation/platforms';
    import { createVposDefinition, setPlatformVposDefinition } from '@/lib/vpos/definitions';
    import { vposDefinitionSchema } from '@/lib/vpos/schemas';
    import { FAKE_NKOLAY_3D_PASSWORD, FAKE_NKOLAY_CARDS, FAKE_NKOLAY_MERCHANT } from '@/test/fakes/nkolay';
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      const owner = await upsertUser(db, { mobile: ${JSON.stringify(merchant.mobile)}, firstName: 'Ayşe', lastName: ${JSON.stringify(tag)}, password: ${JSON.stringify(PASSWORD)}, role: 'merchant' });
      await db.insert(kycProfiles).values({ userId: owner.id, kind: 'natural', status: 'approved', approvedAt: new Date(), approvedKind: 'natural', approvedIdentity: {}, approvedFinancial: {} });
      const actor = { kind: 'merchant', userId: owner.id, merchantId: owner.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'e2e' } } as const;
      const terms = (await currentTerms(db, 'vpos'))!;
      const service = await acceptTermsAndRequest(db, actor, { serviceId: 'vpos', termsVersion: terms.version });
      if (!service.ok) throw new Error(service.error);
      const p = await addPlatform(db, actor, addPlatformSchema.parse({
        merchantServiceId: service.data.merchantServiceId, type: 'website', name: 'Anadolu ${tag}',
        address: 'https://anadolu-${tag}.example', expectedMonthlyVolume: '1000000', callbackUrls: 'https://anadolu-${tag}.example/return',
      }));
      if (!p.ok) throw new Error(p.error);
      await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
      const def = (name: string, use3d: boolean) => createVposDefinition(db, actor, vposDefinitionSchema.parse({
        company: 'Anadolu Ticaret A.Ş.', name, environment: 'test', use3d, maxInstallments: 6,
        sx: FAKE_NKOLAY_MERCHANT.sx, sxList: FAKE_NKOLAY_MERCHANT.sxList, sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel, secretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey,
      }));
      const threeD = await def('3D ${tag}', true);
      const plain = await def('Telefon ${tag}', false);
      if (!plain.ok || !threeD.ok) throw new Error('definition');
      await setPlatformVposDefinition(db, actor, p.data.platform.id, plain.data.id);
      console.log(JSON.stringify({ definitionId: plain.data.id, threeDId: threeD.data.id, nkolay: FAKE_NKOLAY_MERCHANT, cards: FAKE_NKOLAY_CARDS, password3d: FAKE_NKOLAY_3D_PASSWORD }));
      await client.end();
    })();`;
  const out = execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' });
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as Omit<Seeded, 'merchant'>), merchant };
}

const tag = Date.now().toString(36).slice(-6);
let s: Seeded;

test.beforeAll(() => {
  s = seed(tag);
  mkdirSync('test-results', { recursive: true });
});

async function setLocale(page: Page, testInfo: TestInfo, locale: 'fa' | 'en') {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: testInfo.project.use.baseURL! }]);
}

/** axe, then the page at phone and desk width in test-results/vpos-<name>-<width>.png. */
async function shoot(page: Page, name: string) {
  await expectAccessible(page);
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => document.fonts.ready);
    // Nothing wider than the screen: a phone never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `test-results/vpos-${name}-${width}.png`, fullPage: true });
  }
}

async function signedIn(page: Page) {
  await login(page, s.merchant);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

test('POS definitions: add one on the page, test it against N Kolay; only its last four characters are shown', async ({ page }, testInfo) => {
  await signedIn(page);
  await page.getByRole('link', { name: 'پوز مجازی' }).first().click();
  await expect(page).toHaveURL(/\/vpos$/);
  await page.getByTestId('vpos-tabs').getByRole('link', { name: 'تعریف‌های پوز' }).click();
  await expect(page).toHaveURL(/\/vpos\/definitions$/);
  await page.getByTestId('definition-add').click();
  const form = page.getByTestId('definition-form');
  // Bad input is refused next to its fields before anything is saved.
  await form.locator('input[name="sx"]').fill('short');
  await page.getByTestId('definition-create').click();
  await expect(form.locator('input[name="company"]')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('بیش از حد کوتاه');
  await form.locator('input[name="company"]').fill('Boğaziçi Ticaret A.Ş.');
  await form.locator('input[name="name"]').fill(`Yeni ${tag}`);
  await form.locator('select[name="environment"]').selectOption('test');
  await form.locator('select[name="maxInstallments"]').selectOption('3');
  await form.locator('input[name="use3d"]').uncheck();
  await form.locator('input[name="sx"]').fill(s.nkolay.sx);
  await form.locator('input[name="sxList"]').fill(s.nkolay.sxList);
  await form.locator('input[name="sxCancel"]').fill(s.nkolay.sxCancel);
  await form.locator('input[name="secretKey"]').fill(s.nkolay.merchantSecretKey);
  await page.getByTestId('definition-create').click();
  const added = page.locator(`[data-testid="definition"][data-name="Yeni ${tag}"]`);
  await expect(added).toBeVisible();
  await expect(added.getByTestId('definition-hints')).toContainText(`••••${s.nkolay.merchantSecretKey.slice(-4)}`);
  expect(await page.content()).not.toContain(s.nkolay.merchantSecretKey);
  await expect(added.getByTestId('definition-last-test')).toHaveText('هنوز آزمایش نشده');
  await added.getByTestId('definition-test').click();
  await expect(added.getByTestId('definition-note')).toContainText('اطلاعات دسترسی درست است');
  await expect(added.getByTestId('definition-last-test')).toContainText('موفق');
  // Off and on again, at once.
  await added.getByTestId('definition-toggle').click();
  await expect(added.getByTestId('definition-enabled')).toHaveText('غیرفعال');
  await added.getByTestId('definition-toggle').click();
  await expect(added.getByTestId('definition-enabled')).toHaveText('فعال');
  await shoot(page, 'definitions-fa');
  await setLocale(page, testInfo, 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'POS definitions', level: 1 })).toBeVisible();
  await shoot(page, 'definitions-en');
});

test('online collection: approved → receipt; a declined card → the bank’s reason in the reader’s language; the card is never kept', async ({
  page,
}, testInfo) => {
  await signedIn(page);
  await page.goto('/vpos/collect');
  const form = page.getByTestId('collect-form');
  await form.locator('select[name="definitionId"]').selectOption(s.definitionId);
  await expect(page.getByTestId('card-notice')).toContainText('هرگز ذخیره نمی‌شود');
  await expect(form.locator('input[name="card.number"]')).toHaveAttribute('autocomplete', 'off');
  await shoot(page, 'collect-fa');

  await form.locator('input[name="amount"]').fill('1.250,50');
  await form.locator('input[name="customerName"]').fill('Ayşe Yılmaz');
  await form.locator('input[name="customerPhone"]').fill('05321234567');
  await form.locator('input[name="card.number"]').fill(s.cards.approved);
  await form.locator('select[name="card.month"]').selectOption('12');
  await form.locator('select[name="card.year"]').selectOption('2030');
  await form.locator('input[name="card.cvv"]').fill('123');
  await page.getByTestId('collect-submit').click();
  const paid = page.getByTestId('collect-paid');
  await expect(paid).toBeVisible();
  await expect(page.getByTestId('paid-amount')).toHaveText('۱٬۲۵۰٫۵۰ لیر');
  await expect(page.getByTestId('paid-card')).toHaveText(fa(`${s.cards.approved.slice(0, 6)}******${s.cards.approved.slice(-4)}`));
  await expect(page.getByTestId('paid-reference')).toHaveText(/\S+/);
  expect(await page.content()).not.toContain(s.cards.approved);
  await shoot(page, 'collect-receipt-fa');

  // The next customer: a card the bank declines for lack of funds.
  await page.getByTestId('collect-new').click();
  await expect(form.locator('input[name="card.number"]')).toHaveValue('');
  await form.locator('input[name="amount"]').fill('99');
  await form.locator('input[name="customerName"]').fill('Mehmet Demir');
  await form.locator('input[name="card.number"]').fill(s.cards.insufficient);
  await form.locator('select[name="card.month"]').selectOption('12');
  await form.locator('select[name="card.year"]').selectOption('2030');
  await form.locator('input[name="card.cvv"]').fill('123');
  await page.getByTestId('collect-submit').click();
  await expect(page.getByTestId('collect-reason')).toContainText('۵۱ — موجودی یا سقف کارت کافی نیست');
  await expect(page.getByTestId('collect-reason')).toContainText('Yetersiz Bakiye');
  await expect(form.locator('input[name="card.number"]')).toHaveValue('');
  await expect(form.locator('input[name="card.cvv"]')).toHaveValue('');

  await setLocale(page, testInfo, 'en');
  await page.reload();
  await form.locator('input[name="amount"]').fill('10');
  await form.locator('input[name="customerName"]').fill('Can Kaya');
  await form.locator('input[name="card.number"]').fill(s.cards.lost);
  await form.locator('select[name="card.month"]').selectOption('12');
  await form.locator('select[name="card.year"]').selectOption('2030');
  await form.locator('input[name="card.cvv"]').fill('123');
  await page.getByTestId('collect-submit').click();
  await expect(page.getByTestId('collect-reason')).toContainText('41 — Lost card (Kayıp Kart)');
  await shoot(page, 'collect-en');
});

test('card collections: the list, its filters and the Excel export; cancel the day’s payment from its page after a confirm step', async ({
  page,
}, testInfo) => {
  await signedIn(page);
  await page.goto('/vpos');
  const row = page.getByTestId('collections').locator('tr', { hasText: '۱٬۲۵۰٫۵۰ لیر' }).first();
  await expect(row.getByTestId('collection-state')).toHaveText('موفق');
  await expect(page.getByTestId('collections').locator('tr', { hasText: 'موجودی یا سقف کارت کافی نیست' })).toHaveCount(1);
  await expect(page.getByTestId('total-approved')).toHaveText('۱٬۲۵۰٫۵۰ لیر');
  await shoot(page, 'list-fa');

  // The payer's page of the declined one says the bank's reason in the reader's language too, in lira.
  const declinedHref = await page
    .getByTestId('collections')
    .locator('tr', { hasText: 'موجودی یا سقف کارت کافی نیست' })
    .getByTestId('collection-link')
    .getAttribute('href');
  await page.goto(`/pay/receipt/${declinedHref!.split('/').pop()}`);
  await expect(page.getByTestId('receipt-reason')).toContainText('۵۱ — موجودی یا سقف کارت کافی نیست');
  await expect(page.getByTestId('receipt-reason')).toContainText('Yetersiz Bakiye');
  await expect(page.getByTestId('receipt-amount')).toHaveText('۹۹٫۰۰ لیر');
  await page.goto('/vpos');

  // Declined only, by the filter form (GET parameters).
  await page.locator('select[name="state"]').selectOption('failed');
  await page.getByTestId('vpos-filters').getByRole('button').click();
  await expect(page).toHaveURL(/state=failed/);
  await expect(page.getByTestId('collections').locator('tbody tr')).toHaveCount(2);

  // The export of the list (no filter): headers in the reader's language, lira as numbers with their currency.
  await page.goto('/vpos');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('vpos-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^card-collections-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  expect(header).toContain('کد تراکنش');
  const amountCol = header.indexOf('مبلغ') + 1;
  const currencyCol = header.indexOf('ارز') + 1;
  const amounts: unknown[] = [];
  ws.eachRow((r, n) => {
    if (n > 1) amounts.push([r.getCell(amountCol).value, r.getCell(currencyCol).value]);
  });
  expect(amounts).toContainEqual([1250.5, 'TRY']);
  expect(amounts).toHaveLength(3);

  // The paid one's page: its facts and N Kolay's log; same Turkish day, so it can be cancelled.
  await page.getByTestId('collections').locator('tr', { hasText: '۱٬۲۵۰٫۵۰ لیر' }).getByTestId('collection-link').click();
  await expect(page).toHaveURL(/\/vpos\/payments\/[0-9a-f-]{36}$/);
  const paymentUrl = page.url();
  await expect(page.getByTestId('payment-amount')).toHaveText('۱٬۲۵۰٫۵۰ لیر');
  await expect(page.getByTestId('refund-section')).toContainText('از روز بعد');
  await expect(page.getByTestId('attempts')).toContainText('پرداخت با کارت');
  await shoot(page, 'payment-fa');
  await page.getByTestId('cancel-start').click();
  await expect(page.getByTestId('cancel-confirm-amount')).toHaveText('۱٬۲۵۰٫۵۰ لیر');
  await expect(page.getByTestId('cancel-confirm')).toContainText('کل فروش را ابطال می‌کند');
  await page.getByTestId('cancel-submit').click();
  // The cancel goes to N Kolay and back: on a loaded CI run it took longer than the default 10 s (as in the Turkish spec).
  await expect(page.getByTestId('reverse-outcome')).toContainText('پرداخت ابطال شد', { timeout: 30_000 });
  await expect(page.getByTestId('payment-state')).toHaveText('ابطال / بازگشت کامل');
  await expect(page.getByTestId('reversals')).toContainText('انجام شد');
  await expect(page.getByTestId('reverse-none')).toBeVisible();

  await setLocale(page, testInfo, 'en');
  await page.goto(paymentUrl);
  await expect(page.getByTestId('payment-amount')).toHaveText('₺1,250.50');
  await shoot(page, 'payment-en');
  await page.goto('/vpos');
  await expect(page.getByTestId('collections').locator('tr', { hasText: '₺1,250.50' }).getByTestId('collection-state')).toHaveText('Cancelled / refunded');
  await shoot(page, 'list-en');

  // Another merchant's payment (or a made-up id) is not found.
  const other = await page.goto(`/vpos/payments/${crypto.randomUUID()}`);
  expect(other?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('3-D Secure: the bank’s own page (sandboxed), the cardholder’s code, and back to the payment’s page, approved', async ({ page }) => {
  await signedIn(page);
  await page.goto('/vpos/collect');
  const form = page.getByTestId('collect-form');
  await form.locator('select[name="definitionId"]').selectOption(s.threeDId);
  await form.locator('input[name="amount"]').fill('42');
  await form.locator('input[name="customerName"]').fill('Zeynep Ak');
  await form.locator('input[name="card.number"]').fill(s.cards.approved3d);
  await form.locator('select[name="card.month"]').selectOption('12');
  await form.locator('select[name="card.year"]').selectOption('2030');
  await form.locator('input[name="card.cvv"]').fill('123');
  await page.getByTestId('collect-submit').click();
  await expect(page.getByTestId('collect-3d')).toBeVisible();
  const [bankPage] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/vpos/collect/bank')), page.getByTestId('open-3d').click()]);
  const csp = (await bankPage.allHeaders())['content-security-policy'];
  expect(csp).toMatch(/^sandbox allow-forms allow-scripts allow-top-navigation;/);
  // The bank's page (the fake's ACS), where the code the cardholder read out is typed.
  await page.locator('input[name="password"]').fill(s.password3d);
  await page.getByRole('button', { name: 'Onayla' }).click();
  await expect(page).toHaveURL(/\/vpos\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('payment-state')).toHaveText('موفق');
  await expect(page.getByTestId('payment-amount')).toHaveText('۴۲٫۰۰ لیر');
});
