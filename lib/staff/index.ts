import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { staffRoles, users, type User } from '@/db/schema';
import type { MerchantActor, StaffActor, StaffRole, Via } from '@/lib/actor';
import { actorOf } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { err, ok, type Result } from '@/lib/result';
import { assertStaffMay, STAFF_ROLES } from './permissions';
import type { InviteStaffInput, SetStaffRolesInput } from './schemas';

/**
 * Staff and their roles. The roles live in `staff_roles`; the staff guards read them on every
 * request (`staffRolesOf`), so a change takes effect on the next click. Removing a staff member
 * drops their roles, makes the account a plain merchant-less login no guard admits (`role` stays
 * `admin`, holding nothing) and bumps `sessionVersion`, which ends every session at once.
 */

/** The roles a staff member holds now, in the table's order. */
export async function staffRolesOf(db: DbOrTx, userId: string): Promise<StaffRole[]> {
  const rows = await db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.userId, userId));
  const held = new Set(rows.map((r) => r.role));
  return STAFF_ROLES.filter((r) => held.has(r));
}

/** The Actor of a signed-in person, with a staff member's roles read from the database. */
export async function actorWithRoles(db: DbOrTx, user: Pick<User, 'id' | 'role'>, via?: Via): Promise<MerchantActor | StaffActor> {
  return user.role === 'admin' ? actorOf(user, via, await staffRolesOf(db, user.id)) : actorOf(user, via);
}

export type StaffMember = { id: string; mobile: string; firstName: string; lastName: string; roles: StaffRole[]; createdAt: Date };

/** Every staff account with its roles (those without roles were removed and are not listed). */
export async function listStaff(db: DbOrTx, actor: StaffActor): Promise<StaffMember[]> {
  assertStaffMay(actor, 'staff', 'read');
  const rows = await db
    .select({
      id: users.id,
      mobile: users.mobile,
      firstName: users.firstName,
      lastName: users.lastName,
      createdAt: users.createdAt,
      roles: sql<StaffRole[]>`array_agg(${staffRoles.role}::text order by ${staffRoles.role})`,
    })
    .from(users)
    .innerJoin(staffRoles, eq(staffRoles.userId, users.id))
    .where(eq(users.role, 'admin'))
    .groupBy(users.id)
    .orderBy(asc(users.firstName), asc(users.lastName));
  return rows.map((r) => ({ ...r, roles: STAFF_ROLES.filter((role) => r.roles.includes(role)) }));
}

async function grant(tx: Tx, actor: StaffActor, userId: string, roles: readonly StaffRole[]): Promise<void> {
  await tx.delete(staffRoles).where(eq(staffRoles.userId, userId));
  if (roles.length) await tx.insert(staffRoles).values(roles.map((role) => ({ userId, role, grantedBy: actor.userId })));
}

/** Super admins left after `userId` loses the role (locked, so two removing each other cannot leave none). */
async function otherSuperAdmins(tx: Tx, userId: string): Promise<number> {
  const rows = await tx
    .select({ userId: staffRoles.userId })
    .from(staffRoles)
    .where(and(eq(staffRoles.role, 'super_admin'), sql`${staffRoles.userId} <> ${userId}`))
    .for('update');
  return rows.length;
}

/**
 * A super admin invites a staff member by mobile: a new account (role admin, with an unusable
 * random password) or an existing staff account given roles again. The invited person sets a
 * password through "forgot password", whose SMS code proves they hold the mobile; no password or
 * link travels through the inviter. A merchant's account cannot become staff.
 */
export async function inviteStaff(db: Db, actor: StaffActor, input: InviteStaffInput): Promise<Result<{ userId: string; created: boolean }>> {
  assertStaffMay(actor, 'staff');
  const unusable = await hashPassword(randomBytes(32).toString('base64url'));
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.mobile, input.mobile)).for('update');
    if (existing && existing.role !== 'admin') return { ok: false as const, fieldErrors: { mobile: 'staffMobileIsMerchant' } };
    let userId: string;
    let before: StaffRole[] = [];
    if (existing) {
      userId = existing.id;
      before = await staffRolesOf(tx, userId);
      if (before.length) return { ok: false as const, fieldErrors: { mobile: 'staffAlreadyStaff' } };
    } else {
      const [made] = await tx
        .insert(users)
        .values({ mobile: input.mobile, firstName: input.firstName, lastName: input.lastName, passwordHash: unusable, role: 'admin' })
        .returning({ id: users.id });
      userId = made.id;
    }
    await grant(tx, actor, userId, input.roles);
    await audit(tx, actor, {
      action: 'invite',
      objectType: 'staff',
      objectId: userId,
      merchantId: null,
      before: existing ? { roles: before } : null,
      after: { mobile: input.mobile, roles: input.roles },
    });
    return ok({ userId, created: !existing });
  });
}

/** Replaces a staff member's roles; the last super admin cannot give the role up. */
export async function setStaffRoles(db: Db, actor: StaffActor, input: SetStaffRolesInput): Promise<Result<{ roles: StaffRole[] }>> {
  assertStaffMay(actor, 'staff');
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.userId)).for('update');
    if (!target || target.role !== 'admin') return err('notFound');
    const before = await staffRolesOf(tx, target.id);
    if (!before.length) return err('notFound');
    const roles = STAFF_ROLES.filter((r) => input.roles.includes(r));
    if (before.includes('super_admin') && !roles.includes('super_admin') && (await otherSuperAdmins(tx, target.id)) === 0) return err('staffLastSuperAdmin');
    await grant(tx, actor, target.id, roles);
    // Fewer roles take effect on the next request (the guards read them each time); nothing else to end.
    await audit(tx, actor, { action: 'set_roles', objectType: 'staff', objectId: target.id, merchantId: null, before: { roles: before }, after: { roles } });
    return ok({ roles });
  });
}

/** Removes a staff member: roles gone, every session ended at once. Nobody removes themselves. */
export async function removeStaff(db: Db, actor: StaffActor, input: { userId: string }): Promise<Result> {
  assertStaffMay(actor, 'staff');
  if (input.userId === actor.userId) return err('staffNotSelf');
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.userId)).for('update');
    if (!target || target.role !== 'admin') return err('notFound');
    const before = await staffRolesOf(tx, target.id);
    if (!before.length) return err('notFound');
    if (before.includes('super_admin') && (await otherSuperAdmins(tx, target.id)) === 0) return err('staffLastSuperAdmin');
    await tx.delete(staffRoles).where(eq(staffRoles.userId, target.id));
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, target.id));
    await audit(tx, actor, { action: 'remove', objectType: 'staff', objectId: target.id, merchantId: null, before: { roles: before }, after: { roles: [] } });
    return ok();
  });
}

/** Used by the seed and the admin CLI (no actor: the system): gives an account these roles, keeping any it has. */
export async function grantStaffRolesAsSystem(db: DbOrTx, userId: string, roles: readonly StaffRole[]): Promise<void> {
  if (roles.length)
    await db
      .insert(staffRoles)
      .values(roles.map((role) => ({ userId, role })))
      .onConflictDoNothing();
}
