import { apiRoute, json } from '@/lib/api/http';
import { cancelApiSplitInvoice } from '@/lib/api/split';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // …/split-invoices/{id}/cancel: the id is the segment before the last.
  const id = new URL(req.url).pathname.split('/').at(-2) ?? '';
  return json(200, await cancelApiSplitInvoice(db, actor!, id));
});
