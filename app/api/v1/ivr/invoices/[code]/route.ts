import { apiRoute, json } from '@/lib/api/http';
import { getApiIvrInvoice } from '@/lib/api/ivr';

export const dynamic = 'force-dynamic';

/** The result inquiry: an invoice by its tracking code or its id (state, amount, bank reference, masked card, paid time). */
export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // Tracking codes are digits and ids UUIDs: nothing to decode, and anything else is simply not found.
  const code = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiIvrInvoice(db, actor!, code));
});
