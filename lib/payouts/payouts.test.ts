import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, bankAccounts, payouts } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { addBankAccount, cancelPayout, decideBankAccount, decidePayout, markPayoutSent, PAYOUT_RULES, removeBankAccount, requestPayout, settlePayout } from '.';
import { fundedMerchant } from './fixtures';

const db = testDb();
const SHEBA = 'IR820540102680020817909002';

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

/** A platform with `withdrawable` Rials ready to go out and the merchant's KYC account approved. */
async function funded(withdrawable: bigint) {
  return fundedMerchant(db, withdrawable);
}

describe('payouts', () => {
  it('50 concurrent requests of 300 against 1 000 withdrawable: exactly 3 go out, the rest are told why', async () => {
    const { platform, actor, account } = await funded(1_000_000n);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 300_000n })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.amount === 'insufficientBalance')).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 100_000n });
  });

  it('requested → approved → sent → paid leaves the money out; returned brings it back exactly once', async () => {
    const { platform, actor, account } = await funded(2_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    const a = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 500_000n });
    const b = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 700_000n });
    if (!a.ok || !b.ok) throw new Error('request');
    for (const p of [a.data, b.data]) {
      expect((await decidePayout(db, staff, { payoutId: p.id, approve: true })).ok).toBe(true);
      expect((await markPayoutSent(db, staff, { payoutId: p.id })).ok).toBe(true);
    }
    expect((await settlePayout(db, staff, { payoutId: a.data.id, outcome: 'paid', bankRef: 'PAYA-1' })).ok).toBe(true);
    // The bank returns b; two clerks recording it at once credit it once.
    const returned = await Promise.all(
      Array.from({ length: 5 }, () => settlePayout(db, staff, { payoutId: b.data.id, outcome: 'returned', reason: 'Account closed' })),
    );
    expect(returned.filter((r) => r.ok)).toHaveLength(1);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 1_500_000n });
    expect((await settlePayout(db, staff, { payoutId: a.data.id, outcome: 'returned', reason: 'late' })).ok).toBe(false);
  });

  it('approve and reject racing: one wins; a rejection needs a reason and returns the amount', async () => {
    const { platform, actor, account } = await funded(1_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    const r = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 400_000n });
    if (!r.ok) throw new Error('request');
    expect(await decidePayout(db, staff, { payoutId: r.data.id, approve: false })).toMatchObject({ ok: false, fieldErrors: { reason: 'reasonRequired' } });
    const [approve, reject] = await Promise.all([
      decidePayout(db, staff, { payoutId: r.data.id, approve: true }),
      decidePayout(db, staff, { payoutId: r.data.id, approve: false, reason: 'Holder does not match' }),
    ]);
    expect([approve.ok, reject.ok].filter(Boolean)).toHaveLength(1);
    const [row] = await db.select().from(payouts).where(eq(payouts.id, r.data.id));
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: row.state === 'rejected' ? 1_000_000n : 600_000n });
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'payout'), eq(auditEvents.objectId, r.data.id)));
    expect(events.map((e) => e.action).sort()).toEqual([row.state, 'request'].sort());
  });

  it('the merchant cancels only before a decision, and only its own payouts', async () => {
    const { platform, actor, account } = await funded(1_000_000n);
    const other = await funded(1_000_000n);
    const r = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 300_000n });
    if (!r.ok) throw new Error('request');
    expect(await cancelPayout(db, other.actor, { payoutId: r.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect((await cancelPayout(db, actor, { payoutId: r.data.id })).ok).toBe(true);
    expect(await cancelPayout(db, actor, { payoutId: r.data.id })).toEqual({ ok: false, error: 'alreadyDecided' });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 1_000_000n });
  });

  it('refuses what must never go out: another merchant’s platform or account, unapproved accounts, bad amounts, past the daily cap', async () => {
    const { platform, actor, account } = await funded(1_000_000n);
    const other = await funded(1_000_000n);
    const ask = (over: Partial<{ platformId: string; bankAccountId: string; amount: bigint }>) =>
      requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 200_000n, ...over });
    expect(await ask({ platformId: other.platform.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await ask({ bankAccountId: other.account.id })).toMatchObject({ ok: false, fieldErrors: { bankAccountId: 'notFound' } });
    const pending = await addBankAccount(db, actor, { sheba: 'IR11 0170 0000 0012 3456 7890 01', holderName: 'مریم احمدی' });
    if (!pending.ok) throw new Error(JSON.stringify(pending));
    expect(await ask({ bankAccountId: pending.data.id })).toMatchObject({ ok: false, fieldErrors: { bankAccountId: 'accountNotApproved' } });
    expect(await ask({ amount: PAYOUT_RULES.min - 1n })).toMatchObject({ ok: false, fieldErrors: { amount: 'amountBelowMin' } });
    expect(await ask({ amount: 2_000_000n })).toMatchObject({ ok: false, fieldErrors: { amount: 'insufficientBalance' } });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 1_000_000n });
    // The daily cap holds under racing requests: 10 at once of 100 000 against a cap of 500 000.
    const capped = await Promise.all(
      Array.from({ length: 10 }, () =>
        requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 100_000n }, { rules: { dailyCap: 500_000n } }),
      ),
    );
    expect(capped.filter((r) => r.ok)).toHaveLength(5);
    expect(capped.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.amount === 'dailyCapReached')).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 500_000n });
  });

  it('bank accounts: a new sheba waits for staff; a removal waits for payouts in flight; a taken or bad sheba is refused', async () => {
    const { platform, actor, account } = await funded(1_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    expect(await addBankAccount(db, actor, { sheba: 'IR00 1234', holderName: 'x' })).toMatchObject({ ok: false, fieldErrors: { sheba: 'shebaInvalid' } });
    expect(await addBankAccount(db, actor, { sheba: SHEBA, holderName: 'x' })).toMatchObject({ ok: false, fieldErrors: { sheba: 'shebaTaken' } });
    const added = await addBankAccount(db, actor, { sheba: 'IR110170000000123456789001', holderName: 'مریم احمدی', platformId: platform.id });
    if (!added.ok) throw new Error('add');
    expect(added.data.status).toBe('pending');
    const decided = await Promise.all([
      decideBankAccount(db, staff, { id: added.data.id, approve: true }),
      decideBankAccount(db, staff, { id: added.data.id, approve: false, reason: 'Holder is someone else' }),
    ]);
    expect(decided.filter((d) => d.ok)).toHaveLength(1);
    const r = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 300_000n });
    if (!r.ok) throw new Error('request');
    expect(await removeBankAccount(db, actor, { id: account.id })).toEqual({ ok: false, error: 'payoutInFlight' });
    await cancelPayout(db, actor, { payoutId: r.data.id });
    expect((await removeBankAccount(db, actor, { id: account.id })).ok).toBe(true);
    const [gone] = await db.select().from(bankAccounts).where(eq(bankAccounts.id, account.id));
    expect(gone.status).toBe('removed');
  });
});
