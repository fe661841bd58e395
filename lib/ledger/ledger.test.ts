import { afterEach, describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import {
  accountFor,
  balanceFromLines,
  computeFee,
  LedgerError,
  ledgerViolations,
  platformBalances,
  post,
  postPaymentSucceeded,
  postSettlement,
  postWithdrawal,
  transfer,
} from './index';

const db = testDb();

async function platformId() {
  return (await makePlatform(db)).platform.id;
}

// Checked after every money test: each posting sums to zero, every balance equals its lines, none negative.
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

describe('ledger', () => {
  it('refuses unbalanced, empty and zero-line postings, and moves nothing', async () => {
    const clearing = await accountFor(db, 'gateway_clearing');
    const income = await accountFor(db, 'fee_income');
    const ref = `bad-${Date.now()}`;
    const attempt = (a: bigint, b: bigint) =>
      db.transaction((tx) =>
        post(tx, {
          kind: 'test',
          reference: ref,
          lines: [
            { accountId: clearing, amount: a },
            { accountId: income, amount: b },
          ],
        }),
      );
    await expect(attempt(-5n, 4n)).rejects.toMatchObject({ code: 'unbalanced' });
    await expect(attempt(0n, 0n)).rejects.toMatchObject({ code: 'zeroLine' });
    await expect(db.transaction((tx) => post(tx, { kind: 'test', reference: ref, lines: [] }))).rejects.toBeInstanceOf(LedgerError);
  });

  it('a successful payment credits pending (less the fee) and fee income; settlement makes it withdrawable', async () => {
    const p = await platformId();
    const fee = computeFee(1_000_000n, { percentBasisPoints: 150, fixed: 0n, min: 1_000n, max: 50_000n });
    expect(fee).toBe(15_000n);
    await db.transaction((tx) => postPaymentSucceeded(tx, { paymentId: `pay-${p}`, platformId: p, amount: 1_000_000n, fee }));
    expect(await platformBalances(db, p)).toEqual({ pending: 985_000n, withdrawable: 0n });
    await db.transaction((tx) => postSettlement(tx, { reference: `settle-1-${p}`, platformId: p, amount: 985_000n }));
    // The settlement job running twice moves nothing twice.
    const again = await db.transaction((tx) => postSettlement(tx, { reference: `settle-1-${p}`, platformId: p, amount: 985_000n }));
    expect(again.created).toBe(false);
    expect(await platformBalances(db, p)).toEqual({ pending: 0n, withdrawable: 985_000n });
  });

  it('fifty concurrent credits for one payment post once', async () => {
    const p = await platformId();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction((tx) => postPaymentSucceeded(tx, { paymentId: `pay-burst-${p}`, platformId: p, amount: 200_000n, fee: 2_000n })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.postingId)).size).toBe(1);
    expect(await platformBalances(db, p)).toEqual({ pending: 198_000n, withdrawable: 0n });
    // The facilitator's side is summed from lines: clearing and income moved exactly once too.
    const before = await balanceFromLines(db, await accountFor(db, 'fee_income'));
    await db.transaction((tx) => postPaymentSucceeded(tx, { paymentId: `pay-burst-${p}`, platformId: p, amount: 200_000n, fee: 2_000n }));
    expect(await balanceFromLines(db, await accountFor(db, 'fee_income'))).toBe(before);
  });

  it('the database keeps a withdrawable balance from going below zero, under concurrency too', async () => {
    const p = await platformId();
    await db.transaction(async (tx) => {
      await postPaymentSucceeded(tx, { paymentId: `pay-w-${p}`, platformId: p, amount: 100_000n, fee: 0n });
      await postSettlement(tx, { reference: `settle-w-${p}`, platformId: p, amount: 100_000n });
    });
    await expect(db.transaction((tx) => postWithdrawal(tx, { withdrawalId: `w-big-${p}`, platformId: p, amount: 100_001n }))).rejects.toMatchObject({
      code: 'insufficientFunds',
    });
    // Ten withdrawals of 30 000 against 100 000: three go through, the rest are refused.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => db.transaction((tx) => postWithdrawal(tx, { withdrawalId: `w-${i}-${p}`, platformId: p, amount: 30_000n }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'insufficientFunds')).toBe(true);
    expect(await platformBalances(db, p)).toEqual({ pending: 0n, withdrawable: 10_000n });
  });

  it('fees respect the minimum, the maximum and never exceed the amount', () => {
    const rule = { percentBasisPoints: 100, fixed: 500n, min: 1_000n, max: 40_000n };
    expect(computeFee(10_000n, rule)).toBe(1_000n);
    expect(computeFee(1_000_000n, rule)).toBe(10_500n);
    expect(computeFee(100_000_000n, rule)).toBe(40_000n);
    expect(computeFee(600n, rule)).toBe(600n);
    expect(computeFee(123_456_789_012_345_678n, { percentBasisPoints: 1, fixed: 0n, min: 0n, max: null })).toBe(12_345_678_901_234n);
  });

  it('keeps each currency apart: a lira transfer moves lira accounts only, and balances are per currency', async () => {
    const id = await platformId();
    await db.transaction((tx) =>
      transfer(tx, {
        kind: 'test_try',
        reference: `try-${id}`,
        from: { kind: 'gateway_clearing' },
        to: { kind: 'platform_pending', platformId: id },
        amount: 12_345n,
        currency: 'TRY',
      }),
    );
    expect(await platformBalances(db, id, 'TRY')).toEqual({ pending: 12_345n, withdrawable: 0n });
    expect(await platformBalances(db, id)).toEqual({ pending: 0n, withdrawable: 0n });
    expect(await accountFor(db, 'platform_pending', id, 'TRY')).not.toBe(await accountFor(db, 'platform_pending', id));
    // A line naming an account of another currency is refused by the database, and nothing moves.
    const rials = await accountFor(db, 'fee_income');
    const lira = await accountFor(db, 'gateway_clearing', null, 'TRY');
    await expect(
      db.transaction((tx) =>
        post(tx, {
          kind: 'test_mixed',
          reference: `mixed-${id}`,
          currency: 'TRY',
          lines: [
            { accountId: lira, amount: -1n },
            { accountId: rials, amount: 1n },
          ],
        }),
      ),
    ).rejects.toThrow();
  });
});
