import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectAccessible, login, signUpMerchant, snap } from './helpers';
import { signedInElsewhere } from '../test/browser-sessions';

async function addPlatform(page: Page, v: { type: string; name: string; address: string; volume: string; callbacks?: string }) {
  await page.locator('select[name="type"]').selectOption(v.type);
  await page.locator('input[name="name"]').fill(v.name);
  await page.locator('input[name="address"]').fill(v.address);
  await page.locator('input[name="expectedMonthlyVolume"]').fill(v.volume);
  if (v.callbacks) await page.locator('textarea[name="callbackUrls"]').fill(v.callbacks);
  await page.getByRole('button', { name: 'افزودن درگاه فروش' }).click();
  await expect(page.getByTestId('confirm-platform')).toBeVisible();
  await page.getByRole('button', { name: 'تأیید و ثبت' }).click();
  await expect(page.getByTestId('secret-reveal')).toContainText(v.name);
  return (await page.getByTestId('secret-value').textContent())!.trim();
}

test('request a service, accept terms, add platforms, use and roll the sandbox key, approval and the live key', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).slice(-5);
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByRole('link', { name: 'سرویس‌ها' }).click();
  await page.getByRole('link', { name: 'درخواست سرویس جدید' }).click();
  await expectAccessible(page);
  // The demo merchant already runs the payment gateway (its demo shop); this asks for the charge gateway.
  await page.getByRole('link', { name: /درگاه شارژ/ }).click();

  // Accepting is possible only after reading to the end.
  const accept = page.getByRole('checkbox');
  await expect(accept).toBeDisabled();
  await page.getByTestId('terms-box').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(accept).toBeEnabled();
  await accept.check();
  await expectAccessible(page);
  await snap(page, testInfo, 'services-terms');
  await page.getByRole('button', { name: /پذیرش و ادامه|ادامه/ }).click();
  await expect(page.getByRole('heading', { name: 'درگاه شارژ' })).toBeVisible();

  // A bad address is refused on its field before the confirm step.
  await page.locator('input[name="name"]').fill(`site-${tag}`);
  await page.locator('input[name="address"]').fill('not a url');
  await page.locator('input[name="expectedMonthlyVolume"]').fill('۵۰۰٬۰۰۰٬۰۰۰');
  await page.getByRole('button', { name: 'افزودن درگاه فروش' }).click();
  await expect(page.getByTestId('error-address')).toContainText('https://');

  const siteKey = await addPlatform(page, {
    type: 'website',
    name: `site-${tag}`,
    address: 'https://shop.example.ir',
    volume: '۵۰۰٬۰۰۰٬۰۰۰',
    callbacks: 'https://shop.example.ir/paid',
  });
  expect(siteKey).toMatch(/^dk_test_[0-9A-Za-z]{32}$/);
  await snap(page, testInfo, 'services-sandbox-key');
  await addPlatform(page, { type: 'app', name: `app-${tag}`, address: 'ir.example.shop', volume: '1000000' });
  await expectAccessible(page);

  // The integrator's first calls, with the copied key.
  const token = await request.post('/api/v1/token', { data: { api_key: siteKey } });
  expect(token.status()).toBe(200);
  const { access_token } = await token.json();
  const me = await request.get('/api/v1/platform', { headers: { authorization: `Bearer ${access_token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ name: `site-${tag}`, status: 'pending', environment: 'test', service: { id: 'charge' } });

  // Service info: roll the key; the old one is refused at once, the new one works.
  await page.getByRole('link', { name: `site-${tag}` }).click();
  await expect(page.getByTestId('platform-status')).toContainText('در انتظار');
  // The platform page is in tabs (overview, keys, webhooks, payment link, request log), each a `?tab=` link.
  const tab = async (name: string) => {
    const u = new URL(page.url());
    u.searchParams.set('tab', name);
    await page.goto(u.toString());
  };
  await tab('keys');
  await page.getByRole('button', { name: 'کلید جدید' }).click();
  await expect(page.getByTestId('secret-reveal')).toBeVisible();
  const newKey = (await page.getByTestId('secret-value').textContent())!.trim();
  expect(newKey).not.toBe(siteKey);
  const old = await request.get('/api/v1/platform', { headers: { authorization: `Bearer ${siteKey}` } });
  expect([old.status(), (await old.json()).error.code]).toEqual([401, 'key_revoked']);
  expect((await request.get('/api/v1/platform', { headers: { authorization: `Bearer ${newKey}` } })).status()).toBe(200);
  // The webhook endpoint: its signing secret is shown once.
  await tab('webhooks');
  await page.locator('input[name="url"]').fill('https://shop.example.ir/hooks');
  await page.getByRole('button', { name: 'ذخیرهٔ نشانی' }).click();
  await expect(page.getByTestId('secret-reveal').filter({ hasText: 'وب‌هوک' }).getByTestId('secret-value')).toContainText('whsec_');
  await tab('log');
  await expect(page.getByTestId('request-log')).toContainText('/api/v1/platform');
  await tab('webhooks');
  await expect(page.locator('input[name="url"]')).toHaveValue('https://shop.example.ir/hooks');
  await expectAccessible(page);
  await snap(page, testInfo, 'services-platform-info');

  // Staff approve the platform; the merchant makes the live key and it works.
  const staff = await signedInElsewhere(browser, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin$/);
  await staff.getByRole('link', { name: 'درگاه‌های فروش' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('درگاه‌های فروش');
  await expectAccessible(staff);
  await snap(staff, testInfo, 'admin-platforms');
  await staff.getByTestId(`admin-platform-site-${tag}`).getByRole('button', { name: 'تأیید' }).click();
  await staff.getByTestId(`admin-platform-site-${tag}`).getByTestId('decision-approve-confirm').click();
  await expect(staff.getByTestId(`admin-platform-site-${tag}`)).toContainText('تأییدشده');
  await staff.context().close();

  await tab('keys');
  await expect(page.getByTestId('platform-status')).toContainText('تأییدشده');
  await page.getByRole('button', { name: 'ساخت کلید عملیاتی' }).click();
  const liveKey = (await page.getByTestId('secret-value').textContent())!.trim();
  expect(liveKey).toMatch(/^dk_live_/);
  const live = await request.get('/api/v1/platform', { headers: { authorization: `Bearer ${liveKey}` } });
  expect(await live.json()).toMatchObject({ status: 'approved', environment: 'live' });
});

test('services stay closed until customer information is approved, on the server too', async ({ page, request }) => {
  await signUpMerchant(page, request, 'Nader');
  await expect(page.getByRole('link', { name: 'سرویس‌ها' })).toHaveCount(0);
  await page.goto('/services/new/payment');
  await expect(page.getByTestId('kyc-first')).toBeVisible();
});

test('the API documentation page', async ({ page }, testInfo) => {
  await page.goto('/docs/api');
  await expect(page.locator('h1')).toContainText('مستندات');
  await expect(page.locator('pre').nth(1)).toContainText('/api/v1/token');
  await expect(page.getByRole('heading', { name: 'دریافت توکن دسترسی با کلید API (getToken)' })).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'api-docs');
  const spec = await page.request.get('/api/v1/openapi.json');
  expect((await spec.json()).openapi).toBe('3.1.0');
});

test('staff edit a service and publish new terms, which merchants must accept again', async ({ page }, testInfo) => {
  await login(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'سرویس‌ها و شرایط' }).click();
  await expect(page.locator('h1')).toHaveText('سرویس‌ها و شرایط');
  await expectAccessible(page);
  await snap(page, testInfo, 'admin-services');
  const card = page.locator('section').filter({ hasText: '(vpos)' });
  await card.locator('summary').click();
  const fa = card.locator('textarea[id="publish.fa"]');
  await fa.fill(`${await fa.inputValue()}\n\n۸. بند تازه برای آزمون.`);
  await card.getByRole('button', { name: 'انتشار نسخهٔ تازه' }).click();
  await expect(card).toContainText('منتشر شد');
  await expect(card.locator('summary')).not.toContainText('نسخهٔ کنونی ۱)');
});
