import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, disputes, payments, refunds, smsMessages } from '@/db/schema';
import { ledgerViolations, platformBalances, platformHolds } from '@/lib/ledger';
import { requestPayout } from '@/lib/payouts';
import { createRefund, getRefund, staffRefundLink, submitRefundAccount } from '@/lib/refunds';
import { paidPayment } from '@/lib/refunds/fixtures';
import { localStorage } from '@/lib/storage';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import {
  addDisputeEvidence,
  answerDispute,
  decideDispute,
  getDispute,
  getDisputeEvidence,
  isOverdue,
  listDisputeQueue,
  listMerchantDisputes,
  openDispute,
} from '.';

const db = testDb();
const PDF = Buffer.from('%PDF-1.4\n%test evidence\n');
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

function memoryStorage() {
  return localStorage(mkdtempSync(path.join(os.tmpdir(), 'dispute-evidence-')));
}

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function staff() {
  return staffActorOf(await makeAdmin(db));
}

describe('disputes', () => {
  it('opening holds the amount at once (pending part first); a withdrawal racing it fails cleanly; won gives it back exactly, once', async () => {
    const { actor, payment, platform, account } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 400_000n });
    const s = await staff();
    // 990 000 pending for this payment: a 600 000 complaint is held from it alone.
    const opened = await openDispute(db, s, { paymentId: payment.id, amount: 600_000n, reason: 'کالا نرسید', bankReference: 'SHP-1', deadline: inDays(7) });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    expect(opened.data).toMatchObject({ state: 'open', fromPending: 600_000n, fromWithdrawable: 0n, owed: 0n });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 390_000n, withdrawable: 400_000n });
    expect(await platformHolds(db, platform.id)).toEqual({ held: 600_000n, owed: 0n });
    // One open dispute per payment; and a refund waits for the bank's decision.
    expect(await openDispute(db, s, { paymentId: payment.id, amount: 1000n, reason: 'again', deadline: inDays(7) })).toMatchObject({
      ok: false,
      error: 'disputeOpen',
    });
    expect(await createRefund(db, actor, { paymentId: payment.id, amount: 1000n, reason: 'x' })).toMatchObject({ ok: false, error: 'disputeOpen' });
    // The merchant is told by SMS.
    const told = await db
      .select()
      .from(smsMessages)
      .where(like(smsMessages.body, `%${payment.trackingCode}%`));
    expect(told.some((m) => m.body.includes('اعتراض'))).toBe(true);

    // Two clerks recording the bank's decision at once: it moves the money once.
    const won = await Promise.all(
      Array.from({ length: 5 }, () => decideDispute(db, s, { disputeId: opened.data.id, outcome: 'won', reason: 'Delivery proven' })),
    );
    expect(won.filter((r) => r.ok)).toHaveLength(1);
    expect(won.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'disputeDecided')).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 400_000n });
    expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: 0n });
    expect((await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 100_000n })).ok).toBe(true);
  });

  it('a hold on a settled payment comes from withdrawable, and a concurrent withdrawal of the same money fails cleanly', async () => {
    const { actor, payment, platform, account } = await paidPayment(db, { amount: 1_000_000n, fee: 0n, settled: true });
    const s = await staff();
    const [d, w] = await Promise.all([
      openDispute(db, s, { paymentId: payment.id, amount: 700_000n, reason: 'Not authorised', deadline: inDays(5) }),
      requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 700_000n }),
    ]);
    expect(d.ok).toBe(true);
    const b = await platformBalances(db, platform.id);
    const h = await platformHolds(db, platform.id);
    if (w.ok) {
      // The withdrawal came first: the hold found 300 000 and the rest is owed.
      expect(d).toMatchObject({ data: { fromWithdrawable: 300_000n, owed: 400_000n } });
      expect([b.withdrawable, h.owed]).toEqual([0n, -400_000n]);
    } else {
      expect(w).toMatchObject({ ok: false, fieldErrors: { amount: 'insufficientBalance' } });
      expect([b.withdrawable, h.held]).toEqual([300_000n, 700_000n]);
    }
  });

  it('answered with text and a file by the merchant; lost: the hold goes to the payer through a refund payout, plus the fee', async () => {
    const { actor, payment, platform } = await paidPayment(db, { amount: 800_000n, fee: 8_000n, withdrawable: 20_000n });
    const s = await staff();
    const storage = memoryStorage();
    const d = await openDispute(db, s, { paymentId: payment.id, amount: 800_000n, reason: 'Charged twice', deadline: inDays(3) });
    if (!d.ok) throw new Error('open');
    // 792 000 pending + 8 000 withdrawable: nothing owed.
    expect(d.data).toMatchObject({ fromPending: 792_000n, fromWithdrawable: 8_000n, owed: 0n });
    expect(await addDisputeEvidence(db, actor, { disputeId: d.data.id, bytes: Buffer.from('not a pdf'), name: 'x.txt' }, storage)).toMatchObject({
      ok: false,
      error: 'fileType',
    });
    expect((await addDisputeEvidence(db, actor, { disputeId: d.data.id, bytes: PDF, name: 'فاکتور.pdf' }, storage)).ok).toBe(true);
    expect((await answerDispute(db, actor, { disputeId: d.data.id, answer: 'The goods were delivered; the invoice is attached.' })).ok).toBe(true);
    expect(await getDisputeEvidence(db, actor, { disputeId: d.data.id, index: 0 }, storage)).toMatchObject({ type: 'application/pdf', name: 'فاکتور.pdf' });
    expect(await getDisputeEvidence(db, s, { disputeId: d.data.id, index: 0 }, storage)).not.toBeNull();

    const lost = await decideDispute(db, s, { disputeId: d.data.id, outcome: 'lost', reason: 'The bank sided with the cardholder' }, { fee: 50_000n });
    expect(lost).toMatchObject({ ok: true, data: { state: 'lost', fee: 50_000n } });
    // The fee takes the 12 000 left in withdrawable and the rest is owed.
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
    expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: -38_000n });
    const [refund] = await db.select().from(refunds).where(eq(refunds.disputeId, d.data.id));
    expect(refund).toMatchObject({ state: 'awaiting_account', fromHeld: 800_000n, amount: 800_000n });
    expect(await answerDispute(db, actor, { disputeId: d.data.id, answer: 'late' })).toMatchObject({ ok: false, error: 'disputeDecided' });
    // The payer names an account from the SMS link; the refund is a payout now.
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, payment.payerMobile!));
    const token = texts.map((t) => t.body.split('/refund/')[1]?.trim()).find(Boolean)!;
    // Staff can hand the payer a new link by phone (the merchant cannot); the old one then stops working.
    await expect(staffRefundLink(db, actor as never, { refundId: refund.id })).rejects.toThrow('staff only');
    const fresh = await staffRefundLink(db, s, { refundId: refund.id });
    if (!fresh.ok) throw new Error('staff link');
    expect(await submitRefundAccount(db, { token, sheba: 'IR260170000000987654321001', holderName: 'x' })).toMatchObject({
      ok: false,
      error: 'refundLinkInvalid',
    });
    const newToken = fresh.data.payerLink.split('/').pop()!;
    expect((await submitRefundAccount(db, { token: newToken, sheba: 'IR260170000000987654321001', holderName: 'علی رضایی' })).ok).toBe(true);
    expect(await staffRefundLink(db, s, { refundId: refund.id })).toMatchObject({ ok: false, error: 'notAwaitingAccount' });
    expect((await getRefund(db, actor, refund.id))!.state).toBe('processing');
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(p.refundedAmount).toBe(800_000n);
  });

  it('past the deadline: no answer accepted, flagged overdue in the staff queue, never decided by itself', async () => {
    const { actor, payment } = await paidPayment(db);
    const s = await staff();
    const d = await openDispute(db, s, { paymentId: payment.id, amount: 100_000n, reason: 'late', deadline: inDays(1) });
    if (!d.ok) throw new Error('open');
    const later = inDays(2);
    expect(await answerDispute(db, actor, { disputeId: d.data.id, answer: 'too late' }, later)).toMatchObject({ ok: false, error: 'deadlinePassed' });
    expect(isOverdue(d.data, later)).toBe(true);
    const overdue = await listDisputeQueue(db, s, { filter: 'overdue', now: later });
    expect(overdue.map((r) => r.dispute.id)).toContain(d.data.id);
    const [still] = await db.select().from(disputes).where(eq(disputes.id, d.data.id));
    expect(still.state).toBe('open');
    expect(await openDispute(db, s, { paymentId: payment.id, amount: 1n, reason: 'past', deadline: new Date(Date.now() - 1000) })).toMatchObject({
      ok: false,
      fieldErrors: { deadline: 'deadlinePast' },
    });
  });

  it('another merchant gets nothing; a merchant cannot open or decide; bad amounts are refused', async () => {
    const a = await paidPayment(db);
    const b = await paidPayment(db);
    const s = await staff();
    const d = await openDispute(db, s, { paymentId: a.payment.id, amount: 100_000n, reason: 'x', deadline: inDays(4) });
    if (!d.ok) throw new Error('open');
    expect(await getDispute(db, b.actor, d.data.id)).toBeNull();
    expect(await listMerchantDisputes(db, b.actor)).toEqual([]);
    expect((await listMerchantDisputes(db, a.actor)).map((r) => r.dispute.id)).toEqual([d.data.id]);
    expect(await answerDispute(db, b.actor, { disputeId: d.data.id, answer: 'mine?' })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await addDisputeEvidence(db, b.actor, { disputeId: d.data.id, bytes: PDF, name: 'x.pdf' }, memoryStorage())).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await getDisputeEvidence(db, b.actor, { disputeId: d.data.id, index: 0 }, memoryStorage())).toBeNull();
    expect(await listDisputeQueue(db, a.actor)).toEqual([]);
    await expect(openDispute(db, a.actor as never, { paymentId: a.payment.id, amount: 1n, reason: 'x', deadline: inDays(1) })).rejects.toThrow('staff only');
    await expect(decideDispute(db, a.actor as never, { disputeId: d.data.id, outcome: 'won', reason: 'x' })).rejects.toThrow('staff only');
    expect(await openDispute(db, s, { paymentId: b.payment.id, amount: 0n, reason: 'x', deadline: inDays(1) })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'amountNotPositive' },
    });
    expect(await openDispute(db, s, { paymentId: b.payment.id, amount: b.payment.amount + 1n, reason: 'x', deadline: inDays(1) })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'disputeAboveRemaining' },
    });
    const audited = await db.select().from(auditEvents).where(eq(auditEvents.objectId, d.data.id));
    expect(audited.map((e) => e.action)).toContain('open');
  });
});
