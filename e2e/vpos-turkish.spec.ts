import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectAccessible, login } from './helpers';

/**
 * The virtual POS end to end in Turkish, as the demo Turkish company (seeded: customer information
 * approved as a Turkish company, an approved lira platform, a 3-D test definition on the fake N
 * Kolay the e2e server runs): signs in with its e-mail; adds a non-3-D definition and tests it; takes
 * a phone payment on the online-collection screen; sends a pay link that a payer pays on N Kolay's
 * own (fake) hosted page with the 3-D password; cancels the phone payment; reconciles the day, where
 * a sale made at the bank only is found and resolved. Screenshots in Turkish at 390 and 1366 px
 * (test-results/vpos-tr-*.png), axe on each page; the lira as ₺1.234,56.
 */

// The demo Turkish company, enrolled in two-factor sign-in by the seed (it owns a live platform).
const COMPANY = DEMO.turkey;
const CARDS = { approved: '4546711234567894', approved3d: '4355093000315232' };
const tag = Date.now().toString(36).slice(-6);

async function shoot(page: Page, name: string) {
  await expectAccessible(page);
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `test-results/vpos-tr-${name}-${width}.png`, fullPage: true });
  }
}

/** A sale made straight at (fake) N Kolay with an order id Dargah never issued: what reconciliation calls bank-only. */
function bankOnlySale(nkolayOrigin: string, orderId: string) {
  const script = `
    import { nkolayClient } from '@/lib/gateways/nkolay';
    import { FAKE_NKOLAY_MERCHANT } from '@/test/fakes/nkolay';
    (async () => {
      const c = nkolayClient({ environment: 'test', baseUrl: ${JSON.stringify(nkolayOrigin)}, sx: FAKE_NKOLAY_MERCHANT.sx, sxList: FAKE_NKOLAY_MERCHANT.sxList,
        sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel, merchantSecretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey });
      const r = await c.pay({ clientRefCode: ${JSON.stringify(orderId)}, amount: 4200n, successUrl: 'https://x.example/ok', failUrl: 'https://x.example/fail',
        card: { number: ${JSON.stringify(CARDS.approved)}, month: 12, year: 2030, cvv: '123' }, use3D: false });
      console.log(r.kind);
    })();`;
  return execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' }).trim().split('\n').pop();
}

test.beforeAll(() => mkdirSync('test-results', { recursive: true }));

