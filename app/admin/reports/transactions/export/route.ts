import { getLocale } from 'next-intl/server';
import { connection } from 'next/server';
import type { Locale } from '@/lib/i18n/config';
import { getClient, getDb } from '@/db';
import { getCurrentUser } from '@/lib/auth/session';
import { exportResponse } from '@/lib/reports/export-response';
import { actorWithRoles } from '@/lib/staff';
import { canStaff } from '@/lib/staff/permissions';

/** Staff's transaction export across merchants. */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await actorWithRoles(getDb(), user);
  if (!canStaff(actor, 'reports', 'read')) return new Response('Forbidden', { status: 403 });
  return exportResponse({
    req,
    db: getDb(),
    client: getClient(),
    actor,
    unit: 'rial',
    locale: (await getLocale()) as Locale,
    exportsPath: '/admin/reports/exports',
  });
}
