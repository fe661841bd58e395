import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { randomInt } from 'node:crypto';

export const DEMO = {
  admin: { mobile: '09120000001', password: 'dargah-admin-demo' },
  merchant: { mobile: '09120000002', password: 'dargah-merchant-demo' },
};

export function newMobile() {
  return `0935${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** The newest code texted to a mobile, read from the dev SMS inbox. */
export async function latestCode(request: APIRequestContext, mobile: string, after?: string): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const res = await request.get(`/api/dev/sms?mobile=${mobile}`);
      const { messages } = (await res.json()) as { messages: { body: string; id: string }[] };
      const newest = messages[0];
      if (!newest || newest.id === after) return '';
      code = /(\d{5,6})/.exec(newest.body)?.[1] ?? '';
      return code;
    })
    .not.toBe('');
  return code;
}

/** Fails the test on any WCAG 2.1 A/AA violation axe finds. */
export async function expectAccessible(page: Page) {
  // Next streams the <title> after a client-side navigation; check the page once it has arrived.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, summary.join('\n')).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts, to look at. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export async function login(page: Page, who: { mobile: string; password: string }) {
  await page.goto('/login');
  await page.locator('input[name="mobile"]').fill(who.mobile);
  await page.locator('input[name="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
}

/** A new merchant through the real sign-up flow; returns its mobile and password. */
export async function signUpMerchant(page: Page, request: APIRequestContext, firstName = 'Test') {
  const mobile = newMobile();
  const password = 'amber willow compass';
  await page.goto('/signup');
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(await latestCode(request, mobile));
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('input[name="firstName"]').fill(firstName);
  await page.locator('input[name="lastName"]').fill('Merchant');
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('greeting')).toBeVisible();
  return { mobile, password };
}

/** Checks a page with axe, then keeps a screenshot at phone width and one at desk width. */
export async function checkBothWidths(page: Page, testInfo: TestInfo, name: string) {
  await expectAccessible(page);
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await snap(page, testInfo, `${name}-${width}`);
  }
}

/**
 * A payer pays the demo shop on the sandbox bank with a test card (which picks how the bank
 * behaves, refunds included), in a browser context of their own; the receipt stays open.
 */
export async function payDemoShop(browser: Browser, input: { name: string; toman: number; mobile: string; card: string }) {
  const context = await browser.newContext();
  const payer = await context.newPage();
  await payer.goto(`/pay/demo-shop?name=${encodeURIComponent(input.name)}&amount=${input.toman}`);
  await payer.locator('input[name="mobile"]').fill(input.mobile);
  await payer.locator('form button[type="submit"]').click();
  await expect(payer).toHaveURL(/\/sandbox\/bank\//);
  await payer.locator(`[data-card="${input.card}"]`).click();
  await payer.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(payer.getByTestId('receipt-state')).toHaveText('موفق');
  const trackingCode = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  const paymentId = /\/pay\/receipt\/([0-9a-f-]{36})/.exec(payer.url())![1];
  return { context, payer, receiptUrl: payer.url(), trackingCode, paymentId };
}
