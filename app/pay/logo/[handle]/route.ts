import { getDb } from '@/db';
import { readLinkLogo } from '@/lib/payments/images';
import { getStorage } from '@/lib/storage';

/** A payment link's logo, public like the link itself. */
export async function GET(_req: Request, ctx: { params: Promise<{ handle: string }> }) {
  const logo = await readLinkLogo(getDb(), getStorage(), (await ctx.params).handle);
  if (!logo) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(logo.bytes), {
    headers: { 'content-type': logo.contentType, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
  });
}
