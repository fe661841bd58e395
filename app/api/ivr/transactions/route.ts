import { getDb } from '@/db';
import { ivrLookup, LOOKUP_ERRORS } from '@/lib/ivr';
import { bearerOf, ivrJson, readIvrBody } from '@/lib/ivr/edge';
import { ivrLookupSchema } from '@/lib/ivr/schemas';

export const dynamic = 'force-dynamic';

/**
 * The IVR's look-up, in the PayStar document's shape: `{transactionId, merchantId, price}` (plus
 * the SIP hand-off values), or `{error: 1..5, message}` for the IVR to play to the caller. Both
 * are HTTP 200: they are answers about the call, not about the request.
 */
export async function POST(req: Request): Promise<Response> {
  const parsed = await readIvrBody(req, ivrLookupSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const a = await ivrLookup(getDb(), bearerOf(req), parsed.data);
    if (!a.ok) return ivrJson(200, { error: a.code, message: LOOKUP_ERRORS[a.code] });
    return ivrJson(200, { transactionId: a.transactionId, merchantId: a.merchantId, price: a.price, sip: a.sip });
  } catch (e) {
    console.error('[ivr] look-up', e);
    return ivrJson(503, { error: 'unavailable', message: 'Try again' });
  }
}
