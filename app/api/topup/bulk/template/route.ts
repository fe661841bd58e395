import { connection } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { CONTENT_TYPES, attachment } from '@/lib/reports/export-response';
import { bulkTemplateWorkbook } from '@/lib/topup/bulk';

/** The bulk top-up template: the header row and two example lines. */
export async function GET() {
  await connection();
  if (!(await getCurrentUser())) return new Response('Sign in first', { status: 401 });
  return new Response(new Uint8Array(await bulkTemplateWorkbook()), {
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': attachment('topup-bulk-template.xlsx'), 'cache-control': 'private, no-store' },
  });
}
