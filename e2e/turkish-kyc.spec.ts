import { expect, test, type Page } from '@playwright/test';
import { checkBothWidths, DEMO, expectAccessible, signUpMerchant } from './helpers';
import { signedInElsewhere } from '../test/browser-sessions';

// The six documents N Kolay asks a Turkish company for.
const DOCS = ['tax_plate', 'signature_circular', 'activity_certificate', 'registry_record', 'id_copy', 'trade_registry_gazette'];
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 1)]);
const TRADE_NAME = `Örnek Yazılım ${Date.now().toString(36)} A.Ş.`;

const fill = (page: Page, name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);

test('a Turkish company fills its customer information, staff approve, and the virtual POS is what it may request', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  // An ordinary test account: the Turkish-mobile sign-up is another piece of work.
  await signUpMerchant(page, request, 'Ayşe');
  await page.goto('/customer-info');
  await page.getByLabel('شرکت ترکیه‌ای').check();
  await expect(page.getByRole('heading', { name: 'شرکت در ترکیه' })).toBeVisible();
  // The Iranian fields are gone; the Turkish ones take their place.
  await expect(page.locator('[name="identity.nationalCode"]')).toHaveCount(0);
  await expect(page.locator('[name="financial.sheba"]')).toHaveCount(0);

  await fill(page, 'identity.tradeName', TRADE_NAME);
  await fill(page, 'identity.taxOffice', 'Kadıköy');
  await fill(page, 'identity.vkn', '4540536921'); // one digit off
  await fill(page, 'identity.authorisedName', 'Ayşe Yılmaz');
  await fill(page, 'identity.authorisedTckn', '10000000146');
  await page.locator('select[name="identity.il"]').selectOption('İstanbul');
  await fill(page, 'identity.ilce', 'Kadıköy');
  await fill(page, 'identity.streetAddress', 'Caferağa Mah. Moda Cad. No: 1 D: 2');
  await fill(page, 'identity.postcode', '06100'); // Ankara's, not İstanbul's
  await fill(page, 'financial.iban', 'TR33 0006 1005 1978 6457 8413 26');
  await expect(page.getByTestId('iban-bank')).toContainText('00061');
  await page.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
  await expect(page.getByTestId('error-identity.vkn')).toContainText('VKN');
  await fill(page, 'identity.vkn', '4540536920');
  // The postal code is checked against the province once every field is valid on its own.
  await page.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
  await expect(page.getByTestId('error-identity.postcode')).toContainText('استان دیگری');
  await fill(page, 'identity.postcode', '34710');
  await page.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
  await expect(page.getByTestId('kyc-note')).toContainText('ذخیره شد');

  // Submitting without the documents names each one.
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  for (const d of DOCS) await expect(page.getByTestId(`error-documents.${d}`)).toBeVisible();
  for (const d of DOCS) {
    await page.locator(`input[name="doc-${d}"]`).setInputFiles({ name: `${d}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByTestId(`doc-${d}`)).toContainText(`${d}.pdf`);
  }
  await checkBothWidths(page, testInfo, 'turkish-kyc-form');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'submitted');

  // Staff find it in the queue by kind, see the fields and the six documents, and approve.
  const staff = await signedInElsewhere(browser, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin$/);
  await staff.goto('/admin/kyc?status=submitted&kind=turkish_company');
  await staff.getByRole('link', { name: TRADE_NAME }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toContainText('شرکت ترکیه‌ای');
  await expect(staff.getByTestId('value-identity.vkn')).toHaveText('4540536920');
  await expect(staff.getByTestId('value-identity.authorisedTckn')).toHaveText('10000000146');
  await expect(staff.getByTestId('value-financial.iban')).toHaveText('TR33 0006 1005 1978 6457 8413 26');
  await expect(staff.getByTestId('iban-bank')).toContainText('00061');
  for (const label of ['vergi levhası', 'imza sirküsü', 'faaliyet belgesi', 'sicil kayıt belgesi', 'kimlik fotokopisi', 'ticaret sicil gazetesi'])
    await expect(staff.getByText(label, { exact: false }).first()).toBeVisible();
  await checkBothWidths(staff, testInfo, 'turkish-kyc-review');
  await staff.setViewportSize({ width: 1280, height: 720 });
  await staff.getByRole('button', { name: 'تأیید', exact: true }).click();
  await staff.getByTestId('kyc-confirm-submit').click();
  await expect(staff.getByTestId('decision-note')).toContainText('تأیید شد');
  await staff.context().close();

  // The services page offers the virtual POS, and only it.
  await page.goto('/services/new');
  const offered = page.locator('main a[href^="/services/new/"]');
  await expect(offered).toHaveCount(1);
  await expect(offered).toHaveAttribute('href', '/services/new/vpos');
  await checkBothWidths(page, testInfo, 'turkish-services');
  await page.setViewportSize({ width: 1280, height: 720 });

  // An Iranian service asked for by its address is refused with the reason.
  await page.goto('/services/new/payment');
  await page.getByTestId('terms-box').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.getByLabel('شرایط استفاده را خواندم و می‌پذیرم.').check();
  await page.getByRole('button', { name: 'پذیرش و ادامه' }).click();
  await expect(page.getByText('شرکت ترکیه‌ای تنها از سرویس پوز مجازی')).toBeVisible();

  // The virtual POS is requested.
  await page.goto('/services/new');
  await offered.click();
  await page.getByTestId('terms-box').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.getByLabel('شرایط استفاده را خواندم و می‌پذیرم.').check();
  await page.getByRole('button', { name: 'پذیرش و ادامه' }).click();
  await expect(page).toHaveURL(/\/services\/[0-9a-f-]{36}$/);
  await expect(page.locator('h1')).toContainText('پوز مجازی');
  await expectAccessible(page);
});
