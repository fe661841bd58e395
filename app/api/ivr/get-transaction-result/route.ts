import { apiRoute, json } from '@/lib/api/http';
import { paystarResult } from '@/lib/api/ivr';
import { readCappedBody } from '@/lib/http/upload';

export const dynamic = 'force-dynamic';

/**
 * PayStar's get-transaction-result, for integrators coming from PayStar: `Authorization: Bearer
 * <API key>` in place of the gateway id, the tracking code in the query (PayStar documents a GET
 * with a JSON body, which many HTTP clients cannot send; a JSON body is read too).
 */
export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  let code = new URL(req.url).searchParams.get('tracking_code') ?? '';
  if (!code && req.body) {
    const read = await readCappedBody(req, 4096);
    try {
      const body = (read.ok ? JSON.parse(new TextDecoder().decode(read.bytes)) : {}) as { tracking_code?: unknown };
      if (typeof body.tracking_code === 'string' || typeof body.tracking_code === 'number') code = String(body.tracking_code);
    } catch {
      // Not JSON: no tracking code.
    }
  }
  return json(200, await paystarResult(db, actor!, code.slice(0, 40)));
});
