import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentAlerts, payments, payouts, refunds, smsMessages } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { buildBatch, markBatchSent } from '@/lib/payouts/batches';
import { currentMoneyBackRules, requestPayout, setMoneyBackRules, settlePayout } from '@/lib/payouts';
import { TEST_SHEBA } from '@/lib/payouts/fixtures';
import { getBatchDetail } from '@/lib/payouts/staff-views';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { cancelRefund, createRefund, getRefund, refundLinkView, refundQuote, resendRefundLink, runRefundJanitor, submitRefundAccount } from '.';
import { addPaidPayment, paidPayment } from './fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const PAYER_SHEBA = 'IR062960000000100324200001';

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const tokenOf = (link: string | null) => link!.split('/').pop()!;

async function paymentRow(id: string) {
  const [p] = await db.select().from(payments).where(eq(payments.id, id));
  return p;
}

describe('refunds: how much and from where', () => {
  it('partial refunds add up to the amount, then one more is refused; unsettled money comes from pending, the rest from withdrawable', async () => {
    const { platform, actor, payment } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 50_000n });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 50_000n });

    const a = await createRefund(db, actor, { paymentId: payment.id, amount: 400_000n, reason: 'Returned item' });
    if (!a.ok) throw new Error(JSON.stringify(a));
    expect(a.data.refund).toMatchObject({ state: 'succeeded', method: 'gateway', fromPending: 400_000n, fromWithdrawable: 0n, feeReturned: 0n });
    // The fee is kept by default, so the last 600 000 is 590 000 still pending and 10 000 of withdrawable.
    const b = await createRefund(db, actor, { paymentId: payment.id, amount: 600_000n, reason: 'Canceled order' });
    if (!b.ok) throw new Error(JSON.stringify(b));
    expect(b.data.refund).toMatchObject({ state: 'succeeded', fromPending: 590_000n, fromWithdrawable: 10_000n });
    expect(await createRefund(db, actor, { paymentId: payment.id, amount: 1n, reason: 'x' })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'refundAboveRemaining' },
    });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 40_000n });
    expect(await paymentRow(payment.id)).toMatchObject({ refundedAmount: 1_000_000n, pendingDebited: 990_000n });
    // The payer is told; the merchant's inbox too.
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, payment.payerMobile!));
    expect(texts.filter((t) => t.body.includes('بازگشت داده شد'))).toHaveLength(2);
  });

  it('20 concurrent refunds of 40 % each on one payment: exactly 2 go through', async () => {
    const { actor, payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 0n });
    const results = await Promise.all(Array.from({ length: 20 }, () => createRefund(db, actor, { paymentId: payment.id, amount: 400_000n, reason: 'race' })));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.amount === 'refundAboveRemaining')).toBe(true);
    expect(await paymentRow(payment.id)).toMatchObject({ refundedAmount: 800_000n });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 200_000n, withdrawable: 0n });
  });

  it('a settled payment is refunded from withdrawable; when balances cannot cover it nothing is saved', async () => {
    const { actor, payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, settled: true });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 990_000n });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 300_000n, reason: 'Partial' });
    expect(r).toMatchObject({ ok: true, data: { refund: { fromPending: 0n, fromWithdrawable: 300_000n } } });
    // 700 000 more would need 700 000 of withdrawable: only 690 000 is there.
    const refused = await createRefund(db, actor, { paymentId: payment.id, amount: 700_000n, reason: 'Rest' });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { amount: 'refundInsufficientBalance' } });
    expect(await paymentRow(payment.id)).toMatchObject({ refundedAmount: 300_000n });
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 690_000n });
  });

  it('a refund racing the settlement of its payment: pending never goes below zero and nothing is counted twice', async () => {
    const { runSettlement } = await import('@/lib/payments/settlement');
    for (let i = 0; i < 5; i++) {
      const { actor, payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 100_000n });
      // Completed yesterday so that today's run (a working day chosen below) takes it.
      await db
        .update(payments)
        .set({ completedAt: new Date('2026-12-07T00:00:00Z') })
        .where(eq(payments.id, payment.id));
      const [r] = await Promise.all([
        createRefund(db, actor, { paymentId: payment.id, amount: 500_000n, reason: 'race' }),
        runSettlement(db, new Date('2026-12-08T08:00:00Z'), { platformId: platform.id }),
      ]);
      expect(r.ok).toBe(true);
      const b = await platformBalances(db, platform.id);
      expect(b.pending).toBe(0n);
      expect(b.pending + b.withdrawable).toBe(100_000n + 990_000n - 500_000n);
    }
  });

  it('the fee goes back pro rata when staff say so, the whole fee on a full refund', async () => {
    // Named here rather than set for everyone: other test files read the staff setting at the same time.
    const { actor, payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 15_000n });
    const q = await refundQuote(db, actor, { paymentId: payment.id, amount: 333_333n }, { returnsFee: true });
    expect(q).toMatchObject({ ok: true, data: { feeReturned: 4_999n, merchantDebit: 328_334n } });
    const a = await createRefund(db, actor, { paymentId: payment.id, amount: 333_333n, reason: 'a' }, { returnsFee: true });
    const b = await createRefund(db, actor, { paymentId: payment.id, amount: 666_667n, reason: 'b' }, { returnsFee: true });
    if (!a.ok || !b.ok) throw new Error('refund');
    expect(a.data.refund.feeReturned + b.data.refund.feeReturned).toBe(15_000n);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
  });

  it('staff set the refund and dispute fee rules (audited); a merchant cannot', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    await expect(setMoneyBackRules(db, { kind: 'merchant' } as never, { refundReturnsFee: true, disputeFee: 1n })).rejects.toThrow('staff only');
    // The defaults, written back as they are: other test files read this one row at the same time.
    expect(await setMoneyBackRules(db, staff, { refundReturnsFee: false, disputeFee: 0n })).toMatchObject({ ok: true });
    expect(await currentMoneyBackRules(db)).toEqual({ refundReturnsFee: false, disputeFee: 0n });
    expect(await setMoneyBackRules(db, staff, { refundReturnsFee: false, disputeFee: -1n })).toMatchObject({
      ok: false,
      fieldErrors: { disputeFee: 'amountNotPositive' },
    });
  });

  it('test-mode payments are refunded by the sandbox without touching the ledger', async () => {
    const { actor, payment, platform } = await paidPayment(db, { livemode: false });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 1_000_000n, reason: 'test' });
    expect(r).toMatchObject({ ok: true, data: { refund: { state: 'succeeded', livemode: false, fromPending: 0n, fromWithdrawable: 0n } } });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
  });
});

