import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerPostings, payments, platforms, refunds, topupOrders } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { accountFor, balanceFromLines, ledgerViolations, platformBalances } from '@/lib/ledger';
import { createPayment, handleCallback, runJanitor, startPayment } from '@/lib/payments';
import { createRefund } from '@/lib/refunds';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { postingsOf } from '@/test/ledger';
import { testDb } from '@/test/db';
import { scripted } from '@/test/topup-provider';
import type { ChargeAnswer, TopupProvider } from './provider';
import { makeMerchantService, merchantActorOf } from '@/test/fixtures';
import { createTopup, deliverTopup, offeredProducts, runTopupJanitor, setTopupProviderForTests, shares, syncCatalogue, type NewTopup } from '.';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const BASE = 'http://localhost:3999';
const log = { request: null, response: null, latencyMs: 1 };

let p: ReturnType<typeof scripted>;
beforeAll(async () => {
  p = scripted();
  setTopupProviderForTests(p.provider);
  const r = await syncCatalogue(db, p.provider);
  expect(r.ok).toBe(true);
});
afterAll(() => setTopupProviderForTests(null));
afterEach(async () => {
  Object.assign(p.state, { charge: 'delivered', inquire: [], gate: null });
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function chargePlatform() {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
  const actor = merchantActorOf(merchant);
  const made = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({ type: 'app', name: 'Charge app', address: 'ir.charge.app', expectedMonthlyVolume: '1000000', merchantServiceId }),
  );
  if (!made.ok) throw new Error(made.error);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, made.data.platform.id));
  return { merchant, actor, platform: made.data.platform };
}

async function product(upstreamId: string) {
  const all = await offeredProducts(db, 'esaj');
  return all.find((x) => x.upstreamId === upstreamId)!;
}

let seq = 0;
async function order(
  platformId: string,
  input: { mobile?: string; productId?: string | null; amount?: bigint | null; operator?: 'mci' | 'irancell' | null } = {},
) {
  const r = await createTopup(db, {
    platformId,
    livemode: true,
    mobile: input.mobile ?? '09121234567',
    operator: input.operator ?? null,
    productId: input.productId ?? null,
    amount: input.amount === undefined ? 50_000n : input.amount,
    orderId: `t-${Date.now()}-${++seq}`,
    callbackUrl: null,
    channel: 'api',
  });
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

/** The buyer pays on the sandbox bank; the success delivers the top-up at once. */
async function pay(paymentId: string, card: string = SANDBOX_CARD.success) {
  const started = await startPayment(db, paymentId, 'sandbox', BASE);
  if (!started.ok) throw new Error('start');
  const [row] = await db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, paymentId));
  const paid = await sandboxPay(db, { token: row.token!, card });
  if (!paid.ok) throw new Error('sandbox');
  return handleCallback(db, 'sandbox', Object.fromEntries(new URL(paid.data.callbackUrl).searchParams));
}

const stateOf = async (id: string) => (await db.select().from(topupOrders).where(eq(topupOrders.id, id)))[0];

