import { expect, test, type Page } from '@playwright/test';
import postgres from 'postgres';
import {
  checkBothWidths,
  DEMO,
  enrolTwoFactor,
  enterTotp,
  expectAccessible,
  inviteMember,
  login,
  newMobile,
  seedLivePlatform,
  signUp,
  signUpMerchant,
  totpCode,
} from './helpers';

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

const PASSWORD = 'amber willow compass';

/**
 * A business of this test's own: a KYC-approved owner (approved account from the customer
 * information), the payment service, an approved website platform (live: its owner and accountant
 * must have two-factor sign-in) and 5 000 000 Rials ready to withdraw.
 */
function seedLiveBusiness(tag: string): { owner: { mobile: string; password: string; totp?: string } } {
  const owner = { mobile: newMobile(), password: PASSWORD };
  seedLivePlatform({
    owner,
    firstName: 'سارا',
    lastName: `حساب ${tag}`,
    platformName: `فروشگاه ${tag}`,
    site: `https://books-${tag}.example`,
    financial: { sheba: 'IR820540102680020817909002', accountHolder: 'سارا حسابی', accountNumber: '020817909002' },
    imports: `import { ensureKycBankAccount } from '@/lib/payouts';
      import { transfer } from '@/lib/ledger';`,
    // Money ready to go out, as if settled (lib/payouts/fixtures does the same; it imports vitest).
    more: `await ensureKycBankAccount(db, actor);
      await db.transaction((tx) => transfer(tx, { kind: 'test_funding', reference: 'e2e-${tag}', from: { kind: 'gateway_clearing' }, to: { kind: 'platform_withdrawable', platformId: p.data.platform.id }, amount: 5_000_000n }));`,
  });
  return { owner };
}

/** Fills the withdrawal and confirms it: 1 000 000 Rials (the new person's unit) to the business's approved account. */
async function withdraw(page: Page) {
  await page.goto('/payouts/new');
  const form = page.getByTestId('withdraw-form');
  const option = await form.locator('select[name="bankAccountId"] option', { hasText: '9002' }).first().getAttribute('value');
  await form.locator('select[name="bankAccountId"]').selectOption(option!);
  await form.locator('input[name="amount"]').fill('1000000');
  await page.getByTestId('withdraw-continue').click();
  await page.getByTestId('withdraw-submit').click();
}

test('an invited accountant enrols in two-factor sign-in, and withdraws after the code prompt', async ({ browser, request }, testInfo) => {
  test.setTimeout(240_000);
  const tag = String(Date.now()).slice(-6);
  const { owner } = seedLiveBusiness(tag);
  const accountantMobile = newMobile();

  // The owner of a live business is held at enrolment on first sign-in (login() enrols), then invites an accountant.
  const o = await (await browser.newContext()).newPage();
  await login(o, owner);
  expect(owner.totp).toMatch(/^[A-Z2-7]{32}$/);
  await o.goto('/settings/team');
  await inviteMember(o, accountantMobile, 'accountant');
  await o.context().close();

  // The accountant signs up with that mobile and accepts; keeping the books of a live business, they must enrol first.
  const a = await (await browser.newContext()).newPage();
  await signUp(a, request, { mobile: accountantMobile, password: PASSWORD, firstName: 'Sima', lastName: 'Accountant' });
  await expect(a).toHaveURL(/\/join$/);
  await a.getByTestId('accept-invitation').click();
  await expect(a).toHaveURL(/\/login\/two-factor\/setup$/);
  // Nothing of the business answers before that.
  await a.goto('/payouts/new');
  await expect(a).toHaveURL(/\/login\/two-factor\/setup$/);
  const secret = await enrolTwoFactor(a);

  // Twenty minutes later (the last code is older than the step-up's fifteen): the withdrawal asks for a code.
  const stale = async () => {
    const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await sql`update two_factor set last_verified_at = now() - interval '20 minutes' where user_id = (select id from users where mobile = ${accountantMobile})`;
    } finally {
      await sql.end();
    }
  };
  await stale();
  await a.setViewportSize({ width: 1366, height: 900 });
  await withdraw(a);
  const prompt = a.getByTestId('two-factor-step-up');
  await expect(prompt).toBeVisible();
  await expect(a).toHaveURL(/\/payouts\/new/);
  await checkBothWidths(a, testInfo, 'step-up-withdraw-fa');

  // The same prompt in English.
  await a.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(a.url()).origin }]);
  await a.setViewportSize({ width: 1366, height: 900 });
  await withdraw(a);
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText(/authenticator/i);
  await checkBothWidths(a, testInfo, 'step-up-withdraw-en');

  // A wrong code is refused on its field; the right one sends the withdrawal through.
  await a.setViewportSize({ width: 1366, height: 900 });
  await prompt.locator('input[name="code"]').fill('000000');
  await prompt.locator('button[type="submit"]').click();
  await expect(prompt.locator('input[name="code"]')).toHaveAttribute('aria-invalid', 'true');
  await prompt.locator('input[name="code"]').fill(totpCode(secret, 1));
  await prompt.locator('button[type="submit"]').click();
  await expect(a).toHaveURL(/\/payouts(\?|$)/);
  await expect(a.getByTestId('payouts')).toBeVisible();
  await expectAccessible(a);

  // Fresh now: the next withdrawal within fifteen minutes asks nothing.
  await withdraw(a);
  await expect(a).toHaveURL(/\/payouts(\?|$)/);
  await a.context().close();
});
