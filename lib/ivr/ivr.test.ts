import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ivrCallerStrikes, ivrInvoices, ivrLookups, ivrSettings, payments, platforms } from '@/db/schema';
import { ledgerViolations } from '@/lib/ledger';
import { createPayment, runJanitor } from '@/lib/payments';
import { postingsOf } from '@/test/ledger';
import { testDb } from '@/test/db';
import { merchantActorOf } from '@/test/fixtures';
import {
  cancelIvrInvoice,
  createIvrInvoice,
  getIvrInvoice,
  invoiceByCode,
  ivrLookup,
  listIvrInvoices,
  payByBankIvr,
  sandboxPhoneLine,
  sandboxPhoneLookup,
  type LookupAnswer,
} from '.';
import { makeIvrPlatform } from './fixtures';
import { ivrLookupSchema, ivrSettingsSchema } from './schemas';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const PAID = SANDBOX_CARD.success;
const INSUFFICIENT = SANDBOX_CARD.insufficient;
const VERIFY_TIMEOUT = SANDBOX_CARD.verifyTimeout;
const TWICE = SANDBOX_CARD.twice;

let callerSeq = 0;
const newCaller = () => `0912${String(process.pid % 1000).padStart(3, '0')}${String(++callerSeq).padStart(4, '0')}`;

