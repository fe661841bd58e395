import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { MerchantActor } from '@/lib/actor';

/**
 * Whether the split-payment pages concern a merchant: it has the split service (a marketplace, or
 * a beneficiary, whose receiving platforms sit on that service), or an invitation waits for its
 * mobile. One cheap read, for the portal's menu; the pages check ownership themselves.
 */
export async function hasSplitAccess(db: DbOrTx, actor: MerchantActor): Promise<boolean> {
  const rows = await db.execute<{ yes: boolean }>(sql`
    select exists (
      select 1 from merchant_services ms where ms.user_id = ${actor.merchantId} and ms.service_id = 'split' and ms.status <> 'suspended'
    ) or exists (
      select 1 from split_beneficiaries b join users u on u.mobile = b.mobile
      where u.id = ${actor.merchantId} and b.user_id is null and b.state = 'invited'
    ) as yes`);
  return Boolean(rows[0]?.yes);
}
