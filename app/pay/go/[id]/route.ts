import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { paymentLinkSettings, payments } from '@/db/schema';
import { liveGateways, type GatewayId } from '@/lib/gateways';
import { baseUrl } from '@/lib/http/base-url';
import { startPayment } from '@/lib/payments';
import { isUuid } from '@/lib/validation/ids';

/**
 * The payment URL an API payment hands to the payer: opens the gateway session (sandbox for test
 * keys, the platform's first enabled gateway for live ones) and sends the payer there.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const origin = await baseUrl();
  const db = getDb();
  if (!isUuid(id)) return Response.redirect(`${origin}/pay/receipt/unknown`, 303);
  const [p] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), eq(payments.source, 'api')));
  if (!p) return Response.redirect(`${origin}/pay/receipt/unknown`, 303);
  let gateway: GatewayId | undefined = 'sandbox';
  if (p.livemode) {
    const [s] = await db.select({ gateways: paymentLinkSettings.gateways }).from(paymentLinkSettings).where(eq(paymentLinkSettings.platformId, p.platformId));
    const offered = liveGateways();
    gateway = (s?.gateways ?? []).find((g): g is GatewayId => offered.includes(g as GatewayId)) ?? offered[0];
  }
  if (!gateway) return Response.redirect(`${origin}/pay/receipt/${p.id}`, 303);
  const r = await startPayment(db, p.id, gateway, origin);
  return Response.redirect(r.ok ? r.pageUrl : `${origin}/pay/receipt/${p.id}`, 303);
}
