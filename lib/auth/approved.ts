import 'server-only';
import { getDb } from '@/db';
import type { User } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import type { Permission } from '@/lib/teams/permissions';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { requireMerchantActor } from './session';

/** A merchant, its `Actor`, and whether its customer information is approved (what services need); `need` as `requireMerchantActor`'s. */
export async function requireMerchantWithKyc(opts?: { need?: Permission }): Promise<{ user: User; actor: MerchantActor; approved: boolean }> {
  const { user, actor } = await requireMerchantActor(opts);
  return { user, actor, approved: isKycApproved(await getKycProfile(getDb(), actor.merchantId)) };
}
