import { getDb } from '@/db';
import { handleCallback } from '@/lib/payments';
import { baseUrl } from '@/lib/http/base-url';
import { storeOrderPath } from '@/lib/topup';

/**
 * Where gateways send the payer back (GET or POST form). Nothing in the callback is believed:
 * the payment is found by the gateway's token and verified server to server. The payer then goes
 * to the receipt (link payments), the merchant's callback URL (API payments and API top-ups) or
 * the order's page in the hosted top-up store.
 */
async function handle(req: Request, gateway: string): Promise<Response> {
  const url = new URL(req.url);
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  if (req.method === 'POST') {
    const type = req.headers.get('content-type') ?? '';
    try {
      if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
        for (const [k, v] of await req.formData()) if (typeof v === 'string') params[k] = v;
      } else if (type.includes('application/json')) {
        const body = (await req.json()) as Record<string, unknown>;
        for (const [k, v] of Object.entries(body ?? {})) if (typeof v === 'string' || typeof v === 'number') params[k] = String(v);
      }
    } catch {
      // A body we cannot read is a callback we cannot use.
    }
  }
  const payment = await handleCallback(getDb(), gateway, params);
  const origin = await baseUrl();
  if (!payment) return Response.redirect(`${origin}/pay/receipt/unknown`, 303);
  // A card taken on the virtual POS's online-collection screen (3-D): back to the payment's page in the
  // portal. A customer who paid an agent's pay link went through N Kolay's page: their receipt.
  if (payment.source === 'pos' && !payment.gatewayPageUrl) return Response.redirect(`${origin}/vpos/payments/${payment.id}`, 303);
  if (payment.source === 'topup' && !payment.callbackUrl) {
    // A buyer of the hosted store: back to the order's page, which shows the delivery as it happens.
    const path = await storeOrderPath(getDb(), payment.id);
    if (path) return Response.redirect(`${origin}${path}`, 303);
  }
  if ((payment.source === 'api' || payment.source === 'topup') && payment.callbackUrl) {
    const back = new URL(payment.callbackUrl);
    back.searchParams.set('payment_id', payment.id);
    back.searchParams.set('order_id', payment.orderId);
    back.searchParams.set('status', payment.state);
    return Response.redirect(back.toString(), 303);
  }
  return Response.redirect(`${origin}/pay/receipt/${payment.id}`, 303);
}

export async function GET(req: Request, ctx: { params: Promise<{ gateway: string }> }) {
  return handle(req, (await ctx.params).gateway);
}

export async function POST(req: Request, ctx: { params: Promise<{ gateway: string }> }) {
  return handle(req, (await ctx.params).gateway);
}
