import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { feeRuleSchema } from '@/lib/validation/payments';
import { testDb } from '@/test/db';
import { makeAdmin, makePlatform, staffActorOf } from '@/test/fixtures';
import { decideFeeChange, feeRuleForPlatform, proposeFeeChange } from './fees';

const db = testDb();

describe('fees', () => {
  it('reads a percentage with up to two decimals, Rials with Persian digits, an empty maximum as none', () => {
    expect(feeRuleSchema.parse({ percent: '1.25', fixed: '۵۰۰', min: '0', max: '' })).toEqual({ percent: 125, fixed: 500n, min: 0n, max: null });
    expect(feeRuleSchema.parse({ percent: '۲٫۵', fixed: '', min: '1,000', max: '50000' })).toEqual({ percent: 250, fixed: 0n, min: 1000n, max: 50000n });
    const bad = (input: Record<string, string>) => feeRuleSchema.safeParse({ percent: '1', fixed: '0', min: '0', max: '', ...input }).error?.issues[0].message;
    expect(bad({ percent: '101' })).toBe('percentInvalid');
    expect(bad({ percent: '1.234' })).toBe('percentInvalid');
    expect(bad({ percent: '-1' })).toBe('percentInvalid');
    expect(bad({ fixed: '-5' })).toBe('amountInvalid');
    expect(bad({ min: '100', max: '50' })).toBe('maxBelowMin');
  });

  it("a platform pays its service's fee as staff set it: proposed by one, approved by another", async () => {
    const proposer = await makeAdmin(db);
    const approver = await makeAdmin(db);
    const { platform } = await makePlatform(db);
    const proposed = await proposeFeeChange(db, staffActorOf(proposer), { serviceId: 'payment', percent: 100, fixed: 0n, min: 1_000n, max: 50_000n });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed));
    expect((await decideFeeChange(db, staffActorOf(approver), { changeId: proposed.data.id, approve: true })).ok).toBe(true);
    expect(await feeRuleForPlatform(db, platform.id)).toEqual({ percentBasisPoints: 100, fixed: 0n, min: 1_000n, max: 50_000n });
    // Audited in the change's transaction, under the approver who put it in force; an unknown service is refused and records nothing.
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, approver.id), eq(auditEvents.action, 'set_fee')));
    expect(event).toMatchObject({
      actorKind: 'staff',
      objectType: 'service',
      objectId: 'payment',
      after: { percentBasisPoints: 100, min: '1000', max: '50000', proposedBy: proposer.id },
    });
    const other = await makeAdmin(db);
    expect(await proposeFeeChange(db, staffActorOf(other), { serviceId: 'nosuch', percent: 1, fixed: 0n, min: 0n, max: null })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.actorUserId, other.id))).toHaveLength(0);
  });
});
