import { expect, test, type Page } from '@playwright/test';
import { DEMO, expectAccessible, signUpMerchant, snap } from './helpers';
import { signedInElsewhere } from '../test/browser-sessions';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 1)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64, 0)]);

const fill = (page: Page, name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
const pick = (page: Page, name: string, value: string) => page.locator(`select[name="${name}"]`).selectOption(value);

async function fillDate(page: Page, name: string, y: string, m: string, d: string) {
  await pick(page, `${name}-year`, y);
  await pick(page, `${name}-month`, m);
  await pick(page, `${name}-day`, d);
}

async function fillFinancial(page: Page, holder: string) {
  await fill(page, 'financial.accountHolder', holder);
  await fill(page, 'financial.sheba', 'IR82 0540 1026 8002 0817 9090 02');
  await expect(page.getByTestId('sheba-bank')).toContainText('پارسیان');
  await fill(page, 'financial.accountNumber', '۰۲۰۸۱۷۹۰۹۰۰۲');
}

async function upload(page: Page, kind: string, name: string, buffer: Buffer, mimeType = 'image/png') {
  await page.locator(`input[name="doc-${kind}"]`).setInputFiles({ name, mimeType, buffer });
}

async function adminDecide(page: Page, who: string, decide: (page: Page) => Promise<void>) {
  await page.goto('/admin/kyc');
  await page.getByRole('link', { name: who }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await decide(page);
}

test('natural person: a bad value, documents, rejection with a reason, fix, approval, suspension', async ({ page, browser, request }, testInfo) => {
  // Two people, three reviews and a suspension: longer than one page's default on a loaded machine.
  test.setTimeout(180_000);
  const merchant = await signUpMerchant(page, request, 'Sima');
  await page.getByRole('link', { name: 'رفتن به اطلاعات مشتری' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'draft');
  await expectAccessible(page);

  await fill(page, 'identity.firstName', 'سیما');
  await fill(page, 'identity.lastName', 'کریمی');
  await fill(page, 'identity.nationalCode', '0084575949'); // one digit off
  await fillDate(page, 'identity.birthDate', '1370', '5', '21');
  await pick(page, 'identity.province', 'تهران');
  await pick(page, 'identity.city', 'تهران');
  await fill(page, 'identity.address', '<script>alert("x")</script> خیابان آزادی');
  await fill(page, 'identity.postalCode', '۱۱۹۳۶۵۳۴۷۱');
  await fillFinancial(page, 'سیما کریمی');
  await page.getByRole('button', { name: 'ذخیرهٔ پیش‌نویس' }).click();
  await expect(page.getByTestId('error-identity.nationalCode')).toContainText('کد ملی معتبر نیست');

  // A disguised executable is refused; nothing typed is lost meanwhile.
  await upload(page, 'national_card', 'card.png', ELF);
  await expect(page.getByTestId('error-documents.national_card')).toContainText('PDF');
  await expect(page.locator('[name="identity.firstName"]')).toHaveValue('سیما');
  await upload(page, 'national_card', 'card.png', PNG);
  await expect(page.getByTestId('doc-national_card')).toContainText('card.png');

  await fill(page, 'identity.nationalCode', '0084575948');
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'submitted');
  await expectAccessible(page);
  await snap(page, testInfo, 'kyc-natural-submitted');

  // Another merchant cannot open this merchant's document.
  const docHref = await page.getByTestId('doc-national_card').getAttribute('href');
  const strangerPage = await signedInElsewhere(browser, DEMO.merchant);
  await expect(strangerPage.getByTestId('greeting')).toBeVisible();
  expect((await strangerPage.request.get(docHref!)).status()).toBe(404);
  expect((await page.request.get(docHref!)).status()).toBe(200);
  await strangerPage.context().close();

  // Staff reject with a reason on the address.
  const staff = await signedInElsewhere(browser, DEMO.admin);
  await expect(staff).toHaveURL(/\/admin$/);
  await adminDecide(staff, 'سیما کریمی', async (p) => {
    await expect(p.getByTestId('value-identity.address')).toContainText('<script>');
    await expectAccessible(p);
    await snap(p, testInfo, 'kyc-admin-review');
    await p.getByTestId('kyc-reject').click();
    await p.locator('input[name="reason-identity.address"]').fill('پلاک و واحد را کامل بنویسید');
    await p.getByTestId('kyc-confirm-submit').click();
    await expect(p.getByTestId('decision-note')).toContainText('برگشت داده شد');
  });

  // The merchant sees the reason and the SMS.
  await page.reload();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'rejected');
  await expect(page.getByTestId('reason-identity.address')).toContainText('پلاک و واحد');
  const sms = await (await request.get(`/api/dev/sms?mobile=${merchant.mobile}`)).json();
  expect(sms.messages[0].body).toContain('اصلاح');
  await snap(page, testInfo, 'kyc-natural-rejected');
  await fill(page, 'identity.address', 'خیابان آزادی، پلاک ۱۲، واحد ۳');
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'submitted');

  await adminDecide(staff, 'سیما کریمی', async (p) => {
    await expect(p.getByTestId('history').locator(':scope > li')).toHaveCount(2);
    await p.getByRole('button', { name: 'تأیید', exact: true }).click();
    await p.getByTestId('kyc-confirm-submit').click();
    await expect(p.getByTestId('decision-note')).toContainText('تأیید شد');

    // Staff suspend the approved business: a reason is required, the merchant reads it, and lifting it restores the business.
    await p.getByTestId('suspend-start').click();
    await p.getByTestId('suspend-confirm').click();
    await expect(p.getByLabel('دلیل (پذیرنده آن را می‌خواند)')).toHaveAttribute('aria-invalid', 'true');
    await p.getByLabel('دلیل (پذیرنده آن را می‌خواند)').fill('مدارک نیاز به بررسی دوباره دارد');
    await snap(p, testInfo, 'kyc-admin-suspend-confirm');
    await p.getByTestId('suspend-confirm').click();
    await expect(p.getByTestId('suspension-note')).toContainText('تعلیق شد');
    await page.goto('/customer-info');
    await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'suspended');
    await expect(page.getByTestId('suspension-reason')).toContainText('مدارک نیاز به بررسی دوباره دارد');
    await expect(page.locator('[name="identity.address"]')).toHaveAttribute('readonly', '');
    await expectAccessible(page);
    await snap(page, testInfo, 'kyc-natural-suspended');
    await p.getByTestId('reinstate-start').click();
    await p.getByTestId('reinstate-confirm').click();
    await expect(p.getByTestId('suspension-note')).toContainText('تعلیق برداشته شد');
    await expectAccessible(p);
  });
  await staff.context().close();

  await page.goto('/');
  await expect(page.getByTestId('next-step')).toContainText('درخواست سرویس');
  await page.goto('/customer-info');
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'approved');
  await expect(page.locator('[name="identity.address"]')).toHaveAttribute('readonly', '');
  await expectAccessible(page);
  await snap(page, testInfo, 'kyc-natural-approved');
  // Editing approved information is a deliberate step that sends it back to review.
  await page.getByRole('button', { name: 'ویرایش اطلاعات' }).click();
  await fill(page, 'identity.landline', '021-88776655');
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'submitted');
  await page.goto('/');
  await expect(page.getByTestId('next-step')).toContainText('درخواست سرویس');
});

