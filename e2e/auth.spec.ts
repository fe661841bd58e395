import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, freshTotp, latestCode, login, newMobile, snap } from './helpers';
import { expectCookiesRefused, signedInElsewhere } from '../test/browser-sessions';

const PASSWORD = 'blue lantern orbit';

test('sign up with a texted code, sign out, sign in again, wrong password', async ({ page, request }, testInfo) => {
  const mobile = newMobile();
  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('input[name="mobile"]')).toHaveAttribute('autocomplete', 'tel');
  await expect(page.locator('input[name="mobile"]')).toHaveAttribute('type', 'tel');
  await expectAccessible(page);
  await snap(page, testInfo, 'signup-1-mobile');

  // Persian digits are accepted and normalised.
  await page.locator('input[name="mobile"]').fill(mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  await page.locator('form button[type="submit"]').click();
  const code = await latestCode(request, mobile);
  const codeInput = page.locator('input[name="code"]');
  await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(codeInput).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page);
  await snap(page, testInfo, 'signup-2-code');

  // A wrong code says how many tries are left; then the right one.
  await codeInput.fill(code === '00000' ? '11111' : '00000');
  await page.locator('form button[type="submit"]').first().click();
  await expect(page.getByTestId('error-code')).toContainText('۴');
  await codeInput.fill(code);
  await page.locator('form button[type="submit"]').first().click();

  await expect(page.locator('input[name="firstName"]')).toBeVisible();
  await expect(page.locator('input[name="password"]')).toHaveAttribute('autocomplete', 'new-password');
  await expect(page.locator('input[name="firstName"]')).toHaveAttribute('autocomplete', 'given-name');
  await page.locator('input[name="firstName"]').fill('مریم');
  await page.locator('input[name="lastName"]').fill('احمدی');
  await page.locator('input[name="password"]').fill('password123');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('error-password')).toContainText('رایج');
  await expectAccessible(page);
  await snap(page, testInfo, 'signup-3-details');
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('greeting')).toContainText('مریم');
  await expect(page.getByTestId('next-step')).toContainText('اطلاعات مشتری');
  await expectAccessible(page);
  await snap(page, testInfo, 'dashboard-fa');

  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
  await snap(page, testInfo, 'login-fa');

  await login(page, { mobile, password: 'not my password' });
  await expect(page.getByTestId('form-error')).toContainText('درست نیست');
  await snap(page, testInfo, 'login-wrong-password');

  await login(page, { mobile, password: PASSWORD });
  await expect(page.getByTestId('greeting')).toContainText('مریم');
});

test('bad input gets its message on the field and never a server error', async ({ page, request }) => {
  await page.goto('/signup');
  const mobileInput = page.locator('input[name="mobile"]');
  const submit = page.locator('form button[type="submit"]');
  for (const [value, text] of [
    ['', 'پر کنید'],
    ['0912123', 'معتبر نیست'],
    ['+14155552671', 'ایران'],
    ['9'.repeat(10_000), 'معتبر نیست'],
  ] as const) {
    await mobileInput.fill(value);
    await submit.click();
    await expect(page.getByTestId('error-mobile')).toContainText(text);
  }
  // The demo merchant's number already has an account: step 1 answers as for any number (a code is
  // sent), and only the code's holder is told, after entering it.
  await mobileInput.fill(DEMO.merchant.mobile);
  await submit.click();
  await expect(page.getByTestId('error-mobile')).toHaveCount(0);
  await page.locator('input[name="code"]').fill(await latestCode(request, DEMO.merchant.mobile));
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('form-error')).toContainText('حساب وجود دارد');
  await page.getByRole('button', { name: 'تغییر شماره' }).click();

  // Too-soon resend: the server refuses and says how long to wait.
  const mobile = newMobile();
  await mobileInput.fill(mobile);
  await submit.click();
  const code = await latestCode(request, mobile);
  await page.getByRole('button', { name: 'تغییر شماره' }).click();
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('form-error')).toContainText('ثانیه صبر کنید');

  // A sign-up code is refused by the reset flow (bound to its purpose).
  await page.goto('/forgot-password');
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(code);
  await page.locator('form button[type="submit"]').first().click();
  await expect(page.getByTestId('error-code')).toBeVisible();
  await page.locator('input[name="code"]').fill('12a');
  await page.locator('form button[type="submit"]').first().click();
  await expect(page.getByTestId('error-code')).toContainText('۵ یا ۶ رقم');

  // Login with empty and huge fields.
  await page.goto('/login');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('error-mobile')).toContainText('پر کنید');
  await expect(page.getByTestId('error-password')).toContainText('پر کنید');
  await page.locator('input[name="mobile"]').fill(DEMO.merchant.mobile);
  await page.locator('input[name="password"]').fill('x'.repeat(10_000));
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('error-password')).toContainText('۱۲۸');

  // The API answers bad input with a JSON error, not a 500.
  const bad = await request.get('/api/dev/sms?mobile=123');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe('invalid_mobile');
});

