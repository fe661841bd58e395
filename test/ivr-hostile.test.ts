/**
 * Hostile review of phone payments (IVR): another merchant's ids, staff-only functions, the caller
 * on the phone, a rogue IVR operator, anyone on the internet, and the clock. Each finding (marked
 * FINDING) was a failing test before its fix; the others document what held. After each test the
 * ledger's invariants hold.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as paystarResultRoute } from '@/app/api/ivr/get-transaction-result/route';
import { POST as lookupRoute } from '@/app/api/ivr/transactions/route';
import { POST as bankIvrRoute } from '@/app/api/sandbox/bank-ivr/route';
import { GET as getInvoiceRoute } from '@/app/api/v1/ivr/invoices/[code]/route';
import { POST as postInvoiceRoute } from '@/app/api/v1/ivr/invoices/route';
import { auditEvents, ivrCallerStrikes, ivrInvoices, ivrLookups, ivrSettings, ledgerPostings, paymentAlerts, paymentAttempts, payments } from '@/db/schema';
import type { BankAnswer, CallLog } from '@/lib/gateways/types';
import {
  cancelIvrInvoice,
  createIvrInvoice,
  getIvrInvoice,
  getIvrSettings,
  ivrLookup,
  listIvrInvoices,
  lookupStats,
  payByBankIvr,
  pollRailInvoices,
  rollIvrSecret,
  sandboxPhoneLine,
  sandboxPhoneLookup,
  setIvrRail,
  smsIvrInvoice,
  updateIvrSettings,
  type LookupAnswer,
} from '@/lib/ivr';
import { makeIvrPlatform } from '@/lib/ivr/fixtures';
import { setIvrRailForTests, type IvrRailClient } from '@/lib/ivr/rail';
import { ivrLookupSchema } from '@/lib/ivr/schemas';
import { ledgerViolations } from '@/lib/ledger';
import { createPayment, runJanitor } from '@/lib/payments';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

// The deployment's environment, switchable per test (APP_ENV=production for the sandbox's limits).
const envOverride = vi.hoisted(() => ({ appEnv: null as null | 'production' }));
vi.mock('@/lib/env', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/env')>();
  return { ...real, env: () => (envOverride.appEnv ? { ...real.env(), APP_ENV: envOverride.appEnv } : real.env()) };
});

const db = testDb();
const BASE = 'http://dargah.test';
const send = apiRequest(BASE);

beforeAll(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

afterEach(async () => {
  envOverride.appEnv = null;
  setIvrRailForTests(null);
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const PAID = SANDBOX_CARD.success;
const INSUFFICIENT = SANDBOX_CARD.insufficient;

type Fixture = Awaited<ReturnType<typeof makeIvrPlatform>>;

let callerSeq = 0;
const newCaller = () => `0935${String(process.pid % 1000).padStart(3, '0')}${String(++callerSeq).padStart(4, '0')}`;
const codeOf = (a: LookupAnswer) => (a.ok ? 0 : a.code);

async function invoice(f: Fixture, opts: { amount?: bigint; orderId?: string | null; now?: Date } = {}) {
  const r = await createIvrInvoice(
    db,
    f.actor,
    { platformId: f.platform.id, amount: opts.amount ?? 160_000n, orderId: opts.orderId ?? null, customerName: 'Sara', email: null, phone: '09121234567' },
    opts.now,
  );
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

const lookup = (credential: string | null, body: Record<string, unknown>, now?: Date) => ivrLookup(db, credential, ivrLookupSchema.parse(body), now);
const keyed = (f: Fixture, code: string, caller = newCaller(), now?: Date) =>
  lookup(f.credential, { invoice_id: code, merchant_cid: caller, ivr: 0, type: 1 }, now);

async function merchantNumberOf(platformId: string) {
  const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, platformId));
  return s.merchantNumber;
}

async function pay(f: Fixture, a: LookupAnswer, card: string = PAID) {
  if (!a.ok) throw new Error(`lookup answered ${a.code}`);
  return payByBankIvr(db, {
    merchant_id: await merchantNumberOf(f.platform.id),
    transaction_id: String(a.transactionId),
    amount: BigInt(a.price),
    card,
    pin: '1234',
  });
}

const postingsOf = (paymentId: string) =>
  db
    .select()
    .from(ledgerPostings)
    .where(and(eq(ledgerPostings.kind, 'payment_succeeded'), eq(ledgerPostings.reference, paymentId)));

const lookupReq = (credential: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/api/ivr/transactions`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...headers },
  });

/** A fake PayStar IVR: factors get 8-digit codes; results are what the test sets (pending until then). */
function fakeRail() {
  const results = new Map<string, BankAnswer>();
  const asked: string[] = [];
  const log: CallLog = { request: { fake: true }, response: { fake: true }, latencyMs: 0 };
  const client: IvrRailClient = {
    async createFactor() {
      return { ok: true, trackingCode: String(randomInt(10_000_000, 100_000_000)), log };
    },
    async result(code) {
      asked.push(code);
      // A little latency, so two workers' polls overlap.
      await new Promise((r) => setTimeout(r, 20));
      return { ...(results.get(code) ?? { status: 'pending' }), log };
    },
  };
  setIvrRailForTests(client);
  return { results, asked };
}

