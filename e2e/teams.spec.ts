import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkBothWidths, inviteMember, login, newMobile, seedLivePlatform, signUp } from './helpers';

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
  const { platformId } = seedLivePlatform({
    owner,
    firstName: 'نگار',
    lastName: `تیم ${tag}`,
    platformName: `فروشگاه ${tag}`,
    site: `https://team-${tag}.example`,
  });
  return { owner, platformId };
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
  await inviteMember(o, devMobile, 'developer');
  await expect(o.getByTestId('pending-invitations')).toContainText(devMobile.slice(-4).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  await checkBothWidths(o, testInfo, 'team-owner-fa');

  // The developer signs up with that mobile: no business of their own, the invitation waits on /join.
  const d = await newPage(browser);
  await signUp(d, request, { mobile: devMobile, password: PASSWORD, firstName: 'Dev', lastName: 'Developer' });
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
