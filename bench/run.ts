/**
 * `npm run bench`: the costs behind sign-up and login, measured on the real PostgreSQL
 * (embedded unless DATABASE_URL is set). Prints a table.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { createDb } from '@/db';
import { benchTable } from './measure';
import { benchDatabase } from './setup';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const { url, embedded } = await benchDatabase();

// Imported after DATABASE_URL is known: these read the environment.
const { hashPassword, verifyPassword } = await import('@/lib/auth/password');
const { issueOtp, verifyOtp } = await import('@/lib/auth/otp');
const { verifyLogin } = await import('@/lib/auth/login');
const { upsertUser } = await import('@/lib/auth/accounts');

const { db, client } = createDb(url, { max: 20 });
const { rows, measure } = benchTable();

const mobile = (i: number) => `0913${String(i).padStart(7, '0')}`;
const ip = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

const stored = await hashPassword('bench pass phrase');
await measure('scrypt hash (N=2^15, r=8)', 40, 2, () => hashPassword('bench pass phrase'));
await measure('scrypt verify', 40, 2, () => verifyPassword('bench pass phrase', stored));
await measure('issue OTP (locks + caps + insert)', 2000, 20, (i) => db.transaction((tx) => issueOtp(tx, { mobile: mobile(i), purpose: 'signup', ip: ip() })));
await measure('verify OTP, wrong code', 2000, 20, (i) => verifyOtp(db, { mobile: mobile(i), purpose: 'signup', code: '000000' }));
await upsertUser(db, { mobile: '09139999999', firstName: 'B', lastName: 'B', password: 'bench pass phrase', role: 'merchant' });
await measure('login, right password', 40, 4, () => verifyLogin(db, { mobile: '09139999999', password: 'bench pass phrase', ip: ip() }));

// The /api/v1 edge: key check, rate limit, handler and request log, called as Next calls a route.
const { ensureCatalogue } = await import('@/db/catalogue');
const { kycProfiles } = await import('@/db/schema');
const { acceptTermsAndRequest, currentTerms } = await import('@/lib/services');
const { addPlatform } = await import('@/lib/platforms');
const { GET: getPlatform } = await import('@/app/api/v1/platform/route');
await ensureCatalogue(db);
const merchant = await upsertUser(db, { mobile: '09138888888', firstName: 'B', lastName: 'B', password: 'bench pass phrase', role: 'merchant' });
await db.insert(kycProfiles).values({ userId: merchant.id, kind: 'natural', status: 'approved', approvedAt: new Date() }).onConflictDoNothing();
const terms = (await currentTerms(db, 'payment'))!;
const { addPlatformSchema } = await import('@/lib/validation/platforms');
const benchActor = { kind: 'merchant', userId: merchant.id, merchantId: merchant.id, role: 'owner', via: { ip: '10.0.0.1', userAgent: 'bench' } } as const;
const requested = await acceptTermsAndRequest(db, benchActor, { serviceId: 'payment', termsVersion: terms.version });
if (!requested.ok) throw new Error(requested.error);
const added = await addPlatform(
  db,
  benchActor,
  addPlatformSchema.parse({
    merchantServiceId: requested.data.merchantServiceId,
    type: 'app',
    name: 'bench',
    address: 'ir.bench.app',
    expectedMonthlyVolume: '1',
  }),
);
if (!added.ok) throw new Error(added.error);
const platform = added.data;
process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
await measure('GET /api/v1/platform (key, limit, log), 20 concurrent', 2000, 20, async () => {
  const res = await getPlatform(new Request('http://bench/api/v1/platform', { headers: { authorization: `Bearer ${platform.sandboxKey}` } }));
  if (res.status !== 200) throw new Error(`status ${res.status}`);
});

// Ledger postings for one platform: every posting updates the same three hot account rows.
const { postPaymentSucceeded } = await import('@/lib/ledger');
await measure('ledger: payment posting on one platform, 20 concurrent', 2000, 20, (i) =>
  db.transaction((tx) => postPaymentSucceeded(tx, { paymentId: `bench-${i}`, platformId: platform.platform.id, amount: 1_000_000n, fee: 10_000n })),
);

// A whole online payment on the sandbox bank: create, open the gateway, pay, callback + verify + posting.
const { platforms } = await import('@/db/schema');
const { eq } = await import('drizzle-orm');
await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.platform.id));
const { createPayment, startPayment, handleCallback } = await import('@/lib/payments');
const { sandboxPay } = await import('@/lib/gateways/sandbox');
await measure('payment end to end on the sandbox bank, 20 concurrent', 1000, 20, async () => {
  const p = await createPayment(db, { platformId: platform.platform.id, source: 'link', livemode: true, amount: 250_000n });
  const started = await startPayment(db, p.id, 'sandbox', 'http://bench');
  if (!started.ok) throw new Error(started.error);
  const token = started.pageUrl.split('/').pop()!;
  await sandboxPay(db, { token, card: SANDBOX_CARD.success });
  const done = await handleCallback(db, 'sandbox', { token });
  if (done?.state !== 'succeeded') throw new Error(`state ${done?.state}`);
});

// The hardening's costs (issue 11): the GCRA limiter on one hot bucket and on many, a payer's
// submit through the public page's throttles and open-payment cap, a wrong password with its
// counted claim, and a webhook delivered through the resolved-address check.
{
  const { hit } = await import('@/lib/rate-limit');
  const rule = { limit: 1_000_000, windowSeconds: 60 };
  await measure('rate limit: one hot bucket (an API platform), 20 concurrent', 5000, 20, () => hit(db, 'bench:hot', rule));
  await measure('rate limit: a bucket per client address, 20 concurrent', 5000, 20, (i) => hit(db, `bench:ip:${i}`, rule));
  await measure('login, wrong password (claim under lock + hash), 4 concurrent', 40, 4, (i) =>
    verifyLogin(db, { mobile: mobile(500_000 + i), password: 'not the one', ip: ip() }),
  );
  const { makeLinkShop } = await import('@/lib/payments/fixtures');
  const { payByLink } = await import('@/lib/payments/pay-by-link');
  const shops = await Promise.all(Array.from({ length: 20 }, () => makeLinkShop(db)));
  await measure('pay by link (2 throttles, open-payment cap, start on the sandbox), 20 concurrent', 800, 20, async (i) => {
    const r = await payByLink(
      db,
      { handle: shops[i % 20].handle, payer: { name: 'Payer', mobile: mobile(700_000 + i), amount: '25000', method: 'online', gateway: 'sandbox' }, query: {} },
      { baseUrl: 'http://bench', ip: `10.9.${i >> 8}.${i & 255}` },
    );
    if (!r.ok && r.error !== 'linkBusy') throw new Error(JSON.stringify(r));
  });
  const http = await import('node:http');
  const receiver = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
  const { setResolverForTests } = await import('@/lib/net/fetch');
  setResolverForTests(async () => ['127.0.0.1']);
  const { webhookEndpoints, webhookEvents } = await import('@/db/schema');
  const { deliverEvent } = await import('@/lib/webhooks/events');
  await db
    .insert(webhookEndpoints)
    .values({
      platformId: platform.platform.id,
      url: `http://hooks.bench.test:${port}/in`,
      secretEncrypted: (await import('@/lib/crypto/secretbox')).seal('whsec_' + 'A'.repeat(32)),
    })
    .onConflictDoNothing();
  const ids = Array.from({ length: 500 }, (_, i) => `msg_${String(i).padStart(32, '0')}`);
  await db.insert(webhookEvents).values(ids.map((id) => ({ id, platformId: platform.platform.id, type: 'payment.succeeded', payload: { n: id } })));
  await measure('webhook delivery through the address check (local receiver), 10 concurrent', 500, 10, (i) => deliverEvent(db, ids[i], false));
  receiver.close();
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
}
const { runSettlement } = await import('@/lib/payments/settlement');
const { addIsoDays, settlementDayFrom } = await import('@/lib/calendar/holidays');
const { tehranIso } = await import('@/lib/date/tehran');
// 09:00 Tehran on the first working day after tomorrow, so the run is not skipped for a holiday.
const runAt = new Date(`${settlementDayFrom(addIsoDays(tehranIso(new Date()), 2))}T05:30:00Z`);
await measure('settlement run (the 1000 payments above)', 1, 1, () => runSettlement(db, runAt));
const { listLinkPayments } = await import('@/lib/payments/link-report');
const { merchantBalances } = await import('@/lib/payments/balances');
const [owner] = await db.select({ userId: platforms.userId }).from(platforms).where(eq(platforms.id, platform.platform.id));
const ownerActor = { kind: 'merchant', userId: owner.userId, merchantId: owner.userId, role: 'owner' } as const;
await measure('link report, first page of 25 (1000 payments), 10 concurrent', 500, 10, () => listLinkPayments(db, ownerActor, { q: '' }));
await measure('merchant balances (sidebar), 10 concurrent', 1000, 10, () => merchantBalances(db, ownerActor));

// Payouts (issue 13): 50 withdrawal requests at once from the settled platform above (each under the
// merchant's cap lock and on the same withdrawable row), then the payouts page's first page.
{
  const { ensureKycBankAccount, requestPayout } = await import('@/lib/payouts');
  const { listPayouts } = await import('@/lib/payouts/queries');
  await db
    .update(kycProfiles)
    .set({ approvedFinancial: { sheba: 'IR820540102680020817909002', accountHolder: 'Bench', accountNumber: '1' } })
    .where(eq(kycProfiles.userId, owner.userId));
  const account = (await ensureKycBankAccount(db, ownerActor))!;
  await measure('withdrawal requests on one platform, 50 concurrent', 50, 50, async () => {
    const r = await requestPayout(db, ownerActor, { platformId: platform.platform.id, bankAccountId: account.id, amount: 100_000n });
    if (!r.ok) throw new Error(JSON.stringify(r));
  });
  await measure('payouts page, first page of 25, 10 concurrent', 500, 10, () => listPayouts(db, ownerActor, {}));

  // Staff build one bank file (xlsx, the Paya group-transfer layout) of 10 000 approved payouts
  // (inserted straight as approved: this measures the file, not the postings measured above).
  const { sql } = await import('drizzle-orm');
  const { buildBatch } = await import('@/lib/payouts/batches');
  const { localStorage } = await import('@/lib/storage');
  const os = await import('node:os');
  const fs = await import('node:fs');
  const admin = await upsertUser(db, { mobile: '09137777777', firstName: 'B', lastName: 'S', password: 'bench pass phrase', role: 'admin' });
  await db.execute(sql`insert into payouts (merchant_id, platform_id, bank_account_id, amount, state, requested_at, decided_at)
    select ${owner.userId}::uuid, ${platform.platform.id}::uuid, ${account.id}::uuid, 100000 + i, 'approved', now(), now()
    from generate_series(1, 10000) i`);
  const storage = localStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-batches-')));
  let batched = 0;
  await measure('payout batch: 10 000 approved payouts into one bank file', 1, 1, async () => {
    const r = await buildBatch(
      db,
      { kind: 'staff', userId: admin.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
      {},
      { storage },
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    batched = r.data.count;
  });
  if (batched < 10_000) throw new Error(`batched ${batched}, expected at least 10000`);

  // Staff's payouts export of this Jalali month: 100 000 more payouts over its days, in every
  // state, to two banks (a busy month of daily automatic settlements), totals and xlsx to a sink.
  const { Writable } = await import('node:stream');
  const { bankAccounts } = await import('@/db/schema');
  const { currentJalaliMonth, exportPayouts, exportWindow, payoutExportTotals } = await import('@/lib/payouts/export');
  const { tehranStartOf } = await import('@/lib/date/tehran');
  const [melli] = await db
    .insert(bankAccounts)
    .values({ merchantId: owner.userId, sheba: 'IR110170000000123456789001', bankCode: '017', holderName: 'Bench', source: 'merchant', status: 'approved' })
    .returning();
  const month = currentJalaliMonth();
  await db.execute(sql`insert into payouts (merchant_id, platform_id, bank_account_id, amount, fee, state, requested_at)
    select ${owner.userId}::uuid, ${platform.platform.id}::uuid, case when i % 3 = 0 then ${melli.id}::uuid else ${account.id}::uuid end,
      100000 + i, case when i % 10 = 0 then 5000 else 0 end,
      (array['requested','approved','sent','paid','paid','paid','returned','canceled','rejected'])[1 + i % 9]::payout_state,
      ${tehranStartOf(month.from).toISOString()}::timestamptz + (i % 29) * interval '1 day' + (i % 86400) * interval '1 second'
    from generate_series(1, 100000) i`);
  await db.execute(sql`analyze payouts`);
  const staffActor = { kind: 'staff', userId: admin.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] } as const;
  await measure("staff payouts export: this month's totals (≥ 110 000 payouts), 10 concurrent", 200, 10, () =>
    payoutExportTotals(db, staffActor, {}, exportWindow({})),
  );
  const sink = () => new Writable({ write: (_c, _e, done) => done() });
  let exported = 0;
  await measure("staff payouts export: this month's whole xlsx (≥ 110 000 rows), 2 concurrent", 4, 2, async () => {
    exported = await exportPayouts({ db, client, actor: staffActor, filters: {}, locale: 'fa', out: sink() });
  });
  if (exported < 100_000) throw new Error(`exported ${exported}, expected at least 100000`);
}

// Refunds (issue 14): on a platform of their own, so that the lines above keep their sizes.
{
  const { benchRefunds } = await import('./refunds');
  await benchRefunds(db, measure);
  const { benchDisputes } = await import('./disputes');
  await benchDisputes(db, measure);
}

// Phone payments (issue 15): 50 IVR platforms, 200 000 invoices and a day of 500 000 look-ups of their own.
{
  const { benchIvr } = await import('./ivr');
  await benchIvr(db, measure);
}

// Top-ups (issue 16): 50 charge platforms, 200 000 orders and a provider's catalogue of 200 products of their own.
{
  const { benchTopup } = await import('./topup');
  await benchTopup(db, measure);
}

// Split payments (issue 17): 20 marketplaces, 60 sellers, 200 000 invoices and 600 000 parts of their own.
{
  const { benchSplit } = await import('./split');
  await benchSplit(db, measure);
}

// The virtual POS (issue 18): a day of 2 000 sales reconciled against N Kolay's list (a local fake), and the card-collections list over 100 000 lira payments.
{
  const { benchVpos } = await import('./vpos');
  await benchVpos(db, measure);
}

// Staff's merchants (issue 19): 100 000 merchants of its own searched and filtered, and one busy merchant's page.
{
  const { benchAdminMerchants } = await import('./admin-merchants');
  await benchAdminMerchants(db, measure);
}

// The audit trail (issue 20): 1 000 000 events read by staff's filters and keyset pages, and a merchant's own trail.
{
  const { benchAudit } = await import('./audit');
  await benchAudit(db, measure);
}

// Who is asking, on every signed-in request: one statement against the three lookups it replaced.
{
  const { benchSession } = await import('./session');
  await benchSession(db, measure);
}

// Payers' inquiries (issue 21): a merchant's list of 20 000 among 100 000, staff's overdue queue, a payer asking.
{
  const { benchInquiries } = await import('./inquiries');
  await benchInquiries(db, measure);
}

// Support tickets (issue 21): staff's queue over 100 000 tickets, 4 000 active.
{
  const { benchSupport, benchSupportLive } = await import('./support');
  await benchSupport(db, measure);
  await benchSupportLive(db, measure);
}

// Messages: a broadcast to 100 000 merchants, one merchant's inbox of 5 000 messages, 10 000 reminders due at once.
{
  const { sql } = await import('drizzle-orm');
  const { broadcasts, events } = await import('@/db/schema');
  const { sendBroadcast, unreadCount, listMessages } = await import('@/lib/messages');
  const { sendDueReminders } = await import('@/lib/events');
  const { inboxFilterSchema } = await import('@/lib/validation/messages');
  await db.execute(sql`insert into users (mobile, first_name, last_name, password_hash)
    select '0914' || lpad(i::text, 7, '0'), 'B', 'M', 'x' from generate_series(1, 100000) i on conflict do nothing`);
  const [b] = await db
    .insert(broadcasts)
    .values({ title: 'Bench', body: 'To everyone', target: { kind: 'all' } })
    .returning({ id: broadcasts.id });
  await measure('broadcast to every merchant (≥ 100 000 inbox rows, one job)', 1, 1, () => sendBroadcast(db, b.id));
  const [reader] = await db.execute<{ id: string }>(sql`select id from users where mobile = '09140000001'`);
  await db.execute(sql`insert into messages (user_id, source, category, title, body, read_at)
    select ${reader.id}::uuid, 'system', 'settlement', 'Settlement ' || i, 'Money from shop ' || i, case when i % 3 = 0 then null else now() end
    from generate_series(1, 5000) i`);
  await db.execute(sql`analyze messages`);
  await measure('unread count (sidebar), inbox of 5 000, 10 concurrent', 1000, 10, () =>
    unreadCount(db, { kind: 'merchant', userId: reader.id, merchantId: reader.id, role: 'owner' }),
  );
  await measure('inbox first page, inbox of 5 000, 10 concurrent', 500, 10, () =>
    listMessages(db, { kind: 'merchant', userId: reader.id, merchantId: reader.id, role: 'owner' }, inboxFilterSchema.parse({})),
  );
  await measure('inbox search, inbox of 5 000, 10 concurrent', 200, 10, () =>
    listMessages(db, { kind: 'merchant', userId: reader.id, merchantId: reader.id, role: 'owner' }, inboxFilterSchema.parse({ q: 'shop 4999' })),
  );
  const due = new Date();
  await db.execute(sql`insert into events (user_id, title, starts_at, remind_minutes, remind_at)
    select u.id, 'Bench event', ${due.toISOString()}::timestamptz + interval '1 hour', 60, ${due.toISOString()}::timestamptz
    from users u where u.mobile like '0914%' limit 10000`);
  let sent = 0;
  await measure('reminders: 10 000 due at once, two sweeps racing', 1, 1, async () => {
    const r = await Promise.all([sendDueReminders(db, due), sendDueReminders(db, due)]);
    sent = r[0] + r[1];
  });
  if (sent !== 10_000) throw new Error(`sent ${sent} reminders, expected 10000`);
  await db.delete(events);
}

console.table(rows);
console.log(`memory: rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);

// Reports at scale (BENCH_ROWS payments, 100 000 here unless set; `npm run bench:reports` makes 1 000 000; BENCH_ROWS=0 skips them).
if (Number(process.env.BENCH_ROWS ?? 1) > 0) {
  const { benchReports } = await import('./reports');
  const { makePlatform } = await import('@/test/fixtures');
  await benchReports(db, client, makePlatform, 100_000);
  // The header's global search over the same payments (lib/search), merchant and staff.
  const { benchSearch } = await import('./search');
  await benchSearch(db, client, makePlatform);
}
// The merchant API over HTTP against the production build, beside the database's own ceiling (issue 22; BENCH_API=0 skips it).
if (process.env.BENCH_API !== '0') {
  const { benchApi } = await import('./api');
  console.table(await benchApi(db, client, url));
}
// The long money simulation across a deployment of two web instances and two workers (issue 22; opt-in,
// BENCH_SIM=1, as it takes minutes: `npm run bench:sim` runs it alone). It starts its own PostgreSQL.
if (process.env.BENCH_SIM === '1') {
  const { benchSim } = await import('./sim-only');
  if ((await benchSim()) !== 0) console.error('bench: the money simulation failed (its seed is printed above)');
}
await client.end();
await embedded?.stop();
// The SMS and webhook senders the measured code starts (pg-boss) keep timers alive: the table is printed, so leave.
process.exit(0);