async function railPlatform() {
  const f = await makeIvrPlatform(db);
  const admin = staffActorOf(await makeAdmin(db));
  expect((await setIvrRail(db, admin, f.platform.id, 'paystar')).ok).toBe(true);
  return f;
}

const duePoll = (invoiceId: string) =>
  db
    .update(ivrInvoices)
    .set({ nextPollAt: new Date(Date.now() - 1000) })
    .where(eq(ivrInvoices.id, invoiceId));

describe('another merchant’s ids and staff-only functions', () => {
  it('every lib function taking an actor refuses another merchant’s platform, invoice and settings', async () => {
    const f = await makeIvrPlatform(db);
    const other = await makeIvrPlatform(db);
    const mine = await invoice(f);
    expect(await getIvrSettings(db, other.actor, f.platform.id)).toBeNull();
    expect(
      await updateIvrSettings(db, other.actor, {
        platformId: f.platform.id,
        invoiceTtlMinutes: 5,
        callerWrongCap: 100,
        callerWindowMinutes: 1,
        invoiceFailCap: 100,
      }),
    ).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await rollIvrSecret(db, other.actor, f.platform.id, 'credential')).toEqual({ ok: false, error: 'notFound' });
    expect(await rollIvrSecret(db, other.actor, f.platform.id, 'trunk')).toEqual({ ok: false, error: 'notFound' });
    expect(await getIvrInvoice(db, other.actor, mine.id)).toBeNull();
    expect(await cancelIvrInvoice(db, other.actor, mine.id)).toEqual({ ok: false, error: 'notFound' });
    expect(await smsIvrInvoice(db, other.actor, mine.id, () => 'x')).toEqual({ ok: false, error: 'notFound' });
    expect(await listIvrInvoices(db, other.actor, { platformId: f.platform.id })).toEqual([]);
    const made = await createIvrInvoice(db, other.actor, {
      platformId: f.platform.id,
      amount: 10_000n,
      orderId: null,
      customerName: null,
      email: null,
      phone: null,
    });
    expect(made).toEqual({ ok: false, error: 'notFound' });
    // The other merchant's credential, trunk and merchant number get nothing of this platform.
    expect(codeOf(await keyed(other, mine.trackingCode))).toBe(2);
    const order = { order_id: `o-${randomUUID()}`, merchant_cid: newCaller(), amount: 50_000, ivr: 1, type: 1 };
    expect(codeOf(await lookup(other.credential, { ...order, trunk_id: f.trunk }))).toBe(1);
    expect(codeOf(await lookup(f.credential, { ...order, trunk_id: other.trunk }))).toBe(1);
    const a = await keyed(f, mine.trackingCode);
    if (!a.ok) throw new Error('lookup');
    expect(
      await payByBankIvr(db, {
        merchant_id: await merchantNumberOf(other.platform.id),
        transaction_id: String(a.transactionId),
        amount: 160_000n,
        card: PAID,
        pin: '1234',
      }),
    ).toEqual({ ok: false, error: 'notFound' });
    // Nothing of f's was changed.
    const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, f.platform.id));
    expect(s.invoiceFailCap).toBe(3);
  });

  it('staff-only functions refuse a merchant actor', async () => {
    const f = await makeIvrPlatform(db);
    await expect(lookupStats(db, f.actor as never, new Date(0))).rejects.toThrow('staff only');
    await expect(setIvrRail(db, f.actor as never, f.platform.id, 'paystar')).rejects.toThrow('staff only');
    const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, f.platform.id));
    expect(s.rail).toBe('sandbox');
  });

  it('the API answers another platform’s tracking code exactly like one that does not exist', async () => {
    const f = await makeIvrPlatform(db, { approved: false });
    const other = await makeIvrPlatform(db, { approved: false });
    const theirs = await invoice(other);
    for (const code of [theirs.trackingCode, '12345678', '%31%32', '1'.repeat(40)]) {
      const res = await getInvoiceRoute(send('GET', `/api/v1/ivr/invoices/${code}`, f.apiKey));
      expect(res.status).toBe(404);
      const ps = await paystarResultRoute(send('GET', `/api/ivr/get-transaction-result?tracking_code=${code}`, f.apiKey));
      expect(ps.status).toBe(200);
      expect((await ps.json()).status).toBe(-5);
    }
  });
});

