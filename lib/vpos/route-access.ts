import { getDb } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { hasVposService } from './definitions';

/**
 * The check every virtual POS route handler makes again (pages and actions have theirs): a
 * signed-in merchant whose customer information is approved and who has the virtual POS service.
 * Anything else is the answer to send instead — 401 signed out, 403 otherwise.
 */
export async function vposRouteActor(): Promise<MerchantActor | Response> {
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const db = getDb();
  const actor = await routeActorOf(user, { need: 'sell' });
  if (actor?.kind !== 'merchant' || !isKycApproved(await getKycProfile(db, actor.merchantId)) || !(await hasVposService(db, actor.merchantId))) {
    return new Response('Forbidden', { status: 403 });
  }
  return actor;
}