test('forgot password, then change password: the old cookie is refused', async ({ page, browser, request }, testInfo) => {
  // Three people's sign-ins, each now waiting for where it settles (the code step or enrolment, if asked): past 60 s on a loaded machine.
  test.setTimeout(120_000);
  // A fresh merchant, signed up through the real flow.
  const mobile = newMobile();
  await page.goto('/signup');
  await page.locator('input[name="mobile"]').fill(mobile);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(await latestCode(request, mobile));
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('input[name="firstName"]').fill('Reza');
  await page.locator('input[name="lastName"]').fill('Karimi');
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('greeting')).toBeVisible();

  // Another device, signed in with the same account.
  const otherPage = await signedInElsewhere(browser, { mobile, password: PASSWORD });
  await expect(otherPage.getByTestId('greeting')).toBeVisible();
  const oldCookies = await otherPage.context().cookies();

  // Forgot password on a third device: a code, then a new password; every other session ends.
  const third = await browser.newContext();
  const resetPage = await third.newPage();
  await resetPage.goto('/forgot-password');
  await expectAccessible(resetPage);
  await snap(resetPage, testInfo, 'forgot-1-mobile');
  const before = (await (await request.get(`/api/dev/sms?mobile=${mobile}`)).json()).messages[0].id;
  await resetPage.locator('input[name="mobile"]').fill(mobile);
  await resetPage.locator('form button[type="submit"]').click();
  const resetCode = await latestCode(request, mobile, before);
  await resetPage.locator('input[name="code"]').fill(resetCode);
  await resetPage.locator('form button[type="submit"]').first().click();
  await expect(resetPage.locator('input[name="password"]')).toHaveAttribute('autocomplete', 'new-password');
  await snap(resetPage, testInfo, 'forgot-3-password');
  const RESET_PASSWORD = 'green canyon whistle';
  await resetPage.locator('input[name="password"]').fill(RESET_PASSWORD);
  await resetPage.locator('form button[type="submit"]').click();
  await expect(resetPage.getByTestId('greeting')).toBeVisible();

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login/);
  await otherPage.goto('/');
  await expect(otherPage).toHaveURL(/\/login/);

  // Change password on the profile page; the cookie of another session is refused at once.
  const secondPage = await signedInElsewhere(browser, { mobile, password: RESET_PASSWORD });
  await expect(secondPage.getByTestId('greeting')).toBeVisible();
  const secondCookies = await secondPage.context().cookies();

  await resetPage.goto('/profile');
  await expectAccessible(resetPage);
  await snap(resetPage, testInfo, 'profile-fa');
  await resetPage.locator('input[name="currentPassword"]').fill('wrong current one');
  await resetPage.locator('input[name="newPassword"]').fill('violet harbor engine');
  await resetPage.getByRole('button', { name: 'ذخیرهٔ رمز جدید' }).click();
  await expect(resetPage.getByTestId('error-currentPassword')).toBeVisible();
  await resetPage.locator('input[name="currentPassword"]').fill(RESET_PASSWORD);
  await resetPage.getByRole('button', { name: 'ذخیرهٔ رمز جدید' }).click();
  await expect(resetPage.getByTestId('password-changed')).not.toBeEmpty();
  // This session stays.
  await resetPage.reload();
  await expect(resetPage.locator('h1')).toBeVisible();
  await expect(resetPage).toHaveURL(/\/profile/);

  // The old cookie, replayed in a clean browser, gets the login page.
  await expectCookiesRefused(browser, secondCookies, '/profile');
  // And so does the cookie from before the reset.
  await expectCookiesRefused(browser, oldCookies, '/');

  // Sign out of all other sessions keeps this one.
  await resetPage.getByRole('button', { name: 'خروج از همهٔ نشست‌های دیگر' }).click();
  await expect(resetPage.getByTestId('sessions-note')).not.toBeEmpty();
  await resetPage.reload();
  await expect(resetPage).toHaveURL(/\/profile/);

  for (const c of [otherPage.context(), third, secondPage.context()]) await c.close();
});

