import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { bankAccounts, merchantInvitations, merchantMembers, merchants, users, type User } from '@/db/schema';
import { violates } from '@/db/errors';
import type { MerchantActor, MerchantRole } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { assertCan } from './permissions';
import type { GivableRole } from './schemas';

export { membershipsOf, merchantActorFor, isMemberOf, MERCHANT_COOKIE, type Membership } from './actor';
export { can, assertCan, needOfPath, PermissionDenied, type Permission } from './permissions';

/**
 * Makes the business `userId` founds (its id is theirs) with them as its owner; nothing when it
 * exists. Run in the sign-up's transaction, by the seed, and when an invited person starts one.
 */
export async function foundMerchant(tx: DbOrTx, userId: string): Promise<void> {
  await tx.insert(merchants).values({ id: userId }).onConflictDoNothing();
  await tx.insert(merchantMembers).values({ merchantId: userId, userId, role: 'owner' }).onConflictDoNothing();
}

/** Whether anyone invited this mobile and is waiting for an answer (a sign-up then founds no business of its own). */
export async function hasPendingInvitation(tx: DbOrTx, mobile: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: merchantInvitations.id })
    .from(merchantInvitations)
    .where(and(eq(merchantInvitations.mobile, mobile), eq(merchantInvitations.state, 'pending')))
    .limit(1);
  return !!row;
}

/** A person with no business (an invited sign-up who declined, a removed member) starts their own, as its owner. */
export async function startOwnBusiness(db: Db, user: Pick<User, 'id' | 'role'>): Promise<Result<undefined, 'alreadyFounded'>> {
  if (user.role !== 'merchant') return err('alreadyFounded');
  return db.transaction(async (tx) => {
    const [had] = await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, user.id));
    if (had) return err('alreadyFounded');
    await foundMerchant(tx, user.id);
    const founder: MerchantActor = { kind: 'merchant', userId: user.id, merchantId: user.id, role: 'owner' };
    await audit(tx, founder, {
      action: 'team.found',
      objectType: 'merchant',
      objectId: user.id,
    });
    return ok();
  });
}

export type MemberRow = { userId: string; role: MerchantRole; firstName: string; lastName: string; mobile: string; createdAt: Date };
export type InvitationRow = { id: string; mobile: string; role: MerchantRole; createdAt: Date };

/** The business's members (owner first) and its pending invitations; for those who manage the team. */
export async function teamOf(db: DbOrTx, actor: MerchantActor): Promise<{ members: MemberRow[]; invitations: InvitationRow[] }> {
  assertCan(actor, 'team');
  const members = await db
    .select({
      userId: merchantMembers.userId,
      role: merchantMembers.role,
      firstName: users.firstName,
      lastName: users.lastName,
      mobile: users.mobile,
      createdAt: merchantMembers.createdAt,
    })
    .from(merchantMembers)
    .innerJoin(users, eq(users.id, merchantMembers.userId))
    .where(eq(merchantMembers.merchantId, actor.merchantId))
    .orderBy(sql`${merchantMembers.role} = 'owner' desc`, asc(merchantMembers.createdAt));
  const invitations = await db
    .select({ id: merchantInvitations.id, mobile: merchantInvitations.mobile, role: merchantInvitations.role, createdAt: merchantInvitations.createdAt })
    .from(merchantInvitations)
    .where(and(eq(merchantInvitations.merchantId, actor.merchantId), eq(merchantInvitations.state, 'pending')))
    .orderBy(desc(merchantInvitations.createdAt));
  return { members, invitations };
}

/** Invites a mobile to the business with a role. One pending invitation per mobile; a member is not invited again. */
export async function inviteMember(db: Db, actor: MerchantActor, input: { mobile: string; role: GivableRole }): Promise<Result<{ id: string }>> {
  assertCan(actor, 'team');
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .select({ userId: merchantMembers.userId })
        .from(merchantMembers)
        .innerJoin(users, eq(users.id, merchantMembers.userId))
        .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(users.mobile, input.mobile)));
      if (member) return fieldErr({ mobile: 'alreadyMember' });
      const [row] = await tx
        .insert(merchantInvitations)
        .values({ merchantId: actor.merchantId, mobile: input.mobile, role: input.role, invitedBy: actor.userId })
        .returning({ id: merchantInvitations.id });
      await audit(tx, actor, { action: 'team.invite', objectType: 'merchant_invitation', objectId: row.id, after: { mobile: input.mobile, role: input.role } });
      return ok({ id: row.id });
    });
  } catch (e) {
    if (violates(e, 'merchant_invitations_pending')) return fieldErr({ mobile: 'alreadyInvited' });
    throw e;
  }
}

