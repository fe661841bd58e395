import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { kycProfiles, payoutSettings } from '@/db/schema';
import { transfer } from '@/lib/ledger';
import { ensureKycBankAccount, requestPayout } from '@/lib/payouts';
import { testDb } from '@/test/db';
import { makePlatform, merchantActorOf } from '@/test/fixtures';
import { settlementDayFrom } from './holidays';
import { upcomingBankPayouts } from './payouts';

const db = testDb();

describe('the calendar’s money going to the bank', () => {
  it('shows each payout on its way on its expected day, and the next automatic payout above what is kept', async () => {
    const { merchant, platform } = await makePlatform(db);
    const actor = merchantActorOf(merchant);
    await db
      .update(kycProfiles)
      .set({ approvedFinancial: { sheba: 'IR820540102680020817909002', accountHolder: 'مریم احمدی', accountNumber: '020817909002' } })
      .where(eq(kycProfiles.userId, merchant.id));
    const account = (await ensureKycBankAccount(db, actor))!;
    await db.transaction((tx) =>
      transfer(tx, {
        kind: 'test_funding',
        reference: platform.id,
        from: { kind: 'gateway_clearing' },
        to: { kind: 'platform_withdrawable', platformId: platform.id },
        amount: 1_500_000n,
      }),
    );
    const now = new Date('2026-12-01T12:00:00Z'); // a Tuesday afternoon in Tehran
    const r = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 500_000n }, { now });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(await upcomingBankPayouts(db, actor, now)).toEqual([{ day: expect.any(String), amount: 500_000n, auto: false }]);
    await db.insert(payoutSettings).values({ platformId: platform.id, defaultBankAccountId: account.id, autoEnabled: true, autoKeep: 200_000n });
    const next = settlementDayFrom('2026-12-02');
    expect(await upcomingBankPayouts(db, actor, now)).toContainEqual({ day: next, amount: 800_000n, auto: true });
    // Another merchant sees none of it.
    const other = await makePlatform(db);
    expect(await upcomingBankPayouts(db, merchantActorOf(other.merchant), now)).toEqual([]);
  });
});
