import { connection } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser } from '@/lib/auth/session';
import { getBatchFile } from '@/lib/payouts/batches';
import { attachment } from '@/lib/reports/export-response';
import { actorWithRoles } from '@/lib/staff';
import { canStaff } from '@/lib/staff/permissions';

/** A built batch's bank file: staff who may read payouts only; anyone else, or an unknown batch, gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await actorWithRoles(getDb(), user);
  if (!canStaff(actor, 'payouts', 'read')) return new Response('Not found', { status: 404 });
  const file = await getBatchFile(getDb(), actor, (await ctx.params).id);
  if (!file) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': attachment(file.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
