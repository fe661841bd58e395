import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { payoutRules } from '@/db/schema';

/**
 * What refunds and disputes cost the merchant: whether a refund gives the fee back, and the fee of
 * a lost dispute. One reader for the payouts rules page, refunds and disputes (which the payouts
 * module itself imports, so this stands on its own).
 */
export type MoneyBackRules = { refundReturnsFee: boolean; disputeFee: bigint };

export async function currentMoneyBackRules(db: DbOrTx): Promise<MoneyBackRules> {
  const [row] = await db
    .select({ refundReturnsFee: payoutRules.refundReturnsFee, disputeFee: payoutRules.disputeFee })
    .from(payoutRules)
    .where(eq(payoutRules.id, 1));
  return row ?? { refundReturnsFee: false, disputeFee: 0n };
}
