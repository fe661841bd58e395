import { expect, test, type Page } from '@playwright/test';
import { checkBothWidths, DEMO, login } from './helpers';

/** The demo support staff member (db/seed.ts; README), with the staff's shared authenticator key. */
const SUPPORT = { mobile: '09120000014', password: 'dargah-support-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function inEnglish(page: Page, baseURL: string) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: baseURL }]);
}

/**
 * A support ticket end to end: the merchant opens an urgent ticket with a file (bad input first:
 * the fields say why); support staff find it in the queue, write an internal note and a reply; the
 * merchant sees the reply and never the note, marks it solved and rates the answer; staff see the
 * rating. Screenshots at 390 and 1366 px in Persian and English, axe on each page.
 */
test('merchant opens a ticket, staff answer with a note and a reply, the merchant sees only the reply, resolves and rates', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const baseURL = testInfo.project.use.baseURL!;
  const subject = `تسویه انجام نشده ${Date.now() % 100000}`;

  // 1. The merchant's new ticket: empty first (field errors), then real, with HTML that must show as text.
  await login(page, DEMO.merchant);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/support');
  await page.getByTestId('new-ticket').click();
  await expect(page).toHaveURL(/\/support\/new$/);
  await page.getByTestId('ticket-submit').click();
  const form = page.getByTestId('ticket-form');
  await expect(form.locator('#department-error, [id$="department-error"]').first()).toBeVisible();
  await form.locator('select[name="department"]').selectOption('financial');
  await form.locator('input[name="subject"]').fill(subject);
  await form.locator('input[name="priority"][value="urgent"]').check();
  await form.locator('textarea[name="message"]').fill('پول دیروز به حسابم نیامده. <b>فوری</b>');
  await form.locator('input[type="file"]').setInputFiles({ name: 'statement.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('picked-files')).toContainText('statement.png');
  await checkBothWidths(page, testInfo, 'support-new-fa');
  await page.getByTestId('ticket-submit').click();
  await expect(page).toHaveURL(/\/support\/[0-9a-f-]{36}$/);
  const ticketPath = new URL(page.url()).pathname;
  const ticketId = ticketPath.split('/').pop()!;
  await expect(page.getByTestId('message-merchant')).toContainText('<b>فوری</b>');
  await expect(page.getByTestId('attachment-link')).toContainText('statement.png');

  // 2. Support staff: the queue, the ticket, an internal note, then a reply.
  const staffCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, SUPPORT);
  await staff.goto('/admin/support');
  const row = staff.getByTestId('queue-row').filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(staff.getByTestId('support-summary')).toBeVisible();
  await checkBothWidths(staff, testInfo, 'support-queue-fa');
  await row.getByRole('link', { name: subject }).click();
  await expect(staff).toHaveURL(new RegExp(`/admin/support/${ticketId}$`));
  await expect(staff.getByTestId('merchant-context')).toBeVisible();
  await staff.getByTestId('take').click();
  await expect(staff.getByTestId('assignee')).not.toContainText('بی‌مسئول');
  await staff.locator('textarea[name="body"]').fill('یادداشت داخلی: تسویه دیروز در صف بانک است');
  await staff.getByTestId('internal-switch').check();
  await staff.getByTestId('reply-submit').click();
  await expect(staff.getByTestId('internal-note')).toContainText('یادداشت داخلی: تسویه دیروز');
  await staff.locator('textarea[name="body"]').fill('تسویه شما امروز ساعت ۱۰ انجام می‌شود.');
  await staff.getByTestId('reply-submit').click();
  await expect(staff.getByTestId('message-staff')).toContainText('امروز ساعت ۱۰');
  await checkBothWidths(staff, testInfo, 'support-staff-ticket-fa');

  // 3. The merchant sees the reply and never the note; solves and rates.
  await page.goto(ticketPath);
  await expect(page.getByTestId('message-staff')).toContainText('امروز ساعت ۱۰');
  await expect(page.getByText('یادداشت داخلی')).toHaveCount(0);
  await expect(page.getByTestId('internal-note')).toHaveCount(0);
  await checkBothWidths(page, testInfo, 'support-ticket-fa');
  await page.getByTestId('resolve').click();
  await expect(page.getByTestId('rate-form')).toBeVisible();
  await page.getByTestId('rate-form').locator('input[name="rating"][value="5"]').check();
  await page.getByTestId('rate-submit').click();
  await expect(page.getByTestId('rated')).toBeVisible();

  // 4. In English: the merchant's list and ticket, staff's ticket with the rating.
  await inEnglish(page, baseURL);
  await page.goto('/support');
  await expect(page.getByTestId('ticket-list')).toContainText(subject);
  await checkBothWidths(page, testInfo, 'support-list-en');
  await page.goto(ticketPath);
  await expect(page.getByTestId('rated')).toContainText('5 of 5');
  await checkBothWidths(page, testInfo, 'support-ticket-en');
  await inEnglish(staff, baseURL);
  await staff.goto(`/admin/support/${ticketId}`);
  await expect(staff.getByTestId('staff-rating')).toContainText('5 of 5');
  await checkBothWidths(staff, testInfo, 'support-staff-ticket-en');
  await staff.goto('/admin/support/canned');
  await checkBothWidths(staff, testInfo, 'support-canned-en');
  await staffCtx.close();
});