describe('money', () => {
  it('FINDING: an invoice whose order id another payment of the platform already has is paid under its own id, not a 503 for ever', async () => {
    const f = await makeIvrPlatform(db);
    const orderId = `shared-${randomUUID().slice(0, 8)}`;
    // The merchant's online payment with this order id, then a phone invoice with the same one.
    await createPayment(db, { platformId: f.platform.id, source: 'api', livemode: true, amount: 70_000n, orderId });
    const inv = await invoice(f, { orderId });
    const a = await keyed(f, inv.trackingCode);
    expect(a.ok).toBe(true);
    expect(await pay(f, a)).toMatchObject({ ok: true, outcome: 'paid' });
    if (a.ok) expect(await postingsOf(a.paymentId)).toHaveLength(1);
  });

  it('FINDING: on PayStar’s rail, an invoice whose order id another payment already has is kept (PayStar made its factor), not a 500', async () => {
    fakeRail();
    const f = await railPlatform();
    const orderId = `shared-${randomUUID().slice(0, 8)}`;
    await createPayment(db, { platformId: f.platform.id, source: 'api', livemode: true, amount: 70_000n, orderId });
    const inv = await invoice(f, { orderId });
    expect(inv).toMatchObject({ rail: 'paystar', orderId });
    const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(p).toMatchObject({ state: 'created', amount: 160_000n, gateway: 'paystar-ivr', gatewayToken: inv.trackingCode });
  });

  it('FINDING: an IVR-to-IVR order id of 64 characters can be paid again after a declined card', async () => {
    const f = await makeIvrPlatform(db);
    const order = { order_id: `${randomUUID()}`.padEnd(64, '9'), merchant_cid: newCaller(), amount: 180_000, trunk_id: f.trunk, ivr: 1, type: 1 };
    const first = await lookup(f.credential, order);
    expect(await pay(f, first, INSUFFICIENT)).toMatchObject({ ok: true, outcome: 'declined' });
    const second = await lookup(f.credential, order);
    expect(second.ok).toBe(true);
    expect(await pay(f, second)).toMatchObject({ ok: true, outcome: 'paid' });
  });

  it('the per-invoice cap of failed payments holds under concurrent look-ups: never a 4th payment past a cap of 3', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => keyed(f, inv.trackingCode)));
      const ids = new Set(answers.filter((a) => a.ok).map((a) => (a.ok ? a.transactionId : 0)));
      if (round < 3) {
        expect(ids.size).toBe(1);
        const a = answers.find((x) => x.ok)!;
        expect(await pay(f, a, INSUFFICIENT)).toMatchObject({ ok: true, outcome: 'declined' });
      } else {
        expect(answers.map(codeOf)).toEqual(Array(10).fill(5));
      }
    }
    const rows = await db.select().from(payments).where(eq(payments.platformId, f.platform.id));
    expect(rows.map((p) => p.state)).toEqual(['failed', 'failed', 'failed']);
  });

  it('FINDING: the failed-payment count stays the number of failed payments after the cap (not one more per look-up)', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    for (let i = 0; i < 3; i++) await pay(f, await keyed(f, inv.trackingCode), INSUFFICIENT);
    for (let i = 0; i < 4; i++) expect(codeOf(await keyed(f, inv.trackingCode))).toBe(5);
    const [row] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.id, inv.id));
    expect(row.failedPayments).toBe(3);
  });

  it('an invoice made with a test key on a live platform is paid in test mode, off the ledger', async () => {
    const f = await makeIvrPlatform(db);
    const res = await postInvoiceRoute(send('POST', '/api/v1/ivr/invoices', f.apiKey, { amount: 75_000, order_id: `t-${randomUUID()}` }));
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made.livemode).toBe(false);
    const a = await keyed(f, made.tracking_code);
    expect(await pay(f, a)).toMatchObject({ ok: true, outcome: 'paid' });
    if (!a.ok) return;
    const [p] = await db.select().from(payments).where(eq(payments.id, a.paymentId));
    expect(p).toMatchObject({ livemode: false, state: 'succeeded' });
    expect(await postingsOf(p.id)).toHaveLength(0);
  });

  it('the bank IVR paid twice at once, and look-ups racing it: one payment, one posting', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const a = await keyed(f, inv.trackingCode);
    const results = await Promise.all([pay(f, a), pay(f, a), keyed(f, inv.trackingCode), keyed(f, inv.trackingCode)]);
    expect(results.slice(0, 2).filter((r) => 'ok' in r && r.ok && 'outcome' in r && r.outcome === 'paid')).toHaveLength(1);
    expect(results.slice(0, 2)).toContainEqual({ ok: false, error: 'alreadyDone' });
    const rows = await db.select().from(payments).where(eq(payments.platformId, f.platform.id));
    expect(rows).toHaveLength(1);
    expect(await postingsOf(rows[0].id)).toHaveLength(1);
    expect(codeOf(await keyed(f, inv.trackingCode))).toBe(3);
  });

  it('a look-up racing a cancel: either the caller is refused or the money is credited once, never a payment left hanging', async () => {
    for (let i = 0; i < 3; i++) {
      const f = await makeIvrPlatform(db);
      const inv = await invoice(f);
      const [a, c] = await Promise.all([keyed(f, inv.trackingCode), cancelIvrInvoice(db, f.actor, inv.id)]);
      if (a.ok) {
        const r = await pay(f, a);
        expect(r.ok).toBe(true);
        const [p] = await db.select().from(payments).where(eq(payments.id, a.paymentId));
        if (p.state === 'succeeded') expect(await postingsOf(p.id)).toHaveLength(1);
        else expect(['canceled', 'failed']).toContain(p.state);
      } else expect(c.ok).toBe(true);
    }
  });

  it('a transaction handed out just before expiry and paid after it is credited once; a look-up after it hears 3', async () => {
    const f = await makeIvrPlatform(db);
    const t0 = new Date();
    const inv = await invoice(f, { now: t0 });
    const a = await keyed(f, inv.trackingCode, newCaller(), new Date(inv.expiresAt.getTime() - 1));
    expect(codeOf(await keyed(f, inv.trackingCode, newCaller(), inv.expiresAt))).toBe(4);
    expect(await pay(f, a)).toMatchObject({ ok: true, outcome: 'paid' });
    if (a.ok) expect(await postingsOf(a.paymentId)).toHaveLength(1);
    expect(codeOf(await keyed(f, inv.trackingCode, newCaller(), inv.expiresAt))).toBe(3);
  });

  it('FINDING: a call abandoned at the bank and closed by the janitor cannot then be charged by the bank IVR (money the bank takes and Dargah never credits)', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const a = await keyed(f, inv.trackingCode);
    if (!a.ok) throw new Error('lookup');
    // The caller hung up at the bank; half an hour later the janitor closes the payment.
    await db
      .update(payments)
      .set({ createdAt: new Date(Date.now() - 31 * 60_000), updatedAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(payments.id, a.paymentId));
    await runJanitor(db);
    const [closed] = await db.select().from(payments).where(eq(payments.id, a.paymentId));
    expect(closed.state).toBe('canceled');
    // Keying the card on the old transaction now must not take money.
    expect(await pay(f, a)).toEqual({ ok: false, error: 'alreadyDone' });
    // A new look-up gives a new transaction, paid once.
    const b = await keyed(f, inv.trackingCode);
    expect(await pay(f, b)).toMatchObject({ ok: true, outcome: 'paid' });
    if (b.ok) expect(await postingsOf(b.paymentId)).toHaveLength(1);
  });
});

