import { getLocale } from 'next-intl/server';
import { connection } from 'next/server';
import type { Locale } from '@/lib/i18n/config';
import { getClient, getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { merchantUnit } from '@/lib/reports/background';
import { exportResponse } from '@/lib/reports/export-response';

/** The merchant's transaction export (xlsx or csv) of the report's current filters. */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const db = getDb();
  const actor = await routeActorOf(user, { need: 'reports' });
  if (actor?.kind !== 'merchant' || !isKycApproved(await getKycProfile(db, actor.merchantId))) return new Response('Forbidden', { status: 403 });
  return exportResponse({
    req,
    db,
    client: getClient(),
    actor,
    unit: await merchantUnit(db, actor),
    locale: (await getLocale()) as Locale,
    exportsPath: '/reports/exports',
  });
}
