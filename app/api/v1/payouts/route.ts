import { apiRoute, json, readJson } from '@/lib/api/http';
import { assertPayoutAllowed, createApiPayout, listApiPayouts } from '@/lib/api/payouts';
import { createPayoutRequestSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  assertPayoutAllowed(actor!, req);
  const { data } = await readJson(req, createPayoutRequestSchema);
  return json(201, await createApiPayout(db, actor!, data));
});

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => json(200, await listApiPayouts(db, actor!, new URL(req.url).searchParams)));
