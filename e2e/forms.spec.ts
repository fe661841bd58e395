import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkBothWidths, signUpMerchant } from './helpers';

/**
 * Forms in the page's language: customer information shows every problem at once on the first
 * submit (required and malformed alike) and starts with the name given at sign-up; a file field
 * says the chosen file's name and size in the page's digits; times are typed on the 24-hour clock
 * in the page's digits (no browser time picker, no "No file chosen"). Persian and English, 390 and
 * 1366 px, axe clean.
 */
type Messages = typeof import('../messages/en.json');
/** Read, not imported: Playwright loads specs as ES modules, where a JSON import needs an attribute tsc refuses. */
const read = (lang: string) => JSON.parse(readFileSync(resolve('messages', `${lang}.json`), 'utf8')) as Messages;
const catalogues = { fa: read('fa'), en: read('en') };
type Lang = keyof typeof catalogues;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

async function inLanguage(page: Page, testInfo: TestInfo, lang: Lang) {
  if (lang === 'fa') return;
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: lang, url: testInfo.project.use.baseURL! }]);
}

for (const lang of ['fa', 'en'] as const) {
  const m = catalogues[lang];
  const e = m.errors;

  test(`customer information (${lang}): every problem at once on the first submit, the sign-up name prefilled, the chosen file named`, async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signUpMerchant(page, request, 'Nima');
    await inLanguage(page, testInfo, lang);
    await page.goto('/customer-info');
    await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'draft');

    // The name given at sign-up starts the form.
    await expect(page.locator('[name="identity.firstName"]')).toHaveValue('Nima');
    await expect(page.locator('[name="identity.lastName"]')).toHaveValue('Merchant');

    // Missing and malformed fields together.
    await page.locator('[name="identity.lastName"]').fill('');
    await page.locator('[name="identity.nationalCode"]').fill('12345');
    await page.locator('[name="identity.email"]').fill('not-an-email');
    await page.locator('[name="identity.postalCode"]').fill('12');
    await page.getByRole('button', { name: m.kyc.submit }).click();

    const expected: Record<string, string> = {
      'identity.lastName': e.required,
      'identity.nationalCode': e.nationalCodeInvalid,
      'identity.email': e.emailInvalid,
      'identity.postalCode': e.postalCodeInvalid,
      'identity.birthDate': e.required,
      'identity.province': e.required,
      'identity.city': e.required,
      'financial.accountHolder': e.required,
      'financial.sheba': e.required,
      'financial.accountNumber': e.required,
      'documents.national_card': e.documentRequired,
    };
    for (const [field, text] of Object.entries(expected)) await expect(page.getByTestId(`error-${field}`), field).toHaveText(text);
    await expect(page.getByTestId('error-identity.firstName')).toHaveCount(0);
    await expect(page.getByTestId('kyc-note')).toHaveText(e.fixFields);
    // Nothing went to review.
    await expect(page.getByTestId('kyc-status')).toHaveAttribute('data-status', 'draft');
    // Errors are announced with their fields.
    await expect(page.locator('[name="identity.nationalCode"]')).toHaveAttribute('aria-invalid', 'true');
    await checkBothWidths(page, testInfo, `customer-info-empty-submit-${lang}`);

    // A file field: our button in the page's language, the chosen file's name and size in its digits.
    await page.setViewportSize({ width: 1366, height: 900 });
    const file = page.locator('input[name="doc-national_card"]');
    await expect(file).toHaveAttribute('type', 'file');
    await expect(file).toHaveClass(/sr-only/);
    await file.setInputFiles({ name: 'card-front.png', mimeType: 'image/png', buffer: PNG });
    const picked = page.getByTestId('picked-doc-national_card');
    await expect(picked).toContainText('card-front.png');
    await expect(picked).toContainText(lang === 'fa' ? '۷۲ بایت' : '72 bytes');
    await expect(page.getByTestId('doc-national_card')).toContainText('card-front.png');
    await expect(page.getByTestId('error-documents.national_card')).toHaveCount(0);
    await checkBothWidths(page, testInfo, `customer-info-file-${lang}`);
  });

  test(`event times (${lang}): a 24-hour field in the page's digits, shared with the server's schema`, async ({ page, request }, testInfo) => {
    test.setTimeout(120_000);
    await signUpMerchant(page, request, 'Timo');
    await inLanguage(page, testInfo, lang);
    await page.goto('/events/new');
    await expect(page.getByTestId('event-form')).toBeVisible();
    await expect(page.locator('input[type="time"]')).toHaveCount(0);

    const start = page.getByLabel(m.events.fields.startTime);
    const end = page.getByLabel(m.events.fields.endTime);
    await page.getByLabel(m.events.fields.title).fill(lang === 'fa' ? 'جلسه با Acme Ltd.' : 'Meeting with بانک ملت');
    // Typed as people type: three digits, tidied on leaving the field; Persian digits read too.
    await start.fill('930');
    await start.blur();
    await expect(start).toHaveValue(lang === 'fa' ? '۰۹:۳۰' : '09:30');
    await end.fill('۰۸۱۵');
    await expect(end).toHaveValue(lang === 'fa' ? '۰۸:۱۵' : '08:15');
    await expect(start).toHaveAccessibleDescription(m.forms.timeHint);
    await page.getByRole('button', { name: m.events.create }).click();
    await expect(page.getByTestId('error-endTime')).toHaveText(e.endBeforeStart);
    await checkBothWidths(page, testInfo, `event-times-${lang}`);

    // A time that is not one is refused on its field; a right one saves.
    await end.fill('25:00');
    await end.blur();
    await expect(page.getByTestId('error-endTime')).toHaveText(e.timeInvalid);
    await end.fill('1745');
    await page.getByRole('button', { name: m.events.create }).click();
    await expect(page).toHaveURL(/\/(calendar|events)/);
    // Stored as typed, shown on the same clock (upcoming or past, depending on when this runs).
    let row = '';
    for (const when of ['upcoming', 'past']) {
      await page.goto(`/events?when=${when}`);
      if (await page.getByTestId('event-row').count()) row = (await page.getByTestId('event-row').first().textContent()) ?? '';
      if (row) break;
    }
    expect(row).toContain(lang === 'fa' ? '۰۹:۳۰' : '09:30');
    expect(row).toContain(lang === 'fa' ? '۱۷:۴۵' : '17:45');
  });
}
