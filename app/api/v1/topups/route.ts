import { apiRoute, json, readJson } from '@/lib/api/http';
import { requireIdempotencyKey } from '@/lib/api/refusals';
import { createApiTopup } from '@/lib/api/topups';
import { publicBaseUrl } from '@/lib/http/base-url';
import { createTopupRequestSchema } from '@/lib/topup/schemas';

export const dynamic = 'force-dynamic';

/** A top-up order; the buyer pays at payment_url, and delivery starts once the payment has succeeded. */
export const POST = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  requireIdempotencyKey(req, 'a retried top-up must not be sold twice');
  const { data } = await readJson(req, createTopupRequestSchema);
  return json(201, await createApiTopup(db, actor!, data, publicBaseUrl()));
});
