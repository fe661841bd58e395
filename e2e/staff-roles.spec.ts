/**
 * Staff roles in the browser: a finance-only staff member's menu shows payouts but not KYC, and
 * the KYC page answers 403; the super admin's /admin/staff (both widths, Persian and English,
 * axe) invites a new staff member by mobile, who then appears in the list with the role given.
 * Uses the seed's demo staff (the demo admin holds every role; 09120000013 holds finance only).
 */
import { expect, test } from '@playwright/test';
import { checkBothWidths, DEMO, expectAccessible, login, newMobile } from './helpers';

const FINANCE = DEMO.staff.finance;

test('a finance-only staff member sees payouts but not KYC in the menu, and gets 403 on /admin/kyc', async ({ page }, testInfo) => {
  await login(page, FINANCE);
  await expect(page).toHaveURL(/\/admin/);
  const menu = page
    .locator('nav')
    .filter({ has: page.locator('a[href="/admin/payouts"]') })
    .first();
  await expect(menu.locator('a[href="/admin/payouts"]')).toHaveCount(1);
  await expect(page.locator('a[href="/admin/kyc"]')).toHaveCount(0);
  await expect(page.locator('a[href="/admin/staff"]')).toHaveCount(0);
  await expect(page.locator('a[href="/admin/services"]')).toHaveCount(0);

  const kyc = await page.goto('/admin/kyc');
  expect(kyc?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  const staff = await page.goto('/admin/staff');
  expect(staff?.status()).toBe(403);
  // A staff route checks the role too: finance may export payouts.
  const res = await page.request.get('/api/admin/payouts/export');
  expect(res.status()).toBe(200);

  const payouts = await page.goto('/admin/payouts');
  expect(payouts?.status()).toBe(200);
  await expectAccessible(page);
  await checkBothWidths(page, testInfo, 'finance-payouts');
});

test('the super admin invites a staff member by mobile and gives a role; the page reads well in both languages', async ({ page }, testInfo) => {
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin/);
  await page.goto('/admin/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('کارکنان و نقش‌ها');
  await expect(page.getByTestId('staff-list').locator(`[data-staff="${DEMO.admin.mobile}"]`)).toBeVisible();

  // Nothing chosen: the roles say so, nothing is saved.
  const form = page.getByTestId('invite-staff');
  const mobile = newMobile();
  await form.locator('input[name="mobile"]').fill(mobile);
  await form.locator('input[name="firstName"]').fill('Nima');
  await form.locator('input[name="lastName"]').fill('Invited');
  await form.getByRole('button', { name: 'دعوت' }).click();
  await expect(form).toContainText('دست‌کم یک نقش انتخاب کنید.');
  await form.locator('#invite-kyc').check();
  await form.getByRole('button', { name: 'دعوت' }).click();
  await expect(form).toContainText('دعوت شد');
  const row = page.getByTestId('staff-list').locator(`[data-staff="${mobile}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('staff-roles')).toHaveText('کارشناس احراز هویت');
  await checkBothWidths(page, testInfo, 'staff-fa');

  // Roles changed in place: KYC swapped for finance.
  await row.getByRole('button', { name: /^تغییر نقش‌ها/ }).click();
  await expect(row.locator('input[value="kyc"]')).toBeChecked();
  await row.locator('input[value="kyc"]').uncheck();
  await row.locator('input[value="finance"]').check();
  await row.getByRole('button', { name: /^ذخیرهٔ نقش‌ها/ }).click();
  await expect(row.getByTestId('staff-roles')).toHaveText('مالی');

  // Removed at once: the row goes.
  await row.getByRole('button', { name: /^حذف از کارکنان/ }).click();
  await row.getByRole('button', { name: 'بله، حذف شود' }).click();
  await expect(page.getByTestId('staff-list').locator(`[data-staff="${mobile}"]`)).toHaveCount(0);

  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(page.url()).origin }]);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff and roles');
  await checkBothWidths(page, testInfo, 'staff-en');
});