/** Withdraws a pending invitation of the business. */
export async function revokeInvitation(db: Db, actor: MerchantActor, input: { invitationId: string }): Promise<Result<undefined, 'notFound'>> {
  assertCan(actor, 'team');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(merchantInvitations)
      .set({ state: 'revoked', decidedAt: sql`now()` })
      .where(
        and(eq(merchantInvitations.id, input.invitationId), eq(merchantInvitations.merchantId, actor.merchantId), eq(merchantInvitations.state, 'pending')),
      )
      .returning({ id: merchantInvitations.id, mobile: merchantInvitations.mobile });
    if (!row) return err('notFound');
    await audit(tx, actor, { action: 'team.revokeInvitation', objectType: 'merchant_invitation', objectId: row.id, before: { mobile: row.mobile } });
    return ok();
  });
}

export type PendingInvitation = { id: string; merchantId: string; role: MerchantRole; businessName: string; invitedBy: string | null };

/** The invitations waiting for `user` (by their mobile), with the inviting business's name. */
export async function invitationsFor(db: DbOrTx, user: Pick<User, 'mobile'>): Promise<PendingInvitation[]> {
  const rows = await db
    .select({
      id: merchantInvitations.id,
      merchantId: merchantInvitations.merchantId,
      role: merchantInvitations.role,
      name: merchants.name,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(merchantInvitations)
    .innerJoin(merchants, eq(merchants.id, merchantInvitations.merchantId))
    .innerJoin(users, eq(users.id, merchants.id))
    .where(and(eq(merchantInvitations.mobile, user.mobile), eq(merchantInvitations.state, 'pending')))
    .orderBy(asc(merchantInvitations.createdAt));
  return rows.map((r) => ({
    id: r.id,
    merchantId: r.merchantId,
    role: r.role,
    businessName: r.name || `${r.firstName} ${r.lastName}`.trim(),
    invitedBy: null,
  }));
}

/** The invitee (signed in with the invited mobile) accepts: they become a member with the invited role. */
export async function acceptInvitation(
  db: Db,
  user: Pick<User, 'id' | 'mobile' | 'role'>,
  input: { invitationId: string },
): Promise<Result<{ merchantId: string }, 'notFound'>> {
  if (user.role !== 'merchant') return err('notFound');
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .update(merchantInvitations)
      .set({ state: 'accepted', decidedAt: sql`now()` })
      .where(and(eq(merchantInvitations.id, input.invitationId), eq(merchantInvitations.mobile, user.mobile), eq(merchantInvitations.state, 'pending')))
      .returning();
    if (!inv) return err('notFound');
    const [added] = await tx
      .insert(merchantMembers)
      .values({ merchantId: inv.merchantId, userId: user.id, role: inv.role, invitedBy: inv.invitedBy })
      .onConflictDoNothing()
      .returning({ role: merchantMembers.role });
    if (!added) return err('notFound');
    const joined: MerchantActor = { kind: 'merchant', userId: user.id, merchantId: inv.merchantId, role: inv.role };
    await audit(tx, joined, {
      action: 'team.accept',
      objectType: 'merchant_member',
      objectId: user.id,
      after: { role: inv.role, invitationId: inv.id },
    });
    return ok({ merchantId: inv.merchantId });
  });
}

/** The invitee declines; the business sees the invitation gone. */
export async function declineInvitation(db: Db, user: Pick<User, 'id' | 'mobile'>, input: { invitationId: string }): Promise<Result<undefined, 'notFound'>> {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .update(merchantInvitations)
      .set({ state: 'declined', decidedAt: sql`now()` })
      .where(and(eq(merchantInvitations.id, input.invitationId), eq(merchantInvitations.mobile, user.mobile), eq(merchantInvitations.state, 'pending')))
      .returning();
    if (!inv) return err('notFound');
    await audit(tx, null, {
      action: 'team.decline',
      objectType: 'merchant_invitation',
      objectId: inv.id,
      merchantId: inv.merchantId,
      after: { userId: user.id },
    });
    return ok();
  });
}

