/**
 * Staff roles and four eyes, against the real database: the role table decides what a staff
 * member may read and change (and draws the menu); lib functions refuse a missing role whatever
 * page called them; and where money or trust moves, the same person doing both halves is refused
 * with a typed error while two different people succeed.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, bankAccounts, feeRules, staffRoles, users } from '@/db/schema';
import type { StaffRole } from '@/lib/actor';
import { decideKyc } from '@/lib/kyc';
import { decideFeeChange, listPendingFeeChanges, proposeFeeChange, setFeeRuleAsSystem } from '@/lib/payments/fees';
import { addBankAccount, decideBankAccount, decidePayout, payoutsNeedingAnotherApprover, requestPayout } from '@/lib/payouts';
import { approveBatch, buildBatch, markBatchSent } from '@/lib/payouts/batches';
import { fundedMerchant } from '@/lib/payouts/fixtures';
import { localStorage } from '@/lib/storage';
import { testDb, uniqueMobile } from '@/test/db';
import { makeAdmin, makeMerchant, staffActorOf } from '@/test/fixtures';
import { actorWithRoles, inviteStaff, listStaff, removeStaff, setStaffRoles, staffRolesOf } from '.';
import { canStaff, STAFF_NAV, STAFF_PERMISSIONS, staffNavFor, StaffRoleError } from './permissions';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const db = testDb();

/** A staff member holding exactly `roles`, in the database and as an Actor. */
async function staffWith(...roles: StaffRole[]) {
  const user = await makeAdmin(db, roles);
  return { user, actor: staffActorOf(user, roles) };
}

describe('the role table', () => {
  it('drives the menu: finance sees payouts but not KYC; the auditor reads every area but changes none', () => {
    const finance = staffActorOf({ id: 'f' }, ['finance']);
    expect(staffNavFor(finance)).toContain('/admin/payouts');
    expect(staffNavFor(finance)).not.toContain('/admin/kyc');
    expect(staffNavFor(finance)).not.toContain('/admin/staff');
    const kyc = staffActorOf({ id: 'k' }, ['kyc']);
    expect(staffNavFor(kyc)).toEqual(['/admin', '/admin/merchants', '/admin/kyc', '/admin/security']);
    const auditor = staffActorOf({ id: 'a' }, ['auditor']);
    expect(staffNavFor(auditor)).toEqual(STAFF_NAV.map((n) => n.href));
    for (const area of Object.keys(STAFF_PERMISSIONS) as (keyof typeof STAFF_PERMISSIONS)[]) expect(canStaff(auditor, area, 'write')).toBe(false);
    expect(staffNavFor(staffActorOf({ id: 's' }, ['super_admin']))).toEqual(['/admin', '/admin/staff', '/admin/audit', '/admin/security']);
    // A staff member without roles (removed) opens nothing, and a merchant is never staff.
    expect(staffNavFor(staffActorOf({ id: 'x' }, []))).toEqual([]);
    expect(canStaff({ kind: 'merchant', userId: 'm', merchantId: 'm', role: 'owner' }, 'overview')).toBe(false);
  });

  it('reads a staff member’s roles from the database, as the guards do', async () => {
    const { user } = await staffWith('finance', 'support');
    const actor = await actorWithRoles(db, user);
    expect(actor).toMatchObject({ kind: 'staff', roles: ['finance', 'support'] });
    const merchant = await makeMerchant(db);
    expect(await actorWithRoles(db, merchant)).toMatchObject({ kind: 'merchant' });
  });
});

describe('lib refuses a staff member without the area’s role', () => {
  it('whatever page called it', async () => {
    const finance = (await staffWith('finance')).actor;
    const auditor = (await staffWith('auditor')).actor;
    const kyc = (await staffWith('kyc')).actor;
    await expect(decideKyc(db, finance, { profileId: crypto.randomUUID(), decision: 'approve' } as never)).rejects.toBeInstanceOf(StaffRoleError);
    await expect(decidePayout(db, kyc, { payoutId: crypto.randomUUID(), approve: true })).rejects.toBeInstanceOf(StaffRoleError);
    await expect(proposeFeeChange(db, auditor, { serviceId: 'payment', percent: 1, fixed: 0n, min: 0n, max: null })).rejects.toBeInstanceOf(StaffRoleError);
    await expect(inviteStaff(db, finance, { mobile: uniqueMobile(), firstName: 'a', lastName: 'b', roles: ['finance'] })).rejects.toBeInstanceOf(
      StaffRoleError,
    );
    await expect(listStaff(db, finance)).rejects.toBeInstanceOf(StaffRoleError);
  });
});

