import { apiRoute, json, readJson } from '@/lib/api/http';
import { createApiPayment, listApiPayments } from '@/lib/api/payments';
import { createPaymentRequestSchema } from '@/lib/api/schemas';
import { baseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  const { data } = await readJson(req, createPaymentRequestSchema);
  return json(201, await createApiPayment(db, actor!, data, await baseUrl()));
});

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) =>
  json(200, await listApiPayments(db, actor!, new URL(req.url).searchParams, await baseUrl())),
);
