import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { feeRules, merchantServices, platforms, services } from '@/db/schema';
import { assertStaff, type StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import type { FeeRule } from '@/lib/ledger';
import { err, ok, type Result } from '@/lib/result';
import type { SetFeeInput } from '@/lib/services/schemas';

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

/** Staff set a service's fee; it applies to payments that succeed from now on. The change is audited with it. */
export async function setFeeRule(db: Db, actor: StaffActor, input: SetFeeInput): Promise<Result<typeof feeRules.$inferSelect>> {
  assertStaff(actor);
  const values = { percentBasisPoints: input.percent, fixed: input.fixed, min: input.min, max: input.max, updatedAt: new Date(), updatedBy: actor.userId };
  return db.transaction(async (tx) => {
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!service) return err('notFound');
    const [before] = await tx.select().from(feeRules).where(eq(feeRules.serviceId, service.id));
    const [row] = await tx
      .insert(feeRules)
      .values({ serviceId: service.id, ...values })
      .onConflictDoUpdate({ target: feeRules.serviceId, set: values })
      .returning();
    await audit(tx, actor, { action: 'set_fee', objectType: 'service', objectId: service.id, before: before ? ruleOf(before) : null, after: ruleOf(row) });
    return ok(row);
  });
}

function ruleOf(r: typeof feeRules.$inferSelect) {
  return { percentBasisPoints: r.percentBasisPoints, fixed: r.fixed, min: r.min, max: r.max };
}
