import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { kycProfiles, payouts } from '@/db/schema';
import { transfer } from '@/lib/ledger';
import { makePlatform, merchantActorOf } from '@/test/fixtures';
import { ensureKycBankAccount } from '.';

/** For tests only: a valid sheba (Bank Mellat's test account of the seed). */
export const TEST_SHEBA = 'IR820540102680020817909002';

/** Money ready to go out, as if settled: clearing → the platform's withdrawable, in one balanced posting. */
export async function fundWithdrawable(db: Db, platformId: string, amount: bigint) {
  if (amount <= 0n) return;
  await db.transaction((tx) =>
    transfer(tx, {
      kind: 'test_funding',
      reference: `${platformId}:${amount}:${Math.random()}`,
      from: { kind: 'gateway_clearing' },
      to: { kind: 'platform_withdrawable', platformId },
      amount,
    }),
  );
}

/**
 * A merchant with a platform, approved customer information naming `sheba`, its bank account made
 * from it (unless `account: false`) and `withdrawable` Rials.
 */
export async function fundedMerchant(db: Db, withdrawable = 0n, opts: { sheba?: string; account?: boolean } = {}) {
  const made = await makePlatform(db);
  const actor = merchantActorOf(made.merchant);
  await db
    .update(kycProfiles)
    .set({ approvedFinancial: { sheba: opts.sheba ?? TEST_SHEBA, accountHolder: 'مریم احمدی', accountNumber: '020817909002' } })
    .where(eq(kycProfiles.userId, made.merchant.id));
  const account = opts.account === false ? null : (await ensureKycBankAccount(db, actor))!;
  await fundWithdrawable(db, made.platform.id, withdrawable);
  return { ...made, actor, account: account! };
}

/** For tests only: a payout row as it would stand in some state, without its postings (for reads and exports). */
export async function insertPayoutRow(
  db: Db,
  made: { merchant: { id: string }; platform: { id: string }; account: { id: string } },
  row: Omit<typeof payouts.$inferInsert, 'merchantId' | 'platformId' | 'bankAccountId'>,
) {
  const [payout] = await db
    .insert(payouts)
    .values({ merchantId: made.merchant.id, platformId: made.platform.id, bankAccountId: made.account.id, ...row })
    .returning();
  return payout;
}
