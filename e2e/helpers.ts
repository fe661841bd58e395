import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import { generateSync } from 'otplib';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import postgres from 'postgres';

/** `totp`: the authenticator secret the seed enrolled (db/seed.ts DEMO_TOTP_SECRETS, the README). */
export const DEMO = {
  admin: { mobile: '09120000001', password: 'dargah-admin-demo', totp: 'DARGAHADMINDEMOTOTPSECRETKEY2345' },
  merchant: { mobile: '09120000002', password: 'dargah-merchant-demo', totp: 'DARGAHMERCHANTDEMOTOTPSECRETKEY2' },
  /** The demo Turkish company (virtual POS): an owner of a live platform, so enrolled too. */
  turkey: { mobile: 'demo@anadolu.example', password: 'dargah-turkey-demo', totp: 'DARGAHTURKEYDEMOTOTPSECRETKEY234' },
  /** The demo staff of one role each (db/seed.ts), sharing one published authenticator key. */
  staff: {
    kyc: { mobile: '09120000011', password: 'dargah-kyc-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' },
    operations: { mobile: '09120000012', password: 'dargah-ops-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' },
    finance: { mobile: '09120000013', password: 'dargah-finance-demo', totp: 'DARGAHSTAFFDEMOTOTPSECRETKEY2345' },
  },
};

/** The authenticator code for a secret at a moment (now, or `offsetSteps` 30-second steps away). */
export function totpCode(secret: string, offsetSteps = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30, period: 30, digits: 6 });
}

/**
 * The 30-second steps whose code this worker already spent, by secret. The server takes a code once
 * per step and accepts the step either side of now, so up to three sign-ins of one person fit in
 * each 30 seconds; a fourth waits for the next step. (A code at every sign-in, not a remembered
 * device: it also keeps the person's last verification fresh, as the step-up of withdrawals and
 * live keys asks within 15 minutes.)
 */
const spentSteps = new Map<string, Set<number>>();

