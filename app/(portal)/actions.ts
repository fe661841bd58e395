'use server';

import { signOut, unstable_update } from '@/auth';
import { getDb } from '@/db';
import { bumpSessionVersion, changePassword } from '@/lib/auth/accounts';
import { requireUser, revokeCurrentSession } from '@/lib/auth/session';
import { sessionVersionProof } from '@/lib/auth/session-proof';
import { invalid, type ActionResult } from '@/lib/actions/result';
import { changePasswordSchema } from '@/lib/validation/auth';

/** Keeps the caller signed in after its own session version moved on. */
async function reissueCookie(userId: string, sv: number) {
  await unstable_update({ sv, proof: sessionVersionProof(userId, sv) } as never);
}

export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const r = await changePassword(getDb(), user.id, parsed.data);
  if (!r.ok) {
    if (r.error === 'tooManyTries') return { ok: false, error: r.error, params: { retryAfterSeconds: r.retryAfterSeconds } };
    const field = r.error === 'currentPasswordWrong' ? 'currentPassword' : 'newPassword';
    return { ok: false, fieldErrors: { [field]: r.error } };
  }
  await reissueCookie(user.id, r.user.sessionVersion);
  return { ok: true };
}

export async function signOutOthersAction(): Promise<ActionResult> {
  const user = await requireUser();
  const sv = await bumpSessionVersion(getDb(), user.id);
  await reissueCookie(user.id, sv);
  return { ok: true };
}

export async function signOutAction(): Promise<void> {
  await revokeCurrentSession();
  await signOut({ redirectTo: '/login' });
}
