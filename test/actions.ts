/**
 * Helpers for the tests of server actions that mock the session: each such test keeps its own
 * hoisted holder (`vi.hoisted(() => ({ user: … }))`), which its mock of `@/lib/auth/session` reads.
 */

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
export async function sessionMock<U extends { role: string }>(holder: { user: U | null }) {
  const { actorOf } = await import('@/lib/actor');
  const need = (role?: string): U => {
    if (!holder.user) throw new Error('NEXT_REDIRECT /login');
    if (role && holder.user.role !== role) throw new Error('FORBIDDEN');
    return holder.user;
  };
  const withActor = (user: U) => ({ user, actor: actorOf(user as never) });
  return {
    getCurrentUser: async () => holder.user,
    revokeCurrentSession: async () => {},
    requireUser: async () => need(),
    requireMerchant: async () => need('merchant'),
    requireAdmin: async () => need('admin'),
    requireUserActor: async () => withActor(need()),
    requireMerchantActor: async () => withActor(need('merchant')),
    requireStaffActor: async () => withActor(need('admin')),
  };
}
