import { expect, test, type Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { checkBothWidths, login, snap } from './helpers';

/**
 * A Turkish company: signs up with an e-mail address and a Turkish mobile (the code arrives by
 * e-mail, read here from the dev outbox /dev/email as other specs read SMS from the dev inbox),
 * lands in the portal, signs out, signs in with the e-mail, and resets its password by e-mail.
 */

const PASSWORD = 'amber willow compass';

/** The code in the newest e-mail to an address that is not `afterBody`. */
async function mailedCode(page: Page, to: string, afterBody = ''): Promise<{ code: string; body: string }> {
  let found = { code: '', body: '' };
  await expect
    .poll(async () => {
      await page.goto(`/dev/email?to=${encodeURIComponent(to)}`);
      const body =
        (await page
          .getByTestId('email-body')
          .first()
          .textContent({ timeout: 1000 })
          .catch(() => null)) ?? '';
      if (!body || body === afterBody) return '';
      found = { code: /\b(\d{5,6})\b/.exec(body)?.[1] ?? '', body };
      return found.code;
    })
    .not.toBe('');
  return found;
}

test('a Turkish company signs up by e-mail, signs in with it and resets its password by e-mail', async ({ page, browser }, testInfo) => {
  // Sign-up, two sign-ins, a reset and nine screenshots with axe: more than the default minute on a loaded machine.
  test.setTimeout(180_000);
  const email = `Firma.${randomInt(0, 1e9)}@Example.com.tr`;
  const lower = email.toLowerCase();
  const mobile = `+90 53${randomInt(0, 10)} ${String(randomInt(0, 1e7)).padStart(7, '0')}`;
  const outbox = await (await browser.newContext()).newPage();

  await page.goto('/signup');
  await page.getByLabel('ترکیه', { exact: true }).check();
  await expect(page.locator('input[name="email"]')).toBeVisible();
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="mobile"]').fill('0912');
  await page.locator('form button[type="submit"]').click();
  // An Iranian number is not a Turkish mobile: the field says so.
  await expect(page.locator('#f-mobile-error')).toContainText('ترکیه');
  await page.locator('input[name="mobile"]').fill(mobile);
  await checkBothWidths(page, testInfo, 'email-signup-1');
  await page.locator('form button[type="submit"]').click();

  await expect(page.getByText(lower)).toBeVisible();
  const signup = await mailedCode(outbox, lower);
  // Before the account exists, the code is written in the page's language.
  await expect(outbox.getByTestId('email-subject').first()).toHaveText('کد ثبت‌نام شما در درگاه');
  await checkBothWidths(outbox, testInfo, 'email-dev-outbox');
  await checkBothWidths(page, testInfo, 'email-signup-2');
  await page.locator('input[name="code"]').fill(signup.code);
  await page.locator('form button[type="submit"]').first().click();

  await page.locator('input[name="firstName"]').fill('Ayşe');
  await page.locator('input[name="lastName"]').fill('Yılmaz');
  await page.locator('input[name="password"]').fill(PASSWORD);
  await snap(page, testInfo, 'email-signup-3');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('greeting')).toBeVisible();

  // Sign out, then in with the e-mail address (any case).
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(/\/login/);
  await checkBothWidths(page, testInfo, 'email-login');
  await login(page, { mobile: email, password: 'not my password' });
  await expect(page.getByText('شماره موبایل، ایمیل یا رمز عبور درست نیست.')).toBeVisible();
  await login(page, { mobile: email, password: PASSWORD });
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(/\/login/);

  // Forgot password, asked by e-mail: the code comes by e-mail.
  await page.goto('/forgot-password');
  await page.locator('input[name="mobile"]').fill(lower);
  await checkBothWidths(page, testInfo, 'email-forgot-1');
  await page.locator('form button[type="submit"]').click();
  const reset = await mailedCode(outbox, lower, signup.body);
  // The account's e-mails are in its language: Turkish.
  await expect(outbox.getByTestId('email-subject').first()).toHaveText('Dargah şifre sıfırlama kodunuz');
  await page.locator('input[name="code"]').fill(reset.code);
  await page.locator('form button[type="submit"]').first().click();
  const NEW_PASSWORD = 'green canyon whistle';
  await page.locator('input[name="password"]').fill(NEW_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('greeting')).toBeVisible();

  // The Turkish mobile signs in too, with the new password.
  await page.getByRole('button', { name: 'خروج' }).click();
  await login(page, { mobile, password: NEW_PASSWORD });
  await expect(page.getByTestId('greeting')).toBeVisible();
  await outbox.context().close();
});
