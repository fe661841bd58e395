import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO, expectAccessible, login, newMobile, passTwoFactorIfAsked, payDemoShop, snap } from './helpers';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** The drawer is fixed to the screen: a screenshot of the screen, not of the whole page. */
async function snapScreen(page: Page, testInfo: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function setLanguage(page: Page, name: 'English' | 'فارسی', lang: 'en' | 'fa') {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

test('a deep link survives signing in: the filtered report opens, not the dashboard', async ({ page }) => {
  const deep = '/reports/transactions?state=succeeded&sort=amount_desc';
  await page.goto(deep);
  // The login page carries the path and query, never a host.
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(deep);
  await page.locator('input[name="mobile"]').fill(DEMO.merchant.mobile);
  await page.locator('input[name="password"]').fill(DEMO.merchant.password);
  await page.locator('form button[type="submit"]').click();
  // The demo merchant owns a live platform: the code step, which keeps where the sign-in was going.
  await passTwoFactorIfAsked(page, DEMO.merchant);
  await expect(page).toHaveURL((u) => u.pathname + u.search === deep);
  await expect(page.locator('h1')).toBeVisible();
  // Another origin in a crafted login link is refused: home instead.
  // Off the site first: a request still in flight would re-issue the session cookie.
  await page.goto('about:blank');
  await page.context().clearCookies();
  await page.goto(`/login?callbackUrl=${encodeURIComponent('//evil.example/x')}`);
  await page.locator('input[name="mobile"]').fill(DEMO.merchant.mobile);
  await page.locator('input[name="password"]').fill(DEMO.merchant.password);
  await page.locator('form button[type="submit"]').click();
  await passTwoFactorIfAsked(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
});

test('phones get a menu drawer with every entry and the balances; desks keep the sidebar', async ({ page }, testInfo) => {
  await page.setViewportSize(DESK);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await setLanguage(page, 'فارسی', 'fa');
  const sidebar = page.locator('aside nav');
  const entries = await sidebar.getByRole('link').allTextContents();
  expect(entries.length).toBeGreaterThan(8);
  await expect(page.getByTestId('menu-open')).toBeHidden();
  await expect(page.getByTestId('sidebar-withdrawable')).toBeVisible();
  await snap(page, testInfo, 'dashboard-fa-1366');

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(sidebar).toBeHidden();
  const open = page.getByTestId('menu-open');
  await expect(open).toBeVisible();
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await expect(open).toHaveAccessibleName('باز کردن منو');
  await noSidewaysScroll(page);
  await snap(page, testInfo, 'dashboard-fa-390-closed');

  await open.click();
  const drawer = page.getByRole('dialog', { name: 'منو' });
  await expect(drawer).toBeVisible();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  expect(await open.getAttribute('aria-controls')).toBe(await drawer.getAttribute('id'));
  // Every entry of the desk's sidebar, and the balances.
  expect(await drawer.getByRole('navigation').getByRole('link').allTextContents()).toEqual(entries);
  await expect(drawer.getByTestId('sidebar-withdrawable')).toBeVisible();
  // Signing out is in the drawer on a phone (the header keeps one row), not in the header.
  await expect(drawer.getByRole('button', { name: 'خروج' })).toBeVisible();
  await expect(page.getByTestId('header-sign-out')).toBeHidden();
  // Focus is inside; the drawer opens from the reading side (right in Persian).
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  const box = (await drawer.boundingBox())!;
  expect(Math.round(box.x + box.width)).toBe(PHONE.width);
  await expectAccessible(page);
  await snapScreen(page, testInfo, 'dashboard-fa-390-open');
  // Tab never leaves the drawer.
  for (let i = 0; i < entries.length + 4; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !document.activeElement || document.activeElement === document.body || !!document.activeElement.closest('dialog'))).toBe(
      true,
    );
  }
  // Escape closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await expect(open).toBeFocused();
  // Following an entry navigates and closes it.
  await open.click();
  await drawer.getByRole('link', { name: entries.find((e) => e.includes('تقویم'))! }).click();
  await expect(page).toHaveURL(/\/calendar$/);
  await expect(drawer).toBeHidden();
  await expect(open).toHaveAttribute('aria-expanded', 'false');

  // English: the drawer comes from the left.
  await page.goto('/');
  await setLanguage(page, 'English', 'en');
  await noSidewaysScroll(page);
  await snap(page, testInfo, 'dashboard-en-390-closed');
  await open.click();
  const en = page.getByRole('dialog', { name: 'Menu' });
  await expect(en).toBeVisible();
  expect(Math.round((await en.boundingBox())!.x)).toBe(0);
  await snapScreen(page, testInfo, 'dashboard-en-390-open');
  // Widening to a desk closes it; the sidebar is back.
  await page.setViewportSize(DESK);
  await expect(en).toBeHidden();
  await expect(sidebar).toBeVisible();
  await snap(page, testInfo, 'dashboard-en-1366');
  await setLanguage(page, 'فارسی', 'fa');
});

test('global search: a merchant finds its payments by mobile, tracking code (Persian digits) and card; staff find everyone’s', async ({
  page,
  browser,
}, testInfo) => {
  const mobile = newMobile();
  const card = SANDBOX_CARD.success;
  const first = await payDemoShop(browser, { name: 'سارا جستجو', toman: 12000, mobile, card });
  await first.context.close();
  const second = await payDemoShop(browser, { name: 'سارا جستجو', toman: 34000, mobile, card });
  await second.context.close();

  await page.setViewportSize(DESK);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await setLanguage(page, 'فارسی', 'fa');
  const box = page.getByTestId('search-input');
  // `/` and Ctrl+K focus the box.
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await expect(box).not.toBeFocused();
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();

  // The payer's mobile, typed in Persian digits: both payments, newest first, each linking to its detail.
  const persian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
  await box.fill(persian(mobile));
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const results = page.getByTestId('search-results').locator('li');
  await expect(results).toHaveCount(2);
  await expect(results.first()).toHaveAttribute('data-tracking', second.trackingCode);
  await expect(results.first().getByTestId('search-amount')).toContainText(/۳۴۰?٬۰۰۰/);
  await expect(box).toHaveValue(persian(mobile));
  await expectAccessible(page);
  await snap(page, testInfo, 'search-fa-1366');
  await page.setViewportSize(PHONE);
  await noSidewaysScroll(page);
  await snap(page, testInfo, 'search-fa-390');
  await setLanguage(page, 'English', 'en');
  await expect(page.locator('h1')).toContainText('Results for');
  await noSidewaysScroll(page);
  await snap(page, testInfo, 'search-en-390');
  await page.setViewportSize(DESK);
  await snap(page, testInfo, 'search-en-1366');
  await setLanguage(page, 'فارسی', 'fa');
  await results.first().getByRole('link').click();
  await expect(page).toHaveURL(`/reports/transactions/${second.paymentId}`);

  // Exactly one hit goes straight to it: the tracking code in Persian digits.
  await page.goto(`/search?q=${encodeURIComponent(persian(first.trackingCode))}`);
  await expect(page).toHaveURL(`/reports/transactions/${first.paymentId}`);
  // Nothing found says so, with what can be searched.
  await page.goto('/search?q=no-such-thing-here');
  await expect(page.getByTestId('search-empty')).toBeVisible();

  // Staff: everyone's, naming the merchant, linking to the staff detail page.
  // Off the site first: a request still in flight would re-issue the session cookie.
  await page.goto('about:blank');
  await page.context().clearCookies();
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin/);
  await page.getByTestId('search-input').fill(mobile);
  await page.getByTestId('search-input').press('Enter');
  await expect(page).toHaveURL(/\/admin\/search\?q=/);
  await expect(results).toHaveCount(2);
  await expect(results.first().getByTestId('search-merchant')).not.toBeEmpty();
  await expectAccessible(page);
  await snap(page, testInfo, 'admin-search-fa-1366');
  await page.setViewportSize(PHONE);
  await noSidewaysScroll(page);
  await snap(page, testInfo, 'admin-search-fa-390');
  await page.setViewportSize(DESK);
  await results.last().getByRole('link').click();
  await expect(page).toHaveURL(`/admin/reports/transactions/${first.paymentId}`);
});

test('the language switch renders the page once: timed', async ({ page }, testInfo) => {
  await page.setViewportSize(DESK);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await setLanguage(page, 'فارسی', 'fa');
  const renders: string[] = [];
  page.on('request', (r) => {
    // The action's POST and any full refresh of the page (prefetches of the menu's links aside).
    if (r.method() === 'POST' || (r.url().includes('_rsc') && !r.headers()['next-router-prefetch'])) renders.push(`${r.method()} ${r.url()}`);
  });
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (const [name, lang] of [
      ['English', 'en'],
      ['فارسی', 'fa'],
    ] as const) {
      renders.length = 0;
      const t0 = Date.now();
      await page.getByRole('button', { name, exact: true }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('group').getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('group').getByRole('button', { name, exact: true })).toBeEnabled();
      times.push(Date.now() - t0);
      // One request to the server: the action, whose answer carries the page in the new language.
      expect(renders, renders.join('\n')).toHaveLength(1);
    }
  }
  times.sort((a, b) => a - b);
  await testInfo.attach('language-switch-ms', {
    body: JSON.stringify({ times, median: times[Math.floor(times.length / 2)] }),
    contentType: 'application/json',
  });
  console.log(`language switch: ${times.join(', ')} ms`);
});
