import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, login, snap } from './helpers';

/**
 * Bulk top-up: the demo merchant uploads a small list to its charge app and sees it checked row by
 * row — a good row priced, a bad number refused in red — with the total against its balance, in a
 * table on a wide screen and as cards on a phone. Accessible at both widths.
 */
async function list(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('list');
  ws.addRow(['mobile', 'operator', 'product', 'amount']);
  ws.addRow(['09121234567', '', '', 50_000]);
  ws.addRow(['0800000000', '', '', 50_000]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('a merchant previews a bulk top-up file: the good row priced, the bad one refused', async ({ page }, testInfo) => {
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/topup/bulk');
  await page.locator('input[type="file"]').setInputFiles({
    name: 'staff.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await list(),
  });
  const preview = page.getByTestId('bulk-preview');
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect(preview.getByTestId('bulk-row')).toHaveCount(1);
  await expect(preview.getByTestId('bulk-row-error')).toHaveCount(1);
  await expect(preview.getByTestId('bulk-row-error')).toContainText('شمارهٔ موبایل ایرانی نیست');
  await expect(page.getByTestId('bulk-valid')).toContainText('۱');
  await expectAccessible(page);
  await snap(page, testInfo, 'topup-bulk-preview-1366');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(preview.getByTestId('bulk-card-error')).toBeVisible();
  await expect(preview.getByTestId('bulk-row-error')).toBeHidden();
  await expectAccessible(page);
  await snap(page, testInfo, 'topup-bulk-preview-390');
});

/** Money in the demo charge app's withdrawable balance, as a settlement would put it there (through the ledger, so it stays balanced). */
async function fundDemoCharge(rials: number) {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const [store] = await sql`select platform_id from topup_stores where handle = 'demo-charge'`;
  await sql.end();
  const script = `
    import { randomUUID } from 'node:crypto';
    import { createDb } from '@/db';
    import { transfer } from '@/lib/ledger';
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      await db.transaction((tx) => transfer(tx, { kind: 'e2e_fund', reference: randomUUID(), from: { kind: 'gateway_clearing' }, to: { kind: 'platform_withdrawable', platformId: ${JSON.stringify(store.platform_id)} }, amount: ${rials}n }));
      await client.end();
    })();`;
  execFileSync('npx', ['tsx', '-e', script], { env: process.env, stdio: 'inherit' });
  return store.platform_id as string;
}

test('a merchant pays a bulk top-up from the balance and downloads the outcome', async ({ page }, testInfo) => {
  const platformId = await fundDemoCharge(200_000);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/topup/bulk');
  // The funded demo charge app (other specs may have added charge platforms for the demo merchant).
  await page.locator('select[name="platform"]').selectOption(platformId);
  await page.locator('input[type="file"]').setInputFiles({
    name: 'staff.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await list(),
  });
  await expect(page.getByTestId('bulk-preview')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('bulk-pay').click();
  await page.getByTestId('bulk-confirm').click();
  await expect(page).toHaveURL(/\/topup\/bulk\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByTestId('bulk-counts')).toContainText('تحویل‌شده: ۱', { timeout: 30_000 });
  await expectAccessible(page);
  await snap(page, testInfo, 'topup-bulk-results-1366');
  const res = await page.request.get((await page.getByTestId('bulk-download').getAttribute('href'))!);
  expect(res.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as never);
  expect(wb.worksheets[0].getRow(2).getCell(2).value).toBe('09121234567');
});
