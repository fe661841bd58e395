import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ivrInvoices, ivrSettings, paymentAttempts, payments } from '@/db/schema';
import { gatewayById, setGatewayForTests } from '@/lib/gateways';
import { ledgerViolations } from '@/lib/ledger';
import { postingsOf } from '@/test/ledger';
import { testDb } from '@/test/db';
import { startFakePaystarIvr } from '@/test/fakes/paystar-ivr';
import { createIvrInvoice, invoiceByCode, pollRailInvoices } from '.';
import { makeIvrPlatform } from './fixtures';
import { paystarIvrClient, paystarIvrGateway } from './paystar-ivr';
import { setIvrRailForTests } from './rail';

/** Phone payments on PayStar's IVR rail, against a local fake PayStar IVR: invoices made there, results polled. */
const db = testDb();
const GATEWAY_ID = 'ivr-rail-gw-1';
let fake: Awaited<ReturnType<typeof startFakePaystarIvr>>;

beforeAll(async () => {
  fake = await startFakePaystarIvr({ gatewayId: GATEWAY_ID });
  const cfg = { baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 800 };
  setIvrRailForTests(paystarIvrClient(cfg));
  setGatewayForTests('paystar-ivr', paystarIvrGateway(cfg));
});
afterAll(async () => {
  setIvrRailForTests(null);
  setGatewayForTests('paystar-ivr', null);
  await fake.close();
});
afterEach(async () => {
  Object.assign(fake.tweaks, { resultHang: false, result5xx: false, resultLagging: 0, bareSuccess: false, createHang: false, create5xx: false });
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function railPlatform() {
  const f = await makeIvrPlatform(db);
  await db.update(ivrSettings).set({ rail: 'paystar' }).where(eq(ivrSettings.platformId, f.platform.id));
  return f;
}

async function railInvoice(f: Awaited<ReturnType<typeof railPlatform>>, amount = 160_000n) {
  const r = await createIvrInvoice(db, f.actor, { platformId: f.platform.id, amount, orderId: null, customerName: 'Reza', email: null, phone: '09121234567' });
  if (!r.ok) throw new Error(`${r.error} ${r.reason ?? ''}`);
  return r.data;
}

/** Polls the platform's invoices as if their next poll were due now. */
async function pollNow(invoiceId: string) {
  await db
    .update(ivrInvoices)
    .set({ nextPollAt: new Date(Date.now() - 1000) })
    .where(eq(ivrInvoices.id, invoiceId));
  return pollRailInvoices(db);
}

describe('PayStar’s IVR rail', () => {
  it('makes the invoice at PayStar (its tracking code is the one read out), polls with back-off while unpaid, and credits once paid', async () => {
    const f = await railPlatform();
    const inv = await railInvoice(f);
    expect(fake.factors.get(inv.trackingCode)).toMatchObject({ amount: 160000, orderId: inv.orderId });
    expect(inv).toMatchObject({ rail: 'paystar', livemode: true });
    const [p0] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
    expect(p0).toMatchObject({ state: 'created', gateway: 'paystar-ivr', gatewayToken: inv.trackingCode, source: 'ivr' });

    await pollNow(inv.id);
    const [afterOne] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.id, inv.id));
    expect(afterOne.polls).toBe(1);
    expect(afterOne.nextPollAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await invoiceByCode(db, f.platform.id, inv.trackingCode))?.state).toBe('open');

    fake.pay(inv.trackingCode, '6037991234560004');
    await pollNow(inv.id);
    const view = await invoiceByCode(db, f.platform.id, inv.trackingCode);
    expect(view?.state).toBe('paid');
    expect(view?.payment?.cardMasked).toBe('603799******0004');
    expect(await postingsOf(db, inv.paymentId!)).toHaveLength(1);
    // Every request and answer is in the payment's attempt log: the factor and each poll (the paid one is the verify).
    const attempts = await db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, inv.paymentId!)).orderBy(paymentAttempts.id);
    expect(attempts.map((a) => `${a.action}:${a.outcome}`)).toEqual(['create_factor:ok', 'result:pending', 'result:paid']);
    const logged = JSON.stringify(attempts, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(logged).not.toContain('6037991234560004');
    expect(logged).not.toContain(GATEWAY_ID);
    // Polled again (two workers): nothing more happens.
    await pollNow(inv.id);
    expect(await postingsOf(db, inv.paymentId!)).toHaveLength(1);
  });

  it('a declined call leaves the invoice open; the rail’s Gateway answers the janitor from the same inquiry', async () => {
    const f = await railPlatform();
    const declined = await railInvoice(f);
    fake.decline(declined.trackingCode, 'موجودی کافی نیست');
    await pollNow(declined.id);
    expect((await invoiceByCode(db, f.platform.id, declined.trackingCode))?.state).toBe('open');
    const [{ outcome, reason }] = await db
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.paymentId, declined.paymentId!), eq(paymentAttempts.action, 'result')));
    expect(outcome).toBe('declined');
    expect(reason).toContain('موجودی');

    // The rail's Gateway answers the janitor's inquiries of its payments from the same result inquiry.
    const inv = await railInvoice(f);
    fake.pay(inv.trackingCode);
    const gw = await gatewayById(db, 'paystar-ivr');
    expect(await gw!.inquire({ token: inv.trackingCode, amount: 160_000n, callback: {} })).toMatchObject({ status: 'paid', amount: 160_000n });
  });

  it('silence, a 5xx and the bare success sample (no amount) never credit', async () => {
    const f = await railPlatform();
    const inv = await railInvoice(f);
    fake.pay(inv.trackingCode);
    for (const tweak of ['resultHang', 'result5xx', 'bareSuccess'] as const) {
      Object.assign(fake.tweaks, { [tweak]: true });
      await pollNow(inv.id);
      Object.assign(fake.tweaks, { [tweak]: false });
      const [p] = await db.select().from(payments).where(eq(payments.id, inv.paymentId!));
      expect(p.state, tweak).toBe('created');
    }
    expect(await postingsOf(db, inv.paymentId!)).toHaveLength(0);
    await pollNow(inv.id);
    expect((await invoiceByCode(db, f.platform.id, inv.trackingCode))?.state).toBe('paid');
  });

  it('two creates of one order id at once: one invoice, the other a duplicate (never a 500)', async () => {
    const f = await railPlatform();
    const input = { platformId: f.platform.id, amount: 60_000n, orderId: `race-${Date.now()}`, customerName: null, email: null, phone: null };
    const [a, b] = await Promise.all([createIvrInvoice(db, f.actor, input), createIvrInvoice(db, f.actor, input)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    // Refused here (the insert's unique order id) or already at PayStar, whichever comes first.
    const refused = a.ok ? b : a;
    expect(!refused.ok && refused.error).toMatch(/^(duplicateOrder|railRefused)$/);
  });

  it('PayStar refusing or not answering the create-factor makes no invoice', async () => {
    const f = await railPlatform();
    const input = { platformId: f.platform.id, amount: 50_000n, orderId: `r-${Date.now()}`, customerName: null, email: null, phone: null };
    fake.tweaks.createHang = true;
    expect(await createIvrInvoice(db, f.actor, input)).toMatchObject({ ok: false, error: 'railUnavailable' });
    fake.tweaks.createHang = false;
    setIvrRailForTests(paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: 'wrong-gateway', timeoutMs: 800 }));
    try {
      expect(await createIvrInvoice(db, f.actor, input)).toMatchObject({ ok: false, error: 'railRefused' });
    } finally {
      setIvrRailForTests(paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 800 }));
    }
    expect(await db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id))).toHaveLength(0);
    // A test (not yet approved) platform's invoices stay on the sandbox bank's IVR.
    const t = await makeIvrPlatform(db, { approved: false });
    await db.update(ivrSettings).set({ rail: 'paystar' }).where(eq(ivrSettings.platformId, t.platform.id));
    const made = await createIvrInvoice(db, t.actor, { ...input, platformId: t.platform.id });
    expect(made.ok && made.data.rail).toBe('sandbox');
  });
});