test('admin gate: a merchant gets 403, the admin gets the admin page', async ({ page, browser }, testInfo) => {
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const res = await page.goto('/admin');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'admin-403');

  const admin = await signedInElsewhere(browser, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  await expect(admin.getByTestId('merchant-total')).toBeVisible();
  await expect(admin.locator('table')).toContainText(DEMO.merchant.mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  await expectAccessible(admin);
  await snap(admin, testInfo, 'admin-fa');
  await admin.context().close();
});

test('English renders left to right with Gregorian dates', async ({ page }, testInfo) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Sign in to Dargah');
  await expectAccessible(page);
  await snap(page, testInfo, 'login-en');
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toHaveText('Welcome, علی');
  await expect(page.locator('main')).toContainText(/Today is \d{1,2} [A-Z][a-z]+ \d{4}/);
  await expectAccessible(page);
  await snap(page, testInfo, 'dashboard-en');
  await page.goto('/profile');
  await expectAccessible(page);
  await snap(page, testInfo, 'profile-en');
  await page.getByRole('button', { name: 'فارسی' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});

test('Turkish renders left to right with Gregorian dates, Turkish month names and letters', async ({ page }, testInfo) => {
  await page.goto('/login');
  const turkish = page.getByRole('button', { name: 'Türkçe' });
  await expect(turkish).toHaveAttribute('lang', 'tr');
  await turkish.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(turkish).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page);
  await snap(page, testInfo, 'login-tr');
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toContainText('علی');
  // The dashboard's date is Gregorian with a Turkish month name, in Latin digits.
  await expect(page.locator('main')).toContainText(/(^|\D)\d{1,2} (Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık) \d{4}/);
  await expect(page.locator('main')).not.toContainText(/[۰-۹]/);
  // The page's own font draws the Turkish letters: each measures the same whichever fallback
  // follows it (a letter it lacked would come from monospace in one and serif in the other).
  const fallbacks = await page.evaluate(async () => {
    await document.fonts.ready;
    const family = getComputedStyle(document.body).fontFamily.split(',')[0].trim();
    const ctx = document.createElement('canvas').getContext('2d')!;
    const width = (text: string, fallback: string) => {
      ctx.font = `16px ${family}, ${fallback}`;
      return ctx.measureText(text).width;
    };
    const fallsBack = (chars: string) => [...chars].filter((c) => width(c.repeat(20), 'monospace') !== width(c.repeat(20), 'serif'));
    // A letter the font does not have (Cyrillic), so that the measurement is seen to tell.
    return { turkish: fallsBack('ğĞşŞıİçÇöÖüÜ₺'), control: fallsBack('ж') };
  });
  expect(fallbacks).toEqual({ turkish: [], control: ['ж'] });
  await expectAccessible(page);
  await snap(page, testInfo, 'dashboard-tr');
  // The calendar is Gregorian, as in English, with the month named in Turkish.
  await page.goto('/calendar');
  await expect(page.getByTestId('calendar-month')).toHaveText(/^(Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık) \d{4}$/);
  await snap(page, testInfo, 'calendar-tr');
  // The choice is remembered across pages, and Persian is one click away; the three languages fit a phone's header.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/profile');
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expectAccessible(page);
  await snap(page, testInfo, 'profile-tr-phone');
  await page.getByRole('button', { name: 'فارسی' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
});

test('health and the dev SMS inbox', async ({ page, request }, testInfo) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
  await page.goto(`/dev/sms?mobile=${DEMO.merchant.mobile}`);
  await expect(page.locator('h1')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'dev-sms');
});

test('keyboard only: skip link, sign in with Tab and Enter, on a phone-sized screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  // The mobile field has focus on arrival.
  await expect(page.locator('input[name="mobile"]')).toBeFocused();
  await page.keyboard.type(DEMO.merchant.mobile);
  await page.keyboard.press('Tab');
  await expect(page.locator('input[name="password"]')).toBeFocused();
  await page.keyboard.type(DEMO.merchant.password);
  await page.keyboard.press('Enter');
  // The demo merchant owns a live platform: the code step, its field focused on arrival, by keyboard too.
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(page.locator('input[name="code"]')).toBeFocused();
  await page.keyboard.type(await freshTotp(DEMO.merchant.totp));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'رفتن به محتوا' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'dashboard-phone');
});
