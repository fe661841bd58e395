'use server';

import { getDb } from '@/db';
import type { ActionResult } from '@/lib/actions/result';
import { SANDBOX_TOKEN_RE, sandboxPay } from '@/lib/gateways/sandbox';
import { publicBaseUrl } from '@/lib/http/base-url';

/**
 * The payer's choice on the sandbox bank. The "answers twice" card makes the bank deliver its
 * callback server to server as well as sending the browser back, as some banks do.
 */
export async function sandboxPayAction(token: string, input: { card?: string; cancel?: boolean }): Promise<ActionResult<{ callbackUrl: string }>> {
  // The token's shape first: a NUL or other junk would otherwise reach PostgreSQL (22021, a 500).
  if (typeof token !== 'string' || !SANDBOX_TOKEN_RE.test(token) || typeof input !== 'object' || input === null) return { ok: false, error: 'notFound' };
  const r = await sandboxPay(getDb(), token, { card: typeof input.card === 'string' ? input.card : undefined, cancel: input.cancel === true });
  if (!r.ok) return { ok: false, error: r.error };
  // The bank calls only the portal's own callback (built from configuration, never from a request).
  if (r.twice && r.callbackUrl.startsWith(`${publicBaseUrl()}/pay/callback/`))
    await fetch(r.callbackUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) }).catch(() => {});
  return { ok: true, data: { callbackUrl: r.callbackUrl } };
}