async function invoice(f: Awaited<ReturnType<typeof makeIvrPlatform>>, amount = 160_000n, now = new Date()) {
  const r = await createIvrInvoice(
    db,
    f.actor,
    { platformId: f.platform.id, amount, orderId: null, customerName: 'Sara', email: null, phone: '09121234567' },
    now,
  );
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

const lookup = (credential: string | null, body: Record<string, unknown>, now?: Date) => ivrLookup(db, credential, ivrLookupSchema.parse(body), now);
const keyed = (credential: string, code: string, caller: string, now?: Date) =>
  lookup(credential, { invoice_id: code, merchant_cid: caller, ivr: 0, type: 1 }, now);
const codeOf = (a: LookupAnswer) => (a.ok ? 0 : a.code);

async function pay(merchantNumber: string, a: LookupAnswer, card: string = PAID) {
  if (!a.ok) throw new Error(`lookup answered ${a.code}`);
  return payByBankIvr(db, { merchant_id: merchantNumber, transaction_id: String(a.transactionId), amount: BigInt(a.price), card, pin: '1234' });
}

async function settingsOf(platformId: string) {
  const [s] = await db.select().from(ivrSettings).where(eq(ivrSettings.platformId, platformId));
  return s;
}

describe('the IVR look-up', () => {
  it('answers a transaction for a valid invoice, with the SIP hand-off the documents name, and the payment succeeds through verify', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const caller = newCaller();
    const a = await keyed(f.credential, inv.trackingCode, caller);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    const s = await settingsOf(f.platform.id);
    expect(a.merchantId).toBe(s.merchantNumber);
    expect(a.price).toBe('160000');
    expect(a.sip).toEqual({ 'CALLERID(all)': `02191071390*${s.merchantNumber}*${a.transactionId}`, Amount: '160000' });
    const paid = await pay(s.merchantNumber, a);
    expect(paid).toMatchObject({ ok: true, outcome: 'paid' });
    const view = await invoiceByCode(db, f.platform.id, inv.trackingCode);
    expect(view?.state).toBe('paid');
    expect(view?.payment?.cardMasked).toBe('603799******0004');
    const [p] = await db.select().from(payments).where(eq(payments.id, a.paymentId));
    expect(p).toMatchObject({ source: 'ivr', state: 'succeeded', livemode: true, payerPhone: caller, amount: 160_000n });
    expect(await postingsOf(db, p.id)).toHaveLength(1);
  });

  it('error 1: no credential, a wrong one, another platform’s trunk, a suspended platform', async () => {
    const f = await makeIvrPlatform(db);
    const other = await makeIvrPlatform(db);
    const inv = await invoice(f);
    expect(codeOf(await keyed('', inv.trackingCode, newCaller()))).toBe(1);
    expect(codeOf(await keyed(`ivr_${'x'.repeat(32)}`, inv.trackingCode, newCaller()))).toBe(1);
    const order = { order_id: `${Date.now()}.1-9050-30`, merchant_cid: newCaller(), amount: 180000, ivr: 1, type: 1 };
    expect(codeOf(await lookup(f.credential, { ...order, trunk_id: other.trunk }))).toBe(1);
    expect(codeOf(await lookup(f.credential, { ...order, trunk_id: 'short' }))).toBe(1);
    await db.update(platforms).set({ status: 'suspended' }).where(eq(platforms.id, f.platform.id));
    expect(codeOf(await keyed(f.credential, inv.trackingCode, newCaller()))).toBe(1);
  });

  it('error 2: a wrong invoice id, another platform’s invoice, a canceled one — never its data', async () => {
    const f = await makeIvrPlatform(db);
    const other = await makeIvrPlatform(db);
    const theirs = await invoice(other, 99_000n);
    expect(codeOf(await keyed(f.credential, '12345678', newCaller()))).toBe(2);
    const a = await keyed(f.credential, theirs.trackingCode, newCaller());
    expect(a).toEqual({ ok: false, code: 2 });
    const mine = await invoice(f);
    expect((await cancelIvrInvoice(db, f.actor, mine.id)).ok).toBe(true);
    expect(codeOf(await keyed(f.credential, mine.trackingCode, newCaller()))).toBe(2);
    // The other merchant can neither see nor cancel it.
    expect(await getIvrInvoice(db, other.actor, mine.id)).toBeNull();
    expect(await cancelIvrInvoice(db, other.actor, theirs.id === mine.id ? randomUUID() : mine.id)).toEqual({ ok: false, error: 'notFound' });
    expect((await listIvrInvoices(db, other.actor)).map((v) => v.invoice.id)).not.toContain(mine.id);
  });

  it('error 3 once paid, error 4 from the instant it expires', async () => {
    const f = await makeIvrPlatform(db);
    const t0 = new Date();
    const inv = await invoice(f, 50_000n, t0);
    const expiresAt = inv.expiresAt;
    expect(expiresAt.getTime() - t0.getTime()).toBe(24 * 3600_000);
    expect(codeOf(await keyed(f.credential, inv.trackingCode, newCaller(), new Date(expiresAt.getTime() - 1)))).toBe(0);
    const late = await invoice(f, 50_000n, t0);
    expect(codeOf(await keyed(f.credential, late.trackingCode, newCaller(), expiresAt))).toBe(4);
    const s = await settingsOf(f.platform.id);
    await pay(s.merchantNumber, await keyed(f.credential, inv.trackingCode, newCaller()));
    expect(codeOf(await keyed(f.credential, inv.trackingCode, newCaller()))).toBe(3);
  });

  it('error 5 per caller: the cap of wrong ids is counted exactly under 30 concurrent look-ups, then any invoice answers 5 until the window passes', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    const caller = newCaller();
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => keyed(f.credential, String(20_000_000 + i), caller, now)));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 2)).toHaveLength(5);
    expect(codes.filter((c) => c === 5)).toHaveLength(25);
    const [strikes] = await db
      .select()
      .from(ivrCallerStrikes)
      .where(and(eq(ivrCallerStrikes.platformId, f.platform.id), eq(ivrCallerStrikes.caller, caller)));
    expect(strikes.count).toBe(5);
    expect(codeOf(await keyed(f.credential, inv.trackingCode, caller, now))).toBe(5);
    // Another caller is not blocked; the same caller is again once the window (60 min) has passed.
    expect(codeOf(await keyed(f.credential, inv.trackingCode, newCaller(), now))).toBe(0);
    expect(codeOf(await keyed(f.credential, inv.trackingCode, caller, new Date(now.getTime() + 61 * 60_000)))).toBe(0);
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ivrLookups)
      .where(and(eq(ivrLookups.platformId, f.platform.id), eq(ivrLookups.code, 5)));
    expect(n).toBe(26);
  });

  it('error 5 per invoice: after the cap of failed payments no new transaction is handed out', async () => {
    const f = await makeIvrPlatform(db);
    const s = await settingsOf(f.platform.id);
    const inv = await invoice(f);
    for (let i = 0; i < 3; i++) {
      const r = await pay(s.merchantNumber, await keyed(f.credential, inv.trackingCode, newCaller()), INSUFFICIENT);
      expect(r).toMatchObject({ ok: true, outcome: 'declined' });
      if (r.ok) expect(r.reason).toContain('Insufficient');
    }
    expect(codeOf(await keyed(f.credential, inv.trackingCode, newCaller()))).toBe(5);
    const rows = await db.select().from(payments).where(eq(payments.platformId, f.platform.id));
    expect(rows.map((p) => p.state).sort()).toEqual(['failed', 'failed', 'failed']);
    expect(new Set(rows.map((p) => p.orderId)).size).toBe(3);
  });
});

