import { apiRoute, authenticateThrottled, credentialOf, issueToken, json, keyFailure, rateLimit, readJson } from '@/lib/api/http';
import { tokenRequestSchema } from '@/lib/api/schemas';
import { verifyApiKey } from '@/lib/api-keys';
import { clientIp } from '@/lib/auth/request';

export const dynamic = 'force-dynamic';

/** getToken: an API key (in the body or the Authorization header) for a bearer token valid one hour. */
export const POST = apiRoute({ auth: false }, async ({ req, db }) => {
  const fromHeader = credentialOf(req);
  const key = fromHeader && !fromHeader.startsWith('dat_') ? fromHeader : (await readJson(req, tokenRequestSchema)).data.api_key;
  const check = await authenticateThrottled(db, req, async () => {
    const c = await verifyApiKey(db, key, clientIp(req.headers));
    if (!c.ok) throw keyFailure(c.error);
    return c;
  });
  await rateLimit(db, check.platformId);
  const { token, expiresIn } = issueToken(check.key.id);
  return json(
    200,
    { access_token: token, token_type: 'Bearer', expires_in: expiresIn },
    { 'x-dargah-platform': check.platformId, 'x-dargah-key-prefix': check.key.prefix },
  );
});
