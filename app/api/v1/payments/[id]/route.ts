import { apiRoute, json } from '@/lib/api/http';
import { getApiPayment } from '@/lib/api/payments';
import { publicBaseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // A payment id is a uuid: nothing to decode, and a malformed escape is simply not found.
  const id = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiPayment(db, actor!, id, publicBaseUrl()));
});
