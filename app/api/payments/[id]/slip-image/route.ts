import { connection } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { readSlipImage } from '@/lib/payments/images';
import { getStorage } from '@/lib/storage';

/** A slip's photo: for the merchant whose payment it is, and for staff; anyone else gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const { id } = await ctx.params;
  const actor = await routeActorOf(user, { need: 'payments', area: 'payments' });
  const image = actor && (await readSlipImage(getDb(), getStorage(), actor, id));
  if (!image) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(image.bytes), {
    headers: { 'content-type': image.contentType, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' },
  });
}
