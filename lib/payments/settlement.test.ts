import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, payments, platforms } from '@/db/schema';
import { ledgerViolations, platformBalances, postPaymentSucceeded } from '@/lib/ledger';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { createPayment } from './index';
import { runSettlement, settlementWindow } from './settlement';

const db = testDb();

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

/** A live payment that succeeded at `at` (posted to pending as the success path does). */
async function succeededAt(platformId: string, amount: bigint, fee: bigint, at: Date) {
  const p = await createPayment(db, { platformId, source: 'api', livemode: true, amount });
  await db.transaction(async (tx) => {
    await tx.update(payments).set({ state: 'succeeded', fee, completedAt: at }).where(eq(payments.id, p.id));
    await postPaymentSucceeded(tx, { paymentId: p.id, platformId, amount, fee });
  });
  return p;
}

describe('settlement', () => {
  it('knows the Tehran window: 22:00 the day before, run at 09:00', () => {
    // 2026-11-24 09:00 Tehran = 05:30 UTC.
    expect(settlementWindow(new Date('2026-11-24T05:30:00Z'))).toEqual({ runDate: '2026-11-24', cutoff: new Date('2026-11-23T18:30:00Z') });
    // At 08:59 Tehran the latest run is still yesterday's.
    expect(settlementWindow(new Date('2026-11-24T05:29:00Z')).runDate).toBe('2026-11-23');
  });

  it('moves what succeeded by 22:00 to withdrawable, leaves later ones, and moves nothing twice', async () => {
    const { platform } = await makePlatform(db);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
    // Test files run in parallel on one database: this run touches only this platform.
    const only = { platformId: platform.id };
    const runAt = new Date('2031-03-10T05:30:00Z'); // 09:00 Tehran, cutoff 2031-03-09 18:30 UTC
    await succeededAt(platform.id, 100_000n, 1_000n, new Date('2031-03-09T18:29:00Z'));
    await succeededAt(platform.id, 50_000n, 500n, new Date('2031-03-09T10:00:00Z'));
    const late = await succeededAt(platform.id, 70_000n, 700n, new Date('2031-03-09T18:31:00Z'));
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 217_800n, withdrawable: 0n });

    const results = await Promise.all([runSettlement(db, runAt, only), runSettlement(db, runAt, only), runSettlement(db, runAt, only)]);
    expect(results.every((r) => r.runDate === '2031-03-10')).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 69_300n, withdrawable: 148_500n });
    await runSettlement(db, runAt, only);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 69_300n, withdrawable: 148_500n });
    // The merchant hears of it once, with the amount, however many runs raced.
    const told = await db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, platform.userId), eq(messages.category, 'settlement')));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ template: 'settlementDone', params: { rials: '148500', name: platform.name }, link: '/reports/balances' });
    const [lateRow] = await db.select().from(payments).where(eq(payments.id, late.id));
    expect(lateRow.settledAt).toBeNull();
    // The next day's run takes the late one.
    await runSettlement(db, new Date('2031-03-11T05:30:00Z'), only);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 217_800n });
  });

  it('does not settle on a Friday or an official holiday; the next working day takes it all', async () => {
    const { platform } = await makePlatform(db);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
    const only = { platformId: platform.id };
    // Thursday 27 Esfand 1405 (2027-03-18), 12:00 Tehran.
    await succeededAt(platform.id, 10_000n, 100n, new Date('2027-03-18T08:30:00Z'));
    // Friday 28 Esfand: no run.
    expect(await runSettlement(db, new Date('2027-03-19T05:30:00Z'), only)).toMatchObject({ skipped: 'holiday', total: 0n });
    // Saturday 29 Esfand 1405 is Oil Nationalisation Day: no run either.
    await succeededAt(platform.id, 20_000n, 200n, new Date('2027-03-19T08:30:00Z'));
    expect(await runSettlement(db, new Date('2027-03-20T05:30:00Z'), only)).toMatchObject({ skipped: 'holiday' });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 29_700n, withdrawable: 0n });
    // Nowruz 1406 (1–4 Farvardin, 21–24 March), then Thursday 5 Farvardin settles everything.
    for (const day of ['2027-03-21', '2027-03-22', '2027-03-23', '2027-03-24']) {
      expect((await runSettlement(db, new Date(`${day}T05:30:00Z`), only)).skipped).toBe('holiday');
    }
    expect(await runSettlement(db, new Date('2027-03-25T05:30:00Z'), only)).toMatchObject({ platforms: 1, total: 29_700n });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 29_700n });
  });
});
