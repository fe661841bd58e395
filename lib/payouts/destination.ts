import { eq, sql } from 'drizzle-orm';
import { bankAccounts, payouts, refundAccounts } from '@/db/schema';

/**
 * Where a payout goes: the merchant's account, or the one a payer named for a refund. A query
 * left-joins both (`toMerchantAccount`, `toRefundAccount`) and reads the destination through these;
 * every payout has exactly one of the two (the table's CHECKs).
 */
export const toMerchantAccount = eq(bankAccounts.id, payouts.bankAccountId);
export const toRefundAccount = eq(refundAccounts.id, payouts.refundAccountId);

export const destination = {
  sheba: sql<string>`coalesce(${bankAccounts.sheba}, ${refundAccounts.sheba})`,
  holderName: sql<string>`coalesce(${bankAccounts.holderName}, ${refundAccounts.holderName})`,
  bankCode: sql<string | null>`coalesce(${bankAccounts.bankCode}, ${refundAccounts.bankCode})`,
};