test('legal person: a bad value, two documents, submitted; English renders', async ({ page, request }, testInfo) => {
  await signUpMerchant(page, request, 'Kaveh');
  await page.goto('/customer-info');
  await page.locator('input[type="radio"][value="legal"]').check();
  await fill(page, 'identity.companyName', 'شرکت نمونه پرداز');
  // Typing stops, the draft saves itself: leaving the page loses nothing.
  await expect(page.getByTestId('autosave')).not.toBeEmpty();
  await page.reload();
  await expect(page.locator('[name="identity.companyName"]')).toHaveValue('شرکت نمونه پرداز');
  await expect(page.locator('input[type="radio"][value="legal"]')).toBeChecked();
  await pick(page, 'identity.companyType', 'private_joint_stock');
  await fill(page, 'identity.registrationNumber', '12345');
  await fill(page, 'identity.legalId', '10380284791'); // check digit off by one
  await fillDate(page, 'identity.registrationDate', '1390', '1', '15');
  await fill(page, 'identity.ceoNationalCode', '0084575948');
  await fill(page, 'identity.ceoFullName', 'کاوه نیک‌نام');
  await pick(page, 'identity.province', 'فارس');
  await pick(page, 'identity.city', 'شیراز');
  await fillFinancial(page, 'شرکت نمونه پرداز');
  await fill(page, 'financial.cardNumber', '6037701689095443'); // Keshavarzi card, Parsian sheba
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('error-identity.legalId')).toContainText('شناسهٔ ملی');
  await expect(page.getByTestId('error-financial.cardNumber')).toContainText('بانک');
  await fill(page, 'identity.legalId', '10380284790');
  await fill(page, 'financial.cardNumber', '');
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('error-documents.gazette')).toBeVisible();
  await upload(page, 'gazette', 'gazette.pdf', PDF, 'application/pdf');
  await upload(page, 'ceo_national_card', 'ceo.png', PNG);
  await expect(page.getByTestId('doc-gazette')).toBeVisible();
  await expect(page.getByTestId('doc-ceo_national_card')).toBeVisible();
  await expectAccessible(page);
  await snap(page, testInfo, 'kyc-legal-form');
  await page.getByRole('button', { name: 'ثبت و ارسال برای بررسی' }).click();
  await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'submitted');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('h1')).toHaveText('Customer information');
  await expect(page.getByTestId('kyc-status')).toContainText('Waiting for review');
  await expectAccessible(page);
  await snap(page, testInfo, 'kyc-legal-en');
});