export function newMobile() {
  return `0935${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** The newest code texted to a mobile, read from the dev SMS inbox. */
export async function latestCode(request: APIRequestContext, mobile: string, after?: string): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const res = await request.get(`/api/dev/sms?mobile=${mobile}`);
      const { messages } = (await res.json()) as { messages: { body: string; id: string }[] };
      const newest = messages[0];
      if (!newest || newest.id === after) return '';
      code = /(\d{5,6})/.exec(newest.body)?.[1] ?? '';
      return code;
    })
    .not.toBe('');
  return code;
}

/** Fails the test on any WCAG 2.1 A/AA violation axe finds. */
export async function expectAccessible(page: Page) {
  // Next streams the <title> after a client-side navigation; check the page once it has arrived.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, summary.join('\n')).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts, to look at. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Signs in; a person with two-factor sign-in (`totp`) also gets through the code step. A person
 * held at enrolment (staff, or a business's owner or accountant once it has a live platform) is
 * enrolled with the key the page shows, which is kept on `who.totp` for their next sign-in and the
 * step-up prompts.
 */
export async function login(page: Page, who: { mobile: string; password: string; totp?: string }) {
  await page.goto('/login');
  await page.locator('input[name="mobile"]').fill(who.mobile);
  await page.locator('input[name="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await passTwoFactorIfAsked(page, who);
}

/** After the password: through the code step when the sign-in is asked for one, or through enrolment when it is held there. */
export async function passTwoFactorIfAsked(page: Page, who: string | { totp?: string }) {
  // The sign-in goes home first and is sent on to the code step from there: wait for where it settles.
  // A refused password shows the form's error instead; anything else the caller's own checks judge.
  const settled = page.getByTestId('header-sign-out').or(page.locator('input[name="code"]')).or(page.getByTestId('form-error').locator('div'));
  const arrived = await settled
    .first()
    .waitFor({ state: 'attached', timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  if (!arrived) return;
  const path = new URL(page.url()).pathname;
  const secret = typeof who === 'string' ? who : who.totp;
  if (path === '/login/two-factor' && secret) await enterTotp(page, secret);
  if (path === '/login/two-factor/setup') {
    const made = await enrolTwoFactor(page);
    if (typeof who === 'object') who.totp = made;
  }
}

/** On the enrolment page: the key shown as text, a code from it, past the recovery codes. Returns the key. */
export async function enrolTwoFactor(page: Page): Promise<string> {
  const secret = (await page.getByTestId('two-factor-secret').textContent())!.trim();
  const spent = spentSteps.get(secret) ?? new Set<number>();
  spentSteps.set(secret, spent);
  const step = Math.floor(Date.now() / 30_000);
  spent.add(step);
  await page.locator('input[name="code"]').fill(generateSync({ secret, epoch: step * 30 + 1, period: 30, digits: 6 }));
  await page.locator('form button[type="submit"]').first().click();
  await page.getByTestId('two-factor-continue').click();
  await page.getByTestId('header-sign-out').waitFor({ state: 'attached' });
  return secret;
}

/** A code of an unspent step for `secret` (marked spent), waiting for the next step when this worker used all three: for typing it by keyboard. */
export async function freshTotp(secret: string): Promise<string> {
  const spent = spentSteps.get(secret) ?? new Set<number>();
  spentSteps.set(secret, spent);
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = [now - 1, now, now + 1].find((s) => !spent.has(s));
    if (step !== undefined) {
      spent.add(step);
      return generateSync({ secret, epoch: step * 30 + 1, period: 30, digits: 6 });
    }
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
  }
}

/** On the code step: an unspent step's code (the step before, now, the next), else the next step's after waiting. */
export async function enterTotp(page: Page, secret: string, remember = false) {
  const spent = spentSteps.get(secret) ?? new Set<number>();
  spentSteps.set(secret, spent);
  for (let attempt = 0; attempt < 6; attempt++) {
    const now = Math.floor(Date.now() / 30_000);
    const step = [now - 1, now, now + 1].find((s) => !spent.has(s));
    if (step === undefined) {
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
      continue;
    }
    spent.add(step);
    await page.locator('input[name="code"]').fill(generateSync({ secret, epoch: step * 30 + 1, period: 30, digits: 6 }));
    if (remember) await page.locator('input[name="remember"]').check();
    await page.locator('form button[type="submit"]').first().click();
    const left = await page
      .getByTestId('header-sign-out')
      .waitFor({ state: 'attached', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (left) return;
  }
  throw new Error('the code step did not let the sign-in through');
}

/** A new merchant through the real sign-up flow; returns its mobile and password. */
export async function signUpMerchant(page: Page, request: APIRequestContext, firstName = 'Test') {
  const who = { mobile: newMobile(), password: 'amber willow compass', firstName, lastName: 'Merchant' };
  await signUp(page, request, who);
  await expect(page.getByTestId('greeting')).toBeVisible();
  return { mobile: who.mobile, password: who.password };
}

/** The sign-up walk (mobile, texted code, name and password) for `who`; where it lands is the caller's to check. */
export async function signUp(page: Page, request: APIRequestContext, who: { mobile: string; password: string; firstName: string; lastName: string }) {
  await page.goto('/signup');
  await page.locator('input[name="mobile"]').fill(who.mobile);
  await page.locator('form button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(await latestCode(request, who.mobile));
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('input[name="firstName"]').fill(who.firstName);
  await page.locator('input[name="lastName"]').fill(who.lastName);
  await page.locator('input[name="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
}

/** The signed-in owner (on /settings/team) invites `mobile` as `role`, and the form says it is sent. */
export async function inviteMember(page: Page, mobile: string, role: string) {
  await page.locator('[data-testid="invite-form"] input[name="mobile"]').fill(mobile);
  await page.locator('[data-testid="invite-form"] select[name="role"]').selectOption(role);
  await page.getByTestId('invite-submit').click();
  await expect(page.getByTestId('invite-done')).toBeVisible();
}

/**
 * A business of a spec's own, seeded straight into the e2e database: a KYC-approved owner with the
 * payment service and an approved website platform at `site`. `more` runs after the platform, with
 * `db`, `actor` and `p` (its result) in scope, its imports in `imports`. Answers the platform's id.
 */
export function seedLivePlatform(o: {
  owner: { mobile: string; password: string };
  firstName: string;
  lastName: string;
  platformName: string;
  site: string;
  financial?: Record<string, string>;
  imports?: string;
  more?: string;
}): { platformId: string } {
  const script = `
    import { eq } from 'drizzle-orm';
    import { createDb } from '@/db';
    import { kycProfiles, platforms } from '@/db/schema';
    import { upsertUser } from '@/lib/auth/accounts';
    import { addPlatform } from '@/lib/platforms';
    import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
    import { addPlatformSchema } from '@/lib/validation/platforms';
    ${o.imports ?? ''}
    (async () => {
      const { db, client } = createDb(process.env.DATABASE_URL!, { max: 2 });
      const owner = await upsertUser(db, { mobile: ${JSON.stringify(o.owner.mobile)}, firstName: ${JSON.stringify(o.firstName)}, lastName: ${JSON.stringify(o.lastName)}, password: ${JSON.stringify(o.owner.password)}, role: 'merchant' });
      await db.insert(kycProfiles).values({ userId: owner.id, kind: 'natural', status: 'approved', approvedAt: new Date(), approvedKind: 'natural', approvedIdentity: {}, approvedFinancial: ${JSON.stringify(o.financial ?? {})} });
      const actor = { kind: 'merchant', userId: owner.id, merchantId: owner.id, role: 'owner', via: { ip: '127.0.0.1', userAgent: 'e2e' } } as const;
      const terms = (await currentTerms(db, 'payment'))!;
      const service = await acceptTermsAndRequest(db, actor, { serviceId: 'payment', termsVersion: terms.version });
      if (!service.ok) throw new Error(service.error);
      const p = await addPlatform(db, actor, addPlatformSchema.parse({
        merchantServiceId: service.data.merchantServiceId, type: 'website', name: ${JSON.stringify(o.platformName)},
        address: ${JSON.stringify(o.site)}, expectedMonthlyVolume: '1000000000', callbackUrls: ${JSON.stringify(`${o.site}/return`)},
      }));
      if (!p.ok) throw new Error(p.error);
      await db.update(platforms).set({ status: 'approved', decidedAt: new Date() }).where(eq(platforms.id, p.data.platform.id));
      ${o.more ?? ''}
      console.log(JSON.stringify({ platformId: p.data.platform.id }));
      await client.end();
    })();`;
  const out = execFileSync('npx', ['tsx', '-e', script], { env: process.env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { platformId: string };
}

/** Checks a page with axe, then keeps a screenshot at phone width and one at desk width. */
export async function checkBothWidths(page: Page, testInfo: TestInfo, name: string) {
  await expectAccessible(page);
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await snap(page, testInfo, `${name}-${width}`);
  }
}

/**
 * Every e2e payer comes from 127.0.0.1, so the payers of all specs share one address's budget of
 * payments (10 per 10 minutes, lib/payments/pay-by-link.ts) that real payers each have for
 * themselves; a spec whose payer is a new person starts that budget afresh. (The limit itself is
 * tested in lib/payments.)
 */
export async function clearPayerThrottle() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`delete from rate_limits where key like 'pay:ip:%'`;
  } finally {
    await sql.end();
  }
}

/**
 * A payer pays the demo shop on the sandbox bank with a test card (which picks how the bank
 * behaves, refunds included), in a browser context of their own; the receipt stays open.
 */
export async function payDemoShop(browser: Browser, input: { name: string; toman: number; mobile: string; card: string }) {
  await clearPayerThrottle();
  const context = await browser.newContext();
  const payer = await context.newPage();
  await payer.goto(`/pay/demo-shop?name=${encodeURIComponent(input.name)}&amount=${input.toman}`);
  await payer.locator('input[name="mobile"]').fill(input.mobile);
  await payer.locator('form button[type="submit"]').click();
  await expect(payer).toHaveURL(/\/sandbox\/bank\//);
  await payer.locator(`[data-card="${input.card}"]`).click();
  await payer.getByRole('button', { name: 'پرداخت', exact: true }).click();
  await expect(payer.getByTestId('receipt-state')).toHaveText('موفق');
  const trackingCode = (await payer.getByTestId('tracking-code').getAttribute('data-code'))!;
  const paymentId = /\/pay\/receipt\/([0-9a-f-]{36})/.exec(payer.url())![1];
  return { context, payer, receiptUrl: payer.url(), trackingCode, paymentId };
}
