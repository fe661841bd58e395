import { getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { attachment, CONTENT_TYPES } from '@/lib/reports/export-response';
import { splitTotalsWorkbook } from '@/lib/reports/split-totals';
import { beneficiaryTotals, marketplaceOf } from '@/lib/split';
import { totalsPeriod } from '../period';

/** The per-party totals of a period as an .xlsx: the marketplace's owner only; anyone else gets 404. */
export async function GET(req: Request, ctx: { params: Promise<{ marketplaceId: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await routeActorOf(user, { need: 'reports' });
  if (actor?.kind !== 'merchant') return new Response('Not found', { status: 404 });
  const db = getDb();
  if (!isKycApproved(await getKycProfile(db, actor.merchantId))) return new Response('Not found', { status: 404 });
  const marketplace = await marketplaceOf(db, actor, (await ctx.params).marketplaceId);
  if (!marketplace) return new Response('Not found', { status: 404 });
  const q = new URL(req.url).searchParams;
  const period = totalsPeriod({ from: q.get('from') ?? undefined, to: q.get('to') ?? undefined });
  if (period.invalid) return new Response('Invalid period', { status: 400 });
  const rows = (await beneficiaryTotals(db, actor, marketplace.id, period)) ?? [];
  const t = await getTranslations('split.totals');
  const body = await splitTotalsWorkbook(rows, marketplace.name, {
    sheet: t('sheet'),
    title: t('sheetTitle', { name: marketplace.name, from: period.from, to: period.to }),
    party: t('party'),
    ownShare: t('ownShareShort'),
    invoices: t('invoices'),
    shares: t('sharesRials'),
    fees: t('feesRials'),
    refunded: t('refundedRials'),
    net: t('netRials'),
    settled: t('settledRials'),
    total: t('total'),
  });
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': CONTENT_TYPES.xlsx,
      'content-disposition': attachment(`split-totals-${period.from}-${period.to}.xlsx`),
      'cache-control': 'private, no-store',
    },
  });
}
