/**
 * Hostile review of issue 19 (global search, short links, staff merchant pages, the webhook test
 * event, deep links through the login, slip decisions behind a confirm step). Merchants A and B
 * (both KYC-approved, each with a payment-link shop), a merchant M without KYC, staff S. Each test
 * states one line that must hold; a failing test is a finding for the lead.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';

const h = vi.hoisted(() => ({
  db: undefined as Db | undefined,
  user: null as null | { id: string; role: string },
  redirectTo: [] as unknown[],
}));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('next-intl/server', async (orig) => ({
  ...(await orig<typeof import('next-intl/server')>()),
  getTranslations: async (ns: string) => Object.assign((key: string) => `${ns}.${key}`, { rich: (key: string) => `${ns}.${key}`, has: () => true }),
  getLocale: async () => 'fa',
}));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));
// The login action's signIn: records where Auth.js would be told to go, instead of signing in.
vi.mock('@/auth', () => ({
  signIn: async (_provider: string, opts: { redirectTo?: unknown }) => {
    h.redirectTo.push(opts.redirectTo);
  },
  signOut: async () => {},
  auth: async () => null,
}));
// next-auth itself imports `next/server` by a path vitest cannot resolve; the action only needs its error classes.
vi.mock('next-auth', () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = '';
  }
  return { AuthError, CredentialsSignin, default: () => ({}) };
});

const { depositSlips, kycProfiles, payments, platforms, shortLinks, webhookDeliveries, webhookEvents } = await import('@/db/schema');
const { testDb, uniqueMobile } = await import('@/test/db');
const { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } = await import('@/test/fixtures');
const { actingAs, refused } = await import('@/test/actions');
const { postingsOf } = await import('@/test/ledger');
const { makeLinkShop, saveLink } = await import('@/lib/payments/fixtures');
const { createPayment } = await import('@/lib/payments');
const { decideSlip } = await import('@/lib/payments/slips');
const { searchPayments, SEARCH_LIMIT } = await import('@/lib/search');
const { toPersianDigits } = await import('@/lib/date/format');
const { createShortLink, resolveShortLink } = await import('@/lib/short-links');
const { buildLinkSchema } = await import('@/lib/validation/payments');
const { listMerchants, merchantCounts, getMerchantForStaff } = await import('@/lib/admin/merchants');
const { nextKycToReview } = await import('@/lib/admin/kyc-queue');
const { setWebhookEndpoint } = await import('@/lib/webhooks/endpoints');
const { sendTestEvent } = await import('@/lib/webhooks/events');
const { safeCallback } = await import('@/lib/auth/callback-url');
const { loginRedirectPath } = await import('@/auth.config');
const shortRoute = await import('@/app/s/[code]/route');
const portalPlatformActions = await import('@/app/(portal)/platforms/actions');
const portalPaymentActions = await import('@/app/(portal)/payments/actions');
const adminKycActions = await import('@/app/admin/kyc/actions');
const adminPlatformActions = await import('@/app/admin/platforms/actions');
const adminPaymentActions = await import('@/app/admin/payments/actions');
const authActions = await import('@/app/(auth)/actions');
const { default: LoginPage } = await import('@/app/(auth)/login/page');
const { default: AdminMerchantsPage } = await import('@/app/admin/merchants/page');
const { default: MerchantSearchPage } = await import('@/app/(portal)/search/page');

const db = testDb();
h.db = db;
const as = actingAs(h);
const ORIGIN = 'https://dargah.test';

type Shop = Awaited<ReturnType<typeof makeLinkShop>>;
let A: Shop;
let B: Shop;
let S: Awaited<ReturnType<typeof makeAdmin>>;
let M: Awaited<ReturnType<typeof makeMerchant>>;
/** B's payment carrying every searchable field, and B's awaiting slip. */
let bPay: { id: string; trackingCode: string };
let bSlip: { id: string; trackingCode: string };
const bOrder = `ord-${randomUUID().slice(0, 8)}`;
const bMobile = uniqueMobile();
const bRef = `7${String(randomInt(1e9, 1e10))}`;
const bLast4 = String(randomInt(0, 10_000)).padStart(4, '0');
const bSlipNo = `SN${randomInt(1e6, 1e7)}`;

