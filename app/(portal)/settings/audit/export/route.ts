import { PassThrough, Readable } from 'node:stream';
import { getLocale } from 'next-intl/server';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { writeAuditSheet } from '@/lib/audit/export';
import { readAuditQuery } from '@/lib/audit/list';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/config';
import { formatJDay, jdayOf } from '@/lib/reports/jalali';
import { attachment, CONTENT_TYPES } from '@/lib/reports/export-response';

/** The filtered audit trail as Excel, for the merchant: their own business's events only (the Actor's merchant, in lib's query). */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  // The business's trail is for those who run its team (owner and admins), through the member's own business.
  const actor = user.role === 'merchant' ? await routeActorOf(user, { need: 'team' }) : null;
  if (!actor || actor.kind !== 'merchant') return new Response('Forbidden', { status: 403 });
  const { filters, errors } = readAuditQuery(Object.fromEntries(new URL(req.url).searchParams), 'merchant');
  if (Object.keys(errors).length) return new Response('Bad filters', { status: 400 });
  const out = new PassThrough();
  writeAuditSheet({ db: getDb(), actor, filters, locale: (await getLocale()) as Locale, out }).catch((err) => {
    console.error('[audit] export failed', err);
    out.destroy(err as Error);
  });
  const name = `audit-${formatJDay(jdayOf(new Date())).replace(/\//g, '-')}.xlsx`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': attachment(name), 'cache-control': 'private, no-store' },
  });
}
