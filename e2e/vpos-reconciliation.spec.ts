import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, login, snap } from './helpers';

// The reconciliation pages render for a merchant in Persian and English, accessibly; a run that is
// not the merchant's is not found. (The whole flow — a definition, a payment, a run, a finding
// resolved — is the virtual POS spec's.)
test('reconciliation: the runs page in Persian and English, and a run that is not yours is not found', async ({ page, context }, testInfo) => {
  await login(page, DEMO.merchant);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/vpos/reconciliation');
  await expect(page.getByRole('heading', { level: 1, name: 'تطبیق با بانک' })).toBeVisible();
  await expect(page.getByTestId('recon-no-definitions').or(page.getByTestId('recon-run-form'))).toBeVisible();
  await expect(page.getByTestId('recon-no-runs').or(page.getByTestId('recon-runs'))).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'vpos-reconciliation-fa');

  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation with the bank' })).toBeVisible();
  await expectAccessible(page);

  const res = await page.goto('/vpos/reconciliation/00000000-0000-4000-8000-000000000000');
  expect(res?.status()).toBe(404);
  const junk = await page.goto('/vpos/reconciliation/not-a-run');
  expect(junk?.status()).toBe(404);
});
