import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { feeRules, merchantServices, platforms, type Currency } from '@/db/schema';

/** A service's fee as staff set it, for the merchant to read before deciding (no rule: no fee). */
export type FeeView = { percentBasisPoints: number; fixed: bigint; min: bigint; max: bigint | null; currency: Currency };

const viewOf = (r: typeof feeRules.$inferSelect): FeeView => ({
  percentBasisPoints: r.percentBasisPoints,
  fixed: r.fixed,
  min: r.min,
  max: r.max,
  currency: r.currency,
});

/** The fee rule of each of these services (public catalogue information, like the services themselves). */
export async function serviceFees(db: DbOrTx, serviceIds: string[]): Promise<Map<string, FeeView>> {
  const ids = [...new Set(serviceIds)];
  if (!ids.length) return new Map();
  const rows = await db.select().from(feeRules).where(inArray(feeRules.serviceId, ids));
  return new Map(rows.map((r) => [r.serviceId, viewOf(r)]));
}

/** The fee of the service a platform belongs to, or null when staff set none. The caller has checked the platform is the actor's. */
export async function platformFee(db: DbOrTx, platformId: string): Promise<FeeView | null> {
  const [row] = await db
    .select({ rule: feeRules })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .innerJoin(feeRules, eq(feeRules.serviceId, merchantServices.serviceId))
    .where(eq(platforms.id, platformId));
  return row ? viewOf(row.rule) : null;
}
