import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { checkBothWidths, DEMO, login } from './helpers';

/** The demo support staff member (db/seed.ts; README), with the staff's shared authenticator key. */
const SUPPORT = { mobile: '09120000014', password: 'dargah-support-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' };
/** The second web instance: the same build, the same database and AUTH_SECRET, another port. */
const PORT2 = Number(process.env.E2E_PORT ?? 3100) + 1;
const SECOND = `http://127.0.0.1:${PORT2}`;
const STREAM = /\/support\/[0-9a-f-]{36}\/live(\?|$)/;

/** Starts scripts/next-server.mjs of this build on PORT2 (no worker: the first instance's serves both). */
async function startSecondServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(process.cwd(), 'scripts', 'next-server.mjs'), 'start', String(PORT2), '127.0.0.1'], {
    cwd: process.cwd(),
    env: { ...process.env, PUBLIC_BASE_URL: SECOND, APP_ENV: process.env.APP_ENV ?? 'test', NEXT_TELEMETRY_DISABLED: '1' },
    // Its errors show in the test's output; an unread pipe would fill and stall the server.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${SECOND}/api/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(200);
  return child;
}

async function send(page: Page, body: string) {
  await page.locator('textarea[name="body"]').fill(body);
  await page.getByTestId('reply-submit').click();
}

/**
 * The ticket conversation live (issue 21): a merchant on the first web instance and support staff
 * on a second one (one database, LISTEN/NOTIFY between them) exchange messages that appear on the
 * other screen without a reload, with "typing…" and presence; staff see the merchant waiting for a
 * live answer; the merchant's stream is cut mid-conversation and the message sent meanwhile still
 * arrives (the page polls), then the stream resumes. Screenshots of both sides in Persian and
 * English at 390 and 1366 px, axe on each.
 */
test('merchant and staff chat live across two web instances; a broken stream loses nothing', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const second = await startSecondServer();
  try {
    const subject = `گفت‌وگوی زنده ${Date.now() % 100000}`;
    await login(page, DEMO.merchant);
    await page.goto('/support/new');
    const form = page.getByTestId('ticket-form');
    await form.locator('select[name="department"]').selectOption('technical');
    await form.locator('input[name="subject"]').fill(subject);
    await form.locator('textarea[name="message"]').fill('سلام، کسی آنجاست؟ وب‌هوک ما ۴۰۱ می‌گیرد.');
    await page.getByTestId('ticket-submit').click();
    await expect(page).toHaveURL(/\/support\/[0-9a-f-]{36}$/);
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-mode', 'live');

    // Staff sign in on the SECOND instance; the merchant waiting live is at the top of the queue.
    const staffCtx = await browser.newContext({ baseURL: SECOND });
    const staff = await staffCtx.newPage();
    await login(staff, SUPPORT);
    await staff.goto('/admin/support');
    await expect(staff.getByTestId('waiting-live-row').filter({ hasText: subject })).toBeVisible();
    await staff.getByTestId('waiting-live-row').filter({ hasText: subject }).getByRole('link').click();
    await expect(staff).toHaveURL(new RegExp(`/admin/support/${ticketId}$`));
    await expect(staff.getByTestId('live-state')).toHaveAttribute('data-mode', 'live');

    // Presence both ways (each stream announces itself and asks the other side).
    await expect(page.getByTestId('presence')).toHaveAttribute('data-online', 'yes');
    await expect(staff.getByTestId('presence')).toHaveAttribute('data-online', 'yes');

    // Staff type: the merchant (on the other instance) sees "typing…"; then the answer appears by itself.
    await staff.locator('textarea[name="body"]').pressSequentially('سلام، ', { delay: 30 });
    await expect(page.getByTestId('typing')).not.toBeEmpty();
    const a1 = `پاسخ زنده یک ${Date.now() % 1000}`;
    await send(staff, a1);
    await expect(page.getByTestId('message-staff').filter({ hasText: a1 })).toBeVisible();

    // An internal note never shows on the merchant's screen; the merchant's reply shows on staff's.
    await staff.locator('textarea[name="body"]').fill('یادداشت داخلی زنده: بانک را بررسی کن');
    await staff.getByTestId('internal-switch').check();
    await staff.getByTestId('reply-submit').click();
    await expect(staff.getByTestId('internal-note').filter({ hasText: 'یادداشت داخلی زنده' })).toBeVisible();
    await page.locator('textarea[name="body"]').pressSequentially('ممنون', { delay: 30 });
    await expect(staff.getByTestId('typing')).not.toBeEmpty();
    const m1 = `پیام پذیرنده ${Date.now() % 1000}`;
    await page.locator('textarea[name="body"]').fill(m1);
    await page.getByTestId('reply-submit').click();
    await expect(staff.getByTestId('message-merchant').filter({ hasText: m1 })).toBeVisible();
    await expect(page.getByTestId('conversation')).not.toContainText('یادداشت داخلی زنده');

    // Screenshots of the live conversation, Persian.
    await checkBothWidths(page, testInfo, 'support-live-merchant-fa');
    await checkBothWidths(staff, testInfo, 'support-live-staff-fa');

    // Cut the merchant's stream: its reconnects are refused, and the open one dies with the network.
    await page.route(STREAM, (r) => r.abort());
    await page.context().setOffline(true);
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-mode', 'polling');
    await page.context().setOffline(false);
    const a2 = `پاسخ در قطعی ${Date.now() % 1000}`;
    await send(staff, a2);
    await expect(staff.getByTestId('message-staff').filter({ hasText: a2 })).toBeVisible();
    // The stream is still refused: the page's polling brings the message.
    await expect(page.getByTestId('message-staff').filter({ hasText: a2 })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-mode', 'polling');

    // The stream comes back, and the next message arrives live again, once.
    await page.unroute(STREAM);
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-mode', 'live', { timeout: 30_000 });
    const a3 = `پاسخ پس از وصل ${Date.now() % 1000}`;
    await send(staff, a3);
    await expect(page.getByTestId('message-staff').filter({ hasText: a3 })).toBeVisible();
    for (const text of [a1, a2, a3]) await expect(page.getByTestId('message-staff').filter({ hasText: text })).toHaveCount(1);

    // English, both sides.
    for (const p of [page, staff]) {
      await p.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: p === page ? testInfo.project.use.baseURL! : SECOND }]);
      await p.reload();
      await expect(p.getByTestId('live-state')).toHaveAttribute('data-mode', 'live');
    }
    await expect(page.getByTestId('message-staff').filter({ hasText: a3 })).toBeVisible();
    await checkBothWidths(page, testInfo, 'support-live-merchant-en');
    await checkBothWidths(staff, testInfo, 'support-live-staff-en');
    await staffCtx.close();
  } finally {
    // Stop the second instance by its PID (graceful: it closes its streams and LISTEN connection).
    if (second.pid && second.exitCode === null) {
      const exited = new Promise((r) => second.once('exit', r));
      process.kill(second.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (second.exitCode === null && second.signalCode === null) process.kill(second.pid, 'SIGKILL');
    }
  }
});
