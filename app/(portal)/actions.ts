'use server';

import { z } from 'zod';
import { signOut, unstable_update } from '@/auth';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { action } from '@/lib/actions/action';
import { bumpSessionVersion, changePassword } from '@/lib/auth/accounts';
import { revokeCurrentSession } from '@/lib/auth/session';
import { sessionVersionProof } from '@/lib/auth/session-proof';
import { ok } from '@/lib/result';
import { changePasswordSchema } from '@/lib/validation/auth';

/** Keeps the caller signed in after its own session version moved on. */
async function reissueCookie(actor: MerchantActor | StaffActor, sv: number) {
  await unstable_update({ sv, proof: sessionVersionProof(actor.userId, sv) } as never);
}

export const changePasswordAction = action({ who: 'user', schema: changePasswordSchema }, async (actor, input, { db }) => {
  const r = await changePassword(db, actor, input);
  if (!r.ok) return r;
  await reissueCookie(actor, r.data.sessionVersion);
  return ok();
});

export const signOutOthersAction = action({ who: 'user', schema: z.object({}) }, async (actor, _, { db }) => {
  await reissueCookie(actor, await bumpSessionVersion(db, actor));
  return ok();
});

/** Signing out of this device (a plain form: it works before scripts load); ends in a redirect to the login page. */
export const signOutAction = action({ who: 'public', schema: z.object({}) }, async () => {
  await revokeCurrentSession();
  await signOut({ redirectTo: '/login' });
  return ok();
});
