/**
 * Hostile review of refunds and disputes: another merchant's ids, staff-only functions, the payer's
 * single-use link, races on one payment and on one platform's balances, bad amounts. Each finding
 * (marked FINDING) was a failing test before its fix; the others document what held. After each
 * test the ledger's invariants hold.
 */
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { payments, payouts, refundAccounts, refunds } from '@/db/schema';
import { decideDispute, openDispute } from '@/lib/disputes';
import { accountFor, ledgerViolations, platformBalances, platformHolds } from '@/lib/ledger';
import { settlePayout } from '@/lib/payouts';
import { buildBatch, markBatchSent } from '@/lib/payouts/batches';
import { cancelRefund, createRefund, getRefund, refundLinkView, resendRefundLink, submitRefundAccount } from '@/lib/refunds';
import { createRefundSchema, refundAccountSchema } from '@/lib/refunds/schemas';
import { paidPayment, refundLinkToken } from '@/lib/refunds/fixtures';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';

const db = testDb();
const raw = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
afterAll(() => raw.end({ timeout: 5 }));

const PAYER_SHEBA = 'IR062960000000100324200001';
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);
const staff = async () => staffActorOf(await makeAdmin(db));

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

/** The platform's four balances' account ids (made on first use, as the ledger makes them). */
async function accountIds(platformId: string) {
  const [pending, withdrawable, held, owed] = await Promise.all(
    (['platform_pending', 'platform_withdrawable', 'platform_held', 'platform_owed'] as const).map((k) => accountFor(db, k, platformId)),
  );
  return { pending, withdrawable, held, owed };
}

/** A paid, unsettled payment on a platform whose account ids are in the order `ok` wants (uuids are random: retry). */
async function paidWithAccountOrder(ok: (ids: Awaited<ReturnType<typeof accountIds>>) => boolean, opts: Parameters<typeof paidPayment>[1] = {}) {
  for (let i = 0; i < 40; i++) {
    const made = await paidPayment(db, opts);
    const ids = await accountIds(made.platform.id);
    if (ok(ids)) return { ...made, ids };
  }
  throw new Error('no platform with that account order');
}

/**
 * Another transaction moving the platform's balances as every posting does (rows in id order):
 * it holds `first`, waits until `blocked` is running and waiting on it, then takes `second`.
 * Answers how that other transaction ended, and how `blocked` did.
 */
