import { Readable } from 'node:stream';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getExport } from '@/lib/reports/background';
import { attachment, CONTENT_TYPES, exportFileName } from '@/lib/reports/export-response';
import { getStorage } from '@/lib/storage';

/** A finished export's file: its owner only, for 24 hours; anyone else gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await routeActorOf(user, { need: 'reports' });
  const e = actor && (await getExport(getDb(), actor, (await ctx.params).id));
  if (!e || e.state !== 'done' || !e.storageKey) return new Response('Not found', { status: 404 });
  const stream = await getStorage().getStream(e.storageKey);
  if (!stream) return new Response('Not found', { status: 404 });
  const format = e.format === 'csv' ? 'csv' : 'xlsx';
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': attachment(exportFileName(format, e.createdAt)),
      'cache-control': 'private, no-store',
    },
  });
}
