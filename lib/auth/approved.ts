import 'server-only';
import { getDb } from '@/db';
import type { User } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { requireMerchantActor } from './session';

/** A merchant, its `Actor`, and whether its customer information is approved (what services need). */
export async function requireMerchantWithKyc(): Promise<{ user: User; actor: MerchantActor; approved: boolean }> {
  const { user, actor } = await requireMerchantActor();
  return { user, actor, approved: isKycApproved(await getKycProfile(getDb(), actor.merchantId)) };
}