describe('one payment per invoice', () => {
  it('two callers looking up one invoice at once get the same transaction; racing bank results make one success and one posting', async () => {
    const f = await makeIvrPlatform(db);
    const s = await settingsOf(f.platform.id);
    const inv = await invoice(f);
    const [a, b] = await Promise.all([keyed(f.credential, inv.trackingCode, newCaller()), keyed(f.credential, inv.trackingCode, newCaller())]);
    expect(a.ok && b.ok && a.transactionId === b.transactionId).toBe(true);
    // The "answers twice" card delivers the bank's result twice at once.
    const r = await pay(s.merchantNumber, a, TWICE);
    expect(r).toMatchObject({ ok: true, outcome: 'paid' });
    if (!a.ok) return;
    expect(await postingsOf(db, a.paymentId)).toHaveLength(1);
    expect(await pay(s.merchantNumber, a)).toEqual({ ok: false, error: 'alreadyDone' });
    expect(await db.select().from(payments).where(eq(payments.platformId, f.platform.id))).toHaveLength(1);
  });

  it('IVR-to-IVR: the same order keyed twice (and at once) is one invoice and one transaction; another amount for it is a wrong id', async () => {
    const f = await makeIvrPlatform(db);
    const order = { order_id: `1613848397.${Date.now()}-9050-30`, merchant_cid: '0915***7796', amount: 180000, trunk_id: f.trunk, ivr: 1, type: 1 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => lookup(f.credential, order)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(new Set(answers.map((a) => (a.ok ? a.transactionId : 0))).size).toBe(1);
    const again = await lookup(f.credential, order);
    expect(again.ok && answers[0].ok && again.transactionId === answers[0].transactionId).toBe(true);
    expect(codeOf(await lookup(f.credential, { ...order, amount: 190000 }))).toBe(2);
    const rows = await db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mode: 'ivr_to_ivr', amount: 180_000n, callerNumber: '0915***7796' });
    // A masked caller number is not kept as the payer's phone.
    const [p] = await db.select().from(payments).where(eq(payments.platformId, f.platform.id));
    expect(p.payerPhone).toBeNull();
  });

  it('a bank that does not answer the verify leaves the payment unknown; the janitor settles it and the invoice reads paid', async () => {
    const f = await makeIvrPlatform(db);
    const s = await settingsOf(f.platform.id);
    const inv = await invoice(f);
    const a = await keyed(f.credential, inv.trackingCode, newCaller());
    expect(await pay(s.merchantNumber, a, VERIFY_TIMEOUT)).toMatchObject({ ok: true, outcome: 'pending' });
    expect((await invoiceByCode(db, f.platform.id, inv.trackingCode))?.state).toBe('unknown');
    // While unknown, a look-up hands out the same transaction, never a second payment.
    const b = await keyed(f.credential, inv.trackingCode, newCaller());
    expect(a.ok && b.ok && a.transactionId === b.transactionId).toBe(true);
    if (!a.ok) return;
    await db
      .update(payments)
      .set({ nextInquiryAt: new Date(Date.now() - 1000) })
      .where(eq(payments.id, a.paymentId));
    await runJanitor(db);
    expect((await invoiceByCode(db, f.platform.id, inv.trackingCode))?.state).toBe('paid');
    expect(await postingsOf(db, a.paymentId)).toHaveLength(1);
  });

  it('a test (not yet approved) platform’s invoices are sandbox payments that never reach the ledger', async () => {
    const f = await makeIvrPlatform(db, { approved: false });
    const s = await settingsOf(f.platform.id);
    const inv = await invoice(f);
    expect(inv.livemode).toBe(false);
    const a = await keyed(f.credential, inv.trackingCode, newCaller());
    expect(await pay(s.merchantNumber, a)).toMatchObject({ ok: true, outcome: 'paid' });
    if (a.ok) expect(await postingsOf(db, a.paymentId)).toHaveLength(0);
  });

  it('the bank IVR refuses another amount, a wrong PIN and an unknown transaction without touching the payment', async () => {
    const f = await makeIvrPlatform(db);
    const s = await settingsOf(f.platform.id);
    const inv = await invoice(f);
    const a = await keyed(f.credential, inv.trackingCode, newCaller());
    if (!a.ok) throw new Error('lookup');
    const base = { merchant_id: s.merchantNumber, transaction_id: String(a.transactionId), amount: 160_000n, card: PAID, pin: '1234' };
    expect(await payByBankIvr(db, { ...base, amount: 1_000n })).toEqual({ ok: false, error: 'amountMismatch' });
    expect(await payByBankIvr(db, { ...base, pin: '12' })).toEqual({ ok: false, error: 'wrongPin' });
    expect(await payByBankIvr(db, { ...base, transaction_id: '1' })).toEqual({ ok: false, error: 'notFound' });
    const other = await makeIvrPlatform(db);
    const os = await settingsOf(other.platform.id);
    expect(await payByBankIvr(db, { ...base, merchant_id: os.merchantNumber })).toEqual({ ok: false, error: 'notFound' });
    expect(await payByBankIvr(db, base)).toMatchObject({ ok: true, outcome: 'paid' });
  });
});

