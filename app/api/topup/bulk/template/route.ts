import { connection } from 'next/server';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { CONTENT_TYPES, attachment } from '@/lib/reports/export-response';
import { bulkTemplateWorkbook } from '@/lib/topup/bulk';

/** The bulk top-up template: the header row and two example lines, for a member who may sell top-ups (as the bulk pages ask). */
export async function GET() {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await routeActorOf(user, { need: 'sell' });
  if (actor?.kind !== 'merchant') return new Response('Forbidden', { status: 403 });
  return new Response(new Uint8Array(await bulkTemplateWorkbook()), {
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': attachment('topup-bulk-template.xlsx'), 'cache-control': 'private, no-store' },
  });
}
