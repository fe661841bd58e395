import { PassThrough, Readable } from 'node:stream';
import { connection, NextResponse } from 'next/server';
import { getLocale } from 'next-intl/server';
import { getClient, getDb } from '@/db';
import { clientIp } from '@/lib/auth/request';
import { getCurrentUser } from '@/lib/auth/session';
import { isLocale } from '@/lib/i18n/config';
import { exportPayouts, exportWindow } from '@/lib/payouts/export';
import { payoutExportSchema } from '@/lib/payouts/export-schema';
import { attachment, CONTENT_TYPES } from '@/lib/reports/export-response';
import { fieldErrorsOf } from '@/lib/result';
import { actorWithRoles } from '@/lib/staff';
import { canStaff } from '@/lib/staff/permissions';

const fail = (status: number, code: string, fields?: Record<string, string>) =>
  NextResponse.json({ error: { code, message: code, ...(fields ? { fields } : {}) } }, { status });

/**
 * Staff's payouts export (`?from=&to=&state=…&merchant=&platform=`): an xlsx streamed to the
 * browser. Anonymous → 401, anyone but staff who may read payouts → 403, both before anything is read.
 */
export async function GET(req: Request) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return fail(401, 'unauthenticated');
  const actor = await actorWithRoles(getDb(), user, { ip: clientIp(req.headers), userAgent: req.headers.get('user-agent') ?? '' });
  if (!canStaff(actor, 'payouts', 'read')) return fail(403, 'forbidden');
  const params = new URL(req.url).searchParams;
  const parsed = payoutExportSchema.safeParse({
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    state: params.getAll('state'),
    merchant: params.get('merchant') ?? undefined,
    platform: params.get('platform') ?? undefined,
  });
  if (!parsed.success) return fail(400, 'invalid', fieldErrorsOf(parsed.error));
  const locale = await getLocale();
  const w = exportWindow(parsed.data);
  const out = new PassThrough();
  exportPayouts({ db: getDb(), client: getClient(), actor, filters: parsed.data, locale: isLocale(locale) ? locale : 'fa', out }).catch((err) => {
    console.error('[payouts] export failed', err);
    out.destroy(err as Error);
  });
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'content-type': CONTENT_TYPES.xlsx,
      'content-disposition': attachment(`payouts-${w.from}-${w.to}.xlsx`),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