async function againstAPosting<T>(first: string, second: string, blocked: () => Promise<T>): Promise<{ other: string; result: T | Error }> {
  const conn = await raw.reserve();
  try {
    await conn`begin`;
    const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await conn`select id from ledger_accounts where id = ${first} for update`;
    const running = blocked().catch((e: Error) => e);
    for (let i = 0; i < 100; i++) {
      const [w] = await raw<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`;
      if (w.n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    let other = 'committed';
    try {
      await conn`select id from ledger_accounts where id = ${second} for update`;
      await conn`commit`;
    } catch (e) {
      other = (e as { code?: string }).code === '40P01' ? 'deadlock' : String(e);
      await conn`rollback`.catch(() => {});
    }
    return { other, result: await running };
  } finally {
    conn.release();
  }
}

describe('FINDING: a dispute locked the platform’s balances out of the ledger’s order (deadlocks → 500s, a stopped settlement run)', () => {
  it('opening a dispute while a refund or the settlement is posting on the same platform waits its turn, it does not deadlock', async () => {
    // openDispute locked withdrawable first, then its posting took pending: a posting that holds
    // pending (lower id) and wants withdrawable (a refund spanning both, the settlement) deadlocked.
    const { payment, ids } = await paidWithAccountOrder((x) => x.pending < x.withdrawable, { withdrawable: 100_000n });
    const s = await staff();
    const { other, result } = await againstAPosting(ids.pending, ids.withdrawable, () =>
      openDispute(db, s, { paymentId: payment.id, amount: 300_000n, reason: 'race', deadline: inDays(5) }),
    );
    expect(other).toBe('committed');
    expect(result).toMatchObject({ ok: true, data: { fromPending: 300_000n } });
  });

  it('a lost dispute with a fee, decided while another posting moves the platform’s balances, does not deadlock', async () => {
    // lose() moved held first, then locked withdrawable for the fee: against the id order when withdrawable < held.
    const { payment, ids, platform } = await paidWithAccountOrder((x) => x.withdrawable < x.held, { withdrawable: 100_000n });
    const s = await staff();
    const opened = await openDispute(db, s, { paymentId: payment.id, amount: 200_000n, reason: 'race', deadline: inDays(5) });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { other, result } = await againstAPosting(ids.withdrawable, ids.held, () =>
      decideDispute(db, s, { disputeId: opened.data.id, outcome: 'lost', reason: 'The bank sided with the payer' }, { fee: 30_000n }),
    );
    expect(other).toBe('committed');
    expect(result).toMatchObject({ ok: true, data: { state: 'lost', fee: 30_000n } });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 790_000n, withdrawable: 70_000n });
    expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: 0n });
  });
});

describe('FINDING: the merchant could take the payer’s link of a lost dispute’s refund', () => {
  it('a lost dispute’s refund gives the merchant no link to name an account with (the bank decided the payer gets it)', async () => {
    const { actor, payment } = await paidPayment(db, { amount: 500_000n, fee: 5_000n });
    const s = await staff();
    const opened = await openDispute(db, s, { paymentId: payment.id, amount: 500_000n, reason: 'Not delivered', deadline: inDays(5) });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    expect((await decideDispute(db, s, { disputeId: opened.data.id, outcome: 'lost', reason: 'The bank sided with the payer' })).ok).toBe(true);
    const [refund] = await db.select().from(refunds).where(eq(refunds.disputeId, opened.data.id));
    const payersToken = await refundLinkToken(db, refund.id);
    expect(payersToken).not.toBeNull();
    // Resent, the link came back to the merchant, who could then name their own sheba for the payer's money.
    const resent = await resendRefundLink(db, actor, { refundId: refund.id });
    expect(resent).toEqual({ ok: true, data: { payerLink: null } });
    // The payer's mobile got the fresh one, and it works.
    const fresh = await refundLinkToken(db, refund.id);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(payersToken);
    expect(await refundLinkView(db, fresh!)).toMatchObject({ amount: 500_000n });
    expect((await submitRefundAccount(db, { token: fresh!, sheba: PAYER_SHEBA, holderName: 'علی رضایی' })).ok).toBe(true);
    // A payer with no mobile to text: nothing to resend (it would only reach the merchant).
    const silent = await paidPayment(db, { amount: 300_000n, fee: 0n, mobile: null });
    const d2 = await openDispute(db, s, { paymentId: silent.payment.id, amount: 300_000n, reason: 'x', deadline: inDays(5) });
    if (!d2.ok) throw new Error(JSON.stringify(d2));
    expect((await decideDispute(db, s, { disputeId: d2.data.id, outcome: 'lost', reason: 'lost' })).ok).toBe(true);
    const [r2] = await db.select().from(refunds).where(eq(refunds.disputeId, d2.data.id));
    expect(await resendRefundLink(db, silent.actor, { refundId: r2.id })).toMatchObject({ ok: false, error: 'disputeRefund' });
    // A merchant's own refund still shows its link to the merchant (a payer with no mobile needs it).
    const own = await paidPayment(db, { gateway: null, amount: 200_000n, fee: 0n });
    const made = await createRefund(db, own.actor, { paymentId: own.payment.id, amount: 100_000n, reason: 'own' });
    if (!made.ok) throw new Error(JSON.stringify(made));
    expect(await resendRefundLink(db, own.actor, { refundId: made.data.refund.id })).toMatchObject({
      ok: true,
      data: { payerLink: expect.stringMatching(/^\/pay\/refund\//) },
    });
  });
});

describe('held: the payer’s single-use link', () => {
  async function awaitingRefund(amount = 400_000n) {
    const made = await paidPayment(db, { gateway: null, amount: 1_000_000n, fee: 10_000n });
    const r = await createRefund(db, made.actor, { paymentId: made.payment.id, amount, reason: 'link' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return { ...made, refund: r.data.refund, token: r.data.payerLink!.split('/').pop()! };
  }
  const name = (token: string) => ({ token, sheba: PAYER_SHEBA, holderName: 'علی رضایی' });

  it('six submits at once: one payout, the others refused', async () => {
    const { refund, token } = await awaitingRefund();
    const all = await Promise.all(Array.from({ length: 6 }, () => submitRefundAccount(db, name(token))));
    expect(all.filter((r) => r.ok)).toHaveLength(1);
    expect(all.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'refundLinkInvalid')).toBe(true);
    expect(await db.select().from(payouts).where(eq(payouts.refundId, refund.id))).toHaveLength(1);
    expect(await getRefund(db, { kind: 'merchant', merchantId: refund.merchantId } as never, refund.id)).toMatchObject({ state: 'processing' });
  });

  it('the merchant’s cancel racing the payer’s submit: exactly one wins, and the money is where the winner says', async () => {
    for (let i = 0; i < 4; i++) {
      const { actor, refund, token, platform } = await awaitingRefund(300_000n);
      const before = await platformBalances(db, platform.id);
      const [c, sub] = await Promise.all([cancelRefund(db, actor, { refundId: refund.id }), submitRefundAccount(db, name(token))]);
      expect([c.ok, sub.ok].filter(Boolean)).toHaveLength(1);
      const made = await db.select().from(payouts).where(eq(payouts.refundId, refund.id));
      const after = await platformBalances(db, platform.id);
      if (c.ok) {
        expect(made).toHaveLength(0);
        expect(after.pending).toBe(before.pending + 300_000n);
      } else {
        expect(c).toMatchObject({ ok: false, error: 'notAwaitingAccount' });
        expect(made).toHaveLength(1);
        expect(after).toEqual(before);
      }
    }
  });

  it('a used, expired, canceled or succeeded refund’s token, and guessed ones, open nothing', async () => {
    const expired = await awaitingRefund(100_000n);
    await db
      .update(refunds)
      .set({ accountTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(refunds.id, expired.refund.id));
    expect(await refundLinkView(db, expired.token)).toBeNull();
    expect(await submitRefundAccount(db, name(expired.token))).toMatchObject({ ok: false, error: 'refundLinkInvalid' });

    const canceled = await awaitingRefund(100_000n);
    expect((await cancelRefund(db, canceled.actor, { refundId: canceled.refund.id })).ok).toBe(true);
    expect(await submitRefundAccount(db, name(canceled.token))).toMatchObject({ ok: false, error: 'refundLinkInvalid' });

    // Paid: its token was used once and is gone; a payout of it cannot be made again.
    const paid = await awaitingRefund(100_000n);
    const s = await staff();
    const sub = await submitRefundAccount(db, name(paid.token));
    if (!sub.ok) throw new Error('submit');
    const batch = await buildBatch(db, s, { payoutIds: [sub.data.payoutId] });
    if (!batch.ok) throw new Error('batch');
    await markBatchSent(db, s, { batchId: batch.data.id });
    expect((await settlePayout(db, s, { payoutId: sub.data.payoutId, outcome: 'paid', bankRef: 'X1' })).ok).toBe(true);
    expect(await getRefund(db, paid.actor, paid.refund.id)).toMatchObject({ state: 'succeeded' });
    expect(await submitRefundAccount(db, name(paid.token))).toMatchObject({ ok: false, error: 'refundLinkInvalid' });
    expect(await db.select().from(payouts).where(eq(payouts.refundId, paid.refund.id))).toHaveLength(1);

    for (const guess of ['A'.repeat(32), `${paid.token.slice(0, 31)}A`, paid.token.slice(0, 31), `${paid.token} `, '../../admin', '']) {
      expect(await refundLinkView(db, guess)).toBeNull();
      expect(await submitRefundAccount(db, name(guess))).toMatchObject({ ok: false });
    }
  });

  it('odd input on the payer’s form is a field error, never a throw: control characters, a 10 KB name, Persian digits in the sheba', () => {
    const token = 'a'.repeat(32);
    const bad = (v: Record<string, string>) => refundAccountSchema.safeParse({ token, sheba: PAYER_SHEBA, holderName: 'علی رضایی', ...v });
    expect(bad({ holderName: 'x'.repeat(10_240) }).error?.issues[0]).toMatchObject({ path: ['holderName'], message: 'tooLong' });
    expect(bad({ holderName: 'علی\u0000رضایی' }).success).toBe(false);
    expect(bad({ holderName: 'علی\nرضایی' }).success).toBe(false);
    expect(bad({ sheba: 'IR06296000000010032420000\u0000' }).success).toBe(false);
    expect(bad({ sheba: '9'.repeat(10_240) }).error?.issues[0]).toMatchObject({ path: ['sheba'], message: 'shebaInvalid' });
    expect(bad({ token: 'x' }).error?.issues[0]).toMatchObject({ path: ['token'], message: 'refundLinkInvalid' });
    // Persian digits and spaces, as a payer types them: accepted, and the lib stores the ASCII form.
    const persian = 'IR۰۶ ۲۹۶۰ ۰۰۰۰ ۰۰۱۰ ۰۳۲۴ ۲۰۰۰ ۰۱';
    expect(bad({ sheba: persian }).success).toBe(true);
  });

  it('a Persian-digit sheba reaches the bank file in ASCII', async () => {
    const { refund, token } = await awaitingRefund(100_000n);
    const r = await submitRefundAccount(db, { token, sheba: 'ir۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱', holderName: 'علی رضایی' });
    expect(r.ok).toBe(true);
    const [acc] = await db.select().from(refundAccounts).where(eq(refundAccounts.refundId, refund.id));
    expect(acc.sheba).toBe(PAYER_SHEBA);
  });
});

describe('held: amounts', () => {
  it('0, negative, fractional, above what is left, 10^20, exponents and Persian digits: clear field errors from the schema and the lib', async () => {
    const { actor, payment } = await paidPayment(db, { amount: 1_000_000n, fee: 0n });
    const parse = (amount: string, unit: 'rial' | 'toman' = 'rial') => createRefundSchema.safeParse({ paymentId: payment.id, unit, amount, reason: 'r' });
    const fieldOf = (amount: string) => parse(amount).error?.issues.find((i) => i.path[0] === 'amount')?.message;
    expect(fieldOf('0')).toBe('amountNotPositive');
    expect(fieldOf('-5')).toBe('amountNotPositive');
    expect(fieldOf('1.5')).toBe('amountFractional');
    expect(fieldOf('1e3')).toBe('amountInvalid');
    expect(fieldOf('1'.padEnd(21, '0'))).toBe('amountTooLarge');
    expect(fieldOf('9'.repeat(41))).toBe('amountInvalid');
    expect(fieldOf('12\u000034')).toBeDefined();
    expect(parse('۱۲۳٬۰۰۰')).toMatchObject({ success: true, data: { amount: 123_000n } });
    expect(parse('۱۰۰', 'toman')).toMatchObject({ success: true, data: { amount: 1_000n } });
    expect(createRefundSchema.safeParse({ paymentId: payment.id, amount: '100', reason: 'x'.repeat(301) }).success).toBe(false);

    for (const amount of [0n, -1n, -(10n ** 20n)]) {
      expect(await createRefund(db, actor, { paymentId: payment.id, amount, reason: 'x' })).toMatchObject({
        ok: false,
        fieldErrors: { amount: 'amountNotPositive' },
      });
    }
    for (const amount of [1_000_001n, 10n ** 20n]) {
      expect(await createRefund(db, actor, { paymentId: payment.id, amount, reason: 'x' })).toMatchObject({
        ok: false,
        fieldErrors: { amount: 'refundAboveRemaining' },
      });
    }
    const s = await staff();
    for (const amount of [0n, -1n]) {
      expect(await openDispute(db, s, { paymentId: payment.id, amount, reason: 'x', deadline: inDays(3) })).toMatchObject({
        fieldErrors: { amount: 'amountNotPositive' },
      });
    }
    expect(await openDispute(db, s, { paymentId: payment.id, amount: 10n ** 20n, reason: 'x', deadline: inDays(3) })).toMatchObject({
      fieldErrors: { amount: 'disputeAboveRemaining' },
    });
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(0);
  });
});

describe('held: races on one payment', () => {
  it('a full refund racing a full dispute on the same payment: one of them, never both, and the balances say which', async () => {
    for (let i = 0; i < 4; i++) {
      const { actor, payment, platform } = await paidPayment(db, { gateway: null, amount: 600_000n, fee: 6_000n, withdrawable: 50_000n });
      const s = await staff();
      const [r, d] = await Promise.all([
        createRefund(db, actor, { paymentId: payment.id, amount: 600_000n, reason: 'race' }),
        openDispute(db, s, { paymentId: payment.id, amount: 600_000n, reason: 'race', deadline: inDays(3) }),
      ]);
      expect([r.ok, d.ok].filter(Boolean)).toHaveLength(1);
      const b = await platformBalances(db, platform.id);
      const h = await platformHolds(db, platform.id);
      // Either way 594 000 leaves pending and 6 000 leaves withdrawable, once.
      expect(b).toEqual({ pending: 0n, withdrawable: 44_000n });
      expect(h.held).toBe(d.ok ? 600_000n : 0n);
      if (!r.ok) expect(r).toMatchObject({ error: 'disputeOpen' });
      if (!d.ok) expect(d).toMatchObject({ fieldErrors: { amount: 'disputeAboveRemaining' } });
    }
  });

  it('two disputes opened at once on one payment: one is held, the other refused', async () => {
    const { payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 0n });
    const s = await staff();
    const all = await Promise.all(
      Array.from({ length: 5 }, () => openDispute(db, s, { paymentId: payment.id, amount: 400_000n, reason: 'twice', deadline: inDays(3) })),
    );
    expect(all.filter((r) => r.ok)).toHaveLength(1);
    expect(all.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'disputeOpen')).toBe(true);
    expect(await platformHolds(db, platform.id)).toEqual({ held: 400_000n, owed: 0n });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 600_000n, withdrawable: 0n });
  });

  it('won racing lost: one decision, its money moved once', async () => {
    for (let i = 0; i < 3; i++) {
      const { payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 20_000n });
      const s = await staff();
      const d = await openDispute(db, s, { paymentId: payment.id, amount: 1_000_000n, reason: 'x', deadline: inDays(3) });
      if (!d.ok) throw new Error(JSON.stringify(d));
      const [won, lost] = await Promise.all([
        decideDispute(db, s, { disputeId: d.data.id, outcome: 'won', reason: 'proof' }),
        decideDispute(db, s, { disputeId: d.data.id, outcome: 'lost', reason: 'bank' }),
      ]);
      expect([won.ok, lost.ok].filter(Boolean)).toHaveLength(1);
      const made = await db.select().from(refunds).where(eq(refunds.disputeId, d.data.id));
      if (won.ok) {
        expect(made).toHaveLength(0);
        expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 20_000n });
        expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: 0n });
      } else {
        // The hold took 990 000 of pending and 10 000 of withdrawable; the dispute fee (a shared setting) takes the rest, then owed.
        const fee = lost.ok ? lost.data.fee : 0n;
        const fromWithdrawable = fee < 10_000n ? fee : 10_000n;
        expect(made).toHaveLength(1);
        expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 10_000n - fromWithdrawable });
        expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: fromWithdrawable - fee });
      }
    }
  });

  it('a dispute decided while the payment’s earlier refund payout comes back: each moves its own money once', async () => {
    const { actor, payment, platform } = await paidPayment(db, { gateway: null, amount: 1_000_000n, fee: 0n });
    const s = await staff();
    const r = await createRefund(db, actor, { paymentId: payment.id, amount: 300_000n, reason: 'part' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const sub = await submitRefundAccount(db, { token: r.data.payerLink!.split('/').pop()!, sheba: PAYER_SHEBA, holderName: 'علی رضایی' });
    if (!sub.ok) throw new Error('submit');
    const batch = await buildBatch(db, s, { payoutIds: [sub.data.payoutId] });
    if (!batch.ok) throw new Error('batch');
    await markBatchSent(db, s, { batchId: batch.data.id });
    const d = await openDispute(db, s, { paymentId: payment.id, amount: 700_000n, reason: 'rest', deadline: inDays(3) });
    if (!d.ok) throw new Error(JSON.stringify(d));
    const [ret, lost] = await Promise.all([
      settlePayout(db, s, { payoutId: sub.data.payoutId, outcome: 'returned', reason: 'Account closed' }),
      decideDispute(db, s, { disputeId: d.data.id, outcome: 'lost', reason: 'bank' }),
    ]);
    expect([ret.ok, lost.ok]).toEqual([true, true]);
    expect(await getRefund(db, actor, r.data.refund.id)).toMatchObject({ state: 'awaiting_account' });
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(p.refundedAmount).toBe(1_000_000n);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
    // The dispute fee (a shared setting, zero unless another test file set it) is owed: nothing is withdrawable.
    expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: lost.ok ? -lost.data.fee : 0n });
    // Nothing more can be refunded.
    expect(await createRefund(db, actor, { paymentId: payment.id, amount: 1n, reason: 'x' })).toMatchObject({
      fieldErrors: { amount: 'refundAboveRemaining' },
    });
  });

  it('a dispute opened, and another won, each racing the settlement of its payment: pending and withdrawable end exact', async () => {
    const { runSettlement } = await import('@/lib/payments/settlement');
    const { addPaidPayment } = await import('@/lib/refunds/fixtures');
    const yesterday = new Date('2026-12-07T00:00:00Z');
    const run = new Date('2026-12-08T08:00:00Z');
    for (let i = 0; i < 3; i++) {
      const { payment, platform } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 100_000n });
      await db.update(payments).set({ completedAt: yesterday }).where(eq(payments.id, payment.id));
      const s = await staff();
      const [d] = await Promise.all([
        openDispute(db, s, { paymentId: payment.id, amount: 500_000n, reason: 'race', deadline: inDays(3) }),
        runSettlement(db, run, { platformId: platform.id }),
      ]);
      expect(d.ok).toBe(true);
      expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 100_000n + 990_000n - 500_000n });

      const second = await addPaidPayment(db, platform.id, { amount: 200_000n, fee: 0n });
      await db.update(payments).set({ completedAt: yesterday }).where(eq(payments.id, second.id));
      const d2 = await openDispute(db, s, { paymentId: second.id, amount: 150_000n, reason: 'held from pending', deadline: inDays(3) });
      if (!d2.ok) throw new Error(JSON.stringify(d2));
      expect(d2.data.fromPending).toBe(150_000n);
      const [won] = await Promise.all([
        decideDispute(db, s, { disputeId: d2.data.id, outcome: 'won', reason: 'proof' }),
        runSettlement(db, run, { platformId: platform.id }),
      ]);
      expect(won.ok).toBe(true);
      expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 100_000n + 990_000n - 500_000n + 200_000n });
      expect(await platformHolds(db, platform.id)).toEqual({ held: 500_000n, owed: 0n });
    }
  });

  it('test-mode payments cannot be disputed, and their refunds move no balance', async () => {
    const { actor, payment, platform } = await paidPayment(db, { livemode: false });
    const s = await staff();
    expect(await openDispute(db, s, { paymentId: payment.id, amount: 1000n, reason: 'x', deadline: inDays(3) })).toMatchObject({
      ok: false,
      error: 'notDisputable',
    });
    expect((await createRefund(db, actor, { paymentId: payment.id, amount: 1000n, reason: 'x' })).ok).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
  });
});
