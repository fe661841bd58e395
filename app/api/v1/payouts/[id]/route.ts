import { apiRoute, json } from '@/lib/api/http';
import { getApiPayout } from '@/lib/api/payouts';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // A payout id is a uuid: nothing to decode, and a malformed escape is simply not found.
  const id = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiPayout(db, actor!, id));
});