async function awaitingSlip(platformId: string) {
  const p = await createPayment(db, { platformId, source: 'link', method: 'slip', livemode: true, amount: 250_000n, state: 'awaiting_confirmation' });
  await db.insert(depositSlips).values({ paymentId: p.id, bank: 'melli', slipNumber: `X${randomInt(1e6, 1e7)}`, depositDate: '2026-11-30' });
  return p;
}

beforeAll(async () => {
  [A, B, S, M] = await Promise.all([makeLinkShop(db), makeLinkShop(db), makeAdmin(db), makeMerchant(db)]);
  const p = await createPayment(db, { platformId: B.platform.id, source: 'api', livemode: true, amount: 120_000n, orderId: bOrder, payerMobile: bMobile });
  await db
    .update(payments)
    .set({ state: 'succeeded', gatewayRef: bRef, cardMasked: `603799******${bLast4}`, gateway: 'sandbox' })
    .where(eq(payments.id, p.id));
  bPay = p;
  const s = await createPayment(db, {
    platformId: B.platform.id,
    source: 'link',
    method: 'slip',
    livemode: true,
    amount: 90_000n,
    state: 'awaiting_confirmation',
  });
  await db.insert(depositSlips).values({ paymentId: s.id, bank: 'melli', slipNumber: bSlipNo, depositDate: '2026-11-30' });
  bSlip = s;
  // A has a payment of its own, so its search is not short-circuited by "no platforms".
  await createPayment(db, { platformId: A.platform.id, source: 'link', livemode: true, amount: 5_000n, payerMobile: uniqueMobile() });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
  vi.mocked(console.error).mockRestore();
  vi.mocked(console.warn).mockRestore();
});

/** Where a browser on our site lands for a Location / redirect target. */
const landsOn = (target: string) => new URL(target, ORIGIN);

