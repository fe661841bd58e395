import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { bankAccounts, platforms, splitBeneficiaries } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

export type SubBusinessBalance = {
  beneficiaryId: string;
  pending: bigint;
  withdrawable: bigint;
  /** The state of its newest account: the marketplace withdraws for it only to an approved one. */
  account: 'approved' | 'pending' | 'rejected' | 'none';
};

/**
 * The balances of the sub-businesses a marketplace registered and manages (active ones), which it
 * may withdraw on their behalf (`withdrawForSubBusiness`). Invited merchants' balances stay theirs:
 * they are not here.
 */
export async function subBusinessBalances(db: DbOrTx, actor: MerchantActor, marketplaceId: string): Promise<SubBusinessBalance[]> {
  if (!isUuid(marketplaceId)) return [];
  const rows = await db
    .select({
      beneficiaryId: splitBeneficiaries.id,
      userId: splitBeneficiaries.userId,
      pending: sql<string>`coalesce((select a.balance from ledger_accounts a where a.platform_id = ${splitBeneficiaries.platformId} and a.kind = 'platform_pending' and a.currency = 'IRR'), 0)`,
      withdrawable: sql<string>`coalesce((select a.balance from ledger_accounts a where a.platform_id = ${splitBeneficiaries.platformId} and a.kind = 'platform_withdrawable' and a.currency = 'IRR'), 0)`,
    })
    .from(splitBeneficiaries)
    .innerJoin(platforms, eq(platforms.id, splitBeneficiaries.marketplaceId))
    .where(
      and(
        eq(splitBeneficiaries.marketplaceId, marketplaceId),
        eq(platforms.userId, actor.merchantId),
        eq(splitBeneficiaries.kind, 'sub_business'),
        eq(splitBeneficiaries.state, 'active'),
        sql`${splitBeneficiaries.platformId} is not null`,
      ),
    );
  const out: SubBusinessBalance[] = [];
  for (const r of rows) {
    const [acc] = r.userId
      ? await db
          .select({ status: bankAccounts.status })
          .from(bankAccounts)
          .where(and(eq(bankAccounts.merchantId, r.userId), sql`${bankAccounts.status} <> 'removed'`))
          .orderBy(sql`${bankAccounts.status} = 'approved' desc`, desc(bankAccounts.createdAt))
          .limit(1)
      : [];
    out.push({
      beneficiaryId: r.beneficiaryId,
      pending: BigInt(r.pending),
      withdrawable: BigInt(r.withdrawable),
      account: (acc?.status as SubBusinessBalance['account'] | undefined) ?? 'none',
    });
  }
  return out;
}