/** The member of the business `userId` names, locked for the change; never the acting person. */
async function otherMember(tx: DbOrTx, actor: MerchantActor, userId: string) {
  if (userId === actor.userId) return null;
  const [m] = await tx
    .select()
    .from(merchantMembers)
    .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, userId)))
    .for('update');
  return m ?? null;
}

/** Gives a member another role (never the owner's, which passes only by transfer; never one's own). */
export async function changeMemberRole(db: Db, actor: MerchantActor, input: { userId: string; role: GivableRole }): Promise<Result<undefined, 'notFound'>> {
  assertCan(actor, 'team');
  return db.transaction(async (tx) => {
    const m = await otherMember(tx, actor, input.userId);
    if (!m || m.role === 'owner') return err('notFound');
    if (m.role === input.role) return ok();
    await tx
      .update(merchantMembers)
      .set({ role: input.role })
      .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, input.userId)));
    await audit(tx, actor, {
      action: 'team.changeRole',
      objectType: 'merchant_member',
      objectId: input.userId,
      before: { role: m.role },
      after: { role: input.role },
    });
    return ok();
  });
}

/** Removes a member (never the owner, never oneself: that is leaving); refused on their very next request. */
export async function removeMember(db: Db, actor: MerchantActor, input: { userId: string }): Promise<Result<undefined, 'notFound'>> {
  assertCan(actor, 'team');
  return db.transaction(async (tx) => {
    const m = await otherMember(tx, actor, input.userId);
    if (!m || m.role === 'owner') return err('notFound');
    await tx.delete(merchantMembers).where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, input.userId)));
    await audit(tx, actor, { action: 'team.remove', objectType: 'merchant_member', objectId: input.userId, before: { role: m.role } });
    return ok();
  });
}

/** A member leaves the business; the owner must first pass ownership on. */
export async function leaveTeam(db: Db, actor: MerchantActor): Promise<Result<undefined, 'ownerCannotLeave' | 'notFound'>> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .select()
      .from(merchantMembers)
      .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, actor.userId)))
      .for('update');
    if (!m) return err('notFound');
    if (m.role === 'owner') return err('ownerCannotLeave');
    await tx.delete(merchantMembers).where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, actor.userId)));
    await audit(tx, actor, { action: 'team.leave', objectType: 'merchant_member', objectId: actor.userId, before: { role: m.role } });
    return ok();
  });
}

/**
 * The owner passes ownership to another member and becomes an admin. The business's approved bank
 * accounts go back to review (`pending`) until staff approve them for the new owner, as a
 * facilitator does when the person behind the sheba changes. Transfers of one business are
 * serialised on its row, and the partial unique index keeps one owner whatever happens.
 */
export async function transferOwnership(
  db: Db,
  actor: MerchantActor,
  input: { userId: string },
): Promise<Result<{ suspended: number }, 'notFound' | 'notOwner'>> {
  assertCan(actor, 'transfer');
  return db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, actor.merchantId)).for('update');
    const [me] = await tx
      .select({ role: merchantMembers.role })
      .from(merchantMembers)
      .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, actor.userId)));
    if (me?.role !== 'owner') return err('notOwner');
    const m = await otherMember(tx, actor, input.userId);
    if (!m) return err('notFound');
    await tx
      .update(merchantMembers)
      .set({ role: 'admin' })
      .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, actor.userId)));
    await tx
      .update(merchantMembers)
      .set({ role: 'owner' })
      .where(and(eq(merchantMembers.merchantId, actor.merchantId), eq(merchantMembers.userId, input.userId)));
    const suspended = await tx
      .update(bankAccounts)
      .set({ status: 'pending', decidedBy: null, decidedAt: null, reason: null })
      .where(and(eq(bankAccounts.merchantId, actor.merchantId), eq(bankAccounts.status, 'approved')))
      .returning({ id: bankAccounts.id });
    await audit(tx, actor, {
      action: 'team.transferOwnership',
      objectType: 'merchant',
      objectId: actor.merchantId,
      before: { owner: actor.userId },
      after: { owner: input.userId, previousRole: m.role, suspendedBankAccounts: suspended.map((s) => s.id) },
    });
    return ok({ suspended: suspended.length });
  });
}

/** Whether the person founded a business of their own (the "start my own business" offer hides then). */
export async function hasOwnBusiness(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, userId));
  return !!row;
}
