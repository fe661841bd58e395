'use server';

import { cookies } from 'next/headers';
import { getDb } from '@/db';
import { action } from '@/lib/actions/action';
import { requireMerchant } from '@/lib/auth/session';
import { err, ok } from '@/lib/result';
import {
  acceptInvitation,
  changeMemberRole,
  declineInvitation,
  inviteMember,
  isMemberOf,
  leaveTeam,
  MERCHANT_COOKIE,
  removeMember,
  revokeInvitation,
  startOwnBusiness,
  transferOwnership,
} from '@/lib/teams';
import { emptySchema, invitationIdSchema, inviteSchema, memberRoleSchema, memberSchema, switchMerchantSchema } from '@/lib/teams/schemas';

const TEAM = '/settings/team';

export const inviteMemberAction = action({ who: 'merchant', need: 'team', schema: inviteSchema, revalidate: TEAM }, (actor, input, { db }) =>
  inviteMember(db, actor, input),
);
export const revokeInvitationAction = action({ who: 'merchant', need: 'team', schema: invitationIdSchema, revalidate: TEAM }, (actor, input, { db }) =>
  revokeInvitation(db, actor, input),
);
export const changeMemberRoleAction = action({ who: 'merchant', need: 'team', schema: memberRoleSchema, revalidate: TEAM }, (actor, input, { db }) =>
  changeMemberRole(db, actor, input),
);
export const removeMemberAction = action({ who: 'merchant', need: 'team', schema: memberSchema, revalidate: TEAM }, (actor, input, { db }) =>
  removeMember(db, actor, input),
);
export const transferOwnershipAction = action({ who: 'merchant', need: 'transfer', schema: memberSchema, revalidate: TEAM }, (actor, input, { db }) =>
  transferOwnership(db, actor, input),
);
export const leaveTeamAction = action({ who: 'merchant', schema: emptySchema }, async (actor, _input, { db }) => {
  const r = await leaveTeam(db, actor);
  if (r.ok) (await cookies()).delete(MERCHANT_COOKIE);
  return r;
});

/**
 * The invitee's answers and starting one's own business: for a signed-in merchant account that
 * may belong to no business yet (so no member's `Actor`): the session is checked here.
 */
export const acceptInvitationAction = action({ who: 'public', schema: invitationIdSchema }, async (_none, input) => {
  const user = await requireMerchant();
  const r = await acceptInvitation(getDb(), user, input);
  if (r.ok) await choose(r.data.merchantId);
  return r.ok ? ok() : r;
});
export const declineInvitationAction = action({ who: 'public', schema: invitationIdSchema }, async (_none, input) =>
  declineInvitation(getDb(), await requireMerchant(), input),
);
export const startOwnBusinessAction = action({ who: 'public', schema: emptySchema }, async () => {
  const user = await requireMerchant();
  const r = await startOwnBusiness(getDb(), user);
  if (r.ok) await choose(user.id);
  return r;
});

/** The header's switcher: only a business the person belongs to may be chosen (and every request checks again). */
export const switchMerchantAction = action({ who: 'user', schema: switchMerchantSchema }, async (actor, input, { db }) => {
  if (!(await isMemberOf(db, actor.userId, input.merchantId))) return err('notFound');
  await choose(input.merchantId);
  return ok();
});

async function choose(merchantId: string) {
  (await cookies()).set(MERCHANT_COOKIE, merchantId, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: process.env.NODE_ENV === 'production' && process.env.APP_ENV === 'production',
    maxAge: 60 * 60 * 24 * 365,
  });
}