describe('PayStar’s rail', () => {
  it('FINDING: a rail invoice PayStar reports paid is credited (once, even with two pollers at once), with its amount checked', async () => {
    const rail = fakeRail();
    const f = await railPlatform();
    const inv = await invoice(f, { amount: 250_000n });
    expect(inv.rail).toBe('paystar');
    rail.results.set(inv.trackingCode, { status: 'paid', amount: 250_000n, ref: '778899', cardMasked: '603799******0004' });
    await duePoll(inv.id);
    await Promise.all([pollRailInvoices(db), pollRailInvoices(db)]);
    expect(rail.asked.filter((c) => c === inv.trackingCode)).toHaveLength(1);
    const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(p).toMatchObject({ state: 'succeeded', gatewayRef: '778899', amount: 250_000n });
    expect(await postingsOf(p.id)).toHaveLength(1);
    // Polled again later: nothing more.
    await duePoll(inv.id);
    await pollRailInvoices(db);
    expect(await postingsOf(p.id)).toHaveLength(1);
  });

  it('a rail invoice PayStar reports paid with another amount is never credited, and staff get an alert', async () => {
    const rail = fakeRail();
    const f = await railPlatform();
    const inv = await invoice(f, { amount: 250_000n });
    rail.results.set(inv.trackingCode, { status: 'paid', amount: 25_000n, ref: '1', cardMasked: null });
    await duePoll(inv.id);
    await pollRailInvoices(db);
    const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(p.state).not.toBe('succeeded');
    expect(await postingsOf(p.id)).toHaveLength(0);
    const alerts = await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, p.id));
    expect(alerts.map((x) => x.kind)).toEqual(['amount_mismatch']);
  });

  it('FINDING: a rail invoice cannot be canceled while PayStar can still take its money (the payment would be lost)', async () => {
    const rail = fakeRail();
    const f = await railPlatform();
    const inv = await invoice(f, { amount: 90_000n });
    // PayStar has no cancel for a factor: the caller can still pay it there.
    const c = await cancelIvrInvoice(db, f.actor, inv.id);
    rail.results.set(inv.trackingCode, { status: 'paid', amount: 90_000n, ref: '4455', cardMasked: null });
    await duePoll(inv.id);
    await pollRailInvoices(db);
    const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(c).toEqual({ ok: false, error: 'notCancelable' });
    expect(p.state).toBe('succeeded');
    expect(await postingsOf(p.id)).toHaveLength(1);
  });

  it('a rail invoice is not reachable by the native look-up or the sandbox bank IVR', async () => {
    fakeRail();
    const f = await railPlatform();
    const inv = await invoice(f);
    expect(codeOf(await keyed(f, inv.trackingCode))).toBe(2);
    const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(
      await payByBankIvr(db, { merchant_id: await merchantNumberOf(f.platform.id), transaction_id: p.trackingCode, amount: p.amount, card: PAID, pin: '1234' }),
    ).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('production (APP_ENV=production): the sandbox bank never pays a live invoice', () => {
  it('no live invoice on the sandbox rail, no live IVR-to-IVR order, the sandbox phone does not reach a live platform', async () => {
    const f = await makeIvrPlatform(db, { address: `021${String(randomInt(0, 1e8)).padStart(8, '0')}` });
    envOverride.appEnv = 'production';
    const r = await createIvrInvoice(db, f.actor, { platformId: f.platform.id, amount: 10_000n, orderId: null, customerName: null, email: null, phone: null });
    expect(r).toEqual({ ok: false, error: 'railUnavailable' });
    const order = { order_id: `o-${randomUUID()}`, merchant_cid: newCaller(), amount: 50_000, trunk_id: f.trunk, ivr: 1, type: 1 };
    expect(codeOf(await lookup(f.credential, order))).toBe(1);
    expect(await sandboxPhoneLine(db, f.platform.address)).toBeNull();
    expect(await sandboxPhoneLine(db, await merchantNumberOf(f.platform.id))).toBeNull();
    expect(codeOf(await sandboxPhoneLookup(db, f.platform.address, { ivr: 1, orderId: `o-${randomUUID()}`, amount: 50_000n, caller: newCaller() }))).toBe(1);
  });

  it('FINDING (defence in depth): a live sandbox transaction made before the switch to production is not paid by the sandbox bank IVR', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const a = await keyed(f, inv.trackingCode);
    expect(a.ok).toBe(true);
    envOverride.appEnv = 'production';
    expect(codeOf(await keyed(f, inv.trackingCode))).toBe(1);
    expect(await pay(f, a)).toEqual({ ok: false, error: 'notFound' });
    if (a.ok) expect(await postingsOf(a.paymentId)).toHaveLength(0);
  });

  it('a test platform’s invoice paid on the sandbox phone in production stays off the ledger', async () => {
    const address = `021${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const f = await makeIvrPlatform(db, { approved: false, address });
    const inv = await invoice(f);
    envOverride.appEnv = 'production';
    const a = await sandboxPhoneLookup(db, address, { ivr: 0, invoiceId: inv.trackingCode, caller: newCaller() });
    expect(await pay(f, a)).toMatchObject({ ok: true, outcome: 'paid' });
    if (a.ok) expect(await postingsOf(a.paymentId)).toHaveLength(0);
  });
});

describe('the caller strike counter and the clock', () => {
  it('counts exactly at the window edge: the last instant of the window still blocks, the next starts a new window', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const caller = newCaller();
    const t0 = new Date();
    for (let i = 0; i < 5; i++) expect(codeOf(await keyed(f, String(30_000_000 + i), caller, t0))).toBe(2);
    const windowEnd = new Date(t0.getTime() + 60 * 60_000);
    expect(codeOf(await keyed(f, inv.trackingCode, caller, new Date(windowEnd.getTime() - 1)))).toBe(5);
    // Concurrent wrong tries as the window turns: a fresh window counts exactly the cap again.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => keyed(f, String(40_000_000 + i), caller, windowEnd)));
    expect(answers.map(codeOf).filter((c) => c === 2)).toHaveLength(5);
    const [row] = await db
      .select()
      .from(ivrCallerStrikes)
      .where(and(eq(ivrCallerStrikes.platformId, f.platform.id), eq(ivrCallerStrikes.caller, caller)));
    expect(row.count).toBe(5);
  });

  it('one platform’s strikes do not block the same caller on another platform', async () => {
    const f = await makeIvrPlatform(db);
    const other = await makeIvrPlatform(db);
    const inv = await invoice(other);
    const caller = newCaller();
    for (let i = 0; i < 6; i++) await keyed(f, String(50_000_000 + i), caller);
    expect(codeOf(await keyed(other, inv.trackingCode, caller))).toBe(0);
  });
});

describe('hostile input on the endpoints', () => {
  it('the look-up: NUL, RTL marks, Persian digits, * in caller ids, scientific notation, negative zero, huge numbers — never a 500, nothing stored with junk', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const persian = inv.trackingCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const bodies: unknown[] = [
      { invoice_id: `${inv.trackingCode}\u0000`, merchant_cid: newCaller(), ivr: 0, type: 1 },
      { invoice_id: `\u200f${inv.trackingCode}`, merchant_cid: newCaller(), ivr: 0, type: 1 },
      { invoice_id: persian, merchant_cid: '۰۹۱۲۱۲۳۴۵۶۷', ivr: 0, type: 1 },
      { invoice_id: 1e21, merchant_cid: newCaller(), ivr: 0, type: 1 },
      { invoice_id: -0, merchant_cid: newCaller(), ivr: 0, type: 1 },
      { invoice_id: '9'.repeat(40), merchant_cid: newCaller(), ivr: 0, type: 1 },
      { invoice_id: inv.trackingCode, merchant_cid: '*'.repeat(20), ivr: 0, type: 1 },
      { invoice_id: inv.trackingCode, merchant_cid: '0912\u0000', ivr: 0, type: 1 },
      { invoice_id: inv.trackingCode, merchant_cid: 1e21, ivr: 0, type: 1 },
      { invoice_id: inv.trackingCode, merchant_cid: '+' + '9'.repeat(20), ivr: 0, type: 1 },
      { order_id: 'a\u0000', merchant_cid: newCaller(), amount: 50_000, trunk_id: f.trunk, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: '5e4', trunk_id: f.trunk, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: -0, trunk_id: f.trunk, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: 1e300, trunk_id: f.trunk, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: '99999999999999999999', trunk_id: f.trunk, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: 50_000, trunk_id: `${f.trunk}\u0000`, ivr: 1, type: 1 },
      { order_id: 'x', merchant_cid: newCaller(), amount: 50_000, trunk_id: f.trunk, ivr: '1', type: 1 },
      { ['k\u0000'.repeat(10)]: 1, invoice_id: '1', merchant_cid: newCaller(), ivr: 0, type: 1 },
      [],
      'null',
      '"x"',
      '{"invoice_id":',
    ];
    for (const body of bodies) {
      const res = await lookupRoute(lookupReq(f.credential, body));
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      const text = await res.text();
      expect(text).not.toContain('\u0000');
    }
    // Persian digits are the invoice id; a caller id of stars is kept as it came, never as a phone.
    const ok = await lookupRoute(lookupReq(f.credential, { invoice_id: persian, merchant_cid: '۰۹۱۲۱۲۳۴۵۶۷', ivr: 0, type: 1 }));
    expect(await ok.json()).toMatchObject({ price: '160000' });
    const rows = await db.select().from(ivrLookups).where(eq(ivrLookups.platformId, f.platform.id));
    expect(rows.every((r) => r.caller === null || /^\+?[0-9*]{3,20}$/.test(r.caller))).toBe(true);
    const pays = await db.select().from(payments).where(eq(payments.platformId, f.platform.id));
    expect(pays.every((p) => p.payerPhone === null || /^\+?\d+$/.test(p.payerPhone))).toBe(true);
  });

  it('wrong content types, oversize bodies, no credential, a credential in another shape: the documented answer, never a 500', async () => {
    const f = await makeIvrPlatform(db);
    const body = { invoice_id: '12345678', merchant_cid: newCaller(), ivr: 0, type: 1 };
    expect((await lookupRoute(lookupReq(f.credential, body, { 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await lookupRoute(lookupReq(f.credential, { ...body, pad: 'x'.repeat(5000) }))).status).toBe(413);
    for (const credential of ['', f.credential.toUpperCase(), `${f.credential} x`, `${f.credential}x`, 'x'.repeat(300)]) {
      const res = await lookupRoute(lookupReq(credential, body));
      expect(res.status).toBe(200);
      expect((await res.json()).error).toBe(1);
    }
    const bank = (b: unknown) =>
      bankIvrRoute(new Request(`${BASE}/api/sandbox/bank-ivr`, { method: 'POST', body: JSON.stringify(b), headers: { 'content-type': 'application/json' } }));
    const hostile = [
      { merchant_id: '1234567\u0000', transaction_id: '1', amount: '1', card: PAID, pin: '1234' },
      { merchant_id: '12345678', transaction_id: '1\u0000', amount: '1', card: PAID, pin: '1234' },
      { merchant_id: '12345678', transaction_id: 1e21, amount: '1', card: PAID, pin: '1234' },
      { merchant_id: '12345678', transaction_id: '1', amount: '1e5', card: PAID, pin: '1234' },
      { merchant_id: '12345678', transaction_id: '1', amount: -0, card: PAID, pin: '1234' },
      { merchant_id: '12345678', transaction_id: '1', amount: '9'.repeat(19), card: '\u0000', pin: '\u0000' },
    ];
    for (const b of hostile) expect((await bank(b)).status, JSON.stringify(b)).toBeLessThan(500);
  });
});

describe('someone on the internet', () => {
  it('FINDING: guessing IVR credentials is throttled per address — not an unlimited stream of tries, each one a stored look-up row', async () => {
    const f = await makeIvrPlatform(db);
    const ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    const caller = newCaller();
    const body = { invoice_id: '12345678', merchant_cid: caller, ivr: 0, type: 1 };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const guess = `ivr_${randomUUID().replace(/-/g, '')}`;
      statuses.push((await lookupRoute(lookupReq(guess, body, { 'x-dargah-peer': ip }))).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(21)).toEqual(Array(9).fill(429));
    // Even the right credential waits out the address's penalty; another address is not affected.
    expect((await lookupRoute(lookupReq(f.credential, body, { 'x-dargah-peer': ip }))).status).toBe(429);
    const other = await lookupRoute(lookupReq(f.credential, body, { 'x-dargah-peer': `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}` }));
    expect(await other.json()).toMatchObject({ error: 2 });
    const rows = await db.select().from(ivrLookups).where(eq(ivrLookups.caller, caller));
    expect(rows.length).toBeLessThanOrEqual(22);
  });
});

describe('secrets', () => {
  it('a rolled credential or trunk id stops working at once; the new one works', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const cred = await rollIvrSecret(db, f.actor, f.platform.id, 'credential');
    const trunk = await rollIvrSecret(db, f.actor, f.platform.id, 'trunk');
    if (!cred.ok || !trunk.ok) throw new Error('roll');
    expect(codeOf(await keyed(f, inv.trackingCode))).toBe(1);
    expect(codeOf(await lookup(cred.data.secret, { invoice_id: inv.trackingCode, merchant_cid: newCaller(), ivr: 0, type: 1 }))).toBe(0);
    const order = { order_id: `o-${randomUUID()}`, merchant_cid: newCaller(), amount: 50_000, ivr: 1, type: 1 };
    expect(codeOf(await lookup(cred.data.secret, { ...order, trunk_id: f.trunk }))).toBe(1);
    expect(codeOf(await lookup(cred.data.secret, { ...order, trunk_id: trunk.data.secret }))).toBe(0);
  });

  it('credentials and trunk ids are kept only as keyed hashes, never in logs, audit or answers', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const res = await lookupRoute(lookupReq(f.credential, { invoice_id: inv.trackingCode, merchant_cid: newCaller(), ivr: 0, type: 1 }));
    const answer = await res.text();
    await lookupRoute(
      lookupReq(f.credential, { order_id: `o-${randomUUID()}`, merchant_cid: newCaller(), amount: 50_000, trunk_id: f.trunk, ivr: 1, type: 1 }),
    );
    expect(answer).not.toContain(f.credential);
    expect(answer).not.toMatch(/paymentId|invoiceId/);
    const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, f.platform.id));
    expect(JSON.stringify(s)).not.toContain(f.credential);
    expect(JSON.stringify(s)).not.toContain(f.trunk);
    expect(s.credentialPrefix!.length).toBeLessThanOrEqual(12);
    expect(s.trunkPrefix!.length).toBeLessThanOrEqual(6);
    const view = await getIvrSettings(db, f.actor, f.platform.id);
    expect(JSON.stringify(view)).not.toMatch(/credentialHash|trunkHash/);
    for (const secret of [f.credential, f.trunk, f.credential.slice(12), f.trunk.slice(6)]) {
      const [{ n }] = await db.execute<{ n: number }>(sql`
        select (select count(*) from ${paymentAttempts} a join ${payments} p on p.id = a.payment_id
                 where p.platform_id = ${f.platform.id} and (a.request::text like ${'%' + secret + '%'} or a.response::text like ${'%' + secret + '%'}))
             + (select count(*) from ${auditEvents} where ${auditEvents.objectId} = ${f.platform.id} and (coalesce(${auditEvents.after}::text, '') like ${'%' + secret + '%'}))
             + (select count(*) from ${ivrLookups} where ${ivrLookups.platformId} = ${f.platform.id} and ${ivrLookups.caller} like ${'%' + secret + '%'}) as n`);
      expect(Number(n)).toBe(0);
    }
  });
});
