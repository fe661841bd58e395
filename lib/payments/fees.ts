import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { feeRuleChanges, feeRules, merchantServices, platforms, services, users, type FeeRuleChange } from '@/db/schema';
import { type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import type { FeeRule } from '@/lib/ledger';
import { err, ok, type Result } from '@/lib/result';
import type { SetFeeInput } from '@/lib/services/schemas';
import { isUuid } from '@/lib/validation/ids';

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

/**
 * Four eyes on fees: an operations member proposes a change (`proposeFeeChange`), a different
 * operations member approves or rejects it (`decideFeeChange`), and only the approval changes the
 * fee in force, in the same transaction as its audit events. The proposer may withdraw (reject)
 * their own change, never approve it; one change waits per service at a time.
 */
export async function proposeFeeChange(db: Db, actor: StaffActor, input: SetFeeInput): Promise<Result<FeeRuleChange>> {
  assertStaffMay(actor, 'services');
  return db.transaction(async (tx) => {
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.id, input.serviceId));
    if (!service) return err('notFound');
    const [row] = await tx
      .insert(feeRuleChanges)
      .values({ serviceId: service.id, percentBasisPoints: input.percent, fixed: input.fixed, min: input.min, max: input.max, proposedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) return err('feeChangePending');
    await audit(tx, actor, { action: 'propose_fee', objectType: 'service', objectId: service.id, merchantId: null, before: null, after: changeOf(row) });
    return ok(row);
  });
}

/** The second operations member's decision on a pending fee change; the proposer approving it is `fourEyesSamePerson`. */
export async function decideFeeChange(
  db: Db,
  actor: StaffActor,
  input: { changeId: string; approve: boolean },
): Promise<Result<FeeRuleChange, 'notFound' | 'alreadyDecided' | 'fourEyesSamePerson'>> {
  assertStaffMay(actor, 'services');
  if (!isUuid(input.changeId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [change] = await tx.select().from(feeRuleChanges).where(eq(feeRuleChanges.id, input.changeId)).for('update');
    if (!change) return err('notFound');
    if (change.state !== 'pending') return err('alreadyDecided');
    if (input.approve && change.proposedBy === actor.userId) return err('fourEyesSamePerson');
    const [decided] = await tx
      .update(feeRuleChanges)
      .set({ state: input.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: new Date() })
      .where(and(eq(feeRuleChanges.id, change.id), eq(feeRuleChanges.state, 'pending')))
      .returning();
    if (input.approve) {
      await applyFeeRule(tx, actor, change.serviceId, {
        percentBasisPoints: change.percentBasisPoints,
        fixed: change.fixed,
        min: change.min,
        max: change.max,
        proposedBy: change.proposedBy,
      });
    } else {
      await audit(tx, actor, {
        action: 'reject_fee',
        objectType: 'service',
        objectId: change.serviceId,
        merchantId: null,
        before: changeOf(change),
        after: { state: 'rejected', withdrawn: change.proposedBy === actor.userId },
      });
    }
    return ok(decided);
  });
}

export type PendingFeeChange = FeeRuleChange & { proposerName: string };

/** Fee changes waiting for a second approver, oldest first, with who proposed each. */
export async function listPendingFeeChanges(db: DbOrTx, actor: StaffActor): Promise<PendingFeeChange[]> {
  assertStaffMay(actor, 'services', 'read');
  const rows = await db
    .select({ change: feeRuleChanges, first: users.firstName, last: users.lastName })
    .from(feeRuleChanges)
    .innerJoin(users, eq(users.id, feeRuleChanges.proposedBy))
    .where(eq(feeRuleChanges.state, 'pending'))
    .orderBy(asc(feeRuleChanges.proposedAt));
  return rows.map((r) => ({ ...r.change, proposerName: `${r.first} ${r.last}` }));
}

/**
 * The fee in force set at once, audited as the system: for the seed and tests only. No action
 * calls it; staff go through `proposeFeeChange` and a second approver.
 */
export async function setFeeRuleAsSystem(db: Db, input: SetFeeInput): Promise<Result<typeof feeRules.$inferSelect>> {
  return db.transaction(async (tx) => {
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.id, input.serviceId));
    if (!service) return err('notFound');
    return ok(await applyFeeRule(tx, null, service.id, { percentBasisPoints: input.percent, fixed: input.fixed, min: input.min, max: input.max }));
  });
}

async function applyFeeRule(
  tx: Tx,
  actor: StaffActor | null,
  serviceId: string,
  rule: { percentBasisPoints: number; fixed: bigint; min: bigint; max: bigint | null; proposedBy?: string },
): Promise<typeof feeRules.$inferSelect> {
  const values = {
    percentBasisPoints: rule.percentBasisPoints,
    fixed: rule.fixed,
    min: rule.min,
    max: rule.max,
    updatedAt: new Date(),
    updatedBy: actor?.userId ?? null,
  };
  await tx.select({ id: services.id }).from(services).where(eq(services.id, serviceId)).for('update');
  const [before] = await tx.select().from(feeRules).where(eq(feeRules.serviceId, serviceId));
  const [row] = await tx
    .insert(feeRules)
    .values({ serviceId, ...values })
    .onConflictDoUpdate({ target: feeRules.serviceId, set: values })
    .returning();
  await audit(tx, actor, {
    action: 'set_fee',
    objectType: 'service',
    objectId: serviceId,
    merchantId: null,
    before: before ? ruleOf(before) : null,
    after: { ...ruleOf(row), ...(rule.proposedBy ? { proposedBy: rule.proposedBy } : {}) },
  });
  return row;
}

function changeOf(c: FeeRuleChange) {
  return { changeId: c.id, percentBasisPoints: c.percentBasisPoints, fixed: c.fixed, min: c.min, max: c.max, proposedBy: c.proposedBy };
}

function ruleOf(r: typeof feeRules.$inferSelect) {
  return { percentBasisPoints: r.percentBasisPoints, fixed: r.fixed, min: r.min, max: r.max };
}
