import { apiRoute, json } from '@/lib/api/http';
import { getApiRefund } from '@/lib/api/refunds';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // A refund id is a uuid: nothing to decode, and a malformed escape is simply not found.
  const id = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiRefund(db, actor!, id));
});
