import { apiRoute, json, readJson } from '@/lib/api/http';
import { createApiPaymentLink } from '@/lib/api/payments';
import { createPaymentLinkRequestSchema } from '@/lib/api/schemas';
import { baseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  const { data } = await readJson(req, createPaymentLinkRequestSchema);
  return json(201, await createApiPaymentLink(db, actor!, data, await baseUrl()));
});