describe('refunds: the sandbox bank’s own refund', () => {
  it('times out → processing → the janitor asks again → succeeded, once', async () => {
    const { actor, payment } = await paidPayment(db, { card: SANDBOX_CARD.refundTimeout });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 200_000n, reason: 'late bank' });
    if (!r.ok) throw new Error('refund');
    expect(r.data.refund.state).toBe('processing');
    // Not yet due: the janitor leaves it.
    await runRefundJanitor(db, new Date());
    expect((await getRefund(db, actor, r.data.refund.id))!.state).toBe('processing');
    const later = new Date(Date.now() + 10 * 60_000);
    await Promise.all([runRefundJanitor(db, later), runRefundJanitor(db, later)]);
    const done = (await getRefund(db, actor, r.data.refund.id))!;
    expect(done).toMatchObject({ state: 'succeeded' });
    expect(done.gatewayRef).toMatch(/^\d{12}$/);
  });

  it('a refund saved but never sent (the creating request stopped before asking the bank) is sent by the janitor, not asked about', async () => {
    const { actor, payment } = await paidPayment(db, { livemode: false });
    // What createRefund has committed before it claims the refund and asks the bank.
    const [saved] = await db
      .insert(refunds)
      .values({
        paymentId: payment.id,
        platformId: payment.platformId,
        merchantId: actor.merchantId,
        livemode: false,
        amount: 300_000n,
        reason: 'stopped',
        state: 'processing',
        method: 'gateway',
      })
      .returning();
    await db.update(payments).set({ refundedAmount: 300_000n }).where(eq(payments.id, payment.id));
    // Asked about, the bank knows no such refund: that is no refusal (live, the payer would be sent for an account).
    await runRefundJanitor(db);
    expect(await getRefund(db, actor, saved.id)).toMatchObject({ state: 'succeeded', method: 'gateway' });
  });

  it('declined by the bank → the payer names an account from a single-use link → a refund payout in the batch → paid', async () => {
    const { actor, payment, platform } = await paidPayment(db, { card: SANDBOX_CARD.refundDeclined, amount: 800_000n, fee: 8_000n });
    const staff = staffActorOf(await makeAdmin(db));
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 500_000n, reason: 'Damaged' });
    if (!r.ok) throw new Error('refund');
    expect(r.data.refund).toMatchObject({ state: 'awaiting_account', method: 'payout' });
    const [text] = await db.select().from(smsMessages).where(eq(smsMessages.mobile, payment.payerMobile!));
    expect(text.body).toContain('/refund/');
    const token = text.body.split('/refund/')[1].trim();
    expect(tokenOf(r.data.payerLink)).toBe(token);
    expect(await refundLinkView(db, token)).toMatchObject({ amount: 500_000n, trackingCode: payment.trackingCode });

    expect(await submitRefundAccount(db, { token, sheba: 'IR000000000000000000000000', holderName: 'علی رضایی' })).toMatchObject({
      ok: false,
      fieldErrors: { sheba: 'shebaInvalid' },
    });
    const named = await Promise.all([
      submitRefundAccount(db, { token, sheba: PAYER_SHEBA, holderName: 'علی رضایی' }),
      submitRefundAccount(db, { token, sheba: PAYER_SHEBA, holderName: 'علی رضایی' }),
    ]);
    expect(named.filter((x) => x.ok)).toHaveLength(1);
    expect(await refundLinkView(db, token)).toBeNull();
    expect(await submitRefundAccount(db, { token, sheba: PAYER_SHEBA, holderName: 'x' })).toMatchObject({ ok: false, error: 'refundLinkInvalid' });

    const batch = await buildBatch(db, staff, {});
    if (!batch.ok) throw new Error('batch');
    const inBatch = (await getBatchDetail(db, staff, batch.data.id))!.payouts;
    const row = inBatch.find((x) => x.payout.refundId === r.data.refund.id)!;
    expect(row).toMatchObject({ sheba: PAYER_SHEBA, holderName: 'علی رضایی', refundOf: { trackingCode: payment.trackingCode, payerName: 'علی رضایی' } });
    await markBatchSent(db, staff, { batchId: batch.data.id });
    const payoutId = row.payout.id;
    // The bank returns it: the money goes back to the refund (not to the merchant) and the payer gets a new link.
    expect((await settlePayout(db, staff, { payoutId, outcome: 'returned', reason: 'Account closed' })).ok).toBe(true);
    expect((await getRefund(db, actor, r.data.refund.id))!.state).toBe('awaiting_account');
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 292_000n, withdrawable: 0n });
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, payment.payerMobile!));
    const token2 = texts.map((t) => t.body.split('/refund/')[1]?.trim()).filter((t) => t && t !== token)[0]!;
    expect((await submitRefundAccount(db, { token: token2, sheba: PAYER_SHEBA, holderName: 'علی رضایی' })).ok).toBe(true);
    const [second] = await db
      .select()
      .from(payouts)
      .where(and(eq(payouts.refundId, r.data.refund.id), eq(payouts.state, 'approved')));
    const batch2 = await buildBatch(db, staff, { payoutIds: [second.id] });
    if (!batch2.ok) throw new Error('batch2');
    await markBatchSent(db, staff, { batchId: batch2.data.id });
    expect((await settlePayout(db, staff, { payoutId: second.id, outcome: 'paid', bankRef: 'PAYA-R1' })).ok).toBe(true);
    expect((await getRefund(db, actor, r.data.refund.id))!.state).toBe('succeeded');
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 292_000n, withdrawable: 0n });
  });

  it('a refund still waiting for the payer can be withdrawn: the posting is reversed exactly, and after settlement to withdrawable', async () => {
    const { actor, payment, platform } = await paidPayment(db, { gateway: null, amount: 600_000n, fee: 6_000n, withdrawable: 6_000n });
    const before = await platformBalances(db, platform.id);
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 600_000n, reason: 'slip refund' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.data.refund).toMatchObject({ method: 'payout', state: 'awaiting_account', fromPending: 594_000n, fromWithdrawable: 6_000n });
    expect(r.ok).toBe(true);
    expect(await cancelRefund(db, actor, { refundId: r.data.refund.id })).toMatchObject({ ok: true, data: { state: 'failed' } });
    expect(await cancelRefund(db, actor, { refundId: r.data.refund.id })).toMatchObject({ ok: false, error: 'notAwaitingAccount' });
    expect(await platformBalances(db, platform.id)).toEqual(before);
    expect(await paymentRow(payment.id)).toMatchObject({ refundedAmount: 0n, pendingDebited: 0n });
    expect(await refundLinkView(db, tokenOf(r.data.payerLink))).toBeNull();

    // The same after the payment settled in between: what came from pending goes to withdrawable.
    const second = await createRefund(db, actor, { paymentId: payment.id, amount: 100_000n, reason: 'again' });
    if (!second.ok) throw new Error('second');
    await db.update(payments).set({ settledAt: new Date() }).where(eq(payments.id, payment.id));
    const { transfer } = await import('@/lib/ledger');
    await db.transaction((tx) =>
      transfer(tx, {
        kind: 'settlement',
        reference: `t:${payment.id}`,
        from: { kind: 'platform_pending', platformId: platform.id },
        to: { kind: 'platform_withdrawable', platformId: platform.id },
        amount: 494_000n,
      }),
    );
    await cancelRefund(db, actor, { refundId: second.data.refund.id });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 600_000n });
    expect(before).toEqual({ pending: 594_000n, withdrawable: 6_000n });
  });
});

