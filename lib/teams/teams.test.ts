import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { auditEvents, bankAccounts, merchantMembers, merchants, type User } from '@/db/schema';
import { actorOf, type MerchantActor, type MerchantRole } from '@/lib/actor';
import { completeSignup, upsertUser } from '@/lib/auth/accounts';
import { issueOtp, verifyOtp } from '@/lib/auth/otp';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { makeMerchant } from '@/test/fixtures';
import { TEST_SHEBA } from '@/lib/payouts/fixtures';
import {
  acceptInvitation,
  can,
  changeMemberRole,
  declineInvitation,
  inviteMember,
  invitationsFor,
  isMemberOf,
  leaveTeam,
  membershipsOf,
  merchantActorFor,
  PermissionDenied,
  removeMember,
  revokeInvitation,
  startOwnBusiness,
  teamOf,
  transferOwnership,
  type Permission,
} from '.';
import { PERMISSIONS } from './permissions';

const h = vi.hoisted(() => ({ user: null as { id: string; role: string } | null, chosenMerchant: null as string | null }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }) }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const db = testDb();
const { action } = await import('@/lib/actions/action');

/**
 * What each role may do, written here independently of lib/teams/permissions.ts: the issue's
 * owner (everything), admin (everything but the owner's transfer and bank accounts), developer
 * (platforms, keys), accountant (reports, payouts, selling; no keys), support (read payments only).
 */
const EXPECTED: Record<MerchantRole, Permission[]> = {
  owner: ['payments', 'platforms', 'keys', 'sell', 'reports', 'payouts', 'bankAccounts', 'kyc', 'team', 'transfer'],
  admin: ['payments', 'platforms', 'keys', 'sell', 'reports', 'payouts', 'kyc', 'team'],
  developer: ['payments', 'platforms', 'keys'],
  accountant: ['payments', 'sell', 'reports', 'payouts'],
  support: ['payments'],
};

/** A person with an account but no business (an invited sign-up): made as a merchant, their own business undone. */
async function person(): Promise<User> {
  const user = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'P', lastName: 'T', password: 'person pass phrase', role: 'merchant' });
  await db.delete(merchantMembers).where(eq(merchantMembers.userId, user.id));
  await db.delete(merchants).where(eq(merchants.id, user.id));
  return user;
}

const ownerOf = (u: User) => actorOf(u) as MerchantActor;

/** `who` joins `owner`'s business as `role` (invited, then accepting) and gets that membership's actor. */
async function join(owner: User, role: Exclude<MerchantRole, 'owner'>, who?: User): Promise<{ user: User; actor: MerchantActor }> {
  const user = who ?? (await person());
  const inv = await inviteMember(db, ownerOf(owner), { mobile: user.mobile, role });
  if (!inv.ok) throw new Error(JSON.stringify(inv));
  const acc = await acceptInvitation(db, user, { invitationId: inv.data.id });
  if (!acc.ok) throw new Error(JSON.stringify(acc));
  const actor = await merchantActorFor(db, user, owner.id);
  return { user, actor: actor! };
}

const auditCount = async (merchantId: string, act: string) =>
  (
    await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.merchantId, merchantId), eq(auditEvents.action, act)))
  )[0].n;

