import { connection } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getDisputeEvidence } from '@/lib/disputes';
import { getStorage } from '@/lib/storage';

/** An evidence file: for the merchant whose dispute it is, and for staff; anyone else gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string; n: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const { id, n } = await ctx.params;
  const actor = await routeActorOf(user, { need: 'sell', area: 'disputes' });
  const file = actor && /^\d{1,2}$/.test(n) ? await getDisputeEvidence(getDb(), actor, { disputeId: id, index: Number(n) }, getStorage()) : null;
  if (!file) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.type,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
