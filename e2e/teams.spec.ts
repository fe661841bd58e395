import { execFileSync } from 'node:child_process';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkBothWidths, latestCode, login, newMobile } from './helpers';

/**
 * Merchant teams end to end, on a business of this spec's own (never the demo merchant's): its
 * owner invites a developer by mobile; the developer signs up with that mobile, lands on /join
 * (an invited sign-up founds no business of its own), accepts, and works in the owner's business:
 * keys yes, money no (no payouts menu, no withdraw link, the payouts page refused). The owner
 * removes them and their very next request is refused. Persian and English, phone and desk
 * widths, axe on every screen.
 */

const PASSWORD = 'amber willow compass';

/** A KYC-approved owner with the payment service and an approved website platform (its sandbox key made with it). */
function seed(tag: string): { owner: { mobile: string; password: string }; platformId: string } {
  const owner = { mobile: newMobile(), password: PASSWORD };
  const script = `
    import { eq } from 'drizzle-orm';
    import { createDb } from '@/db';
    import { kycProfiles, platforms } from '@/db/schema';
    import { upsertUser } from '@/lib/auth/accounts';
    import { addPlatform } from '@/lib/platforms';
    import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
    import { addPlatformSchema } from '@/lib/validation/platforms';
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      const owner = await upsertUser(db, { mobile: ${JSON.stringify(owner.mobile)}, firstName: 'نگار', lastName: ${JSON.stringify(`تیم ${tag}`)}, password: ${JSON.stringify(PASSWORD)}, role: 'merchant' });
      await db.insert(kycProfiles).values({ userId: owner.id, kind: 'natural', status: 'approved', approvedAt: new Date(), approvedKind: 'natural', approvedIdentity: {}, approvedFinancial: {} });
      const actor = { kind: 'merchant', userId: owner.id, merchantId: owner.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'e2e' } } as const;
      const terms = (await currentTerms(db, 'payment'))!;
      const service = await acceptTermsAndRequest(db, actor, { serviceId: 'payment', termsVersion: terms.version });
      if (!service.ok) throw new Error(service.error);
      const p = await addPlatform(db, actor, addPlatformSchema.parse({
        merchantServiceId: service.data.merchantServiceId, type: 'website', name: ${JSON.stringify(`فروشگاه ${tag}`)},
        address: 'https://team-${tag}.example', expectedMonthlyVolume: '1000000000', callbackUrls: 'https://team-${tag}.example/return',
      }));
      if (!p.ok) throw new Error(p.error);
      await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
      console.log(JSON.stringify({ platformId: p.data.platform.id }));
      await client.end();
    })();`;
  const out = execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' });
  return { owner, ...(JSON.parse(out.trim().split('\n').pop()!) as { platformId: string }) };
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function english(page: Page) {
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

test('an owner invites a developer, who signs up, sees the keys but no withdraw button, and is refused once removed', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  const tag = String(Date.now()).slice(-6);
  const { owner, platformId } = seed(tag);
  const devMobile = newMobile();

  // The owner invites a developer by mobile.
  const o = await newPage(browser);
  await login(o, owner);
  await expect(o.getByTestId('greeting')).toBeVisible();
  await o.goto('/settings/team');
  await expect(o.getByTestId('members').getByTestId('member')).toHaveCount(1);
  await o.locator('[data-testid="invite-form"] input[name="mobile"]').fill(devMobile);
  await o.locator('[data-testid="invite-form"] select[name="role"]').selectOption('developer');
  await o.getByTestId('invite-submit').click();
  await expect(o.getByTestId('invite-done')).toBeVisible();
  await expect(o.getByTestId('pending-invitations')).toContainText(devMobile.slice(-4).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  await checkBothWidths(o, testInfo, 'team-owner-fa');

  // The developer signs up with that mobile: no business of their own, the invitation waits on /join.
  const d = await newPage(browser);
  await d.goto('/signup');
  await d.locator('input[name="mobile"]').fill(devMobile);
  await d.locator('form button[type="submit"]').click();
  await d.locator('input[name="code"]').fill(await latestCode(request, devMobile));
  await d.locator('form button[type="submit"]').first().click();
  await d.locator('input[name="firstName"]').fill('Dev');
  await d.locator('input[name="lastName"]').fill('Developer');
  await d.locator('input[name="password"]').fill(PASSWORD);
  await d.locator('form button[type="submit"]').click();
  await expect(d).toHaveURL(/\/join$/);
  await expect(d.getByTestId('invitations-for-you')).toContainText(`تیم ${tag}`);
  await checkBothWidths(d, testInfo, 'join-fa');
  await d.getByTestId('accept-invitation').click();
  await expect(d.getByTestId('greeting')).toBeVisible();

  // The developer works in the owner's business: services and keys, no money.
  await d.setViewportSize({ width: 1366, height: 900 });
  const menu = d.getByRole('navigation').first();
  await expect(menu.locator('a[href="/services"]')).toBeVisible();
  await expect(menu.locator('a[href="/payouts"]')).toHaveCount(0);
  await expect(menu.locator('a[href="/reports/balances"]')).toHaveCount(0);
  await expect(d.getByTestId('current-business')).toContainText(`تیم ${tag}`);
  await expect(d.getByTestId('withdraw-link')).toHaveCount(0);
  await d.goto(`/platforms/${platformId}?tab=keys`);
  await expect(d.getByTestId('panel-keys')).toBeVisible();
  await expect(d.locator('[data-testid^="key-"]').first()).toBeVisible();
  await d.goto(`/platforms/${platformId}`);
  await expect(d.getByTestId('panel-overview')).toBeVisible();
  await expect(d.getByTestId('withdraw-link')).toHaveCount(0);
  await d.goto('/payouts/new');
  await expect(d.getByTestId('forbidden')).toBeVisible();
  await d.goto('/settings/team');
  await expect(d.getByTestId('leave-team')).toBeVisible();
  await expect(d.getByTestId('invite-form')).toHaveCount(0);
  await english(d);
  await checkBothWidths(d, testInfo, 'team-developer-en');

  // The owner, in English, sees the developer and removes them.
  await o.goto('/settings/team');
  await english(o);
  await expect(o.getByTestId('members').getByTestId('member')).toHaveCount(2);
  await expect(o.getByTestId('members')).toContainText('Developer');
  await checkBothWidths(o, testInfo, 'team-owner-en');
  // Removing asks first, in the page's own confirm step (no browser dialog).
  await o.getByTestId('remove-member').click();
  await expect(o.getByTestId('remove-member-confirm')).toContainText(/Remove/);
  await o.getByTestId('remove-member-confirm-submit').click();
  await expect(o.getByTestId('members').getByTestId('member')).toHaveCount(1);

  // Their very next request is refused: back to /join, with nothing waiting.
  await d.goto(`/platforms/${platformId}?tab=keys`);
  await expect(d).toHaveURL(/\/join$/);
  await expect(d.getByTestId('no-invitations')).toBeVisible();
  await checkBothWidths(d, testInfo, 'join-empty-en');
});
