import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { checkBothWidths, DEMO, enterTotp, login, signUpMerchant, totpCode } from './helpers';

/**
 * Two-factor sign-in for staff: a new staff member is held at enrolment on first sign-in (no other
 * page answers), enrols by typing the key shown as text (the test computes the codes with otplib),
 * sees the recovery codes once, and signs in again with a code.
 */
test('a staff member enrols on first sign-in and then signs in with a code', async ({ page, request, browser }, testInfo) => {
  test.setTimeout(180_000);
  // A person through the real sign-up, then made staff with one role (as `/admin/staff` does).
  const person = await signUpMerchant(page, request, 'Staff');
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await sql`update users set role = 'admin', session_version = session_version + 1 where mobile = ${person.mobile}`;
    // …with a duty: a staff member without a role opens no staff page.
    await sql`insert into staff_roles (user_id, role) select id, 'support' from users where mobile = ${person.mobile}`;
  } finally {
    await sql.end();
  }

  await page.context().clearCookies();
  await page.goto('/login');
  await page.locator('input[name="mobile"]').fill(person.mobile);
  await page.locator('input[name="password"]').fill(person.password);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\/two-factor\/setup$/);

  // Nothing else answers until enrolled: a staff page sends it back; a staff route refuses.
  await page.goto('/admin/merchants');
  await expect(page).toHaveURL(/\/login\/two-factor\/setup$/);
  expect((await page.request.get('/api/admin/payouts/export')).status()).toBeGreaterThanOrEqual(400);

  const secret = (await page.getByTestId('two-factor-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  for (const locale of ['fa', 'en'] as const) {
    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: page.url() }]);
    await page.reload();
    await checkBothWidths(page, testInfo, `two-factor-setup-${locale}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  // A wrong code is refused by the field.
  await page.locator('input[name="code"]').fill('000000');
  await page.locator('form button[type="submit"]').first().click();
  await expect(page.locator('input[name="code"]')).toHaveAttribute('aria-invalid', 'true');

  await page.locator('input[name="code"]').fill(totpCode(secret));
  await page.locator('form button[type="submit"]').first().click();
  const codes = page.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  await checkBothWidths(page, testInfo, 'two-factor-recovery-en');
  await page.getByTestId('two-factor-continue').click();
  await expect(page).toHaveURL((u) => u.pathname.startsWith('/admin'));

  // The staff security page says it is on and required (no "turn off").
  await page.goto('/admin/security');
  await expect(page.getByTestId('two-factor-status')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn off' })).toHaveCount(0);
  await checkBothWidths(page, testInfo, 'admin-security-en');

  // Signing in again, in a fresh browser: the code step, then the staff pages.
  const context = await browser.newContext();
  const again = await context.newPage();
  await again.goto('/login');
  await again.locator('input[name="mobile"]').fill(person.mobile);
  await again.locator('input[name="password"]').fill(person.password);
  await again.locator('form button[type="submit"]').click();
  await expect(again).toHaveURL(/\/login\/two-factor$/);
  await again.goto('/admin/merchants');
  await expect(again).toHaveURL(/\/login\/two-factor$/);
  await checkBothWidths(again, testInfo, 'two-factor-verify-en');
  await enterTotp(again, secret, false);
  await expect(again).toHaveURL((u) => u.pathname.startsWith('/admin'));
  await again.goto('/admin/merchants');
  await expect(again.locator('h1')).toBeVisible();
  await context.close();
});

test('the demo admin signs in through the shared helper, twice in a row', async ({ page }) => {
  for (let i = 0; i < 2; i++) {
    await page.context().clearCookies();
    await login(page, DEMO.admin);
    await expect(page).toHaveURL((u) => u.pathname.startsWith('/admin'));
  }
});
