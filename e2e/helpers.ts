import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
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
