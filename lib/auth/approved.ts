import 'server-only';
import { getDb } from '@/db';
import type { User } from '@/db/schema';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { requireMerchant } from './session';

/** A merchant and whether its customer information is approved (what services need). */
export async function requireMerchantWithKyc(): Promise<{ user: User; approved: boolean }> {
  const user = await requireMerchant();
  return { user, approved: isKycApproved(await getKycProfile(getDb(), user.id)) };
}
