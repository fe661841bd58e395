import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bankAccounts, payoutAutoRuns, payouts, payoutSettings } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { runSettlement } from '@/lib/payments/settlement';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { addBankAccount, decideBankAccount } from '.';
import { runAutoPayouts } from './auto';
import { fundedMerchant } from './fixtures';

const db = testDb();
const SHEBA = 'IR820540102680020817909002';
const OTHER_SHEBA = 'IR062960000000100324200001';
// Saturday 3 January 2026, 09:30 Tehran: a working day, after its settlement run.
const SATURDAY = new Date('2026-01-03T06:00:00Z');
// Friday 2 January 2026 and 1 April 2026 (12 Farvardin, a holiday), 09:30 Tehran.
const FRIDAY = new Date('2026-01-02T06:00:00Z');
const HOLIDAY = new Date('2026-04-01T06:00:00Z');

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function autoPlatform(withdrawable: bigint, keep = 0n) {
  const { actor, ...made } = await fundedMerchant(db, withdrawable, { account: false });
  await db.insert(payoutSettings).values({ platformId: made.platform.id, autoEnabled: true, autoKeep: keep });
  return { ...made, actor };
}

/** Runs the day's settlement for the platform (the automatic payout waits for it), then the automatic payouts. */
async function runDay(platformId: string, now: Date) {
  await runSettlement(db, now, { platformId });
  return runAutoPayouts(db, now, { platformId });
}

const payoutsOf = (platformId: string) => db.select().from(payouts).where(eq(payouts.platformId, platformId));

describe('automatic settlement', () => {
  it('sends everything above what the platform keeps to the KYC account, as one automatic request', async () => {
    const { platform } = await autoPlatform(5_000_000n, 1_200_000n);
    const r = await runDay(platform.id, SATURDAY);
    expect(r).toMatchObject({ runDate: '2026-01-03', platforms: 1, payouts: 1, total: 3_800_000n });
    const [p] = await payoutsOf(platform.id);
    expect(p).toMatchObject({ amount: 3_800_000n, auto: true, state: 'requested' });
    const [account] = await db.select().from(bankAccounts).where(eq(bankAccounts.id, p.bankAccountId!));
    expect(account).toMatchObject({ sheba: SHEBA, source: 'kyc' });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 1_200_000n });
    const [run] = await db.select().from(payoutAutoRuns).where(eq(payoutAutoRuns.platformId, platform.id));
    expect(run).toMatchObject({ runDate: '2026-01-03', payoutId: p.id });
    // Again the same day: nothing more.
    expect((await runDay(platform.id, SATURDAY)).payouts).toBe(0);
    expect(await payoutsOf(platform.id)).toHaveLength(1);
  });

  it('3 concurrent runs make one payout', async () => {
    const { platform } = await autoPlatform(3_000_000n);
    await runSettlement(db, SATURDAY, { platformId: platform.id });
    const runs = await Promise.all(Array.from({ length: 3 }, () => runAutoPayouts(db, SATURDAY, { platformId: platform.id })));
    expect(runs.reduce((a, r) => a + r.payouts, 0)).toBe(1);
    expect(await payoutsOf(platform.id)).toHaveLength(1);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 0n });
  });

  it('below the kept amount (or the minimum) nothing goes; switched off, nothing goes', async () => {
    const low = await autoPlatform(1_000_000n, 1_000_000n);
    expect(await runDay(low.platform.id, SATURDAY)).toMatchObject({ payouts: 0, outcomes: { [low.platform.id]: 'belowMinimum' } });
    const tiny = await autoPlatform(1_050_000n, 1_000_000n);
    expect((await runDay(tiny.platform.id, SATURDAY)).payouts).toBe(0);
    const off = await autoPlatform(5_000_000n);
    await db.update(payoutSettings).set({ autoEnabled: false }).where(eq(payoutSettings.platformId, off.platform.id));
    expect((await runDay(off.platform.id, SATURDAY)).platforms).toBe(0);
    for (const x of [low, tiny, off]) expect(await payoutsOf(x.platform.id)).toHaveLength(0);
  });

  it('skips Fridays and official holidays, and waits for the day’s settlement run', async () => {
    const { platform } = await autoPlatform(5_000_000n);
    expect(await runDay(platform.id, FRIDAY)).toMatchObject({ skipped: 'holiday', payouts: 0 });
    expect(await runDay(platform.id, HOLIDAY)).toMatchObject({ skipped: 'holiday', payouts: 0 });
    // A day far ahead whose settlement has not run: the automatic payout waits for it.
    const r = await runAutoPayouts(db, new Date('2031-01-04T06:00:00Z'), { platformId: platform.id });
    expect(r.skipped === 'settlementNotRun' || r.skipped === 'holiday').toBe(true);
    expect(await payoutsOf(platform.id)).toHaveLength(0);
  });

  it('uses the default account when one is set and approved', async () => {
    const { platform, actor } = await autoPlatform(2_000_000n);
    const added = await addBankAccount(db, actor, { sheba: OTHER_SHEBA, holderName: 'مریم احمدی', platformId: platform.id });
    if (!added.ok) throw new Error(JSON.stringify(added));
    await db.update(payoutSettings).set({ defaultBankAccountId: added.data.id }).where(eq(payoutSettings.platformId, platform.id));
    // A pending account receives nothing: staff approve it first.
    await decideBankAccount(db, staffActorOf(await makeAdmin(db)), { id: added.data.id, approve: true });
    await runDay(platform.id, SATURDAY);
    const [p] = await payoutsOf(platform.id);
    expect(p.bankAccountId).toBe(added.data.id);
    expect(
      await db
        .select()
        .from(payoutAutoRuns)
        .where(and(eq(payoutAutoRuns.platformId, platform.id), eq(payoutAutoRuns.runDate, '2026-01-03'))),
    ).toHaveLength(1);
  });
});
