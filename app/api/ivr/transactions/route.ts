import { getDb } from '@/db';
import { ApiError, checkAuthThrottle, recordAuthFailure } from '@/lib/api/http';
import { clientIp } from '@/lib/auth/request';
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
  // Failed credentials are throttled per address, as on /api/v1 (and counted in the same bucket).
  const ip = clientIp(req.headers);
  const throttled = (e: ApiError) =>
    new Response(JSON.stringify({ error: 'too_many_requests', message: e.message }), {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...e.headers },
    });
  if (ip !== 'unknown') {
    try {
      checkAuthThrottle(ip);
    } catch (e) {
      if (e instanceof ApiError) return throttled(e);
      throw e;
    }
  }
  const parsed = await readIvrBody(req, ivrLookupSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const db = getDb();
    const a = await ivrLookup(db, bearerOf(req), parsed.data);
    if (!a.ok && a.unauthenticated && ip !== 'unknown') {
      const refused = await recordAuthFailure(db, ip, new ApiError(401, 'unauthenticated', 'Unknown IVR credential'));
      if (refused.status === 429) return throttled(refused);
    }
    if (!a.ok) return ivrJson(200, { error: a.code, message: LOOKUP_ERRORS[a.code] });
    return ivrJson(200, { transactionId: a.transactionId, merchantId: a.merchantId, price: a.price, sip: a.sip });
  } catch (e) {
    console.error('[ivr] look-up', e);
    return ivrJson(503, { error: 'unavailable', message: 'Try again' });
  }
}
