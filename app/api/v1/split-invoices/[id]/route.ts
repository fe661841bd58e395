import { apiRoute, json } from '@/lib/api/http';
import { getApiSplitInvoice } from '@/lib/api/split';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // An invoice id is a uuid: nothing to decode, and anything else is simply not found.
  const id = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiSplitInvoice(db, actor!, id));
});