describe('invoices', () => {
  it('refuses a duplicate order id of the platform, and another merchant’s platform', async () => {
    const f = await makeIvrPlatform(db);
    const other = await makeIvrPlatform(db);
    const input = { platformId: f.platform.id, amount: 10_000n, orderId: `o-${Date.now()}`, customerName: null, email: null, phone: null };
    expect((await createIvrInvoice(db, f.actor, input)).ok).toBe(true);
    expect(await createIvrInvoice(db, f.actor, input)).toEqual({ ok: false, error: 'duplicateOrder' });
    expect(await createIvrInvoice(db, other.actor, input)).toEqual({ ok: false, error: 'notFound' });
    expect(await createIvrInvoice(db, merchantActorOf({ id: randomUUID() }), { ...input, orderId: 'x' })).toEqual({ ok: false, error: 'notFound' });
  });

  it('the invoice expiry is the platform’s setting', async () => {
    const f = await makeIvrPlatform(db);
    await db.update(ivrSettings).set({ invoiceTtlMinutes: 30 }).where(eq(ivrSettings.platformId, f.platform.id));
    const t0 = new Date();
    const inv = await invoice(f, 10_000n, t0);
    expect(inv.expiresAt.getTime() - t0.getTime()).toBe(30 * 60_000);
  });
});

describe('order ids', () => {
  it('an invoice whose order id another payment of the platform already took still hands out a transaction', async () => {
    const f = await makeIvrPlatform(db);
    const inv = await invoice(f);
    await createPayment(db, { platformId: f.platform.id, source: 'api', livemode: true, amount: 1_000n, orderId: inv.orderId });
    const a = await keyed(f.credential, inv.trackingCode, newCaller());
    expect(a.ok).toBe(true);
  });
});

describe('settings', () => {
  it('take Persian digits and refuse out-of-range values on their fields', () => {
    const platformId = '00000000-0000-4000-8000-000000000000';
    expect(ivrSettingsSchema.parse({ platformId, invoiceTtlMinutes: '۶۰', callerWrongCap: '۵', callerWindowMinutes: '30', invoiceFailCap: 3 })).toMatchObject({
      invoiceTtlMinutes: 60,
      callerWrongCap: 5,
    });
    const bad = ivrSettingsSchema.safeParse({ platformId, invoiceTtlMinutes: '2', callerWrongCap: '1.5', callerWindowMinutes: 'x', invoiceFailCap: 0 });
    expect(bad.success ? {} : Object.fromEntries(bad.error.issues.map((i) => [i.path[0], i.message]))).toEqual({
      invoiceTtlMinutes: 'ttlRange',
      callerWrongCap: 'numberInvalid',
      callerWindowMinutes: 'numberInvalid',
      invoiceFailCap: 'capRange',
    });
  });
});

describe('the sandbox phone', () => {
  it('reaches a sandbox-rail platform by its line or merchant number, with the same rules as the IVR operator', async () => {
    const digits = String(Date.now()).slice(-8);
    const address = `021${digits}`;
    // The merchant typed the line with dashes; callers dial digits.
    const f = await makeIvrPlatform(db, { address: `021-${digits.slice(0, 4)}-${digits.slice(4)}` });
    const s = await settingsOf(f.platform.id);
    expect((await sandboxPhoneLine(db, address))?.platform.id).toBe(f.platform.id);
    expect((await sandboxPhoneLine(db, s.merchantNumber))?.platform.id).toBe(f.platform.id);
    const inv = await invoice(f);
    const a = await sandboxPhoneLookup(db, address, { ivr: 0, invoiceId: inv.trackingCode, caller: newCaller() });
    expect(await pay(s.merchantNumber, a)).toMatchObject({ ok: true, outcome: 'paid' });
    // A PayStar-rail platform is not reachable from the sandbox phone.
    await db.update(ivrSettings).set({ rail: 'paystar' }).where(eq(ivrSettings.platformId, f.platform.id));
    expect(await sandboxPhoneLine(db, address)).toBeNull();
    expect(codeOf(await sandboxPhoneLookup(db, address, { ivr: 0, invoiceId: inv.trackingCode, caller: newCaller() }))).toBe(1);
  });
});