test('a Turkish company collects in lira, in Turkish: definition, phone payment, pay link on N Kolay’s page, cancel, reconciliation', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'tr', url: testInfo.project.use.baseURL! }]);
  await login(page, COMPANY);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

  // A Turkish company uses the virtual POS only: no Rial menus (payouts, balances, top-ups), no Rial balance.
  await expect(page.getByRole('link', { name: 'Para aktarımları' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Kontör yükleme' })).toHaveCount(0);
  await expect(page.getByTestId('sidebar-balance')).toHaveCount(0);

  // A POS definition of its own, without 3-D, tested against N Kolay.
  await page.getByRole('link', { name: 'Sanal POS' }).first().click();
  await page.getByTestId('vpos-tabs').getByRole('link', { name: 'POS tanımları' }).click();
  await page.getByTestId('definition-add').click();
  const form = page.getByTestId('definition-form');
  const secrets = JSON.parse(
    execFileSync('npx', ['tsx', '-e', `import { FAKE_NKOLAY_MERCHANT } from '@/test/fakes/nkolay'; console.log(JSON.stringify(FAKE_NKOLAY_MERCHANT));`], {
      env: process.env,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!,
  ) as { sx: string; sxList: string; sxCancel: string; merchantSecretKey: string };
  await form.locator('input[name="company"]').fill('Anadolu Ticaret A.Ş.');
  await form.locator('input[name="name"]').fill(`Telefon ${tag}`);
  await form.locator('select[name="environment"]').selectOption('test');
  await form.locator('input[name="use3d"]').uncheck();
  await form.locator('input[name="sx"]').fill(secrets.sx);
  await form.locator('input[name="sxList"]').fill(secrets.sxList);
  await form.locator('input[name="sxCancel"]').fill(secrets.sxCancel);
  await form.locator('input[name="secretKey"]').fill(secrets.merchantSecretKey);
  await page.getByTestId('definition-create').click();
  const added = page.locator(`[data-testid="definition"][data-name="Telefon ${tag}"]`);
  await expect(added).toBeVisible();
  await added.getByTestId('definition-test').click();
  await expect(added.getByTestId('definition-last-test')).not.toHaveText(/^$/);
  expect(await page.content()).not.toContain(secrets.merchantSecretKey);
  await shoot(page, 'definitions');

  // A phone payment on the online-collection screen.
  await page.goto('/vpos/collect');
  const collect = page.getByTestId('collect-form');
  const select = collect.locator('select[name="definitionId"]');
  const option = select.locator('option', { hasText: `Telefon ${tag}` });
  const definitionId = (await option.getAttribute('value'))!;
  await select.selectOption(definitionId);
  await collect.locator('input[name="amount"]').fill('1.234,56');
  await collect.locator('input[name="customerName"]').fill('Mehmet Demir');
  await collect.locator('input[name="card.number"]').fill(CARDS.approved);
  await collect.locator('select[name="card.month"]').selectOption('12');
  await collect.locator('select[name="card.year"]').selectOption('2030');
  await collect.locator('input[name="card.cvv"]').fill('123');
  await page.getByTestId('collect-submit').click();
  await expect(page.getByTestId('paid-amount')).toHaveText('₺1.234,56');
  await shoot(page, 'collect-receipt');

  // A pay link instead: the customer pays on N Kolay's own page (3-D), the card never reaches Dargah.
  await page.goto('/vpos/collect');
  const linkForm = page.getByTestId('pay-link-form');
  // The demo company's own definition, with 3-D.
  const demo = linkForm.locator('select[name="definitionId"] option', { hasText: 'N Kolay test' });
  await linkForm.locator('select[name="definitionId"]').selectOption((await demo.getAttribute('value'))!);
  await linkForm.locator('input[name="amount"]').fill('250,00');
  await linkForm.locator('input[name="customerName"]').fill('Zeynep Ak');
  await page.getByTestId('pay-link-create').click();
  const url = (await page.getByTestId('pay-link-url').textContent())!.trim();
  await shoot(page, 'pay-link');
  const payerContext = await browser.newContext();
  await payerContext.addCookies([{ name: 'NEXT_LOCALE', value: 'tr', url: testInfo.project.use.baseURL! }]);
  const payer = await payerContext.newPage();
  await payer.goto(url);
  await expect(payer.getByRole('heading', { name: 'Ödeme' })).toBeVisible();
  const nkolayOrigin = new URL(payer.url()).origin;
  await payer.locator('input[name="cardNumber"]').fill(CARDS.approved3d);
  await payer.locator('input[name="month"]').fill('01');
  await payer.locator('input[name="year"]').fill('2030');
  await payer.locator('input[name="cvv"]').fill('264');
  await payer.getByRole('button', { name: 'Öde' }).click();
  await payer.locator('input[name="password"]').fill('123456');
  await payer.getByRole('button', { name: 'Onayla' }).click();
  await payer.waitForURL(/\/pay\/receipt\//);
  await expect(payer.getByText('₺250,00').first()).toBeVisible();
  await payerContext.close();

  // The phone payment is cancelled the same day, after a confirm step.
  await page.goto('/vpos');
  await page.getByTestId('collections').locator('tr', { hasText: '₺1.234,56' }).first().getByTestId('collection-link').click();
  await expect(page.getByTestId('payment-amount')).toHaveText('₺1.234,56');
  await page.getByTestId('cancel-start').click();
  await expect(page.getByTestId('cancel-confirm-amount')).toHaveText('₺1.234,56');
  await page.getByTestId('cancel-submit').click();
  // N Kolay's answer on a loaded CI machine took longer than the default 10 s once.
  await expect(page.getByTestId('reverse-outcome')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('reverse-none')).toBeVisible();
  await shoot(page, 'payment');
  await page.goto('/vpos');
  await shoot(page, 'list');

  // A sale at the bank that Dargah never saw: today's reconciliation finds it, and it is resolved.
  expect(bankOnlySale(nkolayOrigin, `BANKONLY-${tag}`)).toBe('ok');
  await page.goto('/vpos/reconciliation');
  const run = page.getByTestId('recon-run-form');
  await run.locator('select[name="definitionId"]').selectOption(definitionId);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(new Date());
  await run.locator('input[name="day"]').fill(today);
  await page.getByTestId('recon-run').click();
  await page.waitForURL(/\/vpos\/reconciliation\/[0-9a-f-]{36}$/);
  const missing = page.locator('[data-testid="recon-item"][data-kind="bank_only"]', { hasText: `BANKONLY-${tag}` });
  await expect(missing).toBeVisible();
  await missing.locator('input[name="reason"]').fill('Kasadan elle girilmiş satış, kayda alındı');
  await missing.getByTestId('recon-enter').click();
  await expect(page.locator('[data-testid="recon-item"][data-kind="bank_only"]', { hasText: `BANKONLY-${tag}` }).getByTestId('recon-resolved')).toBeVisible();
  await shoot(page, 'reconciliation');
});
