import { getLocale } from 'next-intl/server';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { auditSheetResponse } from '@/lib/audit/export';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';

/** The filtered audit trail as Excel, for staff (the session and its role are checked here again). */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = user.role === 'admin' ? await routeActorOf(user, { area: 'audit' }) : null;
  if (!actor || actor.kind !== 'staff') return new Response('Forbidden', { status: 403 });
  return auditSheetResponse({ db: getDb(), actor, url: req.url, locale: (await getLocale()) as Locale });
}
