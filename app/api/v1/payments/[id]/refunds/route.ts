import { apiRoute, json, readJson } from '@/lib/api/http';
import { assertRefundAllowed, createApiRefund, listApiRefunds } from '@/lib/api/refunds';
import { createRefundRequestSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

// A payment id is a uuid: nothing to decode, and a malformed escape is simply not found.
const paymentIdOf = (req: Request) => new URL(req.url).pathname.split('/').at(-2) ?? '';

export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  assertRefundAllowed(req);
  const { data } = await readJson(req, createRefundRequestSchema);
  return json(201, await createApiRefund(db, actor!, paymentIdOf(req), data));
});

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => json(200, await listApiRefunds(db, actor!, paymentIdOf(req))));
