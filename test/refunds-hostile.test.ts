/**
 * Hostile review of refunds and disputes: another merchant's ids, staff-only functions, the payer's
 * single-use link, races on one payment and on one platform's balances, bad amounts. Each finding
 * (marked FINDING) was a failing test before its fix; the others document what held. After each
 * test the ledger's invariants hold.
 */
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { payoutRules, refunds } from '@/db/schema';
import { decideDispute, openDispute } from '@/lib/disputes';
import { accountFor, ledgerViolations, platformBalances, platformHolds } from '@/lib/ledger';
import { createRefund, refundLinkView, resendRefundLink, submitRefundAccount } from '@/lib/refunds';
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
    await db
      .insert(payoutRules)
      .values({ id: 1, min: 100_000n, max: 500_000_000_000n, dailyCap: 1_000_000_000_000n, fee: 0n, disputeFee: 30_000n })
      .onConflictDoUpdate({ target: payoutRules.id, set: { disputeFee: 30_000n } });
    try {
      const { other, result } = await againstAPosting(ids.withdrawable, ids.held, () =>
        decideDispute(db, s, { disputeId: opened.data.id, outcome: 'lost', reason: 'The bank sided with the payer' }),
      );
      expect(other).toBe('committed');
      expect(result).toMatchObject({ ok: true, data: { state: 'lost', fee: 30_000n } });
      expect(await platformBalances(db, platform.id)).toEqual({ pending: 790_000n, withdrawable: 70_000n });
      expect(await platformHolds(db, platform.id)).toEqual({ held: 0n, owed: 0n });
    } finally {
      await db.update(payoutRules).set({ disputeFee: 0n }).where(eq(payoutRules.id, 1));
    }
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
