/**
 * Helpers for the tests of server actions that mock the session: each such test keeps its own
 * hoisted holder (`vi.hoisted(() => ({ user: … }))`), which its mock of `@/lib/auth/session` reads.
 */

import type { Via } from '@/lib/actor';
import type { Permission } from '@/lib/teams/permissions';
import type { RouteActorOpts } from '@/lib/auth/route-actor';

export type SessionUser = { id: string; role: string } | null;

/** `as(user)` signs `user` in (null: signs out) on the test's session holder. */
export const actingAs =
  (holder: { user: SessionUser }) =>
  (u: SessionUser): void => {
    holder.user = u;
  };

/** Whether an action refused: it answered not ok, or it threw (a redirect to the login, a forbidden role). */
export async function refused(p: Promise<{ ok: boolean }>): Promise<boolean> {
  try {
    return !(await p).ok;
  } catch {
    return true;
  }
}

/**
 * The mock of `@/lib/auth/session` the action tests share: signed out → a redirect to the login
 * (thrown, as Next's is), a wrong role → forbidden; the `…Actor` variants build the Actor from the
 * signed-in user as the real ones do. A test passes its hoisted holder from inside its `vi.mock`
 * factory (hoisting forbids a top-level import there):
 * `vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h))`.
 */
export async function sessionMock<U extends { role: string }>(holder: { user: U | null; chosenMerchant?: string | null }) {
  const { getDb } = await import('@/db');
  const { merchantActorFor } = await import('@/lib/teams/actor');
  const { can } = await import('@/lib/teams/permissions');
  const { actorWithRoles } = await import('@/lib/staff');
  const { routeActorWith } = await import('@/lib/auth/route-actor');
  const need = (role?: string): U => {
    if (!holder.user) throw new Error('NEXT_REDIRECT /login');
    if (role && holder.user.role !== role) throw new Error('FORBIDDEN');
    return holder.user;
  };
  // A merchant acts as the member of the business `holder.chosenMerchant` names (the switcher's cookie), as the real guards resolve it.
  const member = (user: { id: string; role: string }, via?: Via) => merchantActorFor(getDb(), user as never, holder.chosenMerchant ?? null, via);
  const withMember = async (user: U, opts?: { need?: Permission }) => {
    const actor = await member(user as never);
    if (!actor) throw new Error('NEXT_REDIRECT /join');
    if (opts?.need && !can(actor, opts.need)) throw new Error('FORBIDDEN');
    return { user, actor };
  };
  return {
    getCurrentUser: async () => holder.user,
    revokeCurrentSession: async () => {},
    requireUser: async () => need(),
    requireMerchant: async () => need('merchant'),
    requireAdmin: async () => need('admin'),
    requireUserActor: async () => {
      const user = need();
      return user.role === 'admin' ? { user, actor: await actorWithRoles(getDb(), user as never) } : withMember(user);
    },
    requireMerchantActor: async (opts?: { need?: Permission }) => withMember(need('merchant'), opts),
    // Staff roles come from the database, as the real guard reads them (makeAdmin grants every role).
    requireStaffActor: async () => {
      const user = need('admin');
      return { user, actor: await actorWithRoles(getDb(), user as never) };
    },
    chosenMerchantId: async () => holder.chosenMerchant ?? null,
    currentMerchantActor: async (user: { id: string; role: string }, via?: Via) => member(user, via),
    routeActorOf: async (user: { id: string; role: string }, opts?: RouteActorOpts) =>
      routeActorWith(user, opts, { staff: () => actorWithRoles(getDb(), user as never, opts?.via), member: () => member(user, opts?.via) }),
  };
}
