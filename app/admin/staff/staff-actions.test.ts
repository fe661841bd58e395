/**
 * The action wrapper's staff path reads the signed-in staff member's roles from the database and
 * refuses an action outside them (`staffRoleRequired`) before anything runs; the auditor reads but
 * never changes. Against the real database, with the session mocked.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import type { StaffRole } from '@/lib/actor';
import { actingAs, refused, type SessionUser } from '@/test/actions';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as SessionUser }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb, uniqueMobile } = await import('@/test/db');
const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
const { inviteStaffAction, setStaffRolesAction } = await import('./actions');
const { decideKycAction } = await import('../kyc/actions');
const { decidePayoutAction } = await import('../payouts/actions');

const db = testDb();
h.db = db;
const as = actingAs(h);
const signIn = async (...roles: StaffRole[]) => {
  const u = await makeAdmin(db, roles);
  as({ id: u.id, role: 'admin' });
  return u;
};

describe('staff actions check the roles they need', () => {
  it('refuses a role the area does not allow, and lets the right one through', async () => {
    await signIn('finance');
    const kyc = await decideKycAction({ profileId: crypto.randomUUID(), decision: 'approve' });
    expect(kyc).toEqual({ ok: false, error: 'staffRoleRequired' });
    expect(await inviteStaffAction({ mobile: uniqueMobile(), firstName: 'a', lastName: 'b', roles: ['kyc'] })).toEqual({
      ok: false,
      error: 'staffRoleRequired',
    });
    // The finance member's own area runs (an unknown payout is "not found", not a role refusal).
    expect(await decidePayoutAction({ payoutId: crypto.randomUUID(), approve: true })).toEqual({ ok: false, error: 'notFound' });

    await signIn('auditor');
    expect(await decidePayoutAction({ payoutId: crypto.randomUUID(), approve: true })).toEqual({ ok: false, error: 'staffRoleRequired' });

    const boss = await signIn('super_admin');
    const mobile = uniqueMobile();
    expect(await inviteStaffAction({ mobile, firstName: 'a', lastName: 'b', roles: ['kyc'] })).toEqual({ ok: true });
    const [made] = await db.select().from(users).where(eq(users.mobile, mobile));
    expect(await setStaffRolesAction({ userId: made.id, roles: [] })).toMatchObject({ ok: false, fieldErrors: { roles: 'rolesRequired' } });
    expect(boss.id).not.toBe(made.id);
  });

  it('takes a role away on the next request, and never makes a merchant staff', async () => {
    const u = await signIn('finance', 'kyc');
    expect(await decideKycAction({ profileId: crypto.randomUUID(), decision: 'approve' })).toEqual({ ok: false, error: 'notFound' });
    const { staffRoles } = await import('@/db/schema');
    await db.delete(staffRoles).where(eq(staffRoles.userId, u.id));
    expect(await decideKycAction({ profileId: crypto.randomUUID(), decision: 'approve' })).toEqual({ ok: false, error: 'staffRoleRequired' });
    const merchant = await makeMerchant(db);
    as({ id: merchant.id, role: 'merchant' });
    expect(await refused(decidePayoutAction({ payoutId: crypto.randomUUID(), approve: true }))).toBe(true);
  });
});
