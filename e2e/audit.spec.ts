/**
 * The audit trail (issue 20): a new merchant changes their password, finds it on their own trail
 * (and nothing else), then staff filter the whole trail by that merchant's mobile, the action and
 * today's Jalali day, find the same event, export it, and see it in the merchant page's history.
 * At 390 and 1366 px, in Persian and English, axe clean, with no sideways scroll.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO, expectAccessible, login, signUpMerchant, snap } from './helpers';

async function noSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

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

async function inLanguage(page: Page, locale: 'en' | 'fa') {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

/** Today in Tehran as a Jalali day, `1405/09/11`. */
function jalaliToday(): string {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${part('year')}/${part('month')}/${part('day')}`;
}

test('a merchant reads their own trail; staff filter the whole trail, export it and see the merchant’s history', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const { mobile, password } = await signUpMerchant(page, request, 'Audit');

  // A change on record: the merchant's new password.
  await page.goto('/profile');
  await page.locator('input[name="currentPassword"]').fill(password);
  await page.locator('input[name="newPassword"]').fill('copper lantern meadow');
  await page.getByRole('button', { name: 'ذخیرهٔ رمز جدید' }).click();
  await expect(page.getByTestId('password-changed')).not.toBeEmpty();

  // The merchant's menu leads to their trail; it holds that change and nothing of anyone else's.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('link', { name: 'سابقهٔ تغییرات' }).first().click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('سابقهٔ تغییرات');
  const events = page.getByTestId('audit-event');
  await expect(events).toHaveCount(1);
  await expect(events.first()).toHaveAttribute('data-action', 'password_change');
  await expect(events.first()).toContainText('گذرواژه را تغییر داد');
  await expect(events.first()).toContainText('Audit Merchant');
  // No person filter for a merchant: their trail is their business's only.
  await expect(page.locator('input[name="actor"]')).toHaveCount(0);
  await both(page, testInfo, 'audit-merchant-fa');
  await inLanguage(page, 'en');
  await expect(page.getByTestId('audit-event').first()).toContainText('Password changed');
  await both(page, testInfo, 'audit-merchant-en');

  // Staff, in Persian again.
  await page.context().clearCookies();
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'سابقهٔ تغییرات' }).first().click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('سابقهٔ تغییرات');
  // A filter that is not a person is refused by its field.
  await page.locator('input[name="actor"]').fill('nobody');
  await page.getByTestId('apply-filters').click();
  await expect(page.getByText('شناسه (UUID) یا شمارهٔ موبایل بنویسید.')).toBeVisible();
  await page.locator('input[name="actor"]').fill(mobile);
  await page.locator('select[name="action"]').selectOption('password_change');
  await page.locator('input[name="from"]').fill(jalaliToday());
  await page.locator('input[name="to"]').fill(jalaliToday());
  await page.getByTestId('apply-filters').click();
  await expect(page).toHaveURL(/actor=.*action=password_change/);
  await expect(page.getByTestId('audit-event')).toHaveCount(1);
  const found = page.getByTestId('audit-event').first();
  await expect(found).toContainText('گذرواژه را تغییر داد');
  await expect(found.getByTestId('audit-who')).toContainText('Audit Merchant');
  await both(page, testInfo, 'audit-admin-fa');

  // The export of what is shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const body = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(body).subarray(0, 2).toString()).toBe('PK');

  await inLanguage(page, 'en');
  await expect(page.getByTestId('audit-event').first()).toContainText('Password changed');
  await both(page, testInfo, 'audit-admin-en');

  // The merchant's page carries the same event in its history.
  await page.getByTestId('audit-event').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/admin\/merchants\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: /This merchant.s history/ })).toBeVisible();
  await expect(page.getByTestId('merchant-history').getByTestId('audit-event')).toHaveCount(1);
  await expect(page.getByTestId('merchant-history')).toContainText('Password changed');
  await inLanguage(page, 'fa');
});
