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
