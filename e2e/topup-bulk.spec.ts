import ExcelJS from 'exceljs';
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
