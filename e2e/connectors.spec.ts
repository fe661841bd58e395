import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { startFakePaystar } from '../test/fakes/paystar';
import { checkBothWidths, DEMO, login } from './helpers';

/**
 * Staff point PayStar's online gateway at a (fake) PayStar from /admin/connectors: bad input gets
 * its message by the field, a wrong gateway id fails the connection test, the right one passes, the
 * save holds, and from then on the page shows only the secrets' last four characters — the secrets
 * are nowhere in its HTML, and sealed in the database.
 */
const GW = { gatewayId: 'gw-e2e-connector-4242', signKey: 'e2e-sign-key-for-connectors-9876' };

test.afterAll(async () => {
  // The specs after this one run on the environment's PayStar settings (none), as before.
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  await sql`delete from connectors`;
  await sql.end();
});

test('staff set PayStar’s credentials, test the connection, and see only their last four characters', async ({ page }, testInfo) => {
  const fake = await startFakePaystar(GW);
  try {
    await login(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin$/);
    await page.getByRole('link', { name: 'اتصال‌ها' }).click();
    await expect(page).toHaveURL(/\/admin\/connectors$/);
    await expect(page.locator('h1')).toHaveText('اتصال‌ها');
    const card = page.getByTestId('connector-paystar');
    await expect(card.getByTestId('connector-state')).toHaveText('تنظیم نشده');
    await expect(card.getByTestId('connector-last-change')).toContainText('تاکنون در این صفحه تغییر نکرده است');

    // Bad input: a message by each field, nothing saved.
    await card.locator('input[name="baseUrl"]').fill('ftp://core.paystar.ir');
    await card.locator('input[name="timeoutMs"]').fill('50');
    await card.locator('input[name="gatewayId"]').fill('short');
    await card.getByRole('button', { name: 'ذخیره' }).click();
    await expect(card.getByTestId('error-baseUrl')).toHaveText('نشانی‌ای که با http:// یا https:// آغاز شود، بدون نام کاربری، رمز، پرسش (?) یا #.');
    await expect(card.getByTestId('error-timeoutMs')).toHaveText('عددی صحیح از ۱۰۰۰ تا ۶۰۰۰۰ میلی‌ثانیه.');
    await expect(card.getByTestId('error-gatewayId')).toHaveText('۸ تا ۲۰۰ حرف لاتین، رقم یا نماد، بدون فاصله.');
    // The IVR has no gateway id anywhere: the server refuses the save by that field.
    const ivr = page.getByTestId('connector-paystar-ivr');
    await ivr.getByRole('button', { name: 'ذخیره' }).click();
    await expect(ivr.getByTestId('error-gatewayId')).toHaveText('لازم است: هنوز مقداری برایش ذخیره نشده و در متغیرهای محیطی هم نیست.');

    // A wrong gateway id fails the connection test; the right one passes (Persian digits welcome).
    await card.locator('input[name="baseUrl"]').fill(fake.baseUrl);
    await card.locator('input[name="timeoutMs"]').fill('۵۰۰۰');
    await card.locator('input[name="gatewayId"]').fill('gw-not-the-right-one');
    await card.getByTestId('test-connection').click();
    await expect(card.getByTestId('test-outcome').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'unauthenticated');
    await expect(card.getByTestId('test-outcome')).toContainText('سرویس‌دهنده شناسهٔ درگاه را نپذیرفت.');
    await card.locator('input[name="gatewayId"]').fill(GW.gatewayId);
    await card.locator('input[name="signKey"]').fill(GW.signKey);
    await card.getByTestId('test-connection').click();
    await expect(card.getByTestId('test-outcome').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'ok');
    await expect(card.getByTestId('test-outcome')).toContainText('تراکنش یافت نشد');
    expect(fake.requests.filter((r) => r.path === '/api/pardakht/inquiry')).toHaveLength(2);

    await card.getByRole('button', { name: 'ذخیره' }).click();
    await expect(card.getByTestId('saved-note')).toHaveText('ذخیره شد. از درخواست بعدی به کار می‌رود.');
    await expect(card.getByTestId('connector-state')).toHaveText('تنظیم‌شده در همین صفحه');
    await expect(card.getByTestId('secret-hint-gatewayId')).toHaveText('ذخیره‌شده در همین صفحه، با …4242 تمام می‌شود');
    await expect(card.getByTestId('secret-hint-signKey')).toHaveText('ذخیره‌شده در همین صفحه، با …9876 تمام می‌شود');
    await expect(card.getByTestId('connector-last-change')).toContainText('آخرین تغییر:');
    await expect(card.locator('input[name="gatewayId"]')).toHaveValue('');
    await expect(card.locator('input[name="signKey"]')).toHaveValue('');
    await expect(card.locator('input[name="timeoutMs"]')).toHaveValue('5000');

    // The secrets are in neither the page nor what the server sends for it; the row holds them sealed.
    await page.reload();
    await expect(card.getByTestId('secret-hint-gatewayId')).toContainText('…4242');
    for (const html of [await page.content(), await (await page.request.get('/admin/connectors')).text()]) {
      expect(html).not.toContain(GW.gatewayId);
      expect(html).not.toContain(GW.signKey);
    }
    const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const [row] = await sql`select secrets, settings from connectors where id = 'paystar'`;
    await sql.end();
    expect(row.secrets).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(GW.gatewayId);
    expect(row.settings).toEqual({ baseUrl: fake.baseUrl, timeoutMs: 5000 });
    await checkBothWidths(page, testInfo, 'connectors-fa');

    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: testInfo.project.use.baseURL! }]);
    await page.reload();
    await expect(page.locator('h1')).toHaveText('Connectors');
    await expect(card.getByTestId('connector-state')).toHaveText('Configured here');
    await expect(card.getByTestId('secret-hint-gatewayId')).toHaveText('Saved here, ends with …4242');
    await expect(page.getByTestId('connector-paystar-ivr').getByTestId('connector-state')).toHaveText('Not configured');
    await card.getByTestId('test-connection').click();
    await expect(card.getByTestId('test-outcome')).toContainText('Connected: the provider answered and accepted the gateway id.');
    await checkBothWidths(page, testInfo, 'connectors-en');
    await page.context().clearCookies({ name: 'NEXT_LOCALE' });
  } finally {
    await fake.close();
  }
});
