import { connection } from 'next/server';
import { getClient, getDb } from '@/db';
import { getCurrentUser } from '@/lib/auth/session';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { merchantUnit } from '@/lib/reports/background';
import { exportResponse } from '@/lib/reports/export-response';

/** The merchant's transaction export (xlsx or csv) of the report's current filters. */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const db = getDb();
  if (user.role !== 'merchant' || !isKycApproved(await getKycProfile(db, user.id))) return new Response('Forbidden', { status: 403 });
  return exportResponse({
    req,
    db,
    client: getClient(),
    scope: { userId: user.id },
    userId: user.id,
    unit: await merchantUnit(db, user.id),
    exportsPath: '/reports/exports',
  });
}