describe('1. global search: a merchant finds only its own payments', () => {
  const ids = async (actor: Parameters<typeof searchPayments>[1], term: unknown) => (await searchPayments(db, actor, term)).hits.map((x) => x.id);

  it('A finds none of B’s payments or slips by any kind of term, in any writing', async () => {
    const a = merchantActorOf(A.merchant);
    const spaced = `${bMobile.slice(0, 4)} ${bMobile.slice(4, 7)} ${bMobile.slice(7)}`;
    const terms = [
      bPay.trackingCode,
      toPersianDigits(bPay.trackingCode),
      ` ${bPay.trackingCode}\u200f `,
      bSlip.trackingCode,
      bOrder,
      bMobile,
      toPersianDigits(spaced),
      `+98${bMobile.slice(1)}`,
      bRef,
      toPersianDigits(bRef),
      bLast4,
      `*${bLast4}`,
      `603799******${bLast4}`,
      toPersianDigits(bLast4),
      bSlipNo,
    ];
    for (const term of terms) expect({ term, ids: await ids(a, term) }).toEqual({ term, ids: [] });
    // Staff do find them (the test is not vacuous: the terms are right).
    const staff = staffActorOf(S);
    expect(await ids(staff, bOrder)).toContain(bPay.id);
    expect(await ids(staff, bSlipNo)).toContain(bSlip.id);
    expect(await ids(staff, toPersianDigits(spaced))).toContain(bPay.id);
  });

  it('a merchant without platforms, or an actor naming another merchant’s id, gets only that merchant’s', async () => {
    expect(await ids(merchantActorOf(M), bOrder)).toEqual([]);
    // B's own actor finds it; B's id in A's actor (the merchant id is what scopes) is B's view, never a mix.
    expect(await ids(merchantActorOf(B.merchant), bOrder)).toEqual([bPay.id]);
  });

  it('odd terms (LIKE wildcards, SQL-ish text, very long, lone surrogates, C1 controls) neither throw nor leak', async () => {
    const a = merchantActorOf(A.merchant);
    const staff = staffActorOf(S);
    const odd: unknown[] = [
      '%',
      '_',
      '%%%%',
      '____',
      '%' + bOrder.slice(4),
      bOrder.slice(0, -1) + '_',
      "' or 1=1 --",
      "'; drop table payments; --",
      '\\',
      '\\%',
      '*',
      '************',
      '0'.repeat(11),
      'a'.repeat(64),
      'a'.repeat(65),
      'x'.repeat(100_000),
      'a\ud800b',
      '\udfff',
      '\u0085',
      '\u2028',
      '\u00a0\u00a0',
      '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      '٠٩١٢١٢٣٤٥٦٧',
      '{"$ne":null}',
      ['1234'],
      { q: bOrder },
      null,
      12345678901,
    ];
    for (const term of odd) {
      const mine = await searchPayments(db, a, term);
      expect(mine.hits.map((x) => x.id)).not.toContain(bPay.id);
      expect(mine.hits.map((x) => x.id)).not.toContain(bSlip.id);
      const all = await searchPayments(db, staff, term);
      expect(all.hits.length).toBeLessThanOrEqual(SEARCH_LIMIT);
      // `%` and `_` are literal characters, never patterns: B's order id is not found by a wildcard.
      if (typeof term === 'string' && /[%_]/.test(term)) expect(all.hits.map((x) => x.id)).not.toContain(bPay.id);
    }
  });

  it('a term many payments share answers at most SEARCH_LIMIT, newest first', async () => {
    const mobile = uniqueMobile();
    for (let i = 0; i < SEARCH_LIMIT + 5; i++)
      await createPayment(db, { platformId: A.platform.id, source: 'link', livemode: true, amount: 1000n, payerMobile: mobile });
    const r = await searchPayments(db, merchantActorOf(A.merchant), mobile);
    expect(r.hits).toHaveLength(SEARCH_LIMIT);
    const times = r.hits.map((x) => x.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('the results page: a repeated ?q= or a term of another merchant neither 500s nor opens B’s payment', async () => {
    as(A.merchant);
    for (const q of [['a', 'b'], bOrder, '%', 'x'.repeat(5000)]) {
      let to: string | null = null;
      try {
        await MerchantSearchPage({ searchParams: Promise.resolve({ q }) });
      } catch (e) {
        const digest = String((e as { digest?: string }).digest ?? '');
        if (!digest.startsWith('NEXT_REDIRECT')) throw e;
        to = digest.split(';')[2];
      }
      expect(to ?? '').not.toContain(bPay.id);
    }
  });
});

describe('2. short links lead only to the maker’s own /pay/ page on this site', () => {
  const get = (code: string) => shortRoute.GET(new Request(`${ORIGIN}/s/${encodeURIComponent(code)}`), { params: Promise.resolve({ code }) });

  it('A cannot make a short link for B’s platform (lib and action), and nothing is stored for it', async () => {
    const input = buildLinkSchema.parse({ platformId: B.platform.id, amount: '5000', sign: false });
    expect(await createShortLink(db, merchantActorOf(A.merchant), input, ORIGIN)).toEqual({ ok: false, error: 'notFound' });
    as(A.merchant);
    expect(await portalPlatformActions.createShortLinkAction({ platformId: B.platform.id, amount: '5000', sign: true })).toMatchObject({ ok: false });
    as(M);
    expect(await refused(portalPlatformActions.createShortLinkAction({ platformId: B.platform.id, sign: false }))).toBe(true);
    expect(await db.select().from(shortLinks).where(eq(shortLinks.platformId, B.platform.id))).toEqual([]);
  });

  it('whatever the prefill holds, /s/<code> answers a relative /pay/<own handle> that stays on this origin', async () => {
    const a = merchantActorOf(A.merchant);
    const hostile = [
      { description: '//evil.example/x' },
      { description: 'https://evil.example\r\nLocation: https://evil.example' },
      { name: 'javascript:alert(1)' },
      { name: '/\\evil.example' },
      { amount: '../../..//evil.example' },
      { description: '?a=1#@evil.example' },
    ];
    for (const extra of hostile) {
      const made = await createShortLink(db, a, buildLinkSchema.parse({ platformId: A.platform.id, sign: true, ...extra }), ORIGIN);
      if (!made.ok) throw new Error(made.error);
      expect(made.data.url).toBe(`${ORIGIN}/s/${made.data.code}`);
      const res = await get(made.data.code);
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location.startsWith(`/pay/${A.handle}?`)).toBe(true);
      const landed = landsOn(location);
      expect([landed.origin, landed.pathname]).toEqual([ORIGIN, `/pay/${A.handle}`]);
    }
  });

  it('planted rows and odd codes: the route never sends a payer off-site or 500s', async () => {
    // Rows that bypass createShortLink (a bad migration, a hand edit): the check constraint and the route.
    const code = () => Array.from({ length: 8 }, () => '23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'[randomInt(57)]).join('');
    for (const target of ['//evil.example/pay/', 'https://evil.example/pay/x', '/\\evil.example', 'javascript:alert(1)//pay/']) {
      await expect(db.insert(shortLinks).values({ code: code(), platformId: A.platform.id, target })).rejects.toThrow();
    }
    for (const target of ['/pay/..//evil.example', '/pay/\\\\evil.example', '/pay/x/../..//evil.example']) {
      const c = code();
      await db.insert(shortLinks).values({ code: c, platformId: A.platform.id, target });
      const res = await get(c);
      if (res.status === 302) expect(landsOn(res.headers.get('location')!).origin).toBe(ORIGIN);
      else expect(res.status).toBe(404);
    }
    for (const bad of ['', '../../etc', '%2F%2Fevil', '//evil.example', 'a'.repeat(10_000), 'AAAAAAAA\u0000', '۲۳۴۵۶۷۸۹']) {
      const res = await get(bad);
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('a short link keeps leading to its own platform after the handle changes and another merchant takes the old one', async () => {
    const shop = await makeLinkShop(db);
    const thief = await makeLinkShop(db);
    const made = await createShortLink(
      db,
      merchantActorOf(shop.merchant),
      buildLinkSchema.parse({ platformId: shop.platform.id, amount: '90000', sign: false }),
      ORIGIN,
    );
    if (!made.ok) throw new Error(made.error);
    const oldHandle = shop.handle;
    // The owner renames the link; the old handle is free, and the thief takes it.
    const renamed = await saveLink(db, shop.merchant, shop.platform.id, { ...settingsOf(shop.settings), handle: `${oldHandle}-new` });
    expect(renamed.ok).toBe(true);
    const taken = await saveLink(db, thief.merchant, thief.platform.id, { ...settingsOf(thief.settings), handle: oldHandle });
    expect(taken.ok).toBe(true);
    // The owner's printed short link must not now send its payers to the thief's shop.
    const res = await get(made.data.code);
    const location = res.headers.get('location');
    expect(location === null || landsOn(location).pathname !== `/pay/${oldHandle}`).toBe(true);
    expect(await resolveShortLink(db, made.data.code)).not.toBe(`/pay/${oldHandle}?amount=90000`);
  });
});

/** The raw form values of saved link settings, for a second save. */
function settingsOf(s: Shop['settings']) {
  return {
    handle: s.handle,
    title: s.title,
    displayUnit: s.displayUnit,
    gateways: s.gateways,
    minAmount: String(s.minAmount),
    maxAmount: s.maxAmount === null ? '' : String(s.maxAmount),
    acceptSlips: s.acceptSlips,
    enabled: s.enabled,
  };
}

describe('3. staff merchant pages and the KYC "approve and open the next": staff only', () => {
  it('every staff query refuses a merchant actor, even one shaped like staff data', async () => {
    const a = merchantActorOf(A.merchant) as never;
    await expect(listMerchants(db, a, { q: '', limit: 10, offset: 0 })).rejects.toThrow('staff only');
    await expect(merchantCounts(db, a)).rejects.toThrow('staff only');
    await expect(getMerchantForStaff(db, a, B.merchant.id)).rejects.toThrow('staff only');
    await expect(nextKycToReview(db, a)).rejects.toThrow('staff only');
    // …and staff do get them (not vacuous).
    expect((await getMerchantForStaff(db, staffActorOf(S), B.merchant.id))?.user.id).toBe(B.merchant.id);
  });

  it('the staff actions refuse a merchant and a visitor, and change nothing', async () => {
    const merchant = await makeMerchant(db);
    const [profile] = await db.insert(kycProfiles).values({ userId: merchant.id, kind: 'natural', status: 'submitted', submittedAt: new Date() }).returning();
    const slip = await awaitingSlip(A.platform.id);
    for (const who of [A.merchant, M, null]) {
      as(who);
      expect(await refused(adminKycActions.decideKycAction({ profileId: profile.id, decision: 'approve', note: '' } as never))).toBe(true);
      expect(await refused(adminKycActions.nextKycAction({ after: profile.id }))).toBe(true);
      expect(await refused(adminPlatformActions.decidePlatformAction({ platformId: A.platform.id, action: 'suspend', reason: 'x' }))).toBe(true);
      expect(await refused(adminPaymentActions.staffDecideSlipAction({ paymentId: slip.id, approve: true }))).toBe(true);
    }
    const [p] = await db.select().from(kycProfiles).where(eq(kycProfiles.id, profile.id));
    expect(p.status).toBe('submitted');
    const [pl] = await db.select().from(platforms).where(eq(platforms.id, A.platform.id));
    expect(pl.status).toBe('approved');
    const [sp] = await db.select().from(payments).where(eq(payments.id, slip.id));
    expect(sp.state).toBe('awaiting_confirmation');
    // Control: the same calls work for staff (the refusals above are about who, not a bad input).
    as(S);
    expect(await adminKycActions.nextKycAction({ after: profile.id })).toMatchObject({ ok: true });
    expect(await adminPaymentActions.staffDecideSlipAction({ paymentId: slip.id, approve: true })).toEqual({ ok: true });
    const spare = await makeLinkShop(db);
    expect(await adminPlatformActions.decidePlatformAction({ platformId: spare.platform.id, action: 'suspend', reason: 'x' })).toMatchObject({ ok: true });
  });

  it('the merchants list: odd search terms neither throw nor match as patterns', async () => {
    const staff = staffActorOf(S);
    for (const q of ['%', '_', '\\', "' or 1=1 --", '%_%', '۰۹۱۲', '+98912', '0'.repeat(200), 'x'.repeat(5000), 'a\u0000b', 'a\ud800b', '   ']) {
      const rows = await listMerchants(db, staff, { q, limit: 100, offset: 0 });
      expect(rows.length).toBeLessThanOrEqual(101);
      if (q === '%' || q === '_' || q === '%_%') {
        for (const r of rows) expect(`${r.firstName} ${r.lastName} ${r.businessName ?? ''}`.includes(q === '_' ? '_' : '%')).toBe(true);
      }
    }
    // Absurd paging is bounded too.
    expect((await listMerchants(db, staff, { limit: 1e9, offset: -5 })).length).toBeLessThanOrEqual(101);
  });

  it('the merchants page: a repeated ?q= (an array from the URL) answers the page, not a 500', async () => {
    as(S);
    // Control: the page renders with a plain term.
    await expect(AdminMerchantsPage({ searchParams: Promise.resolve({ q: 'M' }) })).resolves.toBeTruthy();
    await expect(AdminMerchantsPage({ searchParams: Promise.resolve({ q: ['M', 'T'] as unknown as string }) })).resolves.toBeTruthy();
  });
});

describe('4. the webhook test event', () => {
  let server: http.Server;
  let received = 0;
  let url: string;
  beforeAll(async () => {
    process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://localhost:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
    await new Promise((r) => server.close(r));
  });

  it('another merchant (lib and action) cannot make A’s endpoint receive anything; odd ids answer notFound', async () => {
    const set = await setWebhookEndpoint(db, merchantActorOf(A.merchant), { platformId: A.platform.id, url });
    if (!set.ok) throw new Error(set.error);
    const before = received;
    expect(await sendTestEvent(db, merchantActorOf(B.merchant), A.platform.id)).toEqual({ ok: false, error: 'notFound' });
    as(B.merchant);
    expect(await portalPlatformActions.sendTestEventAction({ platformId: A.platform.id })).toMatchObject({ ok: false });
    as(M);
    expect(await refused(portalPlatformActions.sendTestEventAction({ platformId: A.platform.id }))).toBe(true);
    for (const platformId of [randomUUID(), 'not-a-uuid', "' or 1=1 --", '']) {
      expect(await sendTestEvent(db, merchantActorOf(B.merchant), platformId)).toMatchObject({ ok: false });
    }
    expect(received).toBe(before);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, A.platform.id))).toEqual([]);
  });

  it('spacing holds under concurrency: five clicks at once send one POST', async () => {
    const shop = await makeLinkShop(db);
    const me = merchantActorOf(shop.merchant);
    const set = await setWebhookEndpoint(db, me, { platformId: shop.platform.id, url });
    if (!set.ok) throw new Error(set.error);
    const before = received;
    const results = await Promise.all(Array.from({ length: 5 }, () => sendTestEvent(db, me, shop.platform.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(4).fill('tooSoon'));
    expect(received - before).toBe(1);
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, shop.platform.id));
    expect(events).toHaveLength(1);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, events[0].id))).toHaveLength(1);
  });
});

