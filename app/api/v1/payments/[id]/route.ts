import { apiRoute, json } from '@/lib/api/http';
import { getApiPayment } from '@/lib/api/payments';
import { baseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, caller }) => {
  const id = decodeURIComponent(new URL(req.url).pathname.split('/').pop() ?? '');
  return json(200, await getApiPayment(db, caller!, id, await baseUrl()));
});