describe('top-up orders', () => {
  it('a paid order is delivered once under 20 racing workers; the price is shared out in one balanced posting', async () => {
    const shop = await chargePlatform();
    const { order: o } = await order(shop.platform.id, { amount: 100_000n });
    let open!: () => void;
    p.state.gate = new Promise<void>((r) => (open = r));
    // The payment's success starts the delivery, which waits at the provider; 20 workers race it.
    const paying = pay(o.paymentId);
    await new Promise((r) => setTimeout(r, 300));
    const racing = Promise.all([...Array.from({ length: 19 }, () => deliverTopup(db, o.id)), runTopupJanitor(db)]);
    await new Promise((r) => setTimeout(r, 200));
    open();
    await Promise.all([paying, racing]);
    // Counted for this order only: the janitor also delivers other files' orders in the shared database.
    expect(p.state.charged.filter((id) => id === o.id)).toHaveLength(1);
    const done = await stateOf(o.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 1 });
    const s = shares(100_000n, 400, 5_000);
    expect(s).toEqual({ cost: 96_000n, commission: 2_000n, margin: 2_000n });
    expect(done.commission).toBe(2_000n);
    expect(await postingsOf(db, o.id, 'topup_delivered')).toHaveLength(1);
    expect(await postingsOf(db, o.paymentId, 'payment_succeeded')).toHaveLength(1);
    // The commission is withdrawable at once; nothing waits in pending; the payment has no fee.
    expect(await platformBalances(db, shop.platform.id)).toEqual({ pending: 0n, withdrawable: 2_000n });
    const [pay0] = await db.select().from(payments).where(eq(payments.id, o.paymentId));
    expect(pay0).toMatchObject({ state: 'succeeded', fee: 0n, source: 'topup' });
    expect(pay0.settledAt).not.toBeNull();
  });

  it('"in progress" leaves it unknown; the janitor asks by our order id until it is delivered', async () => {
    const shop = await chargePlatform();
    p.state.charge = 'pending';
    p.state.inquire = ['pending', 'delivered'];
    const { order: o } = await order(shop.platform.id);
    await pay(o.paymentId);
    expect((await stateOf(o.id)).state).toBe('unknown');
    const later = (min: number) => new Date(Date.now() + min * 60_000);
    await runTopupJanitor(db, later(0.5));
    expect((await stateOf(o.id)).state).toBe('unknown');
    await runTopupJanitor(db, later(2));
    expect((await stateOf(o.id)).state).toBe('unknown');
    await runTopupJanitor(db, later(10));
    expect(await stateOf(o.id)).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(await postingsOf(db, o.id, 'topup_delivered')).toHaveLength(1);
  });

  it('a final failure refunds the buyer once (the card, through the gateway) and reverses the hold exactly', async () => {
    const shop = await chargePlatform();
    const clearing = await accountFor(db, 'topup_clearing');
    const { order: o } = await order(shop.platform.id, { amount: 70_000n });
    const held0 = await balanceFromLines(db, clearing);
    p.state.charge = 'failed';
    await pay(o.paymentId);
    const failed = await stateOf(o.id);
    expect(failed.state).toBe('failed');
    expect(failed.refundId).not.toBeNull();
    const [r] = await db.select().from(refunds).where(eq(refunds.id, failed.refundId!));
    expect(r).toMatchObject({ amount: 70_000n, fromTopup: 70_000n, method: 'gateway', state: 'succeeded' });
    expect(await balanceFromLines(db, clearing)).toBe(held0);
    expect(await postingsOf(db, o.id, 'topup_delivered')).toHaveLength(0);
    // Again and again: nothing more.
    await Promise.all([deliverTopup(db, o.id), runTopupJanitor(db)]);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, o.paymentId))).toHaveLength(1);
    expect(await platformBalances(db, shop.platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
  });

  it('the merchant cannot refund a top-up by hand; a failed payment closes its order', async () => {
    const shop = await chargePlatform();
    const { order: o } = await order(shop.platform.id);
    await pay(o.paymentId);
    expect(await createRefund(db, shop.actor, { paymentId: o.paymentId, amount: 1_000n, reason: 'x' })).toMatchObject({ ok: false, error: 'notRefundable' });
    const { order: declined } = await order(shop.platform.id);
    await pay(declined.paymentId, SANDBOX_CARD.insufficient);
    await runTopupJanitor(db);
    expect((await stateOf(declined.id)).state).toBe('canceled');
    expect(p.state.charges).toBeGreaterThan(0);
  });

  it('refuses numbers of no operator, amounts not allowed, unknown products, another operator’s product, duplicate order ids', async () => {
    const shop = await chargePlatform();
    const base: Omit<NewTopup, 'mobile'> = {
      platformId: shop.platform.id,
      livemode: true,
      operator: null,
      productId: null,
      amount: 50_000n,
      orderId: null,
      callbackUrl: null,
      channel: 'api',
    };
    const refused = async (over: Partial<NewTopup>) => {
      const r = await createTopup(db, { ...base, mobile: '09121234567', ...over });
      return r.ok ? 'ok' : r.error;
    };
    expect(await refused({ mobile: '0800000000' })).toBe('mobileInvalid');
    expect(await refused({ mobile: 'x'.repeat(10_000) })).toBe('mobileInvalid');
    expect(await refused({ amount: 5_000n })).toBe('amountNotAllowed');
    expect(await refused({ amount: 10_500n })).toBe('amountNotAllowed');
    expect(await refused({ amount: null })).toBe('amountRequired');
    expect(await refused({ productId: '00000000-0000-4000-8000-000000000000' })).toBe('productUnknown');
    expect(await refused({ productId: 'nope' })).toBe('productUnknown');
    const wonderful = await product('ir-wonderful');
    expect(await refused({ productId: wonderful.id, amount: 10_000n })).toBe('productOperatorMismatch');
    expect(await refused({ productId: wonderful.id, mobile: '09351234567', amount: 15_000n })).toBe('amountNotAllowed');
    expect(await refused({ productId: wonderful.id, mobile: '09121234567', operator: 'irancell', amount: 20_000n })).toBe('ok');
    const pkg = await product('mci-pkg-30d-10g');
    expect(await refused({ productId: pkg.id, amount: null })).toBe('ok');
    expect(await refused({ productId: pkg.id, amount: 1_000n })).toBe('amountNotAllowed');
    const dup = { orderId: `dup-${Date.now()}` };
    expect(await refused(dup)).toBe('ok');
    expect(await refused(dup)).toBe('duplicateOrder');
  });

  it('a payment made elsewhere with the order id of a top-up is refused as a duplicate, and nothing is half saved', async () => {
    const shop = await chargePlatform();
    const orderId = `taken-${Date.now()}`;
    await createPayment(db, { platformId: shop.platform.id, source: 'api', livemode: true, amount: 1_000n, orderId });
    const r = await createTopup(db, {
      platformId: shop.platform.id,
      livemode: true,
      mobile: '09121234567',
      operator: null,
      productId: null,
      amount: 50_000n,
      orderId,
      callbackUrl: null,
      channel: 'api',
    });
    expect(r).toMatchObject({ ok: false, error: 'duplicateOrder' });
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(topupOrders)
      .where(eq(topupOrders.platformId, shop.platform.id));
    expect(n).toBe(0);
    void runJanitor;
  });
});

