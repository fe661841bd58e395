import { getLocale } from 'next-intl/server';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { auditSheetResponse } from '@/lib/audit/export';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';

/** The filtered audit trail as Excel, for the merchant: their own business's events only (the Actor's merchant, in lib's query). */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  // The business's trail is for those who run its team (owner and admins), through the member's own business.
  const actor = user.role === 'merchant' ? await routeActorOf(user, { need: 'team' }) : null;
  if (!actor || actor.kind !== 'merchant') return new Response('Forbidden', { status: 403 });
  return auditSheetResponse({ db: getDb(), actor, url: req.url, locale: (await getLocale()) as Locale });
}