describe('staff management', () => {
  it('invites by mobile, changes roles and removes (ending sessions), each audited in its transaction', async () => {
    const boss = (await staffWith('super_admin')).actor;
    const mobile = uniqueMobile();
    const invited = await inviteStaff(db, boss, { mobile, firstName: 'N', lastName: 'K', roles: ['kyc', 'support'] });
    expect(invited).toMatchObject({ ok: true, data: { created: true } });
    const id = invited.ok ? invited.data.userId : '';
    const [made] = await db.select().from(users).where(eq(users.id, id));
    expect(made).toMatchObject({ role: 'admin', mobile });
    expect(await staffRolesOf(db, id)).toEqual(['kyc', 'support']);
    // Inviting again, or a merchant's mobile, is refused on the mobile field.
    expect(await inviteStaff(db, boss, { mobile, firstName: 'N', lastName: 'K', roles: ['kyc'] })).toEqual({
      ok: false,
      fieldErrors: { mobile: 'staffAlreadyStaff' },
    });
    const merchant = await makeMerchant(db);
    expect(await inviteStaff(db, boss, { mobile: merchant.mobile, firstName: 'x', lastName: 'y', roles: ['kyc'] })).toEqual({
      ok: false,
      fieldErrors: { mobile: 'staffMobileIsMerchant' },
    });

    expect(await setStaffRoles(db, boss, { userId: id, roles: ['finance'] })).toEqual({ ok: true, data: { roles: ['finance'] } });
    expect(await staffRolesOf(db, id)).toEqual(['finance']);

    expect(await removeStaff(db, boss, { userId: boss.userId })).toEqual({ ok: false, error: 'staffNotSelf' });
    expect(await removeStaff(db, boss, { userId: id })).toEqual({ ok: true, data: undefined });
    expect(await staffRolesOf(db, id)).toEqual([]);
    const [after] = await db.select().from(users).where(eq(users.id, id));
    expect(after.sessionVersion).toBe(made.sessionVersion + 1);
    expect((await listStaff(db, boss)).some((m) => m.id === id)).toBe(false);

    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'staff'), eq(auditEvents.objectId, id)));
    expect(events.map((e) => e.action).sort()).toEqual(['invite', 'remove', 'set_roles']);
  });

  it('keeps one super admin at least', async () => {
    const a = await staffWith('super_admin');
    // Every other super admin of the shared test database steps down, so `a` is the last one.
    await db.delete(staffRoles).where(eq(staffRoles.role, 'super_admin'));
    await db.insert(staffRoles).values({ userId: a.user.id, role: 'super_admin' });
    expect(await setStaffRoles(db, a.actor, { userId: a.user.id, roles: ['auditor'] })).toEqual({ ok: false, error: 'staffLastSuperAdmin' });
    const b = await staffWith('super_admin');
    expect((await setStaffRoles(db, b.actor, { userId: a.user.id, roles: ['auditor'] })).ok).toBe(true);
  });
});

describe('four eyes: a new bank account and its first payout', () => {
  it('the approver of the account cannot approve the first payout to it; another finance member can', async () => {
    const a = await staffWith('finance');
    const b = await staffWith('finance');
    const made = await fundedMerchant(db, 5_000_000n, { account: false });
    const added = await addBankAccount(db, made.actor, { sheba: 'IR062960000000100324200001', holderName: 'M T' });
    if (!added.ok) throw new Error(JSON.stringify(added));
    expect((await decideBankAccount(db, a.actor, { id: added.data.id, approve: true })).ok).toBe(true);
    const [stored] = await db.select().from(bankAccounts).where(eq(bankAccounts.id, added.data.id));
    expect(stored.decidedBy).toBe(a.user.id);

    const first = await requestPayout(db, made.actor, { platformId: made.platform.id, bankAccountId: added.data.id, amount: 1_000_000n });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(await payoutsNeedingAnotherApprover(db, a.actor, [first.data.id])).toEqual(new Set([first.data.id]));
    expect(await payoutsNeedingAnotherApprover(db, b.actor, [first.data.id])).toEqual(new Set());
    expect(await decidePayout(db, a.actor, { payoutId: first.data.id, approve: true })).toEqual({ ok: false, error: 'fourEyesSamePerson' });
    // Rejecting is not the second half: the account's approver may still refuse a payout.
    expect((await decidePayout(db, b.actor, { payoutId: first.data.id, approve: true })).ok).toBe(true);

    // Once a first payout went through another person, later ones are ordinary.
    const second = await requestPayout(db, made.actor, { platformId: made.platform.id, bankAccountId: added.data.id, amount: 1_000_000n });
    if (!second.ok) throw new Error(JSON.stringify(second));
    expect((await decidePayout(db, a.actor, { payoutId: second.data.id, approve: true })).ok).toBe(true);
  });
});

