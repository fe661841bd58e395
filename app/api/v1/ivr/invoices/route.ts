import { apiRoute, json, readJson } from '@/lib/api/http';
import { createApiIvrInvoice } from '@/lib/api/ivr';
import { createIvrInvoiceRequestSchema } from '@/lib/ivr/schemas';

export const dynamic = 'force-dynamic';

/** An invoice to pay by phone (PayStar's create-factor fields); answers its tracking code to read out. */
export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  const { data } = await readJson(req, createIvrInvoiceRequestSchema);
  const r = await createApiIvrInvoice(db, actor!, data);
  return json(r.status, r.body);
});
