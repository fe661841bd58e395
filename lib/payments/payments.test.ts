import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentAlerts, paymentAttempts, payments, platforms, sandboxBankSessions } from '@/db/schema';
import { setGatewayForTests } from '@/lib/gateways';
import { sandboxGateway, sandboxPay } from '@/lib/gateways/sandbox';
import type { Gateway } from '@/lib/gateways/types';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { postingsOf } from '@/test/ledger';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { createPayment, DuplicateOrderError, handleCallback, runJanitor, startPayment } from './index';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const BASE = 'http://localhost:3999';

afterEach(async () => {
  setGatewayForTests('sandbox', null);
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function livePlatform() {
  const { platform, merchant } = await makePlatform(db);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
  return { platform, merchant };
}

/** A payment on the sandbox bank, paid (or not) with the given card; returns the callback's query. */
async function payWith(card: string | null, amount = 250_000n) {
  const { platform } = await livePlatform();
  const p = await createPayment(db, { platformId: platform.id, source: 'link', livemode: true, amount, payerMobile: '09121234567' });
  const started = await startPayment(db, p.id, 'sandbox', BASE);
  expect(started.ok).toBe(true);
  const [withToken] = await db.select().from(payments).where(eq(payments.id, p.id));
  expect(withToken.state).toBe('redirected');
  let params: Record<string, string> = { token: withToken.gatewayToken!, status: 'ok' };
  if (card) {
    const r = await sandboxPay(db, { token: withToken.gatewayToken!, card });
    expect(r.ok).toBe(true);
    if (r.ok) params = Object.fromEntries(new URL(r.data.callbackUrl).searchParams);
  }
  return { platform, payment: withToken, params };
}

describe('payments on the sandbox bank', () => {
  it('succeeds only after verify, posts once, masks the card and logs every step', async () => {
    const { platform, payment, params } = await payWith(SANDBOX_CARD.success);
    const done = await handleCallback(db, 'sandbox', params);
    expect(done?.state).toBe('succeeded');
    expect(done?.cardMasked).toBe('603799******0004');
    expect(done?.gatewayRef).toMatch(/^\d{12}$/);
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
    const b = await platformBalances(db, platform.id);
    expect(b.pending).toBe(250_000n - (done!.fee ?? 0n));
    const log = await db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, payment.id)).orderBy(asc(paymentAttempts.id));
    expect(log.map((l) => l.action)).toEqual(['start', 'callback', 'verify']);
  });

  it('50 concurrent callbacks credit once', async () => {
    const { platform, payment, params } = await payWith(SANDBOX_CARD.twice, 1_000_000n);
    const results = await Promise.all(Array.from({ length: 50 }, () => handleCallback(db, 'sandbox', params)));
    expect(results.every((r) => r?.id === payment.id)).toBe(true);
    const [final] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(final.state).toBe('succeeded');
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
    expect((await platformBalances(db, platform.id)).pending).toBe(1_000_000n - (final.fee ?? 0n));
    // A replay long after changes nothing either.
    await handleCallback(db, 'sandbox', params);
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
  });

  it('a declined card fails with the bank reason and posts nothing', async () => {
    const { platform, payment, params } = await payWith(SANDBOX_CARD.insufficient);
    const done = await handleCallback(db, 'sandbox', params);
    expect(done?.state).toBe('failed');
    expect(done?.failureReason).toMatch(/Insufficient balance/);
    expect(await postingsOf(db, payment.id)).toHaveLength(0);
    expect((await platformBalances(db, platform.id)).pending).toBe(0n);
  });

  it('a forged callback changes nothing: an unknown token, or one the bank has not seen paid', async () => {
    const { payment, params } = await payWith(null);
    expect(await handleCallback(db, 'sandbox', { token: 'sbx_000000000000000000000000', status: 'ok' })).toBeNull();
    expect(await handleCallback(db, 'sandbox', { token: 'not a token' })).toBeNull();
    expect(await handleCallback(db, 'nope', params)).toBeNull();
    const after = await handleCallback(db, 'sandbox', params); // says ok, but the payer never paid
    expect(after?.state).toBe('redirected');
    expect(await postingsOf(db, payment.id)).toHaveLength(0);
  });

  it('a verify that times out leaves the payment unknown; the janitor resolves it once', async () => {
    const { payment, params } = await payWith(SANDBOX_CARD.verifyTimeout, 90_000n);
    const first = await handleCallback(db, 'sandbox', params);
    expect(first?.state).toBe('unknown');
    expect(await postingsOf(db, payment.id)).toHaveLength(0);
    await runJanitor(db, new Date(Date.now() + 5 * 60_000));
    const [after] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after.state).toBe('succeeded');
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
    await runJanitor(db, new Date(Date.now() + 10 * 60_000));
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
  });

  it('a verify cut off mid-call (its instance died): the janitor asks the bank once the claim lapses, and credits once', async () => {
    const { payment } = await payWith(SANDBOX_CARD.success, 120_000n);
    // What verifyPayment leaves behind when its process dies waiting for the bank: the claim, nothing else.
    await db
      .update(payments)
      .set({ verifyingUntil: new Date(Date.now() + 30_000) })
      .where(eq(payments.id, payment.id));
    await runJanitor(db);
    expect((await db.select().from(payments).where(eq(payments.id, payment.id)))[0].state).toBe('redirected');
    expect(await postingsOf(db, payment.id)).toHaveLength(0);
    // The claim's 30 seconds pass: the next minutely janitor asks and credits, not 30 minutes on when the payer would count as gone.
    await db
      .update(payments)
      .set({ verifyingUntil: new Date(Date.now() - 1000) })
      .where(eq(payments.id, payment.id));
    await runJanitor(db);
    const [after] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(after.state).toBe('succeeded');
    expect(after.verifyingUntil).toBeNull();
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
    await runJanitor(db);
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
  });

  it('an amount mismatch fails the payment and raises an alert for staff', async () => {
    const real = sandboxGateway(() => db);
    const lying: Gateway = {
      ...real,
      verify: async (input) => {
        const a = await real.verify(input);
        return a.status === 'paid' ? { ...a, amount: a.amount - 1n } : a;
      },
    };
    setGatewayForTests('sandbox', lying);
    const { payment, params } = await payWith(SANDBOX_CARD.success, 500_000n);
    const done = await handleCallback(db, 'sandbox', params);
    expect(done?.state).toBe('failed');
    expect(done?.failureReason).toMatch(/mismatch/);
    expect(await postingsOf(db, payment.id)).toHaveLength(0);
    const alerts = await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, payment.id));
    expect(alerts.map((a) => a.kind)).toEqual(['amount_mismatch']);
  });

  it('a payer who never comes back is canceled by the janitor after 30 minutes', async () => {
    const { payment } = await payWith(null);
    await runJanitor(db, new Date(Date.now() + 5 * 60_000));
    expect((await db.select().from(payments).where(eq(payments.id, payment.id)))[0].state).toBe('redirected');
    await db
      .update(payments)
      .set({ createdAt: new Date(Date.now() - 31 * 60_000), updatedAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(payments.id, payment.id));
    await runJanitor(db);
    expect((await db.select().from(payments).where(eq(payments.id, payment.id)))[0].state).toBe('canceled');
  });

  it('test-mode payments never reach the ledger', async () => {
    const { platform } = await livePlatform();
    const p = await createPayment(db, { platformId: platform.id, source: 'api', livemode: false, amount: 10_000n, orderId: 'T-1' });
    await startPayment(db, p.id, 'sandbox', BASE);
    const [row] = await db.select().from(payments).where(eq(payments.id, p.id));
    await sandboxPay(db, { token: row.gatewayToken!, card: SANDBOX_CARD.success });
    const done = await handleCallback(db, 'sandbox', { token: row.gatewayToken! });
    expect(done?.state).toBe('succeeded');
    expect(await postingsOf(db, p.id)).toHaveLength(0);
  });

  it('refuses a duplicate order id per platform and mode, and non-positive amounts at the database', async () => {
    const { platform } = await livePlatform();
    await createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 10_000n, orderId: 'ORD-1' });
    await expect(createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 20_000n, orderId: 'ORD-1' })).rejects.toBeInstanceOf(
      DuplicateOrderError,
    );
    await createPayment(db, { platformId: platform.id, source: 'api', livemode: false, amount: 20_000n, orderId: 'ORD-1' });
    await expect(createPayment(db, { platformId: platform.id, source: 'api', livemode: true, amount: 0n, orderId: 'ORD-2' })).rejects.toThrow();
  });

  it('the sandbox bank refuses unknown cards and a second payment of the same session', async () => {
    const { payment } = await payWith(SANDBOX_CARD.success);
    expect(await sandboxPay(db, { token: payment.gatewayToken!, card: SANDBOX_CARD.success })).toEqual({ ok: false, error: 'alreadyDone' });
    const [s] = await db.select().from(sandboxBankSessions).where(eq(sandboxBankSessions.token, payment.gatewayToken!));
    expect(s.state).toBe('paid');
    const other = await payWith(null);
    expect(await sandboxPay(db, { token: other.payment.gatewayToken!, card: '1234567812345678' })).toEqual({ ok: false, error: 'cardInvalid' });
  });
});