describe('refunds: where the money may go', () => {
  it('the payer cannot name an account the merchant has on file; refund payouts do not count against the merchant’s daily withdrawal cap', async () => {
    const { actor, payment, platform, account } = await paidPayment(db, {
      card: SANDBOX_CARD.refundDeclined,
      amount: 1_000_000n,
      fee: 0n,
      withdrawable: 600_000n,
    });
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 900_000n, reason: 'cap' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const token = tokenOf(r.data.payerLink);
    expect(await submitRefundAccount(db, { token, sheba: TEST_SHEBA, holderName: 'مریم احمدی' })).toMatchObject({
      ok: false,
      fieldErrors: { sheba: 'shebaIsMerchants' },
    });
    // The link still works for the payer's own account.
    expect((await submitRefundAccount(db, { token, sheba: PAYER_SHEBA, holderName: 'علی رضایی' })).ok).toBe(true);
    const w = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 500_000n }, { rules: { dailyCap: 1_000_000n } });
    expect(w.ok).toBe(true);
  });
});

describe('refunds: who may', () => {
  it('another merchant’s payment or refund gets nothing; a failed payment is not refundable', async () => {
    const a = await paidPayment(db, { card: SANDBOX_CARD.refundDeclined });
    const b = await paidPayment(db);
    expect(await createRefund(db, b.actor, { paymentId: a.payment.id, amount: 1000n, reason: 'x' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await refundQuote(db, b.actor, { paymentId: a.payment.id, amount: 1000n })).toMatchObject({ ok: false, error: 'notFound' });
    const mine = await createRefund(db, a.actor, { paymentId: a.payment.id, amount: 1000n, reason: 'x' });
    if (!mine.ok) throw new Error('mine');
    expect(await getRefund(db, b.actor, mine.data.refund.id)).toBeNull();
    expect(await cancelRefund(db, b.actor, { refundId: mine.data.refund.id })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await resendRefundLink(db, b.actor, { refundId: mine.data.refund.id })).toMatchObject({ ok: false, error: 'notFound' });
    const failed = await addPaidPayment(db, a.platform.id);
    await db.update(payments).set({ state: 'failed' }).where(eq(payments.id, failed.id));
    expect(await createRefund(db, a.actor, { paymentId: failed.id, amount: 1000n, reason: 'x' })).toMatchObject({ ok: false, error: 'notRefundable' });
    expect(await createRefund(db, a.actor, { paymentId: 'not-a-uuid', amount: 1000n, reason: 'x' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await createRefund(db, a.actor, { paymentId: a.payment.id, amount: 0n, reason: 'x' })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'amountNotPositive' },
    });
    expect(await refundLinkView(db, 'x'.repeat(32))).toBeNull();
    expect(await submitRefundAccount(db, { token: "'; drop table refunds; --", sheba: PAYER_SHEBA, holderName: 'x' })).toMatchObject({
      ok: false,
      error: 'refundLinkInvalid',
    });
    expect(await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, a.payment.id))).toHaveLength(0);
  });
});
