import { getDb } from '@/db';
import { baseUrl } from '@/lib/http/base-url';
import { openApiPayment } from '@/lib/payments/payer';

/**
 * The payment URL an API payment (or an API or store top-up) hands to the payer: opens the gateway session and sends the
 * payer there (or to the receipt).
 */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return Response.redirect(await openApiPayment(getDb(), id, await baseUrl()), 303);
}