describe('four eyes: a large payout batch', () => {
  it('needs a second finance approver, not its builder, before it is sent', async () => {
    const a = await staffWith('finance');
    const b = await staffWith('finance');
    const made = await fundedMerchant(db, 5_000_000n);
    const p = await requestPayout(db, made.actor, { platformId: made.platform.id, bankAccountId: made.account.id, amount: 2_000_000n });
    if (!p.ok) throw new Error(JSON.stringify(p));
    expect((await decidePayout(db, a.actor, { payoutId: p.data.id, approve: true })).ok).toBe(true);
    const storage = localStorage(await mkdtemp(path.join(tmpdir(), 'dargah-staff-')));
    const built = await buildBatch(db, a.actor, { payoutIds: [p.data.id] }, { storage });
    if (!built.ok) throw new Error(JSON.stringify(built));
    const limit = { fourEyesAboveMinor: 1_000_000n };

    expect(await markBatchSent(db, a.actor, { batchId: built.data.id }, limit)).toEqual({ ok: false, error: 'batchNeedsSecondApproval' });
    expect(await approveBatch(db, a.actor, { batchId: built.data.id })).toEqual({ ok: false, error: 'fourEyesSamePerson' });
    // Not even the second approver may skip it for someone else: an auditor holds no finance role.
    await expect(approveBatch(db, (await staffWith('auditor')).actor, { batchId: built.data.id })).rejects.toBeInstanceOf(StaffRoleError);
    expect(await approveBatch(db, b.actor, { batchId: built.data.id })).toEqual({ ok: true, data: undefined });
    expect(await approveBatch(db, b.actor, { batchId: built.data.id })).toEqual({ ok: false, error: 'alreadyDecided' });
    expect(await markBatchSent(db, a.actor, { batchId: built.data.id }, limit)).toEqual({ ok: true, data: { sent: 1 } });
  });

  it('a batch at or below the limit is sent by its builder alone', async () => {
    const a = await staffWith('finance');
    const made = await fundedMerchant(db, 5_000_000n);
    const p = await requestPayout(db, made.actor, { platformId: made.platform.id, bankAccountId: made.account.id, amount: 1_000_000n });
    if (!p.ok) throw new Error(JSON.stringify(p));
    await decidePayout(db, a.actor, { payoutId: p.data.id, approve: true });
    const storage = localStorage(await mkdtemp(path.join(tmpdir(), 'dargah-staff-')));
    const built = await buildBatch(db, a.actor, { payoutIds: [p.data.id] }, { storage });
    if (!built.ok) throw new Error(JSON.stringify(built));
    expect(await markBatchSent(db, a.actor, { batchId: built.data.id }, { fourEyesAboveMinor: 1_000_000n })).toEqual({ ok: true, data: { sent: 1 } });
  });
});

describe('four eyes: a fee change', () => {
  // The virtual POS service: its payments settle to the company directly, so no other test's fee depends on it.
  const SERVICE = 'vpos';
  const inForce = async () => {
    const [rule] = await db.select().from(feeRules).where(eq(feeRules.serviceId, SERVICE));
    return rule ? { percentBasisPoints: rule.percentBasisPoints, fixed: rule.fixed, min: rule.min, max: rule.max, updatedBy: rule.updatedBy } : null;
  };

  it('is a proposal until a second operations member approves it; the proposer cannot', async () => {
    const a = await staffWith('operations');
    const b = await staffWith('operations');
    await setFeeRuleAsSystem(db, { serviceId: SERVICE, percent: 100, fixed: 0n, min: 1_000n, max: 50_000n });
    const before = await inForce();

    const proposed = await proposeFeeChange(db, a.actor, { serviceId: SERVICE, percent: 250, fixed: 500n, min: 2_000n, max: null });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed));
    expect(await inForce()).toEqual(before);
    expect(await proposeFeeChange(db, b.actor, { serviceId: SERVICE, percent: 1, fixed: 0n, min: 0n, max: null })).toEqual({
      ok: false,
      error: 'feeChangePending',
    });
    expect((await listPendingFeeChanges(db, b.actor)).map((c) => c.id)).toContain(proposed.data.id);

    expect(await decideFeeChange(db, a.actor, { changeId: proposed.data.id, approve: true })).toEqual({ ok: false, error: 'fourEyesSamePerson' });
    expect(await inForce()).toEqual(before);
    const approved = await decideFeeChange(db, b.actor, { changeId: proposed.data.id, approve: true });
    expect(approved).toMatchObject({ ok: true, data: { state: 'approved', decidedBy: b.user.id } });
    expect(await inForce()).toEqual({ percentBasisPoints: 250, fixed: 500n, min: 2_000n, max: null, updatedBy: b.user.id });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, b.user.id), eq(auditEvents.action, 'set_fee')));
    expect(event.after).toMatchObject({ percentBasisPoints: 250, proposedBy: a.user.id });
    expect(await decideFeeChange(db, b.actor, { changeId: proposed.data.id, approve: false })).toEqual({ ok: false, error: 'alreadyDecided' });

    // The proposer may withdraw a change; it never takes effect.
    const again = await proposeFeeChange(db, a.actor, { serviceId: SERVICE, percent: 9_000, fixed: 0n, min: 0n, max: null });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(await decideFeeChange(db, a.actor, { changeId: again.data.id, approve: false })).toMatchObject({ ok: true, data: { state: 'rejected' } });
    expect((await inForce())?.percentBasisPoints).toBe(250);
  });
});
