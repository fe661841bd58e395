import { apiRoute, json } from '@/lib/api/http';
import { getApiTopup } from '@/lib/api/topups';
import { publicBaseUrl } from '@/lib/http/base-url';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  // An order id is a uuid: nothing to decode, and a malformed escape is simply not found.
  const id = new URL(req.url).pathname.split('/').pop() ?? '';
  return json(200, await getApiTopup(db, actor!, id, publicBaseUrl()));
});