describe('5. deep links through the login never leave the site', () => {
  const attacks = [
    '//evil.example',
    '///evil.example',
    '////evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    'https://evil.example',
    'HTTPS://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%2f%5cevil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n//evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/\u0000/evil.example',
    '/\u2215\u2215evil.example',
    '/\uff0f\uff0fevil.example',
    '/@evil.example',
    '/login?callbackUrl=//evil.example',
    'evil.example',
    '',
  ];

  it('safeCallback: every attack lands on this origin and is never a script URL', () => {
    for (const a of attacks) {
      const out = safeCallback(a);
      expect({ a, origin: landsOn(out).origin }).toEqual({ a, origin: ORIGIN });
      expect(out.startsWith('/')).toBe(true);
      expect(/^\/[/\\]/.test(out)).toBe(false);
      // A path still on this site after Next/Auth.js prefix it with the base URL.
      expect(new URL(`${ORIGIN}${out}`).origin).toBe(ORIGIN);
    }
  });

  it('the proxy’s redirect to /login carries only a same-site path, whatever the page address', () => {
    const paths = ['//evil.example/x', '/\\evil.example', '/%2F%2Fevil.example', '/reports', '/search'];
    const queries = ['', '?callbackUrl=//evil.example', '?next=https://evil.example', '?q=%0d%0aSet-Cookie:x=1', '?_rsc=1&q=%E2%80%AE'];
    for (const pathname of paths) {
      for (const search of queries) {
        const to = loginRedirectPath({ pathname, search });
        const landed = landsOn(to);
        expect([landed.origin, landed.pathname]).toEqual([ORIGIN, '/login']);
        const back = landed.searchParams.get('callbackUrl');
        if (back !== null) {
          expect(safeCallback(back)).toBe(back);
          expect(landsOn(back).origin).toBe(ORIGIN);
        }
      }
    }
  });

  it('the login action hands Auth.js only a same-site path', async () => {
    as(null);
    for (const a of attacks) {
      h.redirectTo = [];
      await authActions.loginAction({ mobile: '09120000000', password: 'whatever pass phrase', callbackUrl: a });
      for (const to of h.redirectTo) expect({ a, origin: landsOn(String(to)).origin }).toEqual({ a, origin: ORIGIN });
    }
    // …and it does reach signIn (not vacuous).
    h.redirectTo = [];
    await authActions.loginAction({ mobile: '09120000000', password: 'whatever pass phrase', callbackUrl: '/reports?x=1' });
    expect(h.redirectTo).toEqual(['/reports?x=1']);
  });

  it('a signed-in visitor of /login is sent only to a same-site path', async () => {
    as(A.merchant);
    for (const a of [...attacks, ['//evil.example', '/x']]) {
      let to: string | null = null;
      try {
        await LoginPage({ searchParams: Promise.resolve({ callbackUrl: a as string }) });
      } catch (e) {
        const digest = String((e as { digest?: string }).digest ?? '');
        if (!digest.startsWith('NEXT_REDIRECT')) throw e;
        to = digest.split(';').slice(2, -2).join(';');
      }
      expect(to).not.toBeNull();
      expect({ a, origin: landsOn(to!).origin }).toEqual({ a, origin: ORIGIN });
    }
  });
});