describe('the top-up simulation', () => {
  it('60 orders of mixed outcomes, delivered by racing workers and janitors: every order ends once, money conserved', async () => {
    const shop = await chargePlatform();
    // The provider decides by the number's last digit: 0–5 delivered at once, 6 failed, 7 in progress then delivered, 8 in progress then failed, 9 silent then delivered.
    const outcomeOf = (mobile: string) => Number(mobile.slice(-1));
    const answer = (status: ChargeAnswer['status'], orderId: string): ChargeAnswer =>
      status === 'delivered' ? { status, ref: `sim-${orderId.slice(0, 8)}`, pin: null, log } : { status, reason: `sim ${status}`, log };
    const sim: TopupProvider = {
      ...p.provider,
      charge: async (i) => {
        const d = outcomeOf(i.mobile);
        return answer(d <= 5 ? 'delivered' : d === 6 ? 'failed' : d === 9 ? 'unknown' : 'pending', i.orderId);
      },
      inquire: async (i) => answer(outcomeOf(i.mobile) === 8 ? 'failed' : 'delivered', i.orderId),
    };
    setTopupProviderForTests(sim);
    try {
      const orders = [];
      for (let i = 0; i < 60; i++) {
        const mobile = `0912${String(1000000 + i * 7919).slice(-6)}${i % 10}`;
        orders.push((await order(shop.platform.id, { mobile, amount: BigInt(20_000 + (i % 7) * 10_000) })).order);
      }
      // Buyers pay in waves while workers and janitors race for the same orders.
      for (let w = 0; w < orders.length; w += 12) {
        const wave = orders.slice(w, w + 12);
        await Promise.all([...wave.map((o) => pay(o.paymentId)), ...wave.map((o) => deliverTopup(db, o.id)), runTopupJanitor(db)]);
      }
      const later = new Date(Date.now() + 3 * 3600_000);
      await Promise.all([runTopupJanitor(db, later), runTopupJanitor(db, later)]);
      const ids = orders.map((o) => o.id);
      const rows = await db
        .select()
        .from(topupOrders)
        .where(
          sql`${topupOrders.id} in (${sql.join(
            ids.map((i) => sql`${i}::uuid`),
            sql`, `,
          )})`,
        );
      const by = (d: number) => rows.filter((r) => outcomeOf(r.mobile) === d);
      for (const d of [0, 1, 2, 3, 4, 5, 7, 9])
        expect(
          by(d).every((r) => r.state === 'delivered'),
          `digit ${d}`,
        ).toBe(true);
      for (const d of [6, 8])
        expect(
          by(d).every((r) => r.state === 'failed' && r.refundId),
          `digit ${d}`,
        ).toBe(true);
      // Once each: one delivery posting per delivered order, one refund per failed one, none else.
      const delivered = rows.filter((r) => r.state === 'delivered');
      const failed = rows.filter((r) => r.state === 'failed');
      const [{ n: deliveries }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ledgerPostings)
        .where(
          and(
            eq(ledgerPostings.kind, 'topup_delivered'),
            sql`${ledgerPostings.reference} in (${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )})`,
          ),
        );
      expect(deliveries).toBe(delivered.length);
      const refunded = await db
        .select()
        .from(refunds)
        .where(
          sql`${refunds.paymentId} in (${sql.join(
            failed.map((r) => sql`${r.paymentId}::uuid`),
            sql`, `,
          )})`,
        );
      expect(refunded).toHaveLength(failed.length);
      expect(refunded.every((r) => r.state === 'succeeded' && r.fromTopup === r.amount)).toBe(true);
      // The merchant's commission is exactly what the delivered orders earned; nothing of this shop is left held.
      const earned = delivered.reduce((a, r) => a + (r.commission ?? 0n), 0n);
      expect(earned).toBe(delivered.reduce((a, r) => a + shares(r.amount, r.marginBasisPoints, r.commissionBasisPoints).commission, 0n));
      expect(await platformBalances(db, shop.platform.id)).toEqual({ pending: 0n, withdrawable: earned });
      const held = await db.execute<{ s: string | null }>(sql`
        select sum(l.amount)::text as s from ledger_lines l join ledger_accounts a on a.id = l.account_id join ledger_postings lp on lp.id = l.posting_id
        where a.kind = 'topup_clearing' and (lp.reference in (${sql.join(
          orders.map((o) => sql`${o.paymentId}`),
          sql`, `,
        )}) or lp.reference in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) or lp.reference in (${sql.join(
          refunded.map((r) => sql`${r.id}`),
          sql`, `,
        )}))`);
      expect(BigInt([...held][0]?.s ?? '0')).toBe(0n);
    } finally {
      setTopupProviderForTests(p.provider);
    }
  }, 120_000);
});