describe('teams: the business and its members', () => {
  it('a merchant account is the owner of its own business, exactly as before teams', async () => {
    const m = await makeMerchant(db);
    const actor = await merchantActorFor(db, m, null);
    expect(actor).toEqual({ kind: 'merchant', userId: m.id, merchantId: m.id, role: 'owner', via: undefined });
    expect(actor).toEqual(actorOf(m));
    expect(await merchantActorFor(db, { id: m.id, role: 'admin' }, null)).toBeNull();
  });

  it('each role can exactly what the table above says', async () => {
    const owner = await makeMerchant(db);
    for (const role of ['admin', 'developer', 'accountant', 'support'] as const) {
      const { actor } = await join(owner, role);
      expect(actor.role).toBe(role);
      for (const p of PERMISSIONS) expect([role, p, can(actor, p)]).toEqual([role, p, EXPECTED[role].includes(p)]);
    }
    for (const p of PERMISSIONS) expect(can(ownerOf(owner), p)).toBe(EXPECTED.owner.includes(p));
  });

  it('the action wrapper refuses a role without the action’s permission, before the action runs', async () => {
    const owner = await makeMerchant(db);
    const dev = await join(owner, 'developer');
    const acc = await join(owner, 'accountant');
    const ran: string[] = [];
    const withdraw = action({ who: 'merchant', need: 'payouts', schema: z.object({}) }, async (a) => {
      ran.push(a.role);
      return { ok: true as const, data: a.merchantId };
    });
    const rollKey = action({ who: 'merchant', need: 'keys', schema: z.object({}) }, async (a) => {
      ran.push(a.role);
      return { ok: true as const, data: a.merchantId };
    });
    h.chosenMerchant = owner.id;
    h.user = dev.user;
    expect(await withdraw({})).toEqual({ ok: false, error: 'roleForbidden' });
    expect(await rollKey({})).toEqual({ ok: true, data: owner.id });
    h.user = acc.user;
    expect(await withdraw({})).toEqual({ ok: true, data: owner.id });
    expect(await rollKey({})).toEqual({ ok: false, error: 'roleForbidden' });
    expect(ran).toEqual(['developer', 'accountant']);
    // The lib functions assert too: a developer cannot manage the team, whoever calls.
    await expect(teamOf(db, dev.actor)).rejects.toBeInstanceOf(PermissionDenied);
    await expect(inviteMember(db, acc.actor, { mobile: uniqueMobile(), role: 'admin' })).rejects.toBeInstanceOf(PermissionDenied);
    h.user = null;
    h.chosenMerchant = null;
  });

  it('another business’s member gets nothing, and the switcher’s cookie cannot pick a business one is not in', async () => {
    const a = await makeMerchant(db);
    const b = await makeMerchant(db);
    const dev = await join(a, 'developer');
    // Choosing b (or garbage) falls back to the person's own membership, never b.
    expect(await merchantActorFor(db, dev.user, b.id)).toMatchObject({ merchantId: a.id, role: 'developer' });
    expect(await merchantActorFor(db, dev.user, 'not-a-uuid')).toMatchObject({ merchantId: a.id });
    expect(await merchantActorFor(db, b, a.id)).toMatchObject({ merchantId: b.id, role: 'owner' });
    expect(await isMemberOf(db, dev.user.id, b.id)).toBe(false);
    expect(await isMemberOf(db, dev.user.id, a.id)).toBe(true);
    // b's owner cannot touch a's members.
    expect(await removeMember(db, ownerOf(b), { userId: dev.user.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await changeMemberRole(db, ownerOf(b), { userId: dev.user.id, role: 'admin' })).toEqual({ ok: false, error: 'notFound' });
    expect((await teamOf(db, ownerOf(b))).members.map((m) => m.userId)).toEqual([b.id]);
  });

  it('a person in two businesses switches between them; each choice gives that business’s role', async () => {
    const a = await makeMerchant(db);
    const b = await makeMerchant(db);
    const dev = await join(a, 'developer');
    await join(b, 'accountant', dev.user);
    expect((await membershipsOf(db, dev.user.id)).map((m) => [m.merchantId, m.role])).toEqual([
      [a.id, 'developer'],
      [b.id, 'accountant'],
    ]);
    expect(await merchantActorFor(db, dev.user, b.id)).toMatchObject({ merchantId: b.id, role: 'accountant' });
    expect(await merchantActorFor(db, dev.user, a.id)).toMatchObject({ merchantId: a.id, role: 'developer' });
    expect(await merchantActorFor(db, dev.user, null)).toMatchObject({ merchantId: a.id });
  });

  it('a removed member is refused on the very next resolution; the change is audited once', async () => {
    const owner = await makeMerchant(db);
    const dev = await join(owner, 'developer');
    expect(await merchantActorFor(db, dev.user, owner.id)).toMatchObject({ merchantId: owner.id });
    expect(await removeMember(db, ownerOf(owner), { userId: dev.user.id })).toEqual({ ok: true });
    expect(await merchantActorFor(db, dev.user, owner.id)).toBeNull();
    expect(await auditCount(owner.id, 'team.remove')).toBe(1);
    // Nobody removes the owner, nor themselves.
    const admin = await join(owner, 'admin');
    expect(await removeMember(db, admin.actor, { userId: owner.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await removeMember(db, admin.actor, { userId: admin.user.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await changeMemberRole(db, admin.actor, { userId: owner.id, role: 'support' })).toEqual({ ok: false, error: 'notFound' });
  });

  it('roles change (audited), members leave, the owner cannot leave', async () => {
    const owner = await makeMerchant(db);
    const sup = await join(owner, 'support');
    expect(await changeMemberRole(db, ownerOf(owner), { userId: sup.user.id, role: 'accountant' })).toEqual({ ok: true });
    expect(await merchantActorFor(db, sup.user, owner.id)).toMatchObject({ role: 'accountant' });
    expect(await auditCount(owner.id, 'team.changeRole')).toBe(1);
    expect(await leaveTeam(db, ownerOf(owner))).toEqual({ ok: false, error: 'ownerCannotLeave' });
    const acc = (await merchantActorFor(db, sup.user, owner.id))!;
    expect(await leaveTeam(db, acc)).toEqual({ ok: true });
    expect(await merchantActorFor(db, sup.user, owner.id)).toBeNull();
    expect(await auditCount(owner.id, 'team.leave')).toBe(1);
  });

  it('invitations: accepted by the invited mobile only, declined, withdrawn, never twice', async () => {
    const owner = await makeMerchant(db);
    const invitee = await person();
    const stranger = await person();
    const inv = await inviteMember(db, ownerOf(owner), { mobile: invitee.mobile, role: 'support' });
    expect(inv.ok).toBe(true);
    if (!inv.ok) return;
    expect(await inviteMember(db, ownerOf(owner), { mobile: invitee.mobile, role: 'admin' })).toEqual({ ok: false, fieldErrors: { mobile: 'alreadyInvited' } });
    expect((await invitationsFor(db, invitee)).map((i) => [i.merchantId, i.role])).toEqual([[owner.id, 'support']]);
    expect(await invitationsFor(db, stranger)).toEqual([]);
    expect(await acceptInvitation(db, stranger, { invitationId: inv.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await acceptInvitation(db, invitee, { invitationId: inv.data.id })).toEqual({ ok: true, data: { merchantId: owner.id } });
    expect(await acceptInvitation(db, invitee, { invitationId: inv.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await inviteMember(db, ownerOf(owner), { mobile: invitee.mobile, role: 'admin' })).toEqual({ ok: false, fieldErrors: { mobile: 'alreadyMember' } });
    expect(await auditCount(owner.id, 'team.invite')).toBe(1);
    expect(await auditCount(owner.id, 'team.accept')).toBe(1);

    const declined = await inviteMember(db, ownerOf(owner), { mobile: stranger.mobile, role: 'developer' });
    if (!declined.ok) throw new Error('invite');
    expect(await declineInvitation(db, stranger, { invitationId: declined.data.id })).toEqual({ ok: true });
    expect(await merchantActorFor(db, stranger, owner.id)).toBeNull();
    expect(await auditCount(owner.id, 'team.decline')).toBe(1);

    const withdrawn = await inviteMember(db, ownerOf(owner), { mobile: stranger.mobile, role: 'developer' });
    if (!withdrawn.ok) throw new Error('invite');
    expect(await revokeInvitation(db, ownerOf(owner), { invitationId: withdrawn.data.id })).toEqual({ ok: true });
    expect(await acceptInvitation(db, stranger, { invitationId: withdrawn.data.id })).toEqual({ ok: false, error: 'notFound' });
    // With nothing left, the person may start their own business, once.
    expect(await startOwnBusiness(db, stranger)).toEqual({ ok: true });
    expect(await merchantActorFor(db, stranger, null)).toMatchObject({ merchantId: stranger.id, role: 'owner' });
    expect(await startOwnBusiness(db, stranger)).toEqual({ ok: false, error: 'alreadyFounded' });
  });

  it('a sign-up founds its business, unless its mobile was invited', async () => {
    const owner = await makeMerchant(db);
    const signUp = async (mobile: string) => {
      const issued = await db.transaction((tx) => issueOtp(tx, { mobile, purpose: 'signup', ip: uniqueIp() }));
      if (!issued.ok) throw new Error(issued.error);
      const v = await verifyOtp(db, { mobile, purpose: 'signup', code: issued.code });
      if (!v.ok) throw new Error(v.error);
      const r = await completeSignup(db, { mobile, ticket: v.ticket, firstName: 'S', lastName: 'U', password: 'a long pass phrase' });
      if (!r.ok) throw new Error('signup');
      return r.data;
    };
    const plain = await signUp(uniqueMobile());
    expect(await merchantActorFor(db, plain, null)).toMatchObject({ merchantId: plain.id, role: 'owner' });
    const invitedMobile = uniqueMobile();
    const inv = await inviteMember(db, ownerOf(owner), { mobile: invitedMobile, role: 'developer' });
    if (!inv.ok) throw new Error('invite');
    const invited = await signUp(invitedMobile);
    expect(await merchantActorFor(db, invited, null)).toBeNull();
    expect(await acceptInvitation(db, invited, { invitationId: inv.data.id })).toMatchObject({ ok: true });
    expect(await merchantActorFor(db, invited, null)).toMatchObject({ merchantId: owner.id, role: 'developer' });
  });

  it('ownership passes to one member only, even when two transfers race; approved bank accounts go back to review', async () => {
    const owner = await makeMerchant(db);
    const x = await join(owner, 'admin');
    const y = await join(owner, 'developer');
    await db.insert(bankAccounts).values({ merchantId: owner.id, sheba: TEST_SHEBA, holderName: 'M T', source: 'merchant', status: 'approved' });
    // An admin may not transfer; the lib asserts it.
    await expect(transferOwnership(db, x.actor, { userId: y.user.id })).rejects.toBeInstanceOf(PermissionDenied);
    const results = await Promise.all([
      transferOwnership(db, ownerOf(owner), { userId: x.user.id }),
      transferOwnership(db, ownerOf(owner), { userId: y.user.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'notOwner' }]);
    const owners = await db
      .select({ userId: merchantMembers.userId })
      .from(merchantMembers)
      .where(and(eq(merchantMembers.merchantId, owner.id), eq(merchantMembers.role, 'owner')));
    expect(owners).toHaveLength(1);
    expect([x.user.id, y.user.id]).toContain(owners[0].userId);
    expect(await merchantActorFor(db, owner, owner.id)).toMatchObject({ role: 'admin' });
    expect((await db.select({ status: bankAccounts.status }).from(bankAccounts).where(eq(bankAccounts.merchantId, owner.id))).map((b) => b.status)).toEqual([
      'pending',
    ]);
    expect(await auditCount(owner.id, 'team.transferOwnership')).toBe(1);
    // The database itself keeps one owner.
    await expect(
      db
        .update(merchantMembers)
        .set({ role: 'owner' })
        .where(and(eq(merchantMembers.merchantId, owner.id), eq(merchantMembers.userId, owner.id))),
    ).rejects.toThrow();
  });
});
