import { connection } from 'next/server';
import { getDb } from '@/db';
import { actorOf } from '@/lib/actor';
import { getCurrentUser } from '@/lib/auth/session';
import { getBatchFile } from '@/lib/payouts/batches';
import { attachment } from '@/lib/reports/export-response';

/** A built batch's bank file: staff only; anyone else, or an unknown batch, gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const file = await getBatchFile(getDb(), actorOf(user), (await ctx.params).id);
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
