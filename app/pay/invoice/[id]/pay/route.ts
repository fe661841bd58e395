import { getDb } from '@/db';
import { publicBaseUrl } from '@/lib/http/base-url';
import { isSameOriginUpload } from '@/lib/http/upload';
import type { GatewayId } from '@/lib/gateways';
import { startPayment } from '@/lib/payments';
import { openApiPayment } from '@/lib/payments/payer';
import { paymentForSplitInvoice } from '@/lib/split';
import { isUuid } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';

/**
 * The buyer's "pay": a payment of the invoice (the one still at the bank, or a new one after a
 * failure), then the gateway's page. Only from the portal's own page; refusals go back to it.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const origin = publicBaseUrl();
  if (!isUuid(id)) return Response.redirect(`${origin}/pay/receipt/unknown`, 303);
  if (!isSameOriginUpload(req)) return new Response('Forbidden', { status: 403 });
  const db = getDb();
  const r = await paymentForSplitInvoice(db, id);
  if (!r.ok) return Response.redirect(`${origin}/pay/invoice/${id}${r.error === 'paid' ? '' : `?refused=${r.error}`}`, 303);
  if (r.data.rail === 'pod') {
    // POD is not a gateway payers pick: an invoice on POD's rail is paid on POD's page.
    const started = await startPayment(db, r.data.paymentId, 'pod' as GatewayId, origin);
    return Response.redirect(started.ok ? started.pageUrl : `${origin}/pay/receipt/${r.data.paymentId}`, 303);
  }
  return Response.redirect(await openApiPayment(db, r.data.paymentId, origin), 303);
}
