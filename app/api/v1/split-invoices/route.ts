import { apiRoute, json, readJson } from '@/lib/api/http';
import { requireIdempotencyKey } from '@/lib/api/refusals';
import { createApiSplitInvoice, listApiSplitInvoices } from '@/lib/api/split';
import { createSplitInvoiceSchema, splitInvoiceFiltersSchema } from '@/lib/split/schemas';

export const dynamic = 'force-dynamic';

/** A split invoice of the calling marketplace (POD's issueMultiInvoice fields), with an Idempotency-Key. */
export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  requireIdempotencyKey(req, 'a retried invoice must not be issued twice');
  const { data } = await readJson(req, createSplitInvoiceSchema);
  const r = await createApiSplitInvoice(db, actor!, data);
  return json(r.status, r.body);
});

/** The marketplace's invoices, newest first: `state`, `billNumber`, `from`/`to` (Tehran days), `before`, `limit`. */
export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  const filters = splitInvoiceFiltersSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(200, await listApiSplitInvoices(db, actor!, filters));
});
