import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { CONTENT_TYPES, attachment } from '@/lib/reports/export-response';
import { bulkResultsWorkbook, getBulkResults } from '@/lib/topup/bulk';
import { OPERATORS } from '@/lib/topup/provider';

/** A bulk top-up's outcome as an .xlsx: its owner (or staff) only; anyone else gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  await connection();
  const user = await getCurrentUser();
  if (!user) return new Response('Sign in first', { status: 401 });
  const actor = await routeActorOf(user, { need: 'sell' });
  const results = actor && (await getBulkResults(getDb(), actor, (await ctx.params).id));
  if (!results) return new Response('Not found', { status: 404 });
  const t = await getTranslations('topupBulk');
  const body = await bulkResultsWorkbook(results.rows, {
    sheet: t('sheet.title'),
    row: t('columns.row'),
    mobile: t('columns.mobile'),
    operator: t('columns.operator'),
    product: t('columns.product'),
    amount: t('columns.amount'),
    state: t('columns.state'),
    deliveryRef: t('columns.deliveryRef'),
    reason: t('columns.reason'),
    states: { delivered: t('states.delivered'), failed: t('states.failed'), pending: t('states.pending') },
    operators: Object.fromEntries(OPERATORS.map((o) => [o, t(`operators.${o}`)])),
  });
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': CONTENT_TYPES.xlsx,
      'content-disposition': attachment(`topup-bulk-${results.bulk.id.slice(0, 8)}.xlsx`),
      'cache-control': 'private, no-store',
    },
  });
}
