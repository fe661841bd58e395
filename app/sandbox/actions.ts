'use server';

import { action } from '@/lib/actions/action';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { publicBaseUrl } from '@/lib/http/base-url';
import { ok } from '@/lib/result';
import { sandboxPaySchema } from '@/lib/validation/payments';

/**
 * The payer's choice on the sandbox bank. The "answers twice" card makes the bank deliver its
 * callback server to server as well as sending the browser back, as some banks do.
 */
export const sandboxPayAction = action({ who: 'public', schema: sandboxPaySchema }, async (_, input, { db }) => {
  const r = await sandboxPay(db, input);
  if (!r.ok) return r;
  // The bank calls only the portal's own callback (built from configuration, never from a request).
  if (r.data.twice && r.data.callbackUrl.startsWith(`${publicBaseUrl()}/pay/callback/`))
    await fetch(r.data.callbackUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) }).catch(() => {});
  return ok({ callbackUrl: r.data.callbackUrl });
});
