import { ApiError, apiRoute, json } from '@/lib/api/http';
import { listApiTopupProducts } from '@/lib/api/topups';
import { topupProductsQuerySchema } from '@/lib/topup/schemas';

export const dynamic = 'force-dynamic';

/** The products this platform may sell, for an operator or the operator a mobile's prefix names. */
export const GET = apiRoute({ auth: true }, async ({ req, db, actor }) => {
  const parsed = topupProductsQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0] ?? '_').slice(0, 40)] ??= i.code === 'unrecognized_keys' ? 'unknown field' : i.message;
    throw new ApiError(400, 'validation_failed', 'Some fields are not valid', fields);
  }
  return json(200, await listApiTopupProducts(db, actor!, parsed.data));
});