describe('6. slip decisions behind the confirm step', () => {
  it('A cannot decide B’s slip through the action or the lib, nor as a merchant without KYC', async () => {
    as(A.merchant);
    expect(await portalPaymentActions.decideSlipAction({ paymentId: bSlip.id, approve: true })).toEqual({ ok: false, error: 'notFound' });
    expect(await portalPaymentActions.decideSlipAction({ paymentId: bSlip.id, approve: false, reason: 'no' })).toEqual({ ok: false, error: 'notFound' });
    expect((await decideSlip(db, merchantActorOf(A.merchant), { paymentId: bSlip.id, approve: true, reason: '' })).ok).toBe(false);
    as(M);
    expect(await refused(portalPaymentActions.decideSlipAction({ paymentId: bSlip.id, approve: true }))).toBe(true);
    for (const paymentId of ['x', "' or 1=1 --", randomUUID()]) {
      as(A.merchant);
      expect(await portalPaymentActions.decideSlipAction({ paymentId, approve: true })).toMatchObject({ ok: false });
    }
    const [p] = await db.select().from(payments).where(eq(payments.id, bSlip.id));
    expect(p.state).toBe('awaiting_confirmation');
    expect(await postingsOf(db, bSlip.id)).toEqual([]);
  });

  it('confirming twice at once (the action, clicked repeatedly, and staff rejecting meanwhile): one decision, one credit', async () => {
    for (let round = 0; round < 3; round++) {
      const slip = await awaitingSlip(A.platform.id);
      as(A.merchant);
      const results = await Promise.all([
        ...Array.from({ length: 6 }, () => portalPaymentActions.decideSlipAction({ paymentId: slip.id, approve: true })),
        decideSlip(db, staffActorOf(S), { paymentId: slip.id, approve: false, reason: 'no such deposit' }).then((r) => (r.ok ? { ok: true as const } : r)),
        decideSlip(db, merchantActorOf(A.merchant), { paymentId: slip.id, approve: true, reason: '' }).then((r) => (r.ok ? { ok: true as const } : r)),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, error: 'alreadyDecided' });
      const [after] = await db.select().from(payments).where(eq(payments.id, slip.id));
      expect(['succeeded', 'failed']).toContain(after.state);
      expect(await postingsOf(db, slip.id)).toHaveLength(after.state === 'succeeded' ? 1 : 0);
    }
  });
});
