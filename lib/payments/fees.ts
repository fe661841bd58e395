import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { feeRules, merchantServices, platforms } from '@/db/schema';
import type { FeeRule } from '@/lib/ledger';

export const NO_FEE: FeeRule = { percentBasisPoints: 0, fixed: 0n, min: 0n, max: null };

/** The fee rule staff set for the service a platform belongs to (none set: no fee). */
export async function feeRuleForPlatform(db: DbOrTx, platformId: string): Promise<FeeRule> {
  const [row] = await db
    .select({ rule: feeRules })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .innerJoin(feeRules, eq(feeRules.serviceId, merchantServices.serviceId))
    .where(eq(platforms.id, platformId));
  if (!row) return NO_FEE;
  return { percentBasisPoints: row.rule.percentBasisPoints, fixed: row.rule.fixed, min: row.rule.min, max: row.rule.max };
}

/** Staff set a service's fee; it applies to payments that succeed from now on. */
export async function setFeeRule(db: DbOrTx, adminId: string, serviceId: string, rule: FeeRule) {
  const values = { percentBasisPoints: rule.percentBasisPoints, fixed: rule.fixed, min: rule.min, max: rule.max, updatedAt: new Date(), updatedBy: adminId };
  const [row] = await db
    .insert(feeRules)
    .values({ serviceId, ...values })
    .onConflictDoUpdate({ target: feeRules.serviceId, set: values })
    .returning();
  return row;
}
